using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.People;
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
    ILogger<StorageInitializer> logger,
    AuditKeyHolder? auditKey = null,
    SyncedDirectory? directory = null) : IHostedService
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

    /// <summary>Migrates, starts the keyed audit chain when a key is new, then syncs <paramref name="tenant"/> when given.</summary>
    public async Task<TenantSyncReport?> InitializeAsync(Core.Tenant? tenant, CancellationToken ct)
    {
        await migrator.MigrateAsync(ct);
        await StartKeyedChainAsync(ct);
        if (tenant is null)
        {
            logger.LogInformation("No tenant is registered: the people and catalog tables were not synced");
            return null;
        }
        var report = await SyncTenantAsync(tenant, ct);
        if (directory is { Active: true } synced) await synced.RefreshAsync(store, ct);
        return report;
    }

    /// <summary>
    /// With <c>Audit:Key</c> set and a log that ends on a plain row (rows from before the key), appends one keyed
    /// <c>audit.keyed</c> row at once: from there on every row is keyed, and verification with the key requires the log
    /// to end on a keyed row, so a rewrite without the key cannot fall back to plain rows unseen.
    /// Without a key, says at start-up that the chain is only tamper-evident.
    /// </summary>
    private async Task StartKeyedChainAsync(CancellationToken ct)
    {
        if (auditKey?.Key is null)
        {
            StorageInitializerLog.AuditChainNotKeyed(logger);
            return;
        }
        var started = await store.RunAsync(async s =>
        {
            var last = await s.Audit.ListAsync(fromSequence: (await s.Audit.HeadAsync())?.Sequence ?? 1, limit: 1);
            if (last.Count == 0 || last[0].Keyed) return false;
            await s.Audit.AppendAsync(new AuditEntry(SystemActor, KeyedAction, LifecycleSubjects.AuditLog,
                $"Audit:Key is set: rows from here on are keyed (HMAC-SHA256); rows 1-{last[0].Sequence} predate the key"));
            return true;
        }, ct);
        StorageInitializerLog.AuditChainKeyed(logger, started);
    }

    /// <summary>The audit action of the row that starts the keyed part of an existing chain.</summary>
    public const string KeyedAction = "audit.keyed";

    /// <summary>
    /// Mirrors the tenant into the tables and imports each initial access entry once ever: an entry imported on an
    /// earlier start is skipped even if its grant was revoked since.
    /// </summary>
    public async Task<TenantSyncReport> SyncTenantAsync(Core.Tenant tenant, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var report = await store.RunAsync(s => SyncInSessionAsync(s, tenant, publication: null, peopleFromTenant: directory is not { Active: true }), ct);
        logger.LogInformation(
            "Tenant synced: people {People}; catalog {Catalog}; {Imported} initial grants imported",
            report.People.ToString(), report.Catalog.ToString(), report.GrantsImported);
        return report;
    }

    /// <summary>
    /// Mirrors <paramref name="tenant"/> into the tables and imports new initial access, in the caller's transaction.
    /// With a <paramref name="publication"/> (a new published version) the sync is audited even when no row changed,
    /// else only when something did. Without <paramref name="peopleFromTenant"/> (people come from an identity source,
    /// <c>Directory:Source</c>) the people table and the initial access are left to the directory sync.
    /// </summary>
    internal static async Task<TenantSyncReport> SyncInSessionAsync(IStoreSession s, Core.Tenant tenant, string? publication, bool peopleFromTenant = true)
    {
        var people = peopleFromTenant ? await s.People.SyncAsync(tenant.Directory) : new SyncResult(0, 0, 0);
        var catalog = await s.Catalog.SyncAsync(tenant.Catalog);
        if (publication is not null || people.Changed || catalog.Changed)
        {
            var detail = $"people: {people}; catalog: {catalog}";
            await s.Audit.AppendAsync(new AuditEntry(SystemActor, "tenant.synced", LifecycleSubjects.Tenant,
                publication is null ? detail : $"{publication}; {detail}"));
        }
        var imported = 0;
        var initialAccess = peopleFromTenant ? tenant.InitialAccess : new Dictionary<string, IReadOnlyList<AccessAssignment>>();
        foreach (var (person, assignments) in initialAccess.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var access in assignments)
            {
                // The store names the subject (grant:<id>) once the grant has its id.
                var entry = new AuditEntry(SystemActor, "grant.imported", LifecycleSubjects.Person(person),
                    $"{access} of {person.ToLowerInvariant()} imported as a permanent grant from the directory's initial access");
                if (await s.Grants.ImportInitialAsync(person, access, entry) is not null) imported++;
            }
        }
        return new TenantSyncReport(people, catalog, imported);
    }
}

internal static partial class StorageInitializerLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Audit:Key is not set: the audit chain is plain SHA-256, which shows accidental edits but not a rewrite by someone who recomputes the hashes. Set Audit:Key (from configuration or a key vault, never the database) to key it")]
    public static partial void AuditChainNotKeyed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The audit chain is keyed with Audit:Key (keyed part started at this start-up: {StartedNow})")]
    public static partial void AuditChainKeyed(ILogger logger, bool startedNow);
}
