using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>The planner's vectors kept in the database: a new catalog is written at once, a restart encodes nothing.</summary>
public sealed class StoreEmbeddingCacheTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Test]
    public async Task Build_OnAnEmptyStore_WritesEveryVectorInOneTransaction_AndTheNextBuildEncodesNothing()
    {
        var catalog = EvalTenant.Load().Catalog;
        var store = new CountingStore(Db.Store);
        var first = new FakeTextEmbedder();
        var second = new FakeTextEmbedder();

        await EntitlementSearch.BuildAsync(catalog, first, new StoreEmbeddingCache(store), Ct);
        var writes = store.Transactions - 1;
        await EntitlementSearch.BuildAsync(catalog, second, new StoreEmbeddingCache(store), Ct);

        Assert.That(first.Embedded, Has.Count.EqualTo(catalog.Entitlements.Count()));
        Assert.That(writes, Is.EqualTo(1), "one read of the whole catalog, then one transaction for every vector");
        Assert.That(second.Embedded, Is.Empty);
    }

    private sealed class CountingStore(IIgaStore inner) : IIgaStore
    {
        public int Transactions { get; private set; }

        public Task<T> RunAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken ct)
        {
            Transactions++;
            return inner.RunAsync(work, ct);
        }

        public Task RunAsync(Func<IStoreSession, Task> work, CancellationToken ct)
        {
            Transactions++;
            return inner.RunAsync(work, ct);
        }
    }
}
