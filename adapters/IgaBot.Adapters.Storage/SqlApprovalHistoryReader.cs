using System.Data;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using IgaBot.Core.Analytics;
using IgaBot.Core.Grants;
using IgaBot.Core.Requests;
using Microsoft.Data.Sqlite;

namespace IgaBot.Adapters.Storage;

/// <summary>
/// Reads a period's approval history for <see cref="ApprovalAnalytics"/>: the same SQL on SQLite and PostgreSQL, in
/// one read-only snapshot (a deferred transaction on SQLite, which never takes the write lock; REPEATABLE READ on
/// PostgreSQL), so the requests, their stages and deliveries agree with each other.
/// </summary>
public sealed class SqlApprovalHistoryReader(StorageDatabase database) : IApprovalHistoryReader
{
    // The request's app comes from the catalog as synced into the database; an entitlement that has left the catalog
    // keeps its row (removed_at), so old requests still find their app.
    private const string RequestsOfPeriod = """
        FROM access_requests r
        LEFT JOIN entitlements e ON e.id = r.entitlement_id
        LEFT JOIN apps a ON a.id = e.app_id
        WHERE r.created_at >= @from AND r.created_at < @to AND (@app IS NULL OR e.app_id = @app)
        """;

    private const string AppColumns = """
        COALESCE(e.app_id, '') AS app_id, COALESCE(a.name, e.app_id, '(not in the catalog)') AS app_name
        """;

    public async Task<ApprovalHistory> ReadAsync(AnalyticsPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        DapperTypeHandlers.Register();
        var args = new { from = period.From, to = period.To, app = period.AppId };
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await BeginSnapshotAsync(connection, ct);

        const string requests = $"""
            SELECT r.id, {AppColumns}, r.created_at, r.status
            {RequestsOfPeriod}
            ORDER BY r.created_at, r.id
            """;
        var requestRows = await connection.QueryAsync<RequestRow>(new CommandDefinition(requests, args, tx, cancellationToken: ct));

        const string stages = $"""
            SELECT st.request_id, st.ord, st.status, st.approvers, st.activated_at, st.decided_by, st.decided_at, st.escalated
            FROM approval_stages st
            JOIN (SELECT r.id {RequestsOfPeriod}) p ON p.id = st.request_id
            ORDER BY st.request_id, st.ord
            """;
        var stageRows = await connection.QueryAsync<StageRow>(new CommandDefinition(stages, args, tx, cancellationToken: ct));

        const string deliveries = $"""
            SELECT d.request_id, d.ord, d.approver, d.delivered_at, d.escalated
            FROM approval_deliveries d
            JOIN (SELECT r.id {RequestsOfPeriod}) p ON p.id = d.request_id
            ORDER BY d.request_id, d.ord, d.delivered_at, d.approver
            """;
        var deliveryRows = await connection.QueryAsync<DeliveryRow>(new CommandDefinition(deliveries, args, tx, cancellationToken: ct));

        const string grantEnds = $"""
            SELECT g.id AS grant_id, {AppColumns}, g.person, g.expires_at, g.status, g.ended_at
            FROM grants g
            LEFT JOIN entitlements e ON e.id = g.entitlement_id
            LEFT JOIN apps a ON a.id = e.app_id
            WHERE g.expires_at IS NOT NULL AND g.expires_at >= @from AND g.expires_at < @to AND (@app IS NULL OR e.app_id = @app)
            ORDER BY g.expires_at, g.id
            """;
        var grantRows = await connection.QueryAsync<GrantEndRow>(new CommandDefinition(grantEnds, args, tx, cancellationToken: ct));

        var stageFacts = stageRows.Select(r => r.ToFact()).ToList();
        var deliveryFacts = deliveryRows.Select(r => r.ToFact()).ToList();
        var emails = stageFacts.SelectMany(s => s.Approvers.Append(s.DecidedBy ?? ""))
            .Concat(deliveryFacts.Select(d => d.Approver))
            .Where(e => e.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in emails.Chunk(500))
        {
            // Named parameters, one per email: Dapper expands "IN @list" on SQLite but hands Npgsql an array.
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++) parameters.Add($"e{i}", chunk[i]);
            var people = $"SELECT email, name FROM people WHERE email IN ({string.Join(", ", chunk.Select((_, i) => $"@e{i}"))})";
            foreach (var (email, name) in await connection.QueryAsync<(string, string)>(new CommandDefinition(people, parameters, tx, cancellationToken: ct)))
                names[email] = name;
        }
        await tx.CommitAsync(ct);

        return new ApprovalHistory(
            [.. requestRows.Select(r => new RequestFact(r.Id, r.AppId, r.AppName, r.CreatedAt, r.Status))],
            stageFacts,
            deliveryFacts,
            [.. grantRows.Select(r => new GrantEndFact(r.GrantId, r.AppId, r.AppName, r.Person, r.ExpiresAt, r.Status, r.EndedAt))],
            names);
    }

    private async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken ct) =>
        database.Provider == DatabaseProvider.Sqlite
            ? ((SqliteConnection)connection).BeginTransaction(deferred: true)
            : await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);

    private sealed class RequestRow
    {
        public Guid Id { get; set; }
        public string AppId { get; set; } = "";
        public string AppName { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public RequestStatus Status { get; set; }
    }

    private sealed class StageRow
    {
        public Guid RequestId { get; set; }
        public int Ord { get; set; }
        public StageStatus Status { get; set; }
        public string Approvers { get; set; } = "[]";
        public DateTimeOffset? ActivatedAt { get; set; }
        public string? DecidedBy { get; set; }
        public DateTimeOffset? DecidedAt { get; set; }
        public long Escalated { get; set; }

        public StageFact ToFact() => new(RequestId, Ord, Status, JsonSerializer.Deserialize<string[]>(Approvers) ?? [], ActivatedAt, DecidedBy, DecidedAt, Escalated != 0);
    }

    private sealed class DeliveryRow
    {
        public Guid RequestId { get; set; }
        public int Ord { get; set; }
        public string Approver { get; set; } = "";
        public DateTimeOffset DeliveredAt { get; set; }
        public long Escalated { get; set; }

        public DeliveryFact ToFact() => new(RequestId, Ord, Approver, DeliveredAt, Escalated != 0);
    }

    private sealed class GrantEndRow
    {
        public Guid GrantId { get; set; }
        public string AppId { get; set; } = "";
        public string AppName { get; set; } = "";
        public string Person { get; set; } = "";
        public DateTimeOffset ExpiresAt { get; set; }
        public GrantStatus Status { get; set; }
        public DateTimeOffset? EndedAt { get; set; }
    }
}
