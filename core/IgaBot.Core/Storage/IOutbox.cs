namespace IgaBot.Core.Storage;

public enum OutboxStatus { Pending, Done, Dead }

/// <summary>A unit of work to do outside the database (a connector call), written with the change that needs it.</summary>
public sealed record OutboxMessage
{
    public required Guid Id { get; init; }
    public required string Kind { get; init; }
    public required string Payload { get; init; }
    /// <summary>Idempotency key: enqueueing the same key twice keeps the first message.</summary>
    public required string Key { get; init; }
    public required OutboxStatus Status { get; init; }
    public required int Attempts { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When the message is due (again): after a claim, the end of the claim's lease.</summary>
    public required DateTimeOffset NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>The name of the claim that holds the message (null when none has, or it was handed back).</summary>
    public string? ClaimedBy { get; init; }
}

/// <summary>How failed messages are retried: delay = base × 2^(attempts−1), capped; dead after <see cref="MaxAttempts"/>.</summary>
public sealed record OutboxRetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    public static OutboxRetryPolicy Default { get; } = new(8, TimeSpan.FromSeconds(10), TimeSpan.FromHours(1));

    public TimeSpan DelayAfter(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = Math.Min(BaseDelay.Ticks * Math.Pow(2, exponent), MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}

/// <summary>The transactional outbox: enqueue with the state change, claim and finish outside it.</summary>
public interface IOutbox
{
    /// <summary>Adds a Pending message due now; with a key already used, returns the existing message unchanged.</summary>
    Task<OutboxMessage> EnqueueAsync(string kind, string payloadJson, string key);

    /// <summary>
    /// Adds a message already claimed by <paramref name="claimedBy"/> (one attempt counted, due again when
    /// <paramref name="lease"/> runs out): the writer handles it right after its commit, and when it dies first another
    /// worker takes it once the lease ends. With a key already used, returns the existing message unchanged (check
    /// <see cref="OutboxMessage.ClaimedBy"/> before handling it).
    /// </summary>
    Task<OutboxMessage> EnqueueClaimedAsync(string kind, string payloadJson, string key, string claimedBy, TimeSpan lease);

    /// <summary>
    /// Claims up to <paramref name="max"/> Pending messages that are due: counts an attempt and pushes their due time
    /// <paramref name="lease"/> ahead, so another worker skips them and a crashed worker's message comes back later.
    /// <paramref name="claimedBy"/> names the claim, for <see cref="RenewAsync"/> and <see cref="ReleaseAsync"/>.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(int max, TimeSpan lease, string? claimedBy = null);

    /// <summary>
    /// Pushes the lease of the messages still held by <paramref name="claimedBy"/> (Pending, not failed or taken over
    /// since) to <paramref name="lease"/> from now; returns how many it renewed.
    /// </summary>
    Task<int> RenewAsync(IReadOnlyCollection<Guid> ids, string claimedBy, TimeSpan lease);

    /// <summary>
    /// Hands back the messages still held by <paramref name="claimedBy"/>: due now, the attempt not counted, so another
    /// instance takes them at once instead of waiting for the lease. Returns how many it handed back.
    /// </summary>
    Task<int> ReleaseAsync(IReadOnlyCollection<Guid> ids, string claimedBy);

    /// <summary>Marks a message done.</summary>
    Task CompleteAsync(Guid id);

    /// <summary>Records a failed attempt: due again after the backoff, or Dead once the attempts are used up.</summary>
    Task<OutboxMessage> FailAsync(Guid id, string error, OutboxRetryPolicy? policy = null);

    Task<OutboxMessage?> GetAsync(Guid id);

    /// <summary>Messages that gave up, for an admin to look at.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListDeadAsync();
}
