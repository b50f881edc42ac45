using IgaBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.People;

/// <summary>
/// The directory as the last sync from the identity source stored it (the people table), for every part of the product:
/// with <c>Directory:Source</c> set, the tenant accessors show these people instead of the YAML file's, and the tenant's
/// initial access is not imported (existing access comes from the targets). Each instance reloads when the sync version
/// in the database moved, so all instances sharing a database see the same people.
/// </summary>
public sealed class SyncedDirectory(IOptions<DirectoryOptions> options)
{
    private volatile Loaded? _loaded;

    /// <summary>Whether people come from an identity source rather than the YAML file.</summary>
    public bool Active { get; } = !options.Value.FromYaml;

    /// <summary>The synced people, or null before the first sync was loaded (or when the YAML file is the source).</summary>
    public PeopleDirectory? Current => Active ? _loaded?.Directory : null;

    /// <summary>The sync version loaded (0 before any).</summary>
    public long Version => _loaded?.Version ?? 0;

    /// <summary>Raised after another version of the people was loaded.</summary>
    public event Action<long>? Changed;

    /// <summary>Loads the people when the version in the database is not the one loaded; true when it did.</summary>
    public async Task<bool> RefreshAsync(IIgaStore store, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!Active) return false;
        var (version, people) = await store.RunAsync(async s =>
        {
            var v = await s.Directory.GetVersionAsync();
            // Before the first sync from the source the tenant's own people stay in use (Apply falls back to them).
            if (v == 0 || (_loaded is { } l && l.Version == v)) return (v, (IReadOnlyList<StoredPerson>?)null);
            return (v, await s.People.ListAsync());
        }, ct);
        if (people is null) return false;
        _loaded = new Loaded(new PeopleDirectory([.. people.Select(p => p.Person)]), version);
        Changed?.Invoke(version);
        return true;
    }

    /// <summary><paramref name="tenant"/> with the synced people (when active and loaded) and no initial access.</summary>
    public Tenant Apply(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (!Active) return tenant;
        var loaded = _loaded;
        var cached = _applied;
        if (cached is not null && ReferenceEquals(cached.From, tenant) && ReferenceEquals(cached.Loaded, loaded)) return cached.Result;
        var result = tenant with
        {
            Directory = loaded?.Directory ?? tenant.Directory,
            InitialAccess = new Dictionary<string, IReadOnlyList<AccessAssignment>>(),
        };
        _applied = new Applied(tenant, loaded, result);
        return result;
    }

    private volatile Applied? _applied;

    private sealed record Loaded(PeopleDirectory Directory, long Version);

    private sealed record Applied(Tenant From, Loaded? Loaded, Tenant Result);
}
