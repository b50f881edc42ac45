using IgaBot.Adapters.Eval;
using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Tests.Eval;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>A turn encodes each distinct text once: the planner's reading and the search tool share the vector.</summary>
[TestFixture]
public sealed class QueryEncodingTests
{
    [Test]
    public async Task AnOfflineTurn_EncodesItsMessageOnce_AndTheSameWordsAgainNotAtAll()
    {
        var tenant = AgentFixture.EvalTenant;
        var embedder = new CountingEmbedder(MiniLmTextEmbedder.Shared);
        var accessor = new FixedTenant(tenant);
        var search = new SemanticEntitlementSearch(accessor, embedder);
        await search.WarmUpAsync(CancellationToken.None);
        using var folder = new TempFolder();
        await using var host = await LocalAgentHost.StartAsync(tenant, folder.File("bot.db"),
            new LocalAgentHost.SharedPieces(search, new PlannerUnderstanding(accessor, search)));
        var indexed = embedder.Texts.Count;

        var first = await new Chat(host, "jake.miller@contoso.com", "c1").SayAsync("I need read-only access to prod AWS");
        var afterFirst = embedder.Texts.Skip(indexed).ToList();
        var second = await new Chat(host, "jake.miller@contoso.com", "c2").SayAsync("I need read-only access to prod AWS");

        Assert.That(first.Question, Is.Not.Null, first.Text);
        Assert.That(afterFirst, Is.EqualTo(new[] { "I need read-only access to prod AWS" }));
        Assert.That(second.Text, Is.EqualTo(first.Text));
        Assert.That(embedder.Texts.Count - indexed, Is.EqualTo(1), "the second conversation's identical message is not encoded again");
    }

    [Test]
    public async Task WarmUp_IndexesTheCatalog_AndEncodesOneSentence_BeforeAnyoneWrites()
    {
        var tenant = AgentFixture.EvalTenant;
        var embedder = new FakeTextEmbedder();
        var search = new SemanticEntitlementSearch(new FixedTenant(tenant), embedder);
        using var warmUp = new PlannerWarmUp(search, Microsoft.Extensions.Logging.Abstractions.NullLogger<PlannerWarmUp>.Instance);

        await warmUp.StartAsync(CancellationToken.None);
        await warmUp.ExecuteTask!;

        Assert.That(embedder.Embedded, Has.Count.EqualTo(tenant.Catalog.Entitlements.Count() + 1));
        Assert.That(embedder.Embedded.Take(embedder.Embedded.Count - 1), Is.EquivalentTo(tenant.Catalog.Apps
            .SelectMany(a => a.Entitlements.Select(e => EntitlementSearch.TextOf(a, e)))));
    }

    [Test]
    public void Embed_TheSameTextTwice_EncodesItOnce_AndGivesTheSameVector()
    {
        var inner = new FakeTextEmbedder();
        var cache = new CachingTextEmbedder(inner);

        var a = cache.Embed("read the billing reports");
        var b = cache.Embed("read the billing reports");

        Assert.That(b, Is.EqualTo(a));
        Assert.That(inner.Embedded, Is.EqualTo(new[] { "read the billing reports" }));
    }

    [Test]
    public void Embed_ABatchWithARepeatedAndAKnownText_EncodesOnlyTheNewOnesOnce()
    {
        var inner = new FakeTextEmbedder();
        var cache = new CachingTextEmbedder(inner);
        cache.Embed("known");

        var vectors = cache.Embed(["new", "known", "new"]);

        Assert.That(inner.Embedded, Is.EqualTo(new[] { "known", "new" }));
        Assert.That(vectors[2], Is.SameAs(vectors[0]));
    }

    [Test]
    public void Embed_BeyondItsCapacity_ForgetsTheLeastRecentlyUsedText()
    {
        var inner = new FakeTextEmbedder();
        var cache = new CachingTextEmbedder(inner, capacity: 2);
        cache.Embed("a");
        cache.Embed("b");
        cache.Embed("a");

        cache.Embed("c");
        cache.Embed("a");
        cache.Embed("b");

        Assert.That(inner.Embedded, Is.EqualTo(new[] { "a", "b", "c", "b" }));
        Assert.That(cache.Count, Is.EqualTo(2));
    }

    [Test]
    public void MiniLm_ReadsTextWithoutItsCase_SoTheCacheKeysByTheLowerCase()
    {
        var cache = new CachingTextEmbedder(new CountingEmbedder(MiniLmTextEmbedder.Shared));
        var exact = MiniLmTextEmbedder.Shared.Embed("Read-only access to Prod AWS for the Q3 audit");

        cache.Embed("read-only access to prod aws for the q3 audit");
        var cached = cache.Embed("Read-only access to Prod AWS for the Q3 audit");

        Assert.That(cached, Is.EqualTo(exact), "MiniLM gives both spellings the same vector");
        Assert.That(((CountingEmbedder)cache.Inner).Texts, Has.Count.EqualTo(1));
    }

    [Test]
    public void Embed_KeepsTextsThatDifferInSpacingApart()
    {
        var inner = new FakeTextEmbedder();
        var cache = new CachingTextEmbedder(inner);

        cache.Embed("prod aws");
        cache.Embed("prod  aws");

        Assert.That(inner.Embedded, Has.Count.EqualTo(2));
    }

    private sealed class FixedTenant(Core.Tenant tenant) : Core.ITenantAccessor
    {
        public Core.Tenant Current => tenant;
    }

    /// <summary>Passes texts to another embedder and keeps them in order.</summary>
    private sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
    {
        private readonly Lock _gate = new();
        private readonly List<string> _texts = [];

        public IReadOnlyList<string> Texts
        {
            get { lock (_gate) return _texts.ToList(); }
        }

        public string ModelName => inner.ModelName;

        public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            lock (_gate) _texts.AddRange(texts);
            return inner.Embed(texts, cancellationToken);
        }
    }
}
