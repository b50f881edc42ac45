using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Issue 11, classes 3 and 4: apps, words and scope values said differently, and entitlements named
/// word for word. The catalog is invented here; the planner derives everything from its text.
/// </summary>
[TestFixture]
public sealed class CatalogWordsTests
{
    private static readonly AccessCatalog Catalog = new([
        new App
        {
            Id = "otm", Name = "Oracle Transportation Management", Description = "Plans shipments; tracks pull requests of rates.",
            Owner = "o@x.example", Connector = "manual", Aliases = ["the planner"],
            Entitlements =
            [
                new Entitlement { Id = "otm-view", AppId = "otm", Name = "Shipment Viewer", Description = "See shipments and pull requests.", Risk = Risk.Low },
                new Entitlement
                {
                    Id = "otm-plan", AppId = "otm", Name = "Shipment Planner", Description = "Plan and tender shipments on private roads.", Risk = Risk.Medium,
                    Scope = new EntitlementScope("region", ["dev-2", "north-east", "eu"]) { Aliases = new Dictionary<string, IReadOnlyList<string>> { ["eu"] = ["europe"] } },
                },
            ],
        },
        new App
        {
            Id = "kube", Name = "Kubernetes Clusters", Description = "Container platform.", Owner = "o@x.example", Connector = "manual",
            Entitlements = [new Entitlement { Id = "kube-dev", AppId = "kube", Name = "Cluster Developer", Description = "Deploy workloads.", Risk = Risk.Low }],
        },
    ], new Dictionary<string, IReadOnlyList<string>>());

    private static readonly Lazy<EntitlementSearch> Search = new(() =>
        EntitlementSearch.BuildAsync(Catalog, new FakeTextEmbedder(), new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult());

    [TestCase("I need to deploy to k8s", "I need to deploy to kubernetes")]
    [TestCase("merge my PR", "merge my pull requests")]
    [TestCase("review PRs", "review pull requests")]
    public void ShortenedForms_AreReadAsTheCatalogWords(string text, string expected) =>
        Assert.That(Search.Value.Normalize(text), Is.EqualTo(expected));

    [TestCase("merge my pr", Description = "in lower case an acronym is too often an everyday word")]
    [TestCase("I can go now")]
    public void LowerCaseShortWords_StayAsWritten(string text) =>
        Assert.That(Search.Value.Normalize(text), Is.EqualTo(text));

    [Test]
    public void AnAcronymOfTwoPhrases_IsTheOneTheCatalogUsesMoreOften()
    {
        // "pull requests" (twice) and "private roads" (once) both read "PR".
        Assert.That(Search.Value.Normalize("PR"), Is.EqualTo("pull requests"));
    }

    // A sentence of a description said once ("Take assigned courses") is no term anyone shortens; a phrase written as a
    // name ("Terminal Agency Coordinator") is, even said once.
    [TestCase("Take assigned courses, log training hours.", "since theres no TAC on overnight")]
    [TestCase("State switch messages, run by the Terminal Agency Coordinator.", "since theres no terminal agency coordinator on overnight")]
    public void Initials_NameOnlyAPhraseTheCatalogWritesAsATerm(string description, string expected)
    {
        var catalog = new AccessCatalog([
            new App
            {
                Id = "app", Name = "Vector", Description = description, Owner = "o@x.example", Connector = "manual",
                Entitlements = [new Entitlement { Id = "app-user", AppId = "app", Name = "User", Description = "Use it.", Risk = Risk.Low }],
            },
        ], new Dictionary<string, IReadOnlyList<string>>());
        var search = EntitlementSearch.BuildAsync(catalog, new FakeTextEmbedder(), new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(search.Normalize("since theres no TAC on overnight"), Is.EqualTo(expected));
    }

    // "CA" is "closed area" to the security office (said three times) and "control account" to earned value (twice).
    private static readonly AccessCatalog TwoMeanings = new([
        new App
        {
            Id = "security", Name = "Security Office", Description = "Closed area badges and program briefings.", Owner = "o@x.example", Connector = "manual",
            Entitlements =
            [
                new Entitlement { Id = "badge", AppId = "security", Name = "Closed Area Access", Description = "Badge into the closed area without escort.", Risk = Risk.High },
            ],
        },
        new App
        {
            Id = "evms", Name = "Earned Value", Description = "Control accounts, budgets and variance reports.", Owner = "o@x.example", Connector = "manual",
            Entitlements =
            [
                new Entitlement { Id = "cam", AppId = "evms", Name = "Control Account Manager", Description = "Status work packages and claim earned value.", Risk = Risk.Medium },
            ],
        },
    ], new Dictionary<string, IReadOnlyList<string>>());

    [TestCase("I have to status my CAs and explain the variance", "control account")]
    [TestCase("need my badge to work in the CA", "closed area")]
    [TestCase("need the CA", "closed area", Description = "no word tells: the one the catalog uses more often")]
    public void AnAcronymOfTwoPhrasesEachUsedOften_IsReadByTheOtherWordsOfTheMessage(string text, string expected)
    {
        var search = EntitlementSearch.BuildAsync(TwoMeanings, new FakeTextEmbedder(), new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult();

        Assert.That(search.Normalize(text), Does.Contain(expected));
    }

    [TestCase("the dev2 region", "dev-2")]
    [TestCase("in dev 2", "dev-2")]
    [TestCase("for northeast", "north-east")]
    [TestCase("shipments in Europe", "eu")]
    public void ScopeValues_RunTogetherSplitOrByTheirAlias_AreFound(string text, string expected)
    {
        var scope = Catalog.FindEntitlement("otm-plan")!.Scope!;

        Assert.That(ScopeFinder.Find(text, scope), Is.EqualTo(expected));
    }

    private static readonly EntitlementScope Sites = new("site", ["dal-1", "chi-2", "atl", "web", "arts-sciences"]);

    [TestCase("the yard at our Dallas site", "dal-1")]
    [TestCase("for Chicago please", "chi-2")]
    [TestCase("in Atlanta", "atl")]
    [TestCase("for Arts and Sciences", "arts-sciences")]
    public void ScopeValuesTheCatalogAbbreviatesOrHyphenates_SaidInFull_AreFound(string text, string expected) =>
        Assert.That(ScopeFinder.Find(text, Sites), Is.EqualTo(expected));

    private static readonly EntitlementScope Cages = new("cage", ["Main Cage", "Poker Cage", "High Limit Cage"]);

    // The value left behind ("from the poker cage"), even named in full and behind "the", gives way to the one moved to, even
    // named in part ("over to high limit").
    [TestCase("they moved me from the poker cage over to high limit, can i get a cashier login there", "High Limit Cage")]
    [TestCase("moving from Poker Cage to the Main Cage next week", "Main Cage")]
    [TestCase("I work the poker cage", "Poker Cage")]
    public void AValueLeftBehind_GivesWayToTheOneMovedTo(string text, string expected) =>
        Assert.That(ScopeFinder.Find(text, Cages), Is.EqualTo(expected));

    [TestCase("I need to set up webhooks")]
    [TestCase("the Daleks are coming")]
    public void AWordThatMerelyBeginsLikeAnOption_IsNoScope(string text) =>
        Assert.That(ScopeFinder.Find(text, new EntitlementScope("site", ["web", "dal-1", "dal-2"])), Is.Null);

    [Test]
    public void AWordCutShort_IsTheCatalogsOnlyWordBeginningSo_AndOnlyThen()
    {
        var harbor = PlannerFixture.For("harbor").Index;

        Assert.That(harbor.Normalize("as a tech at the shop"), Does.Contain("technician"));
        Assert.That(harbor.Normalize("two techs"), Does.Contain("technicians"));
        Assert.That(PlannerFixture.For("meridian").Index.Normalize("pull meds"), Is.EqualTo("pull meds"), "medication, medical and Medicine begin alike");
    }

    [Test]
    public void AnEverydayWord_IsNeitherASlipNorTheStartOfACatalogWord()
    {
        var bank = PlannerFixture.For("bank").Index;

        // The bank catalog says "file them" and "headcount"; the person meant what they wrote.
        Assert.That(bank.Normalize("the refresh keeps failing"), Is.EqualTo("the refresh keeps failing"));
        Assert.That(bank.Normalize("acting head teller"), Is.EqualTo("acting head teller"));
        // A word no dictionary holds is still read as the catalog's: "creds" is cut short.
        Assert.That(bank.Normalize("DBA creds"), Is.Not.EqualTo("DBA creds"));
    }

    [Test]
    public void APersonsSurnameThatIsAnEverydayWord_DoesNotNameTheAppItIsOneSlipFrom()
    {
        var bank = PlannerFixture.For("bank").Index;

        Assert.That(bank.FindApps("set up Jenna Price with supervisor override"), Is.Empty, "Price is one letter from PRIME");
        Assert.That(bank.FindApps("I need Prime card inquiry").Select(a => a.App.Id), Is.EqualTo(new[] { "tsys-prime" }));
    }

    [Test]
    public void AScopeOfOneWord_IsNotFoundInsideAnother()
    {
        var scope = Catalog.FindEntitlement("otm-plan")!.Scope!;

        Assert.That(ScopeFinder.Find("I need to plan europa shipments", scope), Is.Null);
    }

    [Test]
    public void TheInitialsOfAnAppsName_NameTheApp() =>
        Assert.That(Search.Value.FindApps(Search.Value.Normalize("access to OTM")).Select(a => a.App.Id), Is.EqualTo(new[] { "otm" }));

    [Test]
    public void AnAppAliasFromTheCatalog_NamesTheApp()
    {
        var apps = Search.Value.FindApps("I need to tender loads in the planner");

        Assert.That(apps.Select(a => a.App.Id), Is.EqualTo(new[] { "otm" }));
    }

    [TestCase("give me Shipment Planner for the eu region", "otm-plan")]
    [TestCase("I need otm-view please", "otm-view")]
    public void AnEntitlementNamedWordForWord_IsTheOneMeant(string text, string expected)
    {
        var interpreter = new RequestInterpreter(Search.Value);

        Assert.That(interpreter.NamedOutright(text)?.Id, Is.EqualTo(expected));
    }

    [TestCase("I don't need Shipment Planner, just to see shipments", null)]
    [TestCase("Shipment Viewer rather than Shipment Planner please", "otm-view")]
    [TestCase("I don't have Shipment Planner yet and need it", "otm-plan")]
    public void AnEntitlementNamedToBeSetAside_IsNotTheOneMeant(string text, string? expected)
    {
        var interpreter = new RequestInterpreter(Search.Value);

        Assert.That(interpreter.NamedOutright(text)?.Id, Is.EqualTo(expected));
    }

    [Test]
    public void TwoEntitlementsNamedAlike_NameNeither()
    {
        var interpreter = new RequestInterpreter(Search.Value);

        Assert.That(interpreter.NamedOutright("Shipment Viewer or Shipment Planner?"), Is.Null);
    }

    [Test]
    public void AnEnglishWordAFewLettersShortOfACatalogWord_IsLeftAlone()
    {
        // The demo catalog says "HR Partner": "part of my job" is no partner.
        Assert.That(PlannerFixture.For("").Index.Normalize("part of my job is entering vendor bills"), Is.EqualTo("part of my job is entering vendor bills"));
    }
}
