using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Storage;

/// <summary>What one start-up sync of the tenant did.</summary>
public sealed record TenantSyncReport(SyncResult People, SyncResult Catalog, int GrantsImported);

/// <summary>
/// Brings the database up at start: migrations first, then the loaded tenant (from <see cref="ITenantAccessor"/>, or a
/// registered <see cref="Core.Tenant"/>; none = no sync)
/// is mirrored into the people and catalog tables and its initial access imported once. With a
/// <see cref="SharedTenantAccessor"/> (the web host) the tenant is published through the database instead, once across
/// the instances sharing it. Registered as a hosted service by <c>AddIgaStorage</c>; register it before anything that
/// reads the store at start.
/// </summary>
public sealed class StorageInitializer(
    DatabaseMigrator migrator,
    IIgaStore store,
    IServiceProvider services,
    ILogger<StorageInitializer> logger) : IHostedService
{
    /// <summary>The actor recorded for what the system does on its own.</summary>
    public const string SystemActor = "system";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<ITenantAccessor>() is SharedTenantAccessor shared)
        {
            // Several instances may share the database: the tenant is published there and every instance runs on that.
            await migrator.MigrateAsync(cancellationToken);
            await shared.RefreshAsync(atStart: true, cancellationToken);
            return;
        }
        await InitializeAsync(services.GetService<ITenantAccessor>()?.Current ?? services.GetService<Core.Tenant>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Migrates, then syncs <paramref name="tenant"/> when given.</summary>
    public async Task<TenantSyncReport?> InitializeAsync(Core.Tenant? tenant, CancellationToken ct)
    {
        await migrator.MigrateAsync(ct);
        if (tenant is null)
        {
            logger.LogInformation("No tenant is registered: the people and catalog tables were not synced");
            return null;
        }
        return await SyncTenantAsync(tenant, ct);
    }

    /// <summary>
    /// Mirrors the tenant into the tables and imports each initial access entry once ever: an entry imported on an
    /// earlier start is skipped even if its grant was revoked since.
    /// </summary>
    public async Task<TenantSyncReport> SyncTenantAsync(Core.Tenant tenant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var report = await store.RunAsync(s => SyncInSessionAsync(s, tenant, publication: null), ct);
        logger.LogInformation(
            "Tenant synced: people {People}; catalog {Catalog}; {Imported} initial grants imported",
            report.People.ToString(), report.Catalog.ToString(), report.GrantsImported);
        return report;
    }

    /// <summary>
    /// Mirrors <paramref name="tenant"/> into the tables and imports new initial access, in the caller's transaction.
    /// With a <paramref name="publication"/> (a new published version) the sync is audited even when no row changed,
    /// else only when something did.
    /// </summary>
    internal static async Task<TenantSyncReport> SyncInSessionAsync(IStoreSession s, Core.Tenant tenant, string? publication)
    {
        var people = await s.People.SyncAsync(tenant.Directory);
        var catalog = await s.Catalog.SyncAsync(tenant.Catalog);
        if (publication is not null || people.Changed || catalog.Changed)
        {
            var detail = $"people: {people}; catalog: {catalog}";
            await s.Audit.AppendAsync(new AuditEntry(SystemActor, "tenant.synced", "tenant",
                publication is null ? detail : $"{publication}; {detail}"));
        }
        var imported = 0;
        foreach (var (person, assignments) in tenant.InitialAccess.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var access in assignments)
            {
                var entry = new AuditEntry(SystemActor, "grant.imported", person.ToLowerInvariant(),
                    $"{access} imported as a permanent grant from the directory's initial access");
                if (await s.Grants.ImportInitialAsync(person, access, entry) is not null) imported++;
            }
        }
        return new TenantSyncReport(people, catalog, imported);
    }
}
