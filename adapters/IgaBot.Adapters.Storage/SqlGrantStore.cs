using System.Text.Json;
using Dapper;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal sealed class SqlGrantStore(SessionContext s, IAuditLog audit) : IGrantStore
{
    private const string Columns = """
        id, person, entitlement_id, scope, granted_at, expires_at, status, request_id, connector_ref,
        ended_at, ended_by, end_reason
        """;

    public async Task CreateAsync(Grant grant, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(grant.Person) || string.IsNullOrWhiteSpace(grant.EntitlementId))
            throw new InvalidInputException("A grant needs a person and an entitlement.");
        if (grant.ExpiresAt is { } expires && expires <= grant.GrantedAt)
            throw new InvalidInputException("A grant cannot expire before it is granted.");
        const string sql = $"""
            INSERT INTO grants ({Columns})
            VALUES (@Id, @Person, @EntitlementId, @Scope, @GrantedAt, @ExpiresAt, @Status, @RequestId, @ConnectorRef,
                @EndedAt, @EndedBy, @EndReason)
            """;
        await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            grant.Id,
            Person = PersonKey.Of(grant.Person),
            grant.EntitlementId,
            grant.Scope,
            grant.GrantedAt,
            grant.ExpiresAt,
            Status = grant.Status.ToString(),
            grant.RequestId,
            grant.ConnectorRef,
            grant.EndedAt,
            EndedBy = PersonKey.OfNullable(grant.EndedBy),
            grant.EndReason,
        }));
        await audit.AppendAsync(entry);
    }

    public async Task<Grant?> GetAsync(Guid id)
    {
        const string sql = $"""SELECT {Columns} FROM grants WHERE id = @id""";
        return await s.Connection.QuerySingleOrDefaultAsync<Grant>(s.Command(sql, new { id }));
    }

    public async Task<IReadOnlyList<Grant>> ListActiveForPersonAsync(string person)
    {
        const string sql = $"""
            SELECT {Columns} FROM grants WHERE person = @person AND status = 'Active'
            ORDER BY granted_at, id
            """;
        return (await s.Connection.QueryAsync<Grant>(s.Command(sql, new { person = PersonKey.Of(person) }))).AsList();
    }

    private const string ActiveForPeoplePostgres = $"""
        SELECT {Columns} FROM grants WHERE person = ANY(@people) AND status = 'Active'
        ORDER BY granted_at, id
        """;

    private const string ActiveForPeopleSqlite = $"""
        SELECT {Columns} FROM grants WHERE person IN (SELECT value FROM json_each(@people)) AND status = 'Active'
        ORDER BY granted_at, id
        """;

    public async Task<IReadOnlyList<Grant>> ListActiveForPeopleAsync(IReadOnlyCollection<string> people)
    {
        if (people.Count == 0) return [];
        // One parameter whatever the number of people (one SQL text, no list expansion): an array on PostgreSQL,
        // a JSON array read by json_each on SQLite.
        var keys = people.Select(PersonKey.Of).Distinct().ToList();
        var postgres = s.Database.Provider == DatabaseProvider.Postgres;
        var sql = postgres ? ActiveForPeoplePostgres : ActiveForPeopleSqlite;
        object args = postgres ? new { people = keys } : new { people = JsonSerializer.Serialize(keys) };
        return (await s.Connection.QueryAsync<Grant>(s.Command(sql, args))).AsList();
    }

    public async Task<IReadOnlyList<Grant>> ListForPersonAsync(string person)
    {
        const string sql = $"""
            SELECT {Columns} FROM grants WHERE person = @person
            ORDER BY granted_at DESC, id
            """;
        return (await s.Connection.QueryAsync<Grant>(s.Command(sql, new { person = PersonKey.Of(person) }))).AsList();
    }

    public async Task<IReadOnlyList<Grant>> ListActiveAsync()
    {
        const string sql = $"""SELECT {Columns} FROM grants WHERE status = 'Active' ORDER BY person, granted_at, id""";
        return (await s.Connection.QueryAsync<Grant>(s.Command(sql))).AsList();
    }

    public async Task<IReadOnlyList<Grant>> ListExpiringAsync(DateTimeOffset after, DateTimeOffset until)
    {
        const string sql = $"""
            SELECT {Columns} FROM grants
            WHERE status = 'Active' AND expires_at IS NOT NULL AND expires_at > @after AND expires_at <= @until
            ORDER BY expires_at, id
            """;
        return (await s.Connection.QueryAsync<Grant>(s.Command(sql, new { after, until }))).AsList();
    }

    public async Task<IReadOnlyList<Grant>> ListOverdueAsync(DateTimeOffset now)
    {
        const string sql = $"""
            SELECT {Columns} FROM grants
            WHERE status = 'Active' AND expires_at IS NOT NULL AND expires_at <= @now
            ORDER BY expires_at, id
            """;
        return (await s.Connection.QueryAsync<Grant>(s.Command(sql, new { now }))).AsList();
    }

    public async Task<Grant> ChangeStatusAsync(Guid id, GrantStatus expected, GrantStatus next, AuditEntry entry, string? endedBy = null, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var allowed = (expected, next) is (GrantStatus.Active, GrantStatus.Revoking)
            or (GrantStatus.Revoking, GrantStatus.Revoked)
            or (GrantStatus.Revoking, GrantStatus.RevokeFailed)
            or (GrantStatus.RevokeFailed, GrantStatus.Revoking);
        if (!allowed) throw new InvalidInputException($"A grant cannot move from {expected} to {next}.");
        // The audit chain's lock before the row's: every audited change takes its locks in that one order, so two
        // instances whose transactions change several grants each (a revoke batch, the sweeper) wait for each other
        // on PostgreSQL instead of deadlocking (row lock, then chain lock, against chain lock, then row lock).
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE grants
            SET status = @next,
                ended_by = COALESCE(@endedBy, ended_by),
                end_reason = COALESCE(@reason, end_reason),
                ended_at = CASE WHEN @revoked = 1 THEN @now ELSE ended_at END
            WHERE id = @id AND status = @expected
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            id,
            expected = expected.ToString(),
            next = next.ToString(),
            endedBy = PersonKey.OfNullable(endedBy),
            reason,
            revoked = next == GrantStatus.Revoked ? 1 : 0,
            now = s.Now,
        }));
        return await AfterChangeAsync(rows, id, expected, entry);
    }

    public async Task<Grant> ExtendAsync(Guid id, DateTimeOffset? expiresAt, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (expiresAt is { } e && e <= s.Now)
            throw new InvalidInputException("A grant cannot be extended to a time that has passed.");
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE grants SET expires_at = @expiresAt
            WHERE id = @id AND status = 'Active'
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new { id, expiresAt }));
        return await AfterChangeAsync(rows, id, GrantStatus.Active, entry);
    }

    public async Task<Grant?> ImportInitialAsync(string person, AccessAssignment access, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(person) || string.IsNullOrWhiteSpace(access.EntitlementId))
            throw new InvalidInputException("An initial access entry needs a person and an entitlement.");
        var now = s.Now;
        var grantId = Guid.NewGuid();
        // The marker outlives the grant: once imported, a revoke is never undone by the next start.
        const string mark = """
            INSERT INTO initial_access_imports (person, entitlement_id, scope, grant_id, imported_at)
            VALUES (@person, @entitlementId, @scope, @grantId, @now)
            ON CONFLICT DO NOTHING
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(mark, new
        {
            person = PersonKey.Of(person),
            entitlementId = access.EntitlementId,
            scope = access.Scope ?? "",
            grantId,
            now,
        }));
        if (rows == 0) return null;
        var grant = new Grant
        {
            Id = grantId,
            Person = PersonKey.Of(person),
            EntitlementId = access.EntitlementId,
            Scope = access.Scope,
            GrantedAt = now,
            ExpiresAt = null,
            Status = GrantStatus.Active,
        };
        // The row is about the grant it creates, which only has its id here.
        await CreateAsync(grant, entry with { Subject = LifecycleSubjects.Grant(grantId) });
        return grant;
    }

    private async Task<Grant> AfterChangeAsync(int rows, Guid id, GrantStatus expected, AuditEntry entry)
    {
        var grant = await GetAsync(id) ?? throw new InvalidInputException($"Grant {id} does not exist.");
        if (rows != 1)
            throw new ConflictException($"Grant {id} is {grant.Status}, not {expected}: it was changed by someone else first.");
        await audit.AppendAsync(entry);
        return grant;
    }
}
