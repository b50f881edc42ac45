using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Core.Storage;

/// <summary>What a sync of the loaded tenant changed in the tables.</summary>
public sealed record SyncResult(int Added, int Updated, int Removed)
{
    public bool Changed => Added + Updated + Removed > 0;
    public override string ToString() => $"{Added} added, {Updated} updated, {Removed} removed";
}

/// <summary>
/// The directory mirrored into the database so admin views and SQL can see people. The YAML (or Graph)
/// source stays the truth; a person missing from it is marked removed, never deleted.
/// </summary>
public interface IPeopleStore
{
    /// <summary>Brings the table in line with <paramref name="directory"/>.</summary>
    Task<SyncResult> SyncAsync(PeopleDirectory directory);

    /// <summary>A person as last synced (removed people included, with <see cref="StoredPerson.RemovedAt"/> set).</summary>
    Task<StoredPerson?> GetAsync(string email);

    /// <summary>The people present in the directory, by email.</summary>
    Task<IReadOnlyList<StoredPerson>> ListAsync();
}

/// <summary>A person row: the directory record plus when it left the directory.</summary>
public sealed record StoredPerson(Person Person, DateTimeOffset? RemovedAt);

/// <summary>An entitlement row: its identity, and its whole catalog definition as JSON.</summary>
public sealed record StoredEntitlement(string Id, string AppId, string Name, Risk Risk, string DefinitionJson, DateTimeOffset? RemovedAt);

/// <summary>An app row.</summary>
public sealed record StoredApp(string Id, string Name, string Owner, string Connector, DateTimeOffset? RemovedAt);

/// <summary>The catalog mirrored into the database (apps; entitlements with their JSON definition).</summary>
public interface ICatalogStore
{
    /// <summary>Brings the tables in line with <paramref name="catalog"/> (apps and entitlements together).</summary>
    Task<SyncResult> SyncAsync(AccessCatalog catalog);

    Task<IReadOnlyList<StoredApp>> ListAppsAsync();

    Task<IReadOnlyList<StoredEntitlement>> ListEntitlementsAsync();

    Task<StoredEntitlement?> GetEntitlementAsync(string id);
}

/// <summary>
/// The tenant files as an instance published them into the database (<see cref="ITenantSourceStore"/>): what every
/// instance sharing the database runs on. <see cref="Version"/> grows by one per publication.
/// </summary>
public sealed record PublishedTenant(
    long Version,
    string ContentHash,
    string CatalogPath,
    string CatalogText,
    string DirectoryPath,
    string DirectoryText,
    DateTimeOffset FilesChangedAt,
    DateTimeOffset PublishedAt,
    string PublishedBy);

/// <summary>The published tenant's version and hash, cheap to poll.</summary>
public sealed record PublishedTenantVersion(long Version, string ContentHash);

/// <summary>
/// The published tenant (one row). Publishing is serialised with the tenant sync lock, so instances that see the same
/// new files publish them once.
/// </summary>
public interface ITenantSourceStore
{
    /// <summary>Takes the tenant sync lock (held until the transaction ends) and reads the published tenant.</summary>
    Task<PublishedTenant?> LockAndGetAsync();

    Task<PublishedTenant?> GetAsync();

    Task<PublishedTenantVersion?> GetVersionAsync();

    /// <summary>Stores the texts as the next version (call after <see cref="LockAndGetAsync"/>); returns that version.</summary>
    Task<long> PublishAsync(string contentHash, string catalogPath, string catalogText, string directoryPath, string directoryText,
        DateTimeOffset filesChangedAt, string publishedBy);
}
