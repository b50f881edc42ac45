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
}

/// <summary>
/// The durable queue between acknowledging Slack and doing the work: an item is written before the
/// acknowledgement and marked done after it was handled, so a restart in between loses nothing.
/// A single worker per inbox takes items (one application instance, or one inbox per instance).
/// </summary>
public interface ISlackInbox
{
    /// <summary>Stores the item. Returns false (and stores nothing) when an item with the same <see cref="SlackInboxItem.DedupKey"/> exists.</summary>
    Task<bool> AddAsync(SlackInboxItem item, CancellationToken ct);

    /// <summary>Pending items due at <paramref name="now"/>, oldest first.</summary>
    Task<IReadOnlyList<SlackInboxItem>> PendingAsync(DateTimeOffset now, int max, CancellationToken ct);

    Task MarkDoneAsync(Guid id, DateTimeOffset at, CancellationToken ct);

    /// <summary>Counts a failed attempt; the item is tried again after <paramref name="retryAt"/>, or is failed for good when that is null.</summary>
    Task MarkAttemptFailedAsync(Guid id, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken ct);

    /// <summary>Forgets finished items older than <paramref name="before"/> (their event ids are no longer retried by Slack).</summary>
    Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct);
}

/// <summary>An inbox kept in memory: for tests and the playground. It does not survive a restart of the process.</summary>
public sealed class InMemorySlackInbox : ISlackInbox
{
    private readonly Lock _gate = new();
    private readonly List<SlackInboxItem> _items = [];

    public IReadOnlyList<SlackInboxItem> Items { get { lock (_gate) return [.. _items]; } }

    public Task<bool> AddAsync(SlackInboxItem item, CancellationToken ct)
    {
        lock (_gate)
        {
            if (item.DedupKey is not null && _items.Any(i => i.DedupKey == item.DedupKey)) return Task.FromResult(false);
            _items.Add(item);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<SlackInboxItem>> PendingAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        lock (_gate)
        {
            IReadOnlyList<SlackInboxItem> due = _items
                .Where(i => i.Status == SlackInboxStatus.Pending && (i.NotBefore is null || i.NotBefore <= now))
                .OrderBy(i => i.ReceivedAt)
                .Take(max)
                .ToList();
            return Task.FromResult(due);
        }
    }

    public Task MarkDoneAsync(Guid id, DateTimeOffset at, CancellationToken ct) =>
        Update(id, i => i with { Status = SlackInboxStatus.Done, FinishedAt = at });

    public Task MarkAttemptFailedAsync(Guid id, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken ct) =>
        Update(id, i => i with
        {
            Attempts = i.Attempts + 1,
            LastError = error,
            NotBefore = retryAt,
            Status = retryAt is null ? SlackInboxStatus.Failed : SlackInboxStatus.Pending,
            FinishedAt = retryAt is null ? at : null,
        });

    public Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_items.RemoveAll(i => i.Status != SlackInboxStatus.Pending && i.FinishedAt < before));
    }

    private Task Update(Guid id, Func<SlackInboxItem, SlackInboxItem> change)
    {
        lock (_gate)
        {
            var index = _items.FindIndex(i => i.Id == id);
            if (index >= 0) _items[index] = change(_items[index]);
        }
        return Task.CompletedTask;
    }
}
