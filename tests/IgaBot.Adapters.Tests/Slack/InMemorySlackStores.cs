using System.Collections.Concurrent;
using IgaBot.Adapters.Slack;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>An inbox kept in memory: a test's stand-in for the database table (the channel itself requires the database).</summary>
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

    public Task<IReadOnlyList<SlackInboxItem>> ClaimAsync(string workerId, TimeSpan lease, DateTimeOffset now, int max, CancellationToken ct)
    {
        lock (_gate)
        {
            static bool Held(SlackInboxItem i, DateTimeOffset now) => i.Status == SlackInboxStatus.Pending && i.ClaimedUntil > now;
            var busy = _items.Where(i => Held(i, now)).Select(i => i.UserId ?? "").ToHashSet(StringComparer.Ordinal);
            var claimable = _items
                .Where(i => i.Status == SlackInboxStatus.Pending && (i.NotBefore is null || i.NotBefore <= now) && !Held(i, now) && !busy.Contains(i.UserId ?? ""))
                .OrderBy(i => i.ReceivedAt).ThenBy(i => i.Id)
                .Take(max)
                .Select(i => i.Id)
                .ToList();
            var claimed = new List<SlackInboxItem>(claimable.Count);
            foreach (var id in claimable)
            {
                var index = _items.FindIndex(i => i.Id == id);
                _items[index] = _items[index] with { ClaimedBy = workerId, ClaimedUntil = now + lease };
                claimed.Add(_items[index]);
            }
            return Task.FromResult<IReadOnlyList<SlackInboxItem>>(claimed);
        }
    }

    public Task RenewClaimsAsync(string workerId, DateTimeOffset until, CancellationToken ct) =>
        UpdateWhere(i => i.ClaimedBy == workerId && i.Status == SlackInboxStatus.Pending, i => i with { ClaimedUntil = until });

    public Task ReleaseClaimsAsync(string workerId, CancellationToken ct) =>
        UpdateWhere(i => i.ClaimedBy == workerId && i.Status == SlackInboxStatus.Pending, i => i with { ClaimedBy = null, ClaimedUntil = null });

    public Task MarkDoneAsync(Guid id, DateTimeOffset at, CancellationToken ct) =>
        Update(id, i => i with { Status = SlackInboxStatus.Done, FinishedAt = at, ClaimedBy = null, ClaimedUntil = null });

    public Task MarkAttemptFailedAsync(Guid id, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken ct) =>
        Update(id, i => i with
        {
            Attempts = i.Attempts + 1,
            LastError = error,
            NotBefore = retryAt,
            Status = retryAt is null ? SlackInboxStatus.Failed : SlackInboxStatus.Pending,
            FinishedAt = retryAt is null ? at : null,
            ClaimedBy = null,
            ClaimedUntil = null,
        });

    public Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        lock (_gate)
            return Task.FromResult(_items.RemoveAll(i => i.Status != SlackInboxStatus.Pending && i.FinishedAt < before));
    }

    private Task Update(Guid id, Func<SlackInboxItem, SlackInboxItem> change) =>
        UpdateWhere(i => i.Id == id && i.Status == SlackInboxStatus.Pending, change);

    private Task UpdateWhere(Func<SlackInboxItem, bool> match, Func<SlackInboxItem, SlackInboxItem> change)
    {
        lock (_gate)
        {
            for (var index = 0; index < _items.Count; index++)
                if (match(_items[index])) _items[index] = change(_items[index]);
        }
        return Task.CompletedTask;
    }
}

/// <summary>The sent messages in memory (the channel itself keeps them in the database).</summary>
public sealed class InMemorySlackSentMessages : ISlackSentMessages
{
    private readonly Lock _gate = new();
    private readonly List<SlackSentMessage> _messages = [];

    public Task AddAsync(SlackSentMessage message, CancellationToken ct)
    {
        lock (_gate)
        {
            _messages.RemoveAll(m => m.Subject == message.Subject && string.Equals(m.RecipientEmail, message.RecipientEmail, StringComparison.OrdinalIgnoreCase));
            _messages.Add(message);
        }
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SlackSentMessage>> FindAsync(string subject, CancellationToken ct)
    {
        lock (_gate) return Task.FromResult<IReadOnlyList<SlackSentMessage>>(_messages.Where(m => m.Subject == subject).ToList());
    }
}

/// <summary>The seen signatures in memory: one instance only (the channel itself keeps them in the database).</summary>
public sealed class InMemorySlackReplayGuard : ISlackReplayGuard
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    public Task<bool> FirstSeenAsync(string signature, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var (old, until) in _seen)
        {
            if (until < now) _seen.TryRemove(old, out _);
        }
        return Task.FromResult(_seen.TryAdd(signature, expiresAt));
    }
}
