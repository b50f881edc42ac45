using IgaBot.Core;
using IgaBot.Core.Agent;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// The catalog search behind <c>search_entitlements</c>: MiniLM embeddings plus lexical matching
/// (<see cref="EntitlementSearch"/>). The index is built on first use for the loaded catalog and
/// rebuilt when another catalog is loaded.
/// </summary>
public sealed class SemanticEntitlementSearch(ITenantAccessor tenant, ITextEmbedder? embedder = null, IEmbeddingCache? cache = null) : IEntitlementSearch
{
    private readonly ITextEmbedder _embedder = embedder ?? MiniLmTextEmbedder.Shared;
    private readonly IEmbeddingCache _cache = cache ?? new InMemoryEmbeddingCache();
    private readonly SemaphoreSlim _building = new(1, 1);
    private (AccessCatalog Catalog, EntitlementSearch Search)? _index;

    /// <summary>The index for the current catalog, built once.</summary>
    public async Task<EntitlementSearch> IndexAsync(CancellationToken ct)
    {
        var catalog = tenant.Current.Catalog;
        if (_index is { } ready && ReferenceEquals(ready.Catalog, catalog)) return ready.Search;
        await _building.WaitAsync(ct);
        try
        {
            if (_index is { } built && ReferenceEquals(built.Catalog, catalog)) return built.Search;
            var search = await EntitlementSearch.BuildAsync(catalog, _embedder, _cache, ct);
            _index = (catalog, search);
            return search;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>The index when it is built already (the planner's synchronous reading needs it), else builds it now.</summary>
    public EntitlementSearch Index() =>
        _index is { } ready && ReferenceEquals(ready.Catalog, tenant.Current.Catalog) ? ready.Search : IndexAsync(CancellationToken.None).GetAwaiter().GetResult();

    public Task WarmUpAsync(CancellationToken ct) => IndexAsync(ct);

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string query, string? appId, int limit, CancellationToken ct)
    {
        var index = await IndexAsync(ct);
        // The same text the planner's reading just encoded: the index's embedder remembers it.
        return [.. index.Search(query, index.Embedder.Embed(query, ct), Math.Max(1, limit), appId)
            .Select(m => new SearchHit(m.Entitlement, m.Score))];
    }
}
