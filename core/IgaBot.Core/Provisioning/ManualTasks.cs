using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.Provisioning;

/// <summary>
/// Receives the manual connector's tasks: stores each once and sends the app owner a card with Done / Can't do.
/// </summary>
public sealed partial class ManualTaskInbox(IManualTaskStore tasks, INotifier notifier, ILogger<ManualTaskInbox> logger) : IManualTaskSink
{
    public async Task DeliverAsync(ManualTask task, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!await tasks.AddAsync(task, ct))
        {
            // A retried hand-over of the same change: the owner already has the card.
            return;
        }
        var view = ManualTaskDesk.ViewOf(new StoredManualTask { Task = task });
        bool sent;
        try
        {
            sent = await notifier.SendManualTaskAsync(view, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSendFailed(ex, task.Id);
            sent = false;
        }
        if (!sent) LogOwnerUnreachable(task.Id, task.Assignee);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Manual task {TaskId} is stored, but its owner {Owner} cannot be reached; it waits in `igabot` until answered")]
    private partial void LogOwnerUnreachable(Guid taskId, string owner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sending manual task {TaskId} failed")]
    private partial void LogSendFailed(Exception ex, Guid taskId);
}

/// <summary>
/// The app owner's answer to a manual task. Done on a grant task creates the grant (its time starts now)
/// and fulfils the request; Done on a revoke task ends the grant. Can't do fails the request, or marks the
/// grant RevokeFailed (the person keeps the access, which is said, never hidden). Only the task's assignee
/// may answer, once.
/// </summary>
public sealed partial class ManualTaskDesk(
    IManualTaskStore tasks,
    IIgaStore store,
    Provisioner provisioner,
    INotifier notifier,
    TimeProvider clock,
    ILogger<ManualTaskDesk> logger)
{
    public async Task<ManualTaskView> CompleteAsync(Guid taskId, string actorEmail, bool done, string? reason, CancellationToken ct)
    {
        var actor = (actorEmail ?? "").Trim();
        var stored = await tasks.GetAsync(taskId, ct) ?? throw new InvalidInputException($"There is no manual task {taskId}.");
        var task = stored.Task;
        if (!string.Equals(actor, task.Assignee, StringComparison.OrdinalIgnoreCase))
        {
            await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(actor.Length == 0 ? "unknown" : actor, "manual-task.refused",
                LifecycleSubjects.ManualTask(taskId), $"only {task.Assignee} may answer \"{task.Title}\"")), ct);
            throw new ForbiddenException($"Only {task.Assignee} can answer this task.");
        }
        if (!stored.IsOpen) return ViewOf(stored);

        var note = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var what = done ? "done" : $"cannot be done: {note ?? "no reason given"}";
        await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(actor, done ? "manual-task.done" : "manual-task.cannot",
            LifecycleSubjects.ManualTask(taskId), $"{task.Title}: {what}")), ct);

        // The domain change comes first and is guarded on its own: if we crash before the task row is
        // marked, the next click finds the request or grant already moved and only marks the row.
        if (task.Operation == ProvisioningOperation.Grant)
        {
            var requestId = stored.RequestId ?? await FindRequestAsync(task, ct);
            if (requestId is { } id)
            {
                if (done) await provisioner.FulfilAsync(id, task.Target.GrantId ?? Guid.NewGuid(), task.Target.Group, actor, null, ct);
                else await provisioner.GiveUpGrantAsync(id, actor, $"{task.Assignee} could not do it by hand: {note ?? "no reason given"}.", ct);
            }
            else
            {
                LogNoRequest(taskId);
            }
        }
        else if (task.Target.GrantId is { } grantId)
        {
            if (done) await provisioner.FinishRevokeAsync(grantId, actor, $"removed by hand by {actor}", null, ct);
            else await provisioner.GiveUpRevokeAsync(grantId, actor, $"{task.Assignee} could not remove it by hand: {note ?? "no reason given"}.", ct);
        }

        await tasks.ResolveAsync(taskId, done ? ManualTaskResolution.Done : ManualTaskResolution.Cannot, actor, note, clock.GetUtcNow(), ct);
        var resolved = await tasks.GetAsync(taskId, ct) ?? stored;
        var view = ViewOf(resolved);
        try
        {
            await notifier.SendManualTaskAsync(view, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogUpdateFailed(ex, taskId);
        }
        return view;
    }

    /// <summary>Tasks still waiting for their owners.</summary>
    public Task<IReadOnlyList<StoredManualTask>> ListOpenAsync(CancellationToken ct) => tasks.ListOpenAsync(ct);

    /// <summary>The request a grant task belongs to when the worker crashed before linking it: the beneficiary's open request for it.</summary>
    private async Task<Guid?> FindRequestAsync(ManualTask task, CancellationToken ct)
    {
        var open = await store.RunAsync(s => s.Requests.ListOpenForBeneficiaryAsync(task.Target.PersonEmail), ct);
        return open.FirstOrDefault(r => r.Status == RequestStatus.Provisioning
            && string.Equals(r.EntitlementId, task.Target.EntitlementId, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Scope ?? "", task.Target.Scope ?? "", StringComparison.OrdinalIgnoreCase))?.Id;
    }

    public static ManualTaskView ViewOf(StoredManualTask stored)
    {
        var task = stored.Task;
        return new ManualTaskView
        {
            TaskId = task.Id,
            OwnerEmail = task.Assignee,
            AppName = task.Target.AppName ?? task.Target.AppId ?? "",
            EntitlementName = task.Target.EntitlementName ?? task.Target.EntitlementId,
            Scope = task.Target.Scope,
            PersonEmail = task.Target.PersonEmail,
            PersonName = task.Target.PersonLabel,
            Operation = task.Operation == ProvisioningOperation.Grant ? "grant" : "revoke",
            Text = task.Title,
            Resolution = stored.Resolution switch
            {
                ManualTaskResolution.Done => $"done by {stored.ResolvedBy}",
                ManualTaskResolution.Cannot => $"cannot by {stored.ResolvedBy}{(stored.Note is null ? "" : $": {stored.Note}")}",
                _ => null,
            },
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Manual task {TaskId} was answered, but no request waiting for it was found")]
    private partial void LogNoRequest(Guid taskId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Updating the card of manual task {TaskId} failed")]
    private partial void LogUpdateFailed(Exception ex, Guid taskId);
}
