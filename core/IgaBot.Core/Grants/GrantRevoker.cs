using IgaBot.Core.Audit;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.Grants;

public enum RevokeStart
{
    /// <summary>The grant moved to Revoking and the removal is queued.</summary>
    Started,
    /// <summary>Someone (the sweeper, the trigger, a person) started it first; nothing more was done.</summary>
    AlreadyEnding,
    /// <summary>Not due: the grant was extended (or never expires).</summary>
    NotDue,
    /// <summary>The grant already ended.</summary>
    Ended,
}

/// <summary>
/// Starts revokes: Active → Revoking with the removal enqueued in the same transaction, guarded so that a
/// revoke starts exactly once however many triggers, sweeps and clicks race for it. The provisioning
/// worker then removes the access and moves the grant to Revoked (or RevokeFailed).
/// </summary>
public sealed partial class GrantRevoker(IIgaStore store, ProvisioningSignal signal, TimeProvider clock, ILogger<GrantRevoker> logger)
{
    /// <summary>How much earlier than <c>expires_at</c> a trigger may fire and still count (clock jitter).</summary>
    public static TimeSpan EarlyTolerance { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Rows moved per transaction by the sweeper.</summary>
    private const int SweepChunk = 200;

    /// <summary>
    /// Revokes the grant when it is due (what the per-grant trigger calls). Calls arriving together are
    /// committed together, one transaction per batch ("group commit"): when thousands of grants end in the same
    /// minute, the triggers do not queue up one by one for the database's single writer. Each call still
    /// returns only once its own change is committed, so a trigger never completes before its revoke is safe.
    /// </summary>
    public Task<RevokeStart> RevokeIfDueAsync(Guid grantId, CancellationToken ct)
    {
        var waiter = new TaskCompletionSource<RevokeStart>(TaskCreationOptions.RunContinuationsAsynchronously);
        _due.Enqueue((grantId, waiter));
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0) _ = Task.Run(DrainDueAsync, CancellationToken.None);
        return waiter.Task.WaitAsync(ct);
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<(Guid GrantId, TaskCompletionSource<RevokeStart> Waiter)> _due = new();
    private int _draining;

    private async Task DrainDueAsync()
    {
        while (true)
        {
            var batch = new List<(Guid GrantId, TaskCompletionSource<RevokeStart> Waiter)>();
            while (batch.Count < SweepChunk && _due.TryDequeue(out var item)) batch.Add(item);
            if (batch.Count > 0)
            {
                try
                {
                    var outcomes = await store.RunAsync(async s =>
                    {
                        var results = new List<RevokeStart>(batch.Count);
                        foreach (var (grantId, _) in batch) results.Add(await StartIfDueAsync(s, grantId));
                        return results;
                    }, CancellationToken.None);
                    for (var i = 0; i < batch.Count; i++) batch[i].Waiter.TrySetResult(outcomes[i]);
                    if (outcomes.Contains(RevokeStart.Started)) signal.Wake();
                }
                catch (Exception ex)
                {
                    foreach (var (_, waiter) in batch) waiter.TrySetException(ex);
                }
                continue;
            }
            Volatile.Write(ref _draining, 0);
            // A call that queued after the last look and saw the drainer still running must not be stranded.
            if (_due.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
        }
    }

    private static async Task<RevokeStart> StartIfDueAsync(IStoreSession s, Guid grantId)
    {
        var grant = await s.Grants.GetAsync(grantId);
        if (grant is null) return RevokeStart.Ended;
        if (grant.Status != GrantStatus.Active) return grant.Status == GrantStatus.Revoking ? RevokeStart.AlreadyEnding : RevokeStart.Ended;
        if (grant.ExpiresAt is not { } end || end - EarlyTolerance > s.Now) return RevokeStart.NotDue;
        return await StartAsync(s, grant, LifecycleSubjects.System, "expired") ? RevokeStart.Started : RevokeStart.AlreadyEnding;
    }

    /// <summary>
    /// Ends a grant now on a person's word (release by the holder, an admin's revoke). A RevokeFailed grant
    /// is retried when <paramref name="retryFailed"/> is set.
    /// </summary>
    public async Task<RevokeStart> RevokeNowAsync(Guid grantId, string actor, string reason, bool retryFailed, CancellationToken ct)
    {
        var outcome = await store.RunAsync(async s =>
        {
            var grant = await s.Grants.GetAsync(grantId) ?? throw new InvalidInputException($"There is no grant {grantId}.");
            switch (grant.Status)
            {
                case GrantStatus.Active:
                    return await StartAsync(s, grant, actor, reason) ? RevokeStart.Started : RevokeStart.AlreadyEnding;
                case GrantStatus.RevokeFailed when retryFailed:
                    await s.Grants.ChangeStatusAsync(grantId, GrantStatus.RevokeFailed, GrantStatus.Revoking,
                        new AuditEntry(actor, "grant.revoking", LifecycleSubjects.Grant(grantId), $"retry: {reason}"), actor, reason);
                    await ProvisioningOutbox.EnqueueRevokeAsync(s.Outbox, grantId, s.Now);
                    return RevokeStart.Started;
                case GrantStatus.Revoking:
                    return RevokeStart.AlreadyEnding;
                default:
                    return RevokeStart.Ended;
            }
        }, ct);
        if (outcome == RevokeStart.Started) signal.Wake();
        return outcome;
    }

    /// <summary>
    /// The sweeper: starts the revoke of every Active grant whose <c>expires_at</c> has passed, whatever
    /// happened to its trigger. Returns how many it started.
    /// </summary>
    public async Task<int> RevokeOverdueAsync(CancellationToken ct)
    {
        var overdue = await store.RunAsync(s => s.Grants.ListOverdueAsync(s.Now), ct);
        var started = 0;
        foreach (var chunk in overdue.Chunk(SweepChunk))
        {
            try
            {
                started += await store.RunAsync(async s =>
                {
                    var n = 0;
                    foreach (var listed in chunk)
                    {
                        // Re-read inside the transaction: a trigger may have started it since the listing.
                        var grant = await s.Grants.GetAsync(listed.Id);
                        if (grant is { Status: GrantStatus.Active, ExpiresAt: { } end } && end <= s.Now
                            && await StartAsync(s, grant, LifecycleSubjects.System, "expired")) n++;
                    }
                    return n;
                }, ct);
            }
            catch (ConflictException)
            {
                // A concurrent writer won one row of the chunk (PostgreSQL): take the rest one by one.
                foreach (var grant in chunk)
                {
                    if (await RevokeIfDueAsync(grant.Id, ct) == RevokeStart.Started) started++;
                }
            }
        }
        if (started > 0)
        {
            LogSwept(started, clock.GetUtcNow());
            signal.Wake();
        }
        return started;
    }

    /// <summary>
    /// Inside the caller's transaction: moves an Active grant to Revoking and enqueues its removal; false when someone
    /// else started it first. Wake the <see cref="ProvisioningSignal"/> after the commit.
    /// </summary>
    public static Task<bool> StartInAsync(IStoreSession s, Grant grant, string actor, string reason) => StartAsync(s, grant, actor, reason);

    private static async Task<bool> StartAsync(IStoreSession s, Grant grant, string actor, string reason)
    {
        try
        {
            await s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoking,
                new AuditEntry(actor, "grant.revoking", LifecycleSubjects.Grant(grant.Id), reason), actor, reason);
        }
        catch (ConflictException)
        {
            return false;
        }
        await ProvisioningOutbox.EnqueueRevokeAsync(s.Outbox, grant.Id, s.Now);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sweeper started the revoke of {Count} overdue grants at {Now}")]
    private partial void LogSwept(int count, DateTimeOffset now);
}
