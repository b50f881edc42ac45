using System.Collections.Concurrent;
using IgaBot.Bot.Teams;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>Conversation references in memory: a test's stand-in for the database (the channel itself requires it).</summary>
public sealed class InMemoryTeamsReferenceStore : ITeamsReferenceStore
{
    private readonly ConcurrentDictionary<(string Conversation, string User), TeamsReference> _references = new();

    public Task SaveAsync(TeamsReference reference, CancellationToken ct)
    {
        _references[(reference.ConversationId, reference.UserId ?? "")] = reference;
        return Task.CompletedTask;
    }

    public Task<TeamsReference?> FindPersonalAsync(string email, CancellationToken ct) =>
        Task.FromResult(Latest(email, r => r.IsPersonal));

    public Task<TeamsReference?> FindLatestForPersonAsync(string email, CancellationToken ct) =>
        Task.FromResult(Latest(email, r => r.UserId is not null));

    private TeamsReference? Latest(string email, Func<TeamsReference, bool> filter) =>
        _references.Values
            .Where(r => string.Equals(r.UserEmail, email, StringComparison.OrdinalIgnoreCase) && filter(r))
            .MaxBy(r => r.SeenAt);
}

/// <summary>Sent cards in memory: a test's stand-in for the database (the channel itself requires it).</summary>
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
