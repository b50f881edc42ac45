using Dapper;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal sealed class SqlAuditLog(SessionContext s, AuditKey? key) : IAuditLog
{
    internal const string HeadLock = "igabot.audit-head";
    private const int Page = 1000;

    private const string Columns = """
        sequence, at, actor, action, subject, detail, previous_hash, hash, keyed
        """;

    public async Task<AuditEvent> AppendAsync(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // The head is read and moved under one lock per database, so two writers never chain to the same row.
        await s.LockAsync(HeadLock);
        var head = await ReadHeadAsync();
        var e = AuditChain.Next(head, entry, s.Now, key);

        const string insert = $"""
            INSERT INTO audit_events ({Columns})
            VALUES (@Sequence, @At, @Actor, @Action, @Subject, @Detail, @PreviousHash, @Hash, @Keyed)
            """;
        await s.Connection.ExecuteAsync(s.Command(insert, e));

        const string moveHead = """
            INSERT INTO audit_head (id, sequence, hash) VALUES (1, @Sequence, @Hash)
            ON CONFLICT (id) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash
            """;
        await s.Connection.ExecuteAsync(s.Command(moveHead, new { e.Sequence, e.Hash }));
        return e;
    }

    public async Task<IReadOnlyList<AuditEvent>> ListAsync(string? subject = null, long fromSequence = 1, int limit = 1000)
    {
        if (limit <= 0) throw new InvalidInputException("The audit list limit must be positive.");
        const string all = $"""
            SELECT {Columns} FROM audit_events
            WHERE sequence >= @fromSequence
            ORDER BY sequence LIMIT @limit
            """;
        const string bySubject = $"""
            SELECT {Columns} FROM audit_events
            WHERE subject = @subject AND sequence >= @fromSequence
            ORDER BY sequence LIMIT @limit
            """;
        var rows = await s.Connection.QueryAsync<AuditEvent>(s.Command(subject is null ? all : bySubject, new { subject, fromSequence, limit }));
        return rows.AsList();
    }

    public async Task<AuditVerification> VerifyAsync(AuditHead? anchor = null)
    {
        const string page = $"""
            SELECT {Columns} FROM audit_events
            WHERE sequence > @after
            ORDER BY sequence LIMIT @page
            """;
        var verifier = new AuditChainVerifier(key, anchor);
        long after = long.MinValue;
        while (true)
        {
            var rows = (await s.Connection.QueryAsync<AuditEvent>(s.Command(page, new { after, page = Page }))).AsList();
            foreach (var row in rows)
            {
                if (verifier.Check(row) is { } broken) return broken;
            }
            if (rows.Count < Page) break;
            after = rows[^1].Sequence;
        }
        return verifier.Complete(await ReadHeadAsync());
    }

    public Task<AuditHead?> HeadAsync() => ReadHeadAsync();

    private async Task<AuditHead?> ReadHeadAsync()
    {
        const string sql = """SELECT sequence, hash FROM audit_head WHERE id = 1""";
        return await s.Connection.QuerySingleOrDefaultAsync<AuditHead>(s.Command(sql));
    }
}
