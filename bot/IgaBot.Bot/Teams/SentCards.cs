using System.Globalization;
using System.Text.Json;
using Dapper;
using IgaBot.Adapters.Storage;

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
    public static string ReviewKey(Guid reviewId) => $"review:{reviewId}";
}

/// <summary>Sent cards by what they are about: in the database (<see cref="SqlSentCardStore"/>).</summary>
public interface ISentCardStore
{
    /// <summary>Records a sent card; a second card with the same key and recipient replaces the first.</summary>
    Task SaveAsync(SentCard card, CancellationToken ct);

    Task<IReadOnlyList<SentCard>> FindAsync(string key, CancellationToken ct);
}

/// <summary>Sent cards in the application database (table <c>teams_sent_cards</c>, migration 0020).</summary>
public sealed class SqlSentCardStore(StorageDatabase database) : ISentCardStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task SaveAsync(SentCard card, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO teams_sent_cards (card_key, recipient_email, activity_id, conversation, sent_at)
            VALUES (@Key, @Recipient, @ActivityId, @Conversation, @SentAt)
            ON CONFLICT (card_key, recipient_email) DO UPDATE SET
                activity_id = excluded.activity_id, conversation = excluded.conversation, sent_at = excluded.sent_at
            """;
        await using var connection = await database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            card.Key,
            Recipient = card.RecipientEmail.Trim().ToLowerInvariant(),
            card.ActivityId,
            Conversation = JsonSerializer.Serialize(card.Conversation, Json),
            // Fixed-width UTC text, as everywhere in the schema: text order is time order.
            SentAt = card.SentAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SentCard>> FindAsync(string key, CancellationToken ct)
    {
        const string sql = """
            SELECT card_key AS Key, recipient_email AS Recipient, activity_id AS ActivityId, conversation AS Conversation, sent_at AS SentAt
            FROM teams_sent_cards WHERE card_key = @key ORDER BY sent_at
            """;
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { key }, cancellationToken: ct));
        return [.. rows.Select(r => new SentCard
        {
            Key = r.Key,
            RecipientEmail = r.Recipient,
            ActivityId = r.ActivityId,
            Conversation = JsonSerializer.Deserialize<TeamsReference>(r.Conversation, Json)!,
            SentAt = DateTimeOffset.Parse(r.SentAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        })];
    }

    private sealed class Row
    {
        public string Key { get; set; } = "";
        public string Recipient { get; set; } = "";
        public string ActivityId { get; set; } = "";
        public string Conversation { get; set; } = "";
        public string SentAt { get; set; } = "";
    }
}
