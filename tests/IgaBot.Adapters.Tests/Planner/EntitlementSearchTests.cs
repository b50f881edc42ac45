using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Planner;

[TestFixture]
public sealed class EntitlementSearchTests
{
    private static AccessCatalog Catalog => EvalTenant.Load().Catalog;

    private static Task<EntitlementSearch> BuildAsync(AccessCatalog catalog, ITextEmbedder embedder, IEmbeddingCache? cache = null) =>
        EntitlementSearch.BuildAsync(catalog, embedder, cache ?? new InMemoryEmbeddingCache(), CancellationToken.None);

    [Test]
    public async Task Build_EmbedsEveryEntitlementOnce_AndReusesTheCacheNextTime()
    {
        var cache = new InMemoryEmbeddingCache();
        var first = new FakeTextEmbedder();
        var second = new FakeTextEmbedder();

        await BuildAsync(Catalog, first, cache);
        await BuildAsync(Catalog, second, cache);

        Assert.That(first.Embedded, Has.Count.EqualTo(Catalog.Entitlements.Count()));
        Assert.That(second.Embedded, Is.Empty);
    }

    [Test]
    public async Task Build_RecomputesOnlyTheEntitlementWhoseTextChanged()
    {
        var cache = new InMemoryEmbeddingCache();
        await BuildAsync(Catalog, new FakeTextEmbedder(), cache);
        var changed = WithDescription(Catalog, "figma-viewer", "View, comment on and export design files.");
        var embedder = new FakeTextEmbedder();

        await BuildAsync(changed, embedder, cache);

        Assert.That(embedder.Embedded, Has.Count.EqualTo(1));
        Assert.That(embedder.Embedded[0], Does.Contain("export design files"));
    }

    [Test]
    public async Task Build_WithAnotherModel_DoesNotReuseVectorsOfTheFirst()
    {
        var cache = new InMemoryEmbeddingCache();
        await BuildAsync(Catalog, new FakeTextEmbedder("model-a"), cache);
        var other = new FakeTextEmbedder("model-b");

        await BuildAsync(Catalog, other, cache);

        Assert.That(other.Embedded, Has.Count.EqualTo(Catalog.Entitlements.Count()));
    }

    [TestCase("I need AWS", "aws")]
    [TestCase("access to Amazon Web Services please", "aws")]
    [TestCase("something in github", "github")]
    [TestCase("GitHub's repos", "github")]
    [TestCase("reset MFA in okta", "okta")]
    [TestCase("Okta Admin Console", "okta")]
    [TestCase("view pay statements in ADP", "adp")]
    [TestCase("I need NETSUITE", "netsuite")]
    public async Task FindApps_KnowsTheWaysPeopleNameAnApp(string text, string app)
    {
        var search = await BuildAsync(Catalog, new FakeTextEmbedder());

        Assert.That(search.FindApps(text).Select(m => m.App.Id), Is.EqualTo(new[] { app }));
    }

    [TestCase("I need access to customer personal data")]
    [TestCase("the sales pipeline")]
    [TestCase("I need admin access")]
    public async Task FindApps_DoesNotTakeOrdinaryWordsForApps(string text)
    {
        var search = await BuildAsync(Catalog, new FakeTextEmbedder());

        Assert.That(search.FindApps(text), Is.Empty);
    }

    [Test]
    public async Task FindApps_AnAppNamedWithAnEverydayWord_CountsOnlyWithItsCapitals()
    {
        var catalog = new AccessCatalog([new App
        {
            Id = "box", Name = "Box", Description = "Cloud file storage.", Owner = "o@x.example", Connector = "manual",
            Entitlements = [new Entitlement { Id = "box-user", AppId = "box", Name = "Box User", Description = "Store files.", Risk = Risk.Low }],
        }], new Dictionary<string, IReadOnlyList<string>>());
        var search = await BuildAsync(catalog, new FakeTextEmbedder());

        Assert.That(search.FindApps("I need a Box account"), Has.Count.EqualTo(1));
        Assert.That(search.FindApps("I need a box of pens"), Is.Empty);
    }

    [TestCase("approve vendor bills and release payments", "netsuite-ap-approver")]
    [TestCase("budget versus actuals report", "netsuite-reports")]
    [TestCase("on-call rotation", "pagerduty-responder")]
    [TestCase("ACCOUNTADMIN", "snowflake-accountadmin")]
    public async Task Search_RanksTheEntitlementWhoseWordsMatchFirst(string query, string expected)
    {
        var search = await BuildAsync(Catalog, new FakeTextEmbedder());

        Assert.That(search.Search(query)[0].Entitlement.Id, Is.EqualTo(expected));
    }

    [Test]
    public async Task Search_AppMentionOutweighsWordsOfAnotherApp()
    {
        var search = await BuildAsync(Catalog, new FakeTextEmbedder());

        var top = search.Search("I'm on call, I need read access to production AWS")[0];

        Assert.That(top.App.Id, Is.EqualTo("aws"));
        Assert.That(top.AppMentioned, Is.True);
    }

    [Test]
    public async Task Search_AskingForWhatADescriptionRulesOut_MarksItContradicted()
    {
        var search = await BuildAsync(Catalog, new FakeTextEmbedder());

        var analyst = search.Search("raw customer personal data").Single(m => m.Entitlement.Id == "snowflake-analyst");

        Assert.That(analyst.Contradicted, Is.True);
        Assert.That(analyst.Lexical, Is.LessThan(0));
    }

    [Test]
    public async Task Search_ExplainsWhatMatched()
    {
        var search = await BuildAsync(Catalog, new FakeTextEmbedder());

        var top = search.Search("I need the GitHub organization owner role")[0];

        Assert.That(top.Why, Does.Contain("mentions GitHub").And.Contain("names \"GitHub Organization Owner\""));
        Assert.That(top.NameMatch, Is.EqualTo(1));
    }

    private static AccessCatalog WithDescription(AccessCatalog catalog, string entitlementId, string description) =>
        new(catalog.Apps.Select(a => a with
        {
            Entitlements = a.Entitlements.Select(e => e.Id == entitlementId ? e with { Description = description } : e).ToList(),
        }).ToList(), catalog.Groups);
}

[TestFixture]
public sealed class MiniLmTextEmbedderTests
{
    [Test]
    public void Embed_GivesNormalisedVectors_ThatPlaceRelatedSentencesCloser()
    {
        var v = MiniLmTextEmbedder.Shared.Embed(["I need to look at production logs", "View CloudWatch logs in the production account", "What's the weather like in Lisbon?"]);

        Assert.That(v[0], Has.Length.EqualTo(384));
        Assert.That(Math.Sqrt(v[0].Sum(x => x * x)), Is.EqualTo(1).Within(1e-3));
        Assert.That(TextEmbeddings.Cosine(v[0], v[1]), Is.GreaterThan(TextEmbeddings.Cosine(v[0], v[2]) + 0.2));
    }

    [Test]
    public void Embed_FromManyThreads_GivesTheSameVectorsAsOneThread()
    {
        const string text = "I need to push code to the payments team repos";
        var expected = MiniLmTextEmbedder.Shared.Embed(text);

        var results = new float[8][];
        Parallel.For(0, results.Length, i => results[i] = MiniLmTextEmbedder.Shared.Embed(text));

        Assert.That(results, Has.All.EqualTo(expected).Using<float[]>((a, b) => a.Zip(b).All(p => Math.Abs(p.First - p.Second) < 1e-5)));
    }
}
