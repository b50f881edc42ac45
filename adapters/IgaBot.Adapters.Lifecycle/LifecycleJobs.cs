using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using Microsoft.Extensions.Logging;
using Quartz;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>The revoke of one grant at its expiry. Keyed by the grant id; recovers after a crash; a missed firing fires at once.</summary>
public sealed partial class RevokeGrantJob(GrantRevoker revoker, ILogger<RevokeGrantJob> logger) : IJob
{
    public const string Group = "grant-revoke";

    public static JobKey JobKeyFor(Guid grantId) => new(grantId.ToString("D"), Group);
    public static TriggerKey TriggerKeyFor(Guid grantId) => new(grantId.ToString("D"), Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        // The job's name is the grant id: no job data to store, and the key alone identifies the grant.
        var text = context.JobDetail.Key.Name;
        if (!Guid.TryParse(text, out var grantId))
        {
            LogBadKey(text);
            return;
        }
        var outcome = await revoker.RevokeIfDueAsync(grantId, cancellationToken);
        LogFired(grantId, outcome);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Revoke trigger of grant {GrantId} fired: {Outcome}")]
    private partial void LogFired(Guid grantId, RevokeStart outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Revoke job carries no grant id ({Text})")]
    private partial void LogBadKey(string? text);
}

/// <summary>
/// The periodic sweep: runs the approval timers (reminder, escalation, expiry, requests never started) and sends
/// expiry reminders, and closes the movers' reviews that are due (<see cref="MoverReviews.RunDueAsync"/>). One at a time. Overdue grants have their own, more frequent sweep (<see cref="OverdueGrantsJob"/>).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class LifecycleSweepJob(
    IApprovalWorkflow approvals,
    ExpiryReminders reminders,
    MoverReviews moverReviews,
    ILogger<LifecycleSweepJob> logger) : IJob
{
    public static readonly JobKey Key = new("sweep", "lifecycle");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var ct = cancellationToken;
        // Each part runs even when the other fails.
        await PartAsync("approval timers", () => approvals.ResumeAsync(ct));
        await PartAsync("expiry reminders", () => reminders.RunDueAsync(ct));
        await PartAsync("mover reviews due", () => moverReviews.RunDueAsync(ct));
    }

    private async Task PartAsync(string part, Func<Task<int>> run)
    {
        try
        {
            var n = await run();
            if (n > 0) LogPart(part, n);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPartFailed(ex, part);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweep: {Part} acted on {Count}")]
    private partial void LogPart(string part, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sweep part {Part} failed")]
    private partial void LogPartFailed(Exception ex, string part);
}

/// <summary>Revokes overdue grants whatever happened to their triggers (see <see cref="GrantRevoker.RevokeOverdueAsync"/>).</summary>
[DisallowConcurrentExecution]
public sealed partial class OverdueGrantsJob(GrantRevoker revoker, ILogger<OverdueGrantsJob> logger) : IJob
{
    public static readonly JobKey Key = new("overdue-grants", "lifecycle");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await revoker.RevokeOverdueAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Overdue grant sweep failed")]
    private partial void LogFailed(Exception ex);
}

/// <summary>Compares grants with triggers and target systems (see <see cref="GrantReconciler"/>).</summary>
[DisallowConcurrentExecution]
public sealed partial class ReconcileJob(GrantReconciler reconciler, ILogger<ReconcileJob> logger) : IJob
{
    public static readonly JobKey Key = new("reconcile", "lifecycle");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var report = await reconciler.RunAsync(cancellationToken);
            LogDone(report.TriggersRecreated, report.Drift.Count, report.Unreadable.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile: {Recreated} triggers re-created, {Drift} drift findings, {Unreadable} groups unreadable")]
    private partial void LogDone(int recreated, int drift, int unreadable);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reconcile failed")]
    private partial void LogFailed(Exception ex);
}
