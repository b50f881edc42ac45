using Dapper;
using IgaBot.Core.People;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal sealed class SqlDirectorySyncStore(SessionContext s) : IDirectorySyncStore
{
    public async Task<DirectorySyncState?> LockAndGetStateAsync()
    {
        await s.LockAsync(TenantSyncLock.Name);
        const string sql = """SELECT source, source_state AS SourceState, version, synced_at AS SyncedAt FROM directory_sync WHERE id = 1""";
        return await s.Connection.QuerySingleOrDefaultAsync<StateRow>(s.Command(sql)) is { } row
            ? new DirectorySyncState(row.Source, row.SourceState, row.Version, row.SyncedAt)
            : null;
    }

    public async Task<long> GetVersionAsync()
    {
        const string sql = """SELECT version FROM directory_sync WHERE id = 1""";
        return await s.Connection.QuerySingleOrDefaultAsync<long?>(s.Command(sql)) ?? 0;
    }

    public async Task<long> SaveStateAsync(string source, string? sourceState)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        const string sql = """
            INSERT INTO directory_sync (id, source, source_state, version, synced_at)
            VALUES (1, @source, @sourceState, 1, @now)
            ON CONFLICT (id) DO UPDATE SET
                source = excluded.source, source_state = excluded.source_state,
                version = directory_sync.version + 1, synced_at = excluded.synced_at
            """;
        await s.Connection.ExecuteAsync(s.Command(sql, new { source, sourceState, now = s.Now }));
        return await GetVersionAsync();
    }

    public async Task AddChangeSetAsync(Guid id, string source, string changesJson)
    {
        const string sql = """
            INSERT INTO directory_change_sets (id, source, changes_json, created_at, attempts)
            VALUES (@id, @source, @changesJson, @now, 0)
            """;
        await s.Connection.ExecuteAsync(s.Command(sql, new { id, source, changesJson, now = s.Now }));
    }

    public async Task<IReadOnlyList<StoredChangeSet>> ListUndeliveredAsync()
    {
        const string sql = """
            SELECT id, source, changes_json AS ChangesJson, created_at AS CreatedAt, attempts, delivered_at AS DeliveredAt, last_error AS LastError
            FROM directory_change_sets WHERE delivered_at IS NULL ORDER BY created_at, id
            """;
        var rows = await s.Connection.QueryAsync<ChangeSetRow>(s.Command(sql));
        return [.. rows.Select(r => new StoredChangeSet(r.Id, r.Source, r.ChangesJson, r.CreatedAt, r.Attempts, r.DeliveredAt, r.LastError))];
    }

    public async Task MarkDeliveredAsync(Guid id)
    {
        const string sql = """UPDATE directory_change_sets SET delivered_at = @now, attempts = attempts + 1 WHERE id = @id AND delivered_at IS NULL""";
        await s.Connection.ExecuteAsync(s.Command(sql, new { id, now = s.Now }));
    }

    public async Task MarkDeliveryFailedAsync(Guid id, string error)
    {
        var text = error.Length > 1000 ? error[..1000] : error;
        const string sql = """UPDATE directory_change_sets SET attempts = attempts + 1, last_error = @text WHERE id = @id AND delivered_at IS NULL""";
        await s.Connection.ExecuteAsync(s.Command(sql, new { id, text }));
    }

    public async Task AddExistingAccessAsync(ExistingAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        const string sql = """
            INSERT INTO existing_access (grant_id, person, entitlement_id, scope, connector, target_group, unmanaged, found_at, lost_at)
            VALUES (@GrantId, @Person, @EntitlementId, @Scope, @Connector, @Group, @Unmanaged, @FoundAt, @LostAt)
            """;
        await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            access.GrantId,
            Person = PersonKey.Of(access.Person),
            access.EntitlementId,
            access.Scope,
            access.Connector,
            access.Group,
            Unmanaged = access.Unmanaged ? 1 : 0,
            access.FoundAt,
            access.LostAt,
        }));
    }

    public async Task<IReadOnlyList<ExistingAccess>> ListHeldExistingAccessAsync()
    {
        const string sql = """
            SELECT grant_id AS GrantId, person, entitlement_id AS EntitlementId, scope, connector, target_group AS "Group",
                unmanaged, found_at AS FoundAt, lost_at AS LostAt
            FROM existing_access WHERE lost_at IS NULL ORDER BY found_at, grant_id
            """;
        var rows = await s.Connection.QueryAsync<ExistingRow>(s.Command(sql));
        return [.. rows.Select(r => new ExistingAccess(r.GrantId, r.Person, r.EntitlementId, r.Scope, r.Connector, r.Group, r.Unmanaged != 0, r.FoundAt, r.LostAt))];
    }

    public async Task MarkExistingAccessLostAsync(Guid grantId)
    {
        const string sql = """UPDATE existing_access SET lost_at = @now WHERE grant_id = @grantId AND lost_at IS NULL""";
        await s.Connection.ExecuteAsync(s.Command(sql, new { grantId, now = s.Now }));
    }

    public async Task<IReadOnlyList<KnownGrant>> ListKnownGrantsAsync()
    {
        const string sql = """
            SELECT id AS GrantId, person, entitlement_id AS EntitlementId, scope, status
            FROM grants WHERE status IN ('Active', 'Revoking', 'RevokeFailed')
            """;
        var rows = await s.Connection.QueryAsync<HeldRow>(s.Command(sql));
        return [.. rows.Select(r => new KnownGrant(r.GrantId, r.Person, r.EntitlementId, r.Scope, r.Status))];
    }

    public async Task<string?> ExplainingRequestStatusAsync(string person, string entitlementId, string? scope)
    {
        const string sql = """
            SELECT status FROM access_requests
            WHERE beneficiary = @person AND entitlement_id = @entitlementId AND COALESCE(scope, '') = @scope
              AND status IN ('Approved', 'Provisioning', 'Fulfilled')
            ORDER BY created_at DESC LIMIT 1
            """;
        return await s.Connection.QuerySingleOrDefaultAsync<string?>(s.Command(sql, new { person = PersonKey.Of(person), entitlementId, scope = scope ?? "" }));
    }

    private sealed class StateRow
    {
        public string Source { get; set; } = "";
        public string? SourceState { get; set; }
        public long Version { get; set; }
        public DateTimeOffset SyncedAt { get; set; }
    }

    private sealed class ChangeSetRow
    {
        public Guid Id { get; set; }
        public string Source { get; set; } = "";
        public string ChangesJson { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset? DeliveredAt { get; set; }
        public string? LastError { get; set; }
    }

    private sealed class ExistingRow
    {
        public Guid GrantId { get; set; }
        public string Person { get; set; } = "";
        public string EntitlementId { get; set; } = "";
        public string? Scope { get; set; }
        public string Connector { get; set; } = "";
        public string Group { get; set; } = "";
        public long Unmanaged { get; set; }
        public DateTimeOffset FoundAt { get; set; }
        public DateTimeOffset? LostAt { get; set; }
    }

    private sealed class HeldRow
    {
        public Guid GrantId { get; set; }
        public string Person { get; set; } = "";
        public string EntitlementId { get; set; } = "";
        public string? Scope { get; set; }
        public string Status { get; set; } = "";
    }
}
