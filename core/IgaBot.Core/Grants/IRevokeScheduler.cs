namespace IgaBot.Core.Grants;

/// <summary>
/// Fires the revoke of a grant at its expiry (Quartz in production). <c>grants.expires_at</c> stays the
/// truth: a lost or late trigger is caught by the sweeper, and the reconciler re-creates missing ones.
/// </summary>
public interface IRevokeScheduler
{
    /// <summary>Creates or moves the revoke trigger of <paramref name="grantId"/> to <paramref name="at"/>.</summary>
    Task ScheduleAsync(Guid grantId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Creates or moves many triggers at once (bulk imports, benchmarks).</summary>
    Task ScheduleManyAsync(IReadOnlyCollection<(Guid GrantId, DateTimeOffset At)> revokes, CancellationToken ct);

    /// <summary>Removes the trigger (the grant ended another way); nothing when there is none.</summary>
    Task UnscheduleAsync(Guid grantId, CancellationToken ct);

    /// <summary>When the grant's trigger fires next, or null when it has none.</summary>
    Task<DateTimeOffset?> NextFireAsync(Guid grantId, CancellationToken ct);
}

/// <summary>Keeps no triggers: for set-ups without a scheduler, where the sweeper alone revokes overdue grants.</summary>
public sealed class NoRevokeScheduler : IRevokeScheduler
{
    public Task ScheduleAsync(Guid grantId, DateTimeOffset at, CancellationToken ct) => Task.CompletedTask;
    public Task ScheduleManyAsync(IReadOnlyCollection<(Guid GrantId, DateTimeOffset At)> revokes, CancellationToken ct) => Task.CompletedTask;
    public Task UnscheduleAsync(Guid grantId, CancellationToken ct) => Task.CompletedTask;
    public Task<DateTimeOffset?> NextFireAsync(Guid grantId, CancellationToken ct) => Task.FromResult<DateTimeOffset?>(null);
}
