using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal static class TenantSyncLock
{
    // Two replicas starting together must not both count the same person as new.
    public const string Name = "igabot.tenant-sync";
}

internal sealed class SqlPeopleStore(SessionContext s) : IPeopleStore
{
    private const string Columns = """email, name, title, department, manager, teams_id, slack_id, removed_at""";

    public async Task<SyncResult> SyncAsync(PeopleDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        await s.LockAsync(TenantSyncLock.Name);
        const string all = $"""SELECT {Columns} FROM people""";
        var existing = (await s.Connection.QueryAsync<Row>(s.Command(all))).ToDictionary(r => r.Email, StringComparer.Ordinal);
        var now = s.Now;
        int added = 0, updated = 0, removed = 0;

        const string upsert = """
            INSERT INTO people (email, name, title, department, manager, teams_id, slack_id, synced_at, removed_at)
            VALUES (@Email, @Name, @Title, @Department, @Manager, @TeamsId, @SlackId, @now, NULL)
            ON CONFLICT (email) DO UPDATE SET
                name = excluded.name, title = excluded.title, department = excluded.department,
                manager = excluded.manager, teams_id = excluded.teams_id, slack_id = excluded.slack_id,
                synced_at = excluded.synced_at, removed_at = NULL
            """;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var person in directory.People.OrderBy(p => PersonKey.Of(p.Email), StringComparer.Ordinal))
        {
            var row = Row.From(person);
            if (!present.Add(row.Email)) continue;
            existing.TryGetValue(row.Email, out var old);
            if (old is not null && old.SameAs(row)) continue;
            await s.Connection.ExecuteAsync(s.Command(upsert, new
            {
                row.Email, row.Name, row.Title, row.Department, row.Manager, row.TeamsId, row.SlackId, now,
            }));
            if (old is null) added++; else updated++;
        }

        const string remove = """UPDATE people SET removed_at = @now WHERE email = @email AND removed_at IS NULL""";
        foreach (var gone in existing.Values.Where(r => r.RemovedAt is null && !present.Contains(r.Email)).OrderBy(r => r.Email, StringComparer.Ordinal))
        {
            removed += await s.Connection.ExecuteAsync(s.Command(remove, new { email = gone.Email, now }));
        }
        return new SyncResult(added, updated, removed);
    }

    public async Task<StoredPerson?> GetAsync(string email)
    {
        const string sql = $"""SELECT {Columns} FROM people WHERE email = @email""";
        var row = await s.Connection.QuerySingleOrDefaultAsync<Row>(s.Command(sql, new { email = PersonKey.Of(email) }));
        return row is null ? null : new StoredPerson(row.ToPerson(), row.RemovedAt);
    }

    public async Task<IReadOnlyList<StoredPerson>> ListAsync()
    {
        const string sql = $"""SELECT {Columns} FROM people WHERE removed_at IS NULL ORDER BY email""";
        var rows = await s.Connection.QueryAsync<Row>(s.Command(sql));
        return [.. rows.Select(r => new StoredPerson(r.ToPerson(), r.RemovedAt))];
    }

    private sealed class Row
    {
        public string Email { get; set; } = "";
        public string Name { get; set; } = "";
        public string Title { get; set; } = "";
        public string Department { get; set; } = "";
        public string? Manager { get; set; }
        public string? TeamsId { get; set; }
        public string? SlackId { get; set; }
        public DateTimeOffset? RemovedAt { get; set; }

        public static Row From(Person p) => new()
        {
            Email = PersonKey.Of(p.Email),
            Name = p.Name,
            Title = p.Title,
            Department = p.Department,
            Manager = PersonKey.OfNullable(p.Manager),
            TeamsId = p.TeamsId,
            SlackId = p.SlackId,
        };

        public bool SameAs(Row other) => RemovedAt is null && Name == other.Name && Title == other.Title
            && Department == other.Department && Manager == other.Manager && TeamsId == other.TeamsId && SlackId == other.SlackId;

        public Person ToPerson() => new()
        {
            Email = Email, Name = Name, Title = Title, Department = Department, Manager = Manager, TeamsId = TeamsId, SlackId = SlackId,
        };
    }
}

internal sealed class SqlCatalogStore(SessionContext s) : ICatalogStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<SyncResult> SyncAsync(AccessCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        await s.LockAsync(TenantSyncLock.Name);
        var now = s.Now;
        int added = 0, updated = 0, removed = 0;

        const string allApps = """SELECT id, name, description, owner, connector, removed_at FROM apps""";
        var apps = (await s.Connection.QueryAsync<AppRow>(s.Command(allApps))).ToDictionary(a => a.Id, StringComparer.Ordinal);
        const string upsertApp = """
            INSERT INTO apps (id, name, description, owner, connector, synced_at, removed_at)
            VALUES (@Id, @Name, @Description, @Owner, @Connector, @now, NULL)
            ON CONFLICT (id) DO UPDATE SET
                name = excluded.name, description = excluded.description, owner = excluded.owner,
                connector = excluded.connector, synced_at = excluded.synced_at, removed_at = NULL
            """;
        foreach (var app in catalog.Apps.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var row = new AppRow { Id = app.Id, Name = app.Name, Description = app.Description, Owner = PersonKey.Of(app.Owner), Connector = app.Connector };
            apps.TryGetValue(app.Id, out var old);
            if (old is not null && old.SameAs(row)) continue;
            await s.Connection.ExecuteAsync(s.Command(upsertApp, new { row.Id, row.Name, row.Description, row.Owner, row.Connector, now }));
            if (old is null) added++; else updated++;
        }

        const string allEntitlements = """SELECT id, app_id, name, risk, definition, removed_at FROM entitlements""";
        var entitlements = (await s.Connection.QueryAsync<EntitlementRow>(s.Command(allEntitlements))).ToDictionary(e => e.Id, StringComparer.Ordinal);
        const string upsertEntitlement = """
            INSERT INTO entitlements (id, app_id, name, risk, definition, synced_at, removed_at)
            VALUES (@Id, @AppId, @Name, @Risk, @Definition, @now, NULL)
            ON CONFLICT (id) DO UPDATE SET
                app_id = excluded.app_id, name = excluded.name, risk = excluded.risk,
                definition = excluded.definition, synced_at = excluded.synced_at, removed_at = NULL
            """;
        foreach (var e in catalog.Entitlements.OrderBy(e => e.Id, StringComparer.Ordinal))
        {
            var row = new EntitlementRow { Id = e.Id, AppId = e.AppId, Name = e.Name, Risk = e.Risk.ToString(), Definition = Definition(e) };
            entitlements.TryGetValue(e.Id, out var old);
            if (old is not null && old.SameAs(row)) continue;
            await s.Connection.ExecuteAsync(s.Command(upsertEntitlement, new { row.Id, row.AppId, row.Name, row.Risk, row.Definition, now }));
            if (old is null) added++; else updated++;
        }

        var appIds = catalog.Apps.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var entitlementIds = catalog.Entitlements.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        const string removeEntitlement = """UPDATE entitlements SET removed_at = @now WHERE id = @id AND removed_at IS NULL""";
        foreach (var gone in entitlements.Values.Where(r => r.RemovedAt is null && !entitlementIds.Contains(r.Id)))
            removed += await s.Connection.ExecuteAsync(s.Command(removeEntitlement, new { id = gone.Id, now }));
        const string removeApp = """UPDATE apps SET removed_at = @now WHERE id = @id AND removed_at IS NULL""";
        foreach (var gone in apps.Values.Where(r => r.RemovedAt is null && !appIds.Contains(r.Id)))
            removed += await s.Connection.ExecuteAsync(s.Command(removeApp, new { id = gone.Id, now }));
        return new SyncResult(added, updated, removed);
    }

    public async Task<IReadOnlyList<StoredApp>> ListAppsAsync()
    {
        const string sql = """SELECT id, name, owner, connector, removed_at FROM apps WHERE removed_at IS NULL ORDER BY id""";
        var rows = await s.Connection.QueryAsync<AppRow>(s.Command(sql));
        return [.. rows.Select(r => new StoredApp(r.Id, r.Name, r.Owner, r.Connector, r.RemovedAt))];
    }

    public async Task<IReadOnlyList<StoredEntitlement>> ListEntitlementsAsync()
    {
        const string sql = """SELECT id, app_id, name, risk, definition, removed_at FROM entitlements WHERE removed_at IS NULL ORDER BY id""";
        var rows = await s.Connection.QueryAsync<EntitlementRow>(s.Command(sql));
        return [.. rows.Select(r => r.ToStored())];
    }

    public async Task<StoredEntitlement?> GetEntitlementAsync(string id)
    {
        const string sql = """SELECT id, app_id, name, risk, definition, removed_at FROM entitlements WHERE id = @id""";
        var row = await s.Connection.QuerySingleOrDefaultAsync<EntitlementRow>(s.Command(sql, new { id }));
        return row?.ToStored();
    }

    /// <summary>The entitlement as the catalog file writes it (ISO 8601 durations, approval steps as text).</summary>
    internal static string Definition(Entitlement e) => JsonSerializer.Serialize(new
    {
        e.Id,
        e.AppId,
        e.Name,
        e.Description,
        Risk = e.Risk.ToString().ToLowerInvariant(),
        DefaultDuration = e.DefaultDuration is { } d ? Durations.ToIso(d) : null,
        MaxDuration = e.MaxDuration is { } m ? Durations.ToIso(m) : null,
        Approvals = e.Approvals.Select(a => a.ToString()).ToArray(),
        AutoApprove = e.PeerCoverage is { } p ? new { PeerCoverage = p } : null,
        e.RequiresJustification,
        Eligible = e.EligibleDepartments.Count > 0 ? new { Departments = e.EligibleDepartments } : null,
        Conflicts = e.Conflicts.Count > 0 ? e.Conflicts : null,
        Scope = e.Scope is { } sc ? new { sc.Label, sc.Options } : null,
        Target = e.Target.Count > 0 ? new SortedDictionary<string, string>(e.Target.ToDictionary(), StringComparer.Ordinal) : null,
    }, Json);

    private sealed class AppRow
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public string Owner { get; set; } = "";
        public string Connector { get; set; } = "";
        public DateTimeOffset? RemovedAt { get; set; }

        public bool SameAs(AppRow o) => RemovedAt is null && Name == o.Name && Description == o.Description && Owner == o.Owner && Connector == o.Connector;
    }

    private sealed class EntitlementRow
    {
        public string Id { get; set; } = "";
        public string AppId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Risk { get; set; } = "";
        public string Definition { get; set; } = "";
        public DateTimeOffset? RemovedAt { get; set; }

        public bool SameAs(EntitlementRow o) => RemovedAt is null && AppId == o.AppId && Name == o.Name && Risk == o.Risk && Definition == o.Definition;

        public StoredEntitlement ToStored() => new(Id, AppId, Name, Enum.Parse<Risk>(Risk), Definition, RemovedAt);
    }
}

internal sealed class SqlTenantSourceStore(SessionContext s) : ITenantSourceStore
{
    private const string Columns = """
        version, content_hash, catalog_path, catalog_text, directory_path, directory_text, files_changed_at, published_at, published_by
        """;

    public async Task<PublishedTenant?> LockAndGetAsync()
    {
        await s.LockAsync(TenantSyncLock.Name);
        return await GetAsync();
    }

    public async Task<PublishedTenant?> GetAsync()
    {
        const string sql = $"""SELECT {Columns} FROM tenant_source WHERE id = 1""";
        var row = await s.Connection.QuerySingleOrDefaultAsync<Row>(s.Command(sql));
        return row is null ? null : new PublishedTenant(row.Version, row.ContentHash, row.CatalogPath, row.CatalogText,
            row.DirectoryPath, row.DirectoryText, row.FilesChangedAt, row.PublishedAt, row.PublishedBy);
    }

    public async Task<PublishedTenantVersion?> GetVersionAsync()
    {
        const string sql = """SELECT version, content_hash FROM tenant_source WHERE id = 1""";
        var row = await s.Connection.QuerySingleOrDefaultAsync<Row>(s.Command(sql));
        return row is null ? null : new PublishedTenantVersion(row.Version, row.ContentHash);
    }

    public async Task<long> PublishAsync(string contentHash, string catalogPath, string catalogText, string directoryPath,
        string directoryText, DateTimeOffset filesChangedAt, string publishedBy)
    {
        const string sql = """
            INSERT INTO tenant_source (id, version, content_hash, catalog_path, catalog_text, directory_path, directory_text,
                                       files_changed_at, published_at, published_by)
            VALUES (1, 1, @contentHash, @catalogPath, @catalogText, @directoryPath, @directoryText, @filesChangedAt, @now, @publishedBy)
            ON CONFLICT (id) DO UPDATE SET
                version = tenant_source.version + 1, content_hash = excluded.content_hash,
                catalog_path = excluded.catalog_path, catalog_text = excluded.catalog_text,
                directory_path = excluded.directory_path, directory_text = excluded.directory_text,
                files_changed_at = excluded.files_changed_at, published_at = excluded.published_at, published_by = excluded.published_by
            RETURNING version
            """;
        return await s.Connection.ExecuteScalarAsync<long>(s.Command(sql, new
        {
            contentHash, catalogPath, catalogText, directoryPath, directoryText,
            filesChangedAt = new DateTimeOffset(filesChangedAt.UtcTicks, TimeSpan.Zero), now = s.Now, publishedBy,
        }));
    }

    private sealed class Row
    {
        public long Version { get; set; }
        public string ContentHash { get; set; } = "";
        public string CatalogPath { get; set; } = "";
        public string CatalogText { get; set; } = "";
        public string DirectoryPath { get; set; } = "";
        public string DirectoryText { get; set; } = "";
        public DateTimeOffset FilesChangedAt { get; set; }
        public DateTimeOffset PublishedAt { get; set; }
        public string PublishedBy { get; set; } = "";
    }
}
