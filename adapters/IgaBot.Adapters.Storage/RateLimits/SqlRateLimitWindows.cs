using Dapper;
using IgaBot.Adapters.Storage;

namespace IgaBot.Adapters.RateLimits;

/// <summary>
/// Rate-limit windows in the application database (table <c>rate_limit_windows</c>, migration 0041): one row per
/// budget and aligned window, so every instance on the database counts into the same row. Each operation is one
/// atomic statement (an upsert with a guard), so concurrent instances never over-grant or audit twice.
/// </summary>
public sealed class SqlRateLimitWindows
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(5);
    private readonly StorageDatabase _database;
    private long _nextPruneTicks;

    public SqlRateLimitWindows(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    /// <summary>Takes one unit of the window's budget; false when <paramref name="limit"/> units were already taken.</summary>
    public async Task<bool> TryTakeAsync(string key, DateTimeOffset windowStart, int limit, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rate_limit_windows (partition_key, window_start, taken, refusal_noted)
            VALUES (@key, @windowStart, 1, 0)
            ON CONFLICT (partition_key, window_start) DO UPDATE SET taken = rate_limit_windows.taken + 1
            WHERE rate_limit_windows.taken < @limit
            RETURNING taken
            """;
        await using var connection = await _database.OpenAsync(ct);
        var taken = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(sql, new { key, windowStart, limit }, cancellationToken: ct));
        return taken is not null;
    }

    /// <summary>True for the first caller (of any instance) to note a refusal in this window: that one writes the audit row.</summary>
    public async Task<bool> TryNoteRefusalAsync(string key, DateTimeOffset windowStart, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO rate_limit_windows (partition_key, window_start, taken, refusal_noted)
            VALUES (@key, @windowStart, 0, 1)
            ON CONFLICT (partition_key, window_start) DO UPDATE SET refusal_noted = 1
            WHERE rate_limit_windows.refusal_noted = 0
            RETURNING refusal_noted
            """;
        await using var connection = await _database.OpenAsync(ct);
        var noted = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(sql, new { key, windowStart }, cancellationToken: ct));
        return noted is not null;
    }

    /// <summary>Deletes windows that ended before <paramref name="before"/>, at most every few minutes per instance.</summary>
    public async Task PruneAsync(DateTimeOffset now, DateTimeOffset before, CancellationToken ct)
    {
        var next = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextPruneTicks, (now + PruneEvery).UtcTicks, next) != next) return;
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM rate_limit_windows WHERE window_start < @before", new { before }, cancellationToken: ct));
    }
}
