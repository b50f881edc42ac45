using Dapper;
using IgaBot.Core;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal sealed class SqlOutbox(SessionContext s) : IOutbox
{
    private const string Columns = """
        id, kind, payload, message_key AS key, status, attempts, created_at, next_attempt_at, last_error, completed_at, claimed_by
        """;

    public Task<OutboxMessage> EnqueueAsync(string kind, string payloadJson, string key) =>
        InsertAsync(kind, payloadJson, key, claimedBy: null, attempts: 0, due: s.Now);

    public Task<OutboxMessage> EnqueueClaimedAsync(string kind, string payloadJson, string key, string claimedBy, TimeSpan lease)
    {
        if (string.IsNullOrWhiteSpace(claimedBy)) throw new InvalidInputException("A claimed outbox message needs the claim's name.");
        if (lease <= TimeSpan.Zero) throw new InvalidInputException("An outbox claim needs a positive lease.");
        return InsertAsync(kind, payloadJson, key, claimedBy, attempts: 1, due: s.Now + lease);
    }

    private async Task<OutboxMessage> InsertAsync(string kind, string payloadJson, string key, string? claimedBy, int attempts, DateTimeOffset due)
    {
        if (string.IsNullOrWhiteSpace(kind)) throw new InvalidInputException("An outbox message needs a kind.");
        if (string.IsNullOrWhiteSpace(key)) throw new InvalidInputException("An outbox message needs an idempotency key.");
        ArgumentNullException.ThrowIfNull(payloadJson);
        const string sql = """
            INSERT INTO outbox_messages (id, kind, payload, message_key, status, attempts, created_at, next_attempt_at, claimed_by)
            VALUES (@id, @kind, @payloadJson, @key, 'Pending', @attempts, @now, @due, @claimedBy)
            ON CONFLICT (message_key) DO NOTHING
            """;
        await s.Connection.ExecuteAsync(s.Command(sql, new { id = Guid.NewGuid(), kind, payloadJson, key, attempts, now = s.Now, due, claimedBy }));
        const string byKey = $"""SELECT {Columns} FROM outbox_messages WHERE message_key = @key""";
        return await s.Connection.QuerySingleAsync<OutboxMessage>(s.Command(byKey, new { key }));
    }

    public async Task<IReadOnlyList<OutboxMessage>> ClaimDueAsync(int max, TimeSpan lease, string? claimedBy = null)
    {
        if (max <= 0) throw new InvalidInputException("Claim at least one outbox message.");
        if (lease <= TimeSpan.Zero) throw new InvalidInputException("An outbox claim needs a positive lease.");
        var now = s.Now;
        // The outer conditions repeat the inner ones: on PostgreSQL a concurrent claimer re-checks them after
        // waiting for the row lock, and skips a message that the first claimer already leased. There the pick is also
        // a materialized CTE that skips rows another claimer holds locked right now (instances claiming at once take
        // different messages instead of queueing behind one another); as a CTE it runs once, so LIMIT holds.
        const string sqlite = $"""
            UPDATE outbox_messages
            SET attempts = attempts + 1, next_attempt_at = @leaseUntil, claimed_by = @claimedBy
            WHERE status = 'Pending' AND next_attempt_at <= @now
              AND id IN (SELECT id FROM outbox_messages
                         WHERE status = 'Pending' AND next_attempt_at <= @now
                         ORDER BY next_attempt_at, created_at, id
                         LIMIT @max)
            RETURNING {Columns}
            """;
        const string postgres = $"""
            WITH picked AS MATERIALIZED (
                SELECT id FROM outbox_messages
                WHERE status = 'Pending' AND next_attempt_at <= @now
                ORDER BY next_attempt_at, created_at, id
                LIMIT @max
                FOR UPDATE SKIP LOCKED)
            UPDATE outbox_messages
            SET attempts = attempts + 1, next_attempt_at = @leaseUntil, claimed_by = @claimedBy
            WHERE status = 'Pending' AND next_attempt_at <= @now
              AND id IN (SELECT id FROM picked)
            RETURNING {Columns}
            """;
        var sql = s.Database.Provider == DatabaseProvider.Postgres ? postgres : sqlite;
        var claimed = await s.Connection.QueryAsync<OutboxMessage>(s.Command(sql, new { now, leaseUntil = now + lease, max, claimedBy }));
        return [.. claimed.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)];
    }

    public async Task<int> RenewAsync(IReadOnlyCollection<Guid> ids, string claimedBy, TimeSpan lease)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (string.IsNullOrWhiteSpace(claimedBy)) throw new InvalidInputException("Renew a claim by the name it was made with.");
        if (lease <= TimeSpan.Zero) throw new InvalidInputException("An outbox claim needs a positive lease.");
        if (ids.Count == 0) return 0;
        var sql = $"""
            UPDATE outbox_messages SET next_attempt_at = @leaseUntil
            WHERE {IdIn()} AND status = 'Pending' AND claimed_by = @claimedBy
            """;
        return await s.Connection.ExecuteAsync(s.Command(sql, new { ids = IdTexts(ids), claimedBy, leaseUntil = s.Now + lease }));
    }

    public async Task<int> ReleaseAsync(IReadOnlyCollection<Guid> ids, string claimedBy)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (string.IsNullOrWhiteSpace(claimedBy)) throw new InvalidInputException("Release a claim by the name it was made with.");
        if (ids.Count == 0) return 0;
        var sql = $"""
            UPDATE outbox_messages SET next_attempt_at = @now, attempts = attempts - 1, claimed_by = NULL
            WHERE {IdIn()} AND status = 'Pending' AND claimed_by = @claimedBy AND attempts > 0
            """;
        return await s.Connection.ExecuteAsync(s.Command(sql, new { ids = IdTexts(ids), claimedBy, now = s.Now }));
    }

    // Dapper expands "IN @ids" into one parameter per id, except on Npgsql, where it sends one array. Ids are text.
    private string IdIn() => s.Database.Provider == DatabaseProvider.Postgres ? "id = ANY(@ids)" : "id IN @ids";

    private static string[] IdTexts(IReadOnlyCollection<Guid> ids) => [.. ids.Select(id => id.ToString("D"))];

    public async Task CompleteAsync(Guid id)
    {
        const string sql = """
            UPDATE outbox_messages SET status = 'Done', completed_at = @now, last_error = NULL
            WHERE id = @id AND status = 'Pending'
            """;
        if (await s.Connection.ExecuteAsync(s.Command(sql, new { id, now = s.Now })) == 1) return;
        var message = await GetAsync(id) ?? throw new InvalidInputException($"Outbox message {id} does not exist.");
        if (message.Status == OutboxStatus.Dead)
            throw new ConflictException($"Outbox message {id} was given up (Dead) before it completed.");
        // Done already: completing twice is harmless.
    }

    public async Task<OutboxMessage> FailAsync(Guid id, string error, OutboxRetryPolicy? policy = null)
    {
        policy ??= OutboxRetryPolicy.Default;
        var message = await GetAsync(id) ?? throw new InvalidInputException($"Outbox message {id} does not exist.");
        if (message.Status != OutboxStatus.Pending)
            throw new ConflictException($"Outbox message {id} is {message.Status}, not Pending.");
        var dead = message.Attempts >= policy.MaxAttempts;
        var next = s.Now + policy.DelayAfter(message.Attempts);
        const string sql = """
            UPDATE outbox_messages SET status = @status, next_attempt_at = @next, last_error = @error, claimed_by = NULL
            WHERE id = @id AND status = 'Pending' AND attempts = @attempts
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            id,
            status = (dead ? OutboxStatus.Dead : OutboxStatus.Pending).ToString(),
            next,
            error,
            attempts = message.Attempts,
        }));
        if (rows != 1) throw new ConflictException($"Outbox message {id} was claimed again while its failure was being recorded.");
        return (await GetAsync(id))!;
    }

    public async Task<OutboxMessage?> GetAsync(Guid id)
    {
        const string sql = $"""SELECT {Columns} FROM outbox_messages WHERE id = @id""";
        return await s.Connection.QuerySingleOrDefaultAsync<OutboxMessage>(s.Command(sql, new { id }));
    }

    public async Task<IReadOnlyList<OutboxMessage>> ListDeadAsync()
    {
        const string sql = $"""SELECT {Columns} FROM outbox_messages WHERE status = 'Dead' ORDER BY created_at, id""";
        return (await s.Connection.QueryAsync<OutboxMessage>(s.Command(sql))).AsList();
    }
}
