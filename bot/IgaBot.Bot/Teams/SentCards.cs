using System.Collections.Concurrent;

namespace IgaBot.Bot.Teams;

/// <summary>A card the bot sent, remembered so it can be updated in place later (a decision, a resolved task).</summary>
public sealed record SentCard
{
    /// <summary>What the card is about: <c>approval:{requestId}:{stage}</c>, <c>task:{taskId}</c>.</summary>
    public required string Key { get; init; }
    public required string RecipientEmail { get; init; }
    public required string ActivityId { get; init; }
    public required TeamsReference Conversation { get; init; }
    public required DateTimeOffset SentAt { get; init; }

    public static string ApprovalKey(Guid requestId, int stage) => $"approval:{requestId}:{stage}";
    public static string TaskKey(Guid taskId) => $"task:{taskId}";
}

/// <summary>Sent cards by what they are about. In memory for now; production keeps them in the database.</summary>
public interface ISentCardStore
{
    /// <summary>Records a sent card; a second card with the same key and recipient replaces the first.</summary>
    Task SaveAsync(SentCard card, CancellationToken ct);

    Task<IReadOnlyList<SentCard>> FindAsync(string key, CancellationToken ct);
}

public sealed class InMemorySentCardStore : ISentCardStore
{
    private readonly ConcurrentDictionary<(string Key, string Recipient), SentCard> _cards = new();

    public Task SaveAsync(SentCard card, CancellationToken ct)
    {
        _cards[(card.Key, card.RecipientEmail.ToLowerInvariant())] = card;
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SentCard>> FindAsync(string key, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<SentCard>>(_cards.Values.Where(c => c.Key == key).OrderBy(c => c.SentAt).ToList());
}
