using System.Text.Json;
using IgaBot.Core;
using IgaBot.Core.Storage;
using IgaBot.Core.People;

namespace IgaBot.Bot.Teams;

/// <summary>
/// Where the bot can reach a Teams conversation later (proactive messages), kept from every inbound
/// activity. Plain strings so a table can hold it; converted to a Bot Framework reference when used.
/// </summary>
public sealed record TeamsReference
{
    public required string ConversationId { get; init; }
    /// <summary><c>personal</c> (1:1 chat with the bot), <c>groupChat</c> or <c>channel</c>.</summary>
    public required string ConversationType { get; init; }
    public required string ServiceUrl { get; init; }
    public required string ChannelId { get; init; }
    public string? TenantId { get; init; }
    /// <summary>The bot's id in this conversation (<c>28:…</c>).</summary>
    public required string BotId { get; init; }
    public string? BotName { get; init; }
    /// <summary>The person's Teams user id (<c>29:…</c>), the id proactive messages and <c>refresh.userIds</c> need.</summary>
    public string? UserId { get; init; }
    public string? UserAadObjectId { get; init; }
    /// <summary>The person's directory email, when the bot knew who was talking.</summary>
    public string? UserEmail { get; init; }
    public required DateTimeOffset SeenAt { get; init; }

    public bool IsPersonal => string.Equals(ConversationType, "personal", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Conversation references for proactive messages: in the database (<see cref="StoredTeamsReferenceStore"/>).</summary>
public interface ITeamsReferenceStore
{
    /// <summary>Records (or refreshes) a reference; the newest one per conversation and person wins.</summary>
    Task SaveAsync(TeamsReference reference, CancellationToken ct);

    /// <summary>The bot's 1:1 chat with this person, if there is one.</summary>
    Task<TeamsReference?> FindPersonalAsync(string email, CancellationToken ct);

    /// <summary>The newest reference in which this person spoke (any conversation type): enough to open a 1:1 chat.</summary>
    Task<TeamsReference?> FindLatestForPersonAsync(string email, CancellationToken ct);
}

/// <summary>
/// Keeps, per person, their 1:1 chat with the bot and the newest place they spoke, as one JSON
/// document in the database's conversation references (channel <c>teams</c>). References of
/// people the directory does not know are not kept: nobody can address them by email anyway.
/// </summary>
public sealed class StoredTeamsReferenceStore(IIgaStore store) : ITeamsReferenceStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How often a save is redone on fresh data when other instances keep saving the same person's document.</summary>
    private const int SaveAttempts = 5;

    public async Task SaveAsync(TeamsReference reference, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reference.UserEmail)) return;
        var email = reference.UserEmail;
        // Read, change, save if nobody saved in between (versioned): two instances receiving this person's activities
        // at once (their 1:1 chat on one, a channel message on the other) both keep their part.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await store.RunAsync(async session =>
                {
                    var stored = await session.ConversationReferences.GetAsync(email, ChannelNames.Teams);
                    var known = Read(stored);
                    var updated = new Document(reference.IsPersonal ? reference : known?.Personal, reference);
                    await session.ConversationReferences.SaveAsync(email, ChannelNames.Teams, JsonSerializer.Serialize(updated, Json), stored?.Version ?? 0);
                }, ct);
                return;
            }
            catch (ConflictException) when (attempt < SaveAttempts)
            {
                // Someone saved first: read their document and apply this reference to it.
            }
        }
    }

    public async Task<TeamsReference?> FindPersonalAsync(string email, CancellationToken ct) =>
        (await LoadAsync(email, ct))?.Personal;

    public async Task<TeamsReference?> FindLatestForPersonAsync(string email, CancellationToken ct) =>
        (await LoadAsync(email, ct))?.Latest;

    private Task<Document?> LoadAsync(string email, CancellationToken ct) =>
        store.RunAsync(async session => Read(await session.ConversationReferences.GetAsync(email, ChannelNames.Teams)), ct);

    private static Document? Read(ConversationReference? stored)
    {
        if (stored is null) return null;
        try { return JsonSerializer.Deserialize<Document>(stored.Json, Json); }
        catch (JsonException) { return null; } // written by an older build: the next activity rewrites it
    }

    private sealed record Document(TeamsReference? Personal, TeamsReference? Latest);
}

internal static class TeamsReferenceStoreExtensions
{
    /// <summary>The Teams user ids of these people that the bot has seen (for <c>refresh.userIds</c>).</summary>
    public static async Task<IReadOnlyList<string>> TeamsIdsOfAsync(this ITeamsReferenceStore store, IEnumerable<string> emails, CancellationToken ct)
    {
        var ids = new List<string>();
        foreach (var email in emails)
        {
            if (await store.FindLatestForPersonAsync(email, ct) is { UserId: { } id }) ids.Add(id);
        }
        return ids;
    }
}
