namespace IgaBot.Adapters.Slack;

public enum SlackInboxKind { Event, Command, Interaction }

public enum SlackInboxStatus { Pending, Done, Failed }

/// <summary>
/// One acknowledged Slack delivery, kept until it has been handled. <see cref="Payload"/> is the JSON
/// Slack sent (an event callback, an interaction payload, or the slash command's form fields as a JSON object).
/// </summary>
public sealed record SlackInboxItem
{
    public required Guid Id { get; init; }
    public required SlackInboxKind Kind { get; init; }
    public required string Payload { get; init; }
    /// <summary>Slack's <c>event_id</c> for events (retries carry the same one); null for commands and interactions.</summary>
    public string? DedupKey { get; init; }
    /// <summary>The Slack user the item is about: one person's items are handled in order.</summary>
    public string? UserId { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public SlackInboxStatus Status { get; init; } = SlackInboxStatus.Pending;
    public int Attempts { get; init; }
    /// <summary>Not to be tried before (back-off after a failed attempt).</summary>
    public DateTimeOffset? NotBefore { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>The worker working on the item, and until when its claim holds (renewed while it works).</summary>
    public string? ClaimedBy { get; init; }
    public DateTimeOffset? ClaimedUntil { get; init; }
}

/// <summary>
/// The durable queue between acknowledging Slack and doing the work: an item is written before the
/// acknowledgement and marked done after it was handled, so a restart in between loses nothing.
/// Workers (one per application instance, sharing the database) claim items before working on them:
/// an item is worked on by one worker at a time, a person's later items wait while an earlier one is
/// claimed, and the item of a worker that died is taken again once its claim has run out.
/// </summary>
public interface ISlackInbox
{
    /// <summary>Stores the item. Returns false (and stores nothing) when an item with the same <see cref="SlackInboxItem.DedupKey"/> exists.</summary>
    Task<bool> AddAsync(SlackInboxItem item, CancellationToken ct);

    /// <summary>Pending items due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<SlackInboxItem>> PendingAsync(DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>
    /// Claims, in one step, up to <paramref name="max"/> due pending items, oldest first, that nobody holds
    /// (never claimed, released, or their claim ran out at <paramref name="now"/>), leaving out the items of
    /// people who have an item claimed still; returns them claimed by <paramref name="workerId"/> until now + <paramref name="lease"/>.
    /// </summary>
    Task<IReadOnlyList<SlackInboxItem>> ClaimAsync(string workerId, TimeSpan lease, DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>Extends the claims <paramref name="workerId"/> holds on pending items to <paramref name="until"/>.</summary>
    Task RenewClaimsAsync(string workerId, DateTimeOffset until, CancellationToken ct);

    /// <summary>Gives up the claims <paramref name="workerId"/> holds on pending items (a worker stopping), so another takes them at once.</summary>
    Task ReleaseClaimsAsync(string workerId, CancellationToken ct);

    /// <summary>Marks the item done and ends its claim.</summary>
    Task MarkDoneAsync(Guid id, DateTimeOffset at, CancellationToken ct);

    /// <summary>Counts a failed attempt and ends the claim; the item is tried again after <paramref name="retryAt"/>, or is failed for good when that is null.</summary>
    Task MarkAttemptFailedAsync(Guid id, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken ct);

    /// <summary>Forgets finished items older than <paramref name="before"/> (their event ids are no longer retried by Slack).</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct);
}
