using IgaBot.Core.Approvals;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.Grants;

/// <summary>Remembers which expiry reminders went out, per grant, end time and lead, so each goes out once.</summary>
public interface IExpiryReminderLedger
{
    /// <summary>
    /// Records that the reminder <paramref name="lead"/> before <paramref name="expiresAt"/> of the grant is being
    /// sent; false when it was recorded before. An extension moves the end, so its reminders count afresh.
    /// </summary>
    Task<bool> TryRecordAsync(Guid grantId, DateTimeOffset expiresAt, TimeSpan lead, DateTimeOffset at, CancellationToken ct);
}

/// <summary>Tells holders their access is about to end, with Extend and Release now.</summary>
public sealed partial class ExpiryReminders(
    IIgaStore store,
    ITenantAccessor tenants,
    INotifier notifier,
    IExpiryReminderLedger ledger,
    IOptions<GrantOptions> options,
    ILogger<ExpiryReminders> logger)
{
    private readonly IReadOnlyList<TimeSpan> _leads = options.Value.EffectiveReminders;

    /// <summary>Sends the reminders due now; returns how many went out.</summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        if (_leads.Count == 0) return 0;
        var (now, expiring) = await store.RunAsync(async s => (s.Now, await s.Grants.ListExpiringAsync(s.Now, s.Now + _leads.Max())), ct);
        var tenant = tenants.Current;
        var sent = 0;
        foreach (var grant in expiring)
        {
            if (ExpiryReminderPlan.Due(grant, _leads, now) is not { } lead || grant.ExpiresAt is not { } end) continue;
            if (!await ledger.TryRecordAsync(grant.Id, end, lead, now, ct)) continue;
            var left = end - now;
            var delivered = false;
            try
            {
                delivered = await notifier.NotifyAsync(LifecycleNotice.ToHolder(tenant.Catalog, grant, LifecycleKind.Expiring, end, name =>
                    $"Your access to {name}{(grant.Scope is null ? "" : $" ({grant.Scope})")} ends in {Roughly(left)} " +
                    $"({end:yyyy-MM-dd HH:mm} UTC). Extend it, or release it now if you are done."), ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, grant.Id);
            }
            if (delivered) sent++;
            else LogUndelivered(grant.Id, grant.Person);
        }
        return sent;
    }

    /// <summary>"1 hour", "59 minutes", "1 day": the time left, rounded to the minute.</summary>
    internal static string Roughly(TimeSpan left)
    {
        var minutes = Math.Max(1, (long)Math.Round(left.TotalMinutes));
        return Durations.Describe(TimeSpan.FromMinutes(minutes));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry reminder for grant {GrantId} could not reach {Person}")]
    private partial void LogUndelivered(Guid grantId, string person);

    [LoggerMessage(Level = LogLevel.Error, Message = "Expiry reminder for grant {GrantId} failed")]
    private partial void LogFailed(Exception ex, Guid grantId);
}
