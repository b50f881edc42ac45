using Dapper;
using IgaBot.Adapters.Storage;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Remembers the signatures of the Slack requests already accepted until their timestamp leaves the signature window, so
/// a request replayed with the same bytes and headers (a valid signature, still fresh) is processed once. Slack's own
/// retries of an event are new requests (new timestamp, new signature) and are recognised by <c>event_id</c> instead.
/// </summary>
public interface ISlackReplayGuard
{
    /// <summary>
    /// Records <paramref name="signature"/> until <paramref name="expiresAt"/>; true the first time, false for a replay.
    /// Forgets the signatures that expired before <paramref name="now"/>.
    /// </summary>
    Task<bool> FirstSeenAsync(string signature, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct);
}

/// <summary>The signatures in the application database (table <c>slack_seen_signatures</c>, migration 0047): shared by every instance, kept across restarts.</summary>
public sealed class SqlSlackReplayGuard : ISlackReplayGuard
{
    private readonly StorageDatabase _database;

    public SqlSlackReplayGuard(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    public async Task<bool> FirstSeenAsync(string signature, DateTimeOffset expiresAt, DateTimeOffset now, CancellationToken ct)
    {
        const string prune = """DELETE FROM slack_seen_signatures WHERE expires_at < @now""";
        const string insert = """
            INSERT INTO slack_seen_signatures (signature, expires_at) VALUES (@signature, @expiresAt)
            ON CONFLICT (signature) DO NOTHING
            """;
        await using var connection = await _database.OpenAsync(ct);
        await using var tx = await _database.BeginAsync(connection, ct);
        await connection.ExecuteAsync(new CommandDefinition(prune, new { now }, tx, cancellationToken: ct));
        var added = await connection.ExecuteAsync(new CommandDefinition(insert, new { signature, expiresAt }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return added == 1;
    }
}
