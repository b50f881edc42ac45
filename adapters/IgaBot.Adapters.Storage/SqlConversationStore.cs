using Dapper;
using IgaBot.Core;
using IgaBot.Core.People;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal sealed class SqlConversationStore(SessionContext s) : IConversationStore
{
    public async Task<ConversationState?> GetAsync(string conversationId)
    {
        const string sql = """
            SELECT conversation_id, state AS json, version, updated_at
            FROM conversation_states WHERE conversation_id = @conversationId
            """;
        var row = await s.Connection.QuerySingleOrDefaultAsync<Row>(s.Command(sql, new { conversationId }));
        return row is null ? null : new ConversationState(row.ConversationId, row.Json, row.Version, row.UpdatedAt);
    }

    public async Task<long> SaveAsync(string conversationId, string json, long expectedVersion)
    {
        if (string.IsNullOrWhiteSpace(conversationId)) throw new InvalidInputException("A conversation id is required.");
        ArgumentNullException.ThrowIfNull(json);
        if (expectedVersion < 0) throw new InvalidInputException("A conversation state version cannot be negative.");
        int rows;
        if (expectedVersion == 0)
        {
            const string insert = """
                INSERT INTO conversation_states (conversation_id, state, version, updated_at)
                VALUES (@conversationId, @json, 1, @now)
                ON CONFLICT (conversation_id) DO NOTHING
                """;
            rows = await s.Connection.ExecuteAsync(s.Command(insert, new { conversationId, json, now = s.Now }));
        }
        else
        {
            const string update = """
                UPDATE conversation_states SET state = @json, version = version + 1, updated_at = @now
                WHERE conversation_id = @conversationId AND version = @expectedVersion
                """;
            rows = await s.Connection.ExecuteAsync(s.Command(update, new { conversationId, json, expectedVersion, now = s.Now }));
        }
        if (rows != 1)
        {
            var current = await GetAsync(conversationId);
            throw new ConflictException(current is null
                ? $"Conversation {conversationId} has no saved state to update (expected version {expectedVersion})."
                : $"Conversation {conversationId} is at version {current.Version}, not {expectedVersion}: another turn saved it first.");
        }
        return expectedVersion + 1;
    }

    public async Task<bool> DeleteAsync(string conversationId)
    {
        const string sql = """DELETE FROM conversation_states WHERE conversation_id = @conversationId""";
        return await s.Connection.ExecuteAsync(s.Command(sql, new { conversationId })) > 0;
    }

    private sealed class Row
    {
        public string ConversationId { get; set; } = "";
        public string Json { get; set; } = "";
        public long Version { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
    }
}

internal sealed class SqlConversationReferenceStore(SessionContext s) : IConversationReferenceStore
{
    private const string Columns = """person, channel, reference AS json, updated_at, version""";

    public async Task UpsertAsync(string person, string channel, string json)
    {
        Check(person, channel, json);
        const string sql = """
            INSERT INTO conversation_references (person, channel, reference, updated_at, version)
            VALUES (@person, @channel, @json, @now, 1)
            ON CONFLICT (person, channel) DO UPDATE
            SET reference = excluded.reference, updated_at = excluded.updated_at, version = conversation_references.version + 1
            """;
        await s.Connection.ExecuteAsync(s.Command(sql, new { person = PersonKey.Of(person), channel, json, now = s.Now }));
    }

    public async Task<long> SaveAsync(string person, string channel, string json, long expectedVersion)
    {
        Check(person, channel, json);
        if (expectedVersion < 0) throw new InvalidInputException("A reference's version is 0 (not stored yet) or more.");
        const string insert = """
            INSERT INTO conversation_references (person, channel, reference, updated_at, version)
            VALUES (@person, @channel, @json, @now, 1)
            ON CONFLICT (person, channel) DO NOTHING
            """;
        const string update = """
            UPDATE conversation_references SET reference = @json, updated_at = @now, version = version + 1
            WHERE person = @person AND channel = @channel AND version = @expectedVersion
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(expectedVersion == 0 ? insert : update,
            new { person = PersonKey.Of(person), channel, json, now = s.Now, expectedVersion }));
        if (rows != 1)
            throw new ConflictException($"The {channel} reference of {person} is no longer at version {expectedVersion}: it was saved by someone else first.");
        return expectedVersion + 1;
    }

    private static void Check(string person, string channel, string json)
    {
        if (string.IsNullOrWhiteSpace(person)) throw new InvalidInputException("A conversation reference needs a person.");
        if (!ChannelNames.All.Contains(channel))
            throw new InvalidInputException($"Unknown channel '{channel}': use one of {string.Join(", ", ChannelNames.All)}.");
        ArgumentNullException.ThrowIfNull(json);
    }

    public async Task<ConversationReference?> GetAsync(string person, string channel)
    {
        const string sql = $"""SELECT {Columns} FROM conversation_references WHERE person = @person AND channel = @channel""";
        var row = await s.Connection.QuerySingleOrDefaultAsync<Row>(s.Command(sql, new { person = PersonKey.Of(person), channel }));
        return row?.ToReference();
    }

    public async Task<IReadOnlyList<ConversationReference>> ListForPersonAsync(string person)
    {
        const string sql = $"""SELECT {Columns} FROM conversation_references WHERE person = @person ORDER BY updated_at DESC, channel""";
        var rows = await s.Connection.QueryAsync<Row>(s.Command(sql, new { person = PersonKey.Of(person) }));
        return [.. rows.Select(r => r.ToReference())];
    }

    private sealed class Row
    {
        public string Person { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Json { get; set; } = "";
        public DateTimeOffset UpdatedAt { get; set; }
        public long Version { get; set; }

        public ConversationReference ToReference() => new(Person, Channel, Json, UpdatedAt, Version);
    }
}
