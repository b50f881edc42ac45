using System.Security.Cryptography;
using System.Text;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.People;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Storage;

/// <summary>What a refresh of the shared tenant found.</summary>
public enum TenantRefreshOutcome
{
    /// <summary>Nothing changed: the files are as last seen and the published version is the one in use.</summary>
    Unchanged,
    /// <summary>This instance's files changed and it published them as the next version (audited once, here).</summary>
    Published,
    /// <summary>Another instance published a version (or this instance's files matched it): now in use here.</summary>
    Adopted,
    /// <summary>This instance's files changed but have problems: nothing published, the tenant in use stays.</summary>
    FilesRejected,
    /// <summary>This instance's files differ from a version published from newer files: the published one stays in use.</summary>
    FilesOlder,
}

/// <summary>The tenant in use on this instance and what the last look at the files and the database found (for health).</summary>
public sealed record SharedTenantStatus(
    long Version,
    string ContentHash,
    string PublishedBy,
    DateTimeOffset? LastRefreshAt,
    IReadOnlyList<TenantProblem> FileProblems,
    bool FilesDifferFromPublished);

/// <summary>
/// The tenant several instances on one database share. The database holds the published tenant (the two files' texts,
/// their SHA-256 and a version, table <c>tenant_source</c>); each instance runs on the published version. An instance
/// whose files changed (or that starts on a database without a published tenant) checks them and, under the tenant
/// sync lock, publishes them as the next version, mirrors them into the people and catalog tables and audits it:
/// an instance that finds the same hash already published does nothing, so a change is audited once across the cluster.
/// Files older than the published version (an instance started with yesterday's copy) are not published: that instance
/// runs on the published version and says so. <see cref="RefreshAsync"/> runs at start and every
/// <see cref="IgaOptions.TenantRefreshInterval"/> (<see cref="TenantRefreshService"/>).
/// With <c>Directory:Source</c> set, the people are not the files' but the ones the directory sync stored
/// (<see cref="SyncedDirectory"/>, reloaded by the same refresh when the sync version moved), and a publication does not
/// touch the people table or import the files' initial access.
/// </summary>
public sealed partial class SharedTenantAccessor(
    IOptions<IgaOptions> options,
    IIgaStore store,
    TimeProvider time,
    ILogger<SharedTenantAccessor> logger,
    SyncedDirectory? directory = null) : ITenantAccessor
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<Core.Tenant> _fromFiles = new(() => TenantLoader.LoadOrThrow(
        IgaOptions.ResolvePath(options.Value.CatalogPath), IgaOptions.ResolvePath(options.Value.DirectoryPath)));
    private volatile InUse? _inUse;
    private string? _filesSeen;
    private DateTimeOffset? _filesHeldBackAt;
    private IReadOnlyList<TenantProblem> _fileProblems = [];
    private DateTimeOffset? _lastRefresh;

    /// <summary>Who publishes, in the audit trail and <c>tenant_source.published_by</c>.</summary>
    public string InstanceId { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}";

    /// <summary>The published tenant in use; before the first refresh (the storage initializer's, at start) the files' tenant.</summary>
    public Core.Tenant Current => directory is { Active: true } d ? d.Apply(FromPublished) : FromPublished;

    private Core.Tenant FromPublished => _inUse?.Tenant ?? _fromFiles.Value;

    /// <summary>Raised after a refresh took another published version into use (with that version).</summary>
    public event Action<long>? VersionChanged;

    /// <summary>The published version in use (0 before the first refresh).</summary>
    public long Version => _inUse?.Version ?? 0;

    public SharedTenantStatus Status
    {
        get
        {
            var inUse = _inUse;
            return new(inUse?.Version ?? 0, inUse?.ContentHash ?? "", inUse?.PublishedBy ?? "", _lastRefresh, _fileProblems,
                _filesSeen is not null && inUse is not null && _filesSeen != inUse.ContentHash);
        }
    }

    /// <summary>
    /// Looks at the files (publishing them when they changed and are newer than the published version), then takes the
    /// published version when it moved. At start, files with problems stop start-up (<see cref="InvalidInputException"/>)
    /// as they always did; later they are logged, reported by health, and change nothing.
    /// </summary>
    public async Task<TenantRefreshOutcome> RefreshAsync(bool atStart, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var outcome = TenantRefreshOutcome.Unchanged;
            var files = TenantFiles.Read(IgaOptions.ResolvePath(options.Value.CatalogPath), IgaOptions.ResolvePath(options.Value.DirectoryPath));
            Core.Tenant? loadedFromFiles = null;
            // Files held back as older are judged again once written again (touched, or read while being written).
            var writtenSinceHeldBack = _filesHeldBackAt is { } heldBack && files.ChangedAt > heldBack;
            if (files.ContentHash != _filesSeen || writtenSinceHeldBack)
            {
                var loaded = files.Load();
                if (loaded.Tenant is null)
                {
                    if (atStart) TenantLoader.OrThrow(loaded);
                    _filesSeen = files.ContentHash;
                    _filesHeldBackAt = null;
                    _fileProblems = loaded.Problems;
                    LogFilesRejected(logger, loaded.Problems.Count, string.Join(Environment.NewLine, loaded.Problems));
                    outcome = TenantRefreshOutcome.FilesRejected;
                }
                else
                {
                    loadedFromFiles = loaded.Tenant;
                    outcome = await PublishIfNewerAsync(files, loaded.Tenant, ct);
                    _filesSeen = files.ContentHash;
                    _filesHeldBackAt = outcome == TenantRefreshOutcome.FilesOlder ? files.ChangedAt : null;
                    _fileProblems = [];
                }
            }

            var adopted = await AdoptPublishedAsync(files, loadedFromFiles, ct);
            if (directory is { Active: true } synced) await synced.RefreshAsync(store, ct);
            _lastRefresh = time.GetUtcNow();
            return adopted && outcome == TenantRefreshOutcome.Unchanged ? TenantRefreshOutcome.Adopted : outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<TenantRefreshOutcome> PublishIfNewerAsync(TenantFiles files, Core.Tenant tenant, CancellationToken ct)
    {
        var (outcome, published, report) = await store.RunAsync(async s =>
        {
            var current = await s.TenantSource.LockAndGetAsync();
            if (current is not null && current.ContentHash == files.ContentHash)
                return (TenantRefreshOutcome.Adopted, current, (TenantSyncReport?)null);
            if (current is not null && files.ChangedAt <= current.FilesChangedAt)
                return (TenantRefreshOutcome.FilesOlder, current, null);
            var version = await s.TenantSource.PublishAsync(files.ContentHash, files.CatalogPath, files.CatalogText,
                files.DirectoryPath, files.DirectoryText, files.ChangedAt, InstanceId);
            var sync = await StorageInitializer.SyncInSessionAsync(s, tenant,
                $"version {version} (sha256 {Short(files.ContentHash)}) published by {InstanceId}", peopleFromTenant: directory is not { Active: true });
            return (TenantRefreshOutcome.Published, new PublishedTenant(version, files.ContentHash, files.CatalogPath, files.CatalogText,
                files.DirectoryPath, files.DirectoryText, files.ChangedAt, s.Now, InstanceId), sync);
        }, ct);
        if (report is not null)
            LogPublished(logger, published.Version, Short(published.ContentHash), report.People.ToString(), report.Catalog.ToString(), report.GrantsImported);
        else if (outcome == TenantRefreshOutcome.FilesOlder)
            LogFilesOlder(logger, published.Version, published.PublishedBy, published.FilesChangedAt);
        return outcome;
    }

    /// <summary>Takes the published version when it is not the one in use; true when it did.</summary>
    private async Task<bool> AdoptPublishedAsync(TenantFiles files, Core.Tenant? loadedFromFiles, CancellationToken ct)
    {
        var version = await store.RunAsync(s => s.TenantSource.GetVersionAsync(), ct);
        if (version is null || (_inUse is { } inUse && inUse.Version == version.Version)) return false;
        var published = await store.RunAsync(s => s.TenantSource.GetAsync(), ct);
        if (published is null) return false;
        var tenant = published.ContentHash == files.ContentHash && loadedFromFiles is not null
            ? loadedFromFiles
            : TenantLoader.LoadText(published.CatalogPath, published.CatalogText, published.DirectoryPath, published.DirectoryText).Tenant;
        if (tenant is null)
        {
            // Published by an instance whose build read it differently: keep what runs here rather than half a tenant.
            LogPublishedUnreadable(logger, published.Version, published.PublishedBy);
            return false;
        }
        _inUse = new InUse(tenant, published.Version, published.ContentHash, published.PublishedBy);
        LogInUse(logger, published.Version, Short(published.ContentHash), published.PublishedBy);
        VersionChanged?.Invoke(published.Version);
        return true;
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private sealed record InUse(Core.Tenant Tenant, long Version, string ContentHash, string PublishedBy);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant version {Version} (sha256 {Hash}) published from this instance's files: people {People}; catalog {Catalog}; {Imported} initial grants imported")]
    private static partial void LogPublished(ILogger logger, long version, string hash, string people, string catalog, int imported);

    [LoggerMessage(Level = LogLevel.Information, Message = "Tenant version {Version} (sha256 {Hash}, published by {PublishedBy}) is in use")]
    private static partial void LogInUse(ILogger logger, long version, string hash, string publishedBy);

    [LoggerMessage(Level = LogLevel.Error, Message = "The tenant files changed but have {Count} problem(s); the tenant in use stays until they are fixed:\n{Problems}")]
    private static partial void LogFilesRejected(ILogger logger, int count, string problems);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance's tenant files differ from version {Version}, published by {PublishedBy} from files changed at {ChangedAt:u}, and are older: they are not published; version {Version} stays in use")]
    private static partial void LogFilesOlder(ILogger logger, long version, string publishedBy, DateTimeOffset changedAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tenant version {Version}, published by {PublishedBy}, cannot be read by this instance; the tenant in use stays")]
    private static partial void LogPublishedUnreadable(ILogger logger, long version, string publishedBy);
}

/// <summary>The two tenant files as read now: their texts, one SHA-256 over both, and when the newer one was last written.</summary>
internal sealed record TenantFiles(string CatalogPath, string CatalogText, string DirectoryPath, string DirectoryText, DateTimeOffset ChangedAt, bool Readable)
{
    public string ContentHash { get; } = Hash(CatalogText, DirectoryText, Readable);

    public static TenantFiles Read(string catalogPath, string directoryPath)
    {
        try
        {
            var catalogText = File.ReadAllText(catalogPath);
            var directoryText = File.ReadAllText(directoryPath);
            // The times are read after the texts: a write landing between the two then makes the texts look newer than
            // they are (judged again next time), never a new text look as old as the one it replaced.
            var changed = new DateTimeOffset(Max(File.GetLastWriteTimeUtc(catalogPath), File.GetLastWriteTimeUtc(directoryPath)), TimeSpan.Zero);
            return new(catalogPath, catalogText, directoryPath, directoryText, changed, Readable: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new(catalogPath, "", directoryPath, "", DateTimeOffset.MinValue, Readable: false);
        }
    }

    /// <summary>Checks the texts; unreadable files are reported by the loader reading them again (file not found...).</summary>
    public TenantLoadResult Load() =>
        Readable ? TenantLoader.LoadText(CatalogPath, CatalogText, DirectoryPath, DirectoryText) : TenantLoader.Load(CatalogPath, DirectoryPath);

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static string Hash(string catalog, string directory, bool readable)
    {
        if (!readable) return "unreadable";
        var bytes = Encoding.UTF8.GetBytes(catalog + "\n\0\n" + directory);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
