using Dapper;
using IgaBot.Adapters.Storage;

namespace IgaBot.Adapters.Slack;

/// <summary>The Slack inbox in the application database (table <c>slack_inbox</c>, migrations 0010 and 0040).</summary>
public sealed class SqlSlackInbox : ISlackInbox
{
    private readonly StorageDatabase _database;

    public SqlSlackInbox(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    private const string Columns = """
        id, kind, payload, dedup_key, user_id, received_at, status, attempts, not_before, last_error, finished_at, claimed_by, claimed_until
        """;

    private const string LockName = "igabot.slack_inbox.claim";

    public async Task<bool> AddAsync(SlackInboxItem item, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO slack_inbox (id, kind, payload, dedup_key, user_id, received_at, status, attempts)
            VALUES (@Id, @Kind, @Payload, @DedupKey, @UserId, @ReceivedAt, 'Pending', 0)
            ON CONFLICT DO NOTHING
            """;
        await using var connection = await _database.OpenAsync(ct);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            item.Id, Kind = item.Kind.ToString(), item.Payload, item.DedupKey, item.UserId, item.ReceivedAt,
        }, cancellationToken: ct));
        return rows == 1;
    }

    public async Task<IReadOnlyList<SlackInboxItem>> PendingAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        const string sql = $"""
            SELECT {Columns} FROM slack_inbox
            WHERE status = 'Pending' AND (not_before IS NULL OR not_before <= @now)
            ORDER BY received_at, id
            LIMIT @max
            """;
        await using var connection = await _database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { now, max }, cancellationToken: ct));
        return [.. rows.Select(r => r.ToItem())];
    }

    public async Task<IReadOnlyList<SlackInboxItem>> ClaimAsync(string workerId, TimeSpan lease, DateTimeOffset now, int max, CancellationToken ct)
    {
        // The outer conditions repeat the inner ones so that PostgreSQL re-checks them on a row another claim
        // changed meanwhile; the lock (an advisory lock there, BEGIN IMMEDIATE in SQLite) serialises claims, so
        // "nobody holds an item of this person" is read after the previous claim was committed.
        const string sql = $"""
            UPDATE slack_inbox SET claimed_by = @workerId, claimed_until = @until
            WHERE status = 'Pending' AND (claimed_until IS NULL OR claimed_until <= @now)
              AND id IN (
                SELECT s.id FROM slack_inbox s
                WHERE s.status = 'Pending'
                  AND (s.not_before IS NULL OR s.not_before <= @now)
                  AND (s.claimed_until IS NULL OR s.claimed_until <= @now)
                  AND NOT EXISTS (
                    SELECT 1 FROM slack_inbox held
                    WHERE held.status = 'Pending' AND held.claimed_until > @now
                      AND COALESCE(held.user_id, '') = COALESCE(s.user_id, ''))
                ORDER BY s.received_at, s.id
                LIMIT @max)
            RETURNING {Columns}
            """;
        await using var connection = await _database.OpenAsync(ct);
        await using var tx = await _database.BeginAsync(connection, ct);
        await _database.LockAsync(tx, LockName, ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql,
            new { workerId, until = now + lease, now, max }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return [.. rows.Select(r => r.ToItem()).OrderBy(i => i.ReceivedAt).ThenBy(i => i.Id)];
    }

    public async Task RenewClaimsAsync(string workerId, DateTimeOffset until, CancellationToken ct)
    {
        const string sql = """
            UPDATE slack_inbox SET claimed_until = @until WHERE claimed_by = @workerId AND status = 'Pending'
            """;
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { workerId, until }, cancellationToken: ct));
    }

    public async Task ReleaseClaimsAsync(string workerId, CancellationToken ct)
    {
        const string sql = """
            UPDATE slack_inbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = @workerId AND status = 'Pending'
            """;
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { workerId }, cancellationToken: ct));
    }

    public async Task MarkDoneAsync(Guid id, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = """
            UPDATE slack_inbox SET status = 'Done', finished_at = @at, last_error = NULL, claimed_by = NULL, claimed_until = NULL
            WHERE id = @id AND status = 'Pending'
            """;
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new { id, at }, cancellationToken: ct));
    }

    public async Task MarkAttemptFailedAsync(Guid id, string error, DateTimeOffset at, DateTimeOffset? retryAt, CancellationToken ct)
    {
        const string sql = """
            UPDATE slack_inbox
            SET attempts = attempts + 1, last_error = @error, not_before = @retryAt,
                status = CASE WHEN @giveUp = 1 THEN 'Failed' ELSE 'Pending' END,
                finished_at = CASE WHEN @giveUp = 1 THEN @at ELSE NULL END,
                claimed_by = NULL, claimed_until = NULL
            WHERE id = @id AND status = 'Pending'
            """;
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql,
            new { id, error, at, retryAt, giveUp = retryAt is null ? 1 : 0 }, cancellationToken: ct));
    }

    public async Task<int> PurgeFinishedAsync(DateTimeOffset before, CancellationToken ct)
    {
        const string sql = """
            DELETE FROM slack_inbox WHERE status <> 'Pending' AND finished_at < @before
            """;
        await using var connection = await _database.OpenAsync(ct);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { before }, cancellationToken: ct));
    }

    // Dapper fills properties (and converts SQLite's 64-bit integers); names match with underscores.
    private sealed class Row
    {
        public Guid Id { get; set; }
        public string Kind { get; set; } = "";
        public string Payload { get; set; } = "";
        public string? DedupKey { get; set; }
        public string? UserId { get; set; }
        public DateTimeOffset ReceivedAt { get; set; }
        public string Status { get; set; } = "";
        public int Attempts { get; set; }
        public DateTimeOffset? NotBefore { get; set; }
        public string? LastError { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public string? ClaimedBy { get; set; }
        public DateTimeOffset? ClaimedUntil { get; set; }

        public SlackInboxItem ToItem() => new()
        {
            Id = Id,
            Kind = Enum.Parse<SlackInboxKind>(Kind),
            Payload = Payload,
            DedupKey = DedupKey,
            UserId = UserId,
            ReceivedAt = ReceivedAt,
            Status = Enum.Parse<SlackInboxStatus>(Status),
            Attempts = Attempts,
            NotBefore = NotBefore,
            LastError = LastError,
            FinishedAt = FinishedAt,
            ClaimedBy = ClaimedBy,
            ClaimedUntil = ClaimedUntil,
        };
    }
}

/// <summary>Where the bot's updatable Slack messages are (table <c>slack_sent_messages</c>, migration 0010).</summary>
public sealed class SqlSlackSentMessages : ISlackSentMessages
{
    private readonly StorageDatabase _database;

    public SqlSlackSentMessages(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    public async Task AddAsync(SlackSentMessage message, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO slack_sent_messages (subject, recipient_email, channel, ts, sent_at)
            VALUES (@Subject, @RecipientEmail, @Channel, @Ts, @SentAt)
            ON CONFLICT (subject, recipient_email) DO UPDATE SET channel = excluded.channel, ts = excluded.ts, sent_at = excluded.sent_at
            """;
        await using var connection = await _database.OpenAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(sql, new
        {
            message.Subject, RecipientEmail = message.RecipientEmail.ToLowerInvariant(), message.Channel, message.Ts, message.SentAt,
        }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SlackSentMessage>> FindAsync(string subject, CancellationToken ct)
    {
        const string sql = """
            SELECT subject, recipient_email, channel, ts, sent_at FROM slack_sent_messages WHERE subject = @subject ORDER BY sent_at
            """;
        await using var connection = await _database.OpenAsync(ct);
        var rows = await connection.QueryAsync<SentRow>(new CommandDefinition(sql, new { subject }, cancellationToken: ct));
        return [.. rows.Select(r => new SlackSentMessage(r.Subject, r.RecipientEmail, r.Channel, r.Ts, r.SentAt))];
    }

    private sealed class SentRow
    {
        public string Subject { get; set; } = "";
        public string RecipientEmail { get; set; } = "";
        public string Channel { get; set; } = "";
        public string Ts { get; set; } = "";
        public DateTimeOffset SentAt { get; set; }
    }
}
