using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A search with a limit scores everything cheaply and in full only what can reach the top: it must rank
/// exactly as scoring every entitlement in full does.
/// </summary>
[TestFixture]
public sealed class SearchIndexTests
{
    private static readonly string[] DemoQueries =
    [
        "I need read-only access to prod AWS",
        "can I merge my PR in github",
        "let me look at the tableau dashboards, I won't change anything",
        "I need to run SQL queries on the analytics marts",
        "edit opportunities in Salesforce",
        "approve vendor bills in netsuite",
        "admin",
        "I need to see customer personal data in snowflake",
        "be on call for the payments service",
        "Jira",
        "give Tom Baker data access",
        "something unrelated about my laptop",
    ];

    [TestCaseSource(nameof(DemoQueries))]
    public void OnTheDemoCatalog_TheTopOfALimitedSearch_IsTheTopOfTheFullRanking(string query)
    {
        var index = PlannerFixture.Search;
        var vector = index.Embedder.Embed(query);
        var full = index.Search(query, vector);

        Assert.That(full, Has.Count.EqualTo(index.Catalog.Entitlements.Count()));
        foreach (var limit in new[] { 1, 3, 8, 20 })
            AssertSameRanking(index.Search(query, vector, limit), full.Take(limit).ToList(), $"limit {limit}");
    }

    [TestCaseSource(nameof(DemoQueries))]
    public void OnTheDemoCatalog_ASearchWithinOneApp_IsTheFullRankingOfThatApp(string query)
    {
        var index = PlannerFixture.Search;
        var vector = index.Embedder.Embed(query);
        var full = index.Search(query, vector);

        foreach (var app in index.Catalog.Apps)
            AssertSameRanking(index.Search(query, vector, 2, app.Id), full.Where(m => m.App.Id == app.Id).Take(2).ToList(), app.Id);
    }

    private static readonly string[] GeneratedQueries =
    [
        "I need to view invoices in Atlas Billing",
        "can I get edit access to the shipments in Harbor Logistics",
        "I want to approve payments",
        "read-only access to the fleet dashboards for a week",
        "export the claims reports from Summit Claims",
        "I need admin on Zenith Portal 3",
        "Atlas Biling viewer",
        "no exports, just let me look at the routes",
    ];

    [Test]
    public async Task OnAGeneratedCatalogOfThousands_TheTopOfALimitedSearch_IsTheTopOfTheFullRanking()
    {
        var index = await EntitlementSearch.BuildAsync(Generated(4000), new FakeTextEmbedder(), new InMemoryEmbeddingCache(), CancellationToken.None);

        foreach (var query in GeneratedQueries)
        {
            var vector = index.Embedder.Embed(query);
            var full = index.Search(query, vector);
            foreach (var limit in new[] { 1, 10, 50 })
                AssertSameRanking(index.Search(query, vector, limit), full.Take(limit).ToList(), $"\"{query}\", limit {limit}");
        }
    }

    [TestCase("I need the Kubernetse dashboards", "Kubernetse", "Kubernetes")]
    [TestCase("I need the Kubrnetes dashboards", "Kubrnetes", "Kubernetes")]
    [TestCase("I need the Kubernetees dashboards", "Kubernetees", "Kubernetes")]
    [TestCase("I need the Kubermetes dashboards", "Kubermetes", "Kubernetes")]
    [TestCase("I need the Redwod reports", null, null)]
    [TestCase("I need the Kubrnets dashboards", null, null)]
    public async Task OnAGeneratedCatalog_ASlipOfTheKeyboard_NamesTheOneAppItIsOneEditFrom(string message, string? said, string? app)
    {
        var generated = Generated(400);
        var kubernetes = new App
        {
            Id = "k8s",
            Name = "Kubernetes",
            Description = "Container clusters.",
            Owner = "owner@example.com",
            Connector = "manual",
            Entitlements = [new Entitlement { Id = "k8s-view", AppId = "k8s", Name = "Cluster Viewer", Description = "View workloads.", Risk = Risk.Low, Approvals = [ApprovalStep.Manager] }],
        };
        var catalog = new AccessCatalog([.. generated.Apps, kubernetes], new Dictionary<string, IReadOnlyList<string>>());
        var index = await EntitlementSearch.BuildAsync(catalog, new FakeTextEmbedder(), new InMemoryEmbeddingCache(), CancellationToken.None);

        var found = index.FindApps(message);

        // "Redwod" is one letter from "Redwood", which starts the names of several apps: it names none of them.
        Assert.That(found.Select(m => m.Text), Is.EqualTo(said is null ? Array.Empty<string>() : [said]));
        Assert.That(found.Select(m => m.App.Name), Is.EqualTo(app is null ? Array.Empty<string>() : [app]));
    }

    private static void AssertSameRanking(IReadOnlyList<EntitlementMatch> limited, IReadOnlyList<EntitlementMatch> expected, string what)
    {
        Assert.That(limited.Select(m => m.Entitlement.Id), Is.EqualTo(expected.Select(m => m.Entitlement.Id)), what);
        Assert.That(limited.Select(m => m.Score), Is.EqualTo(expected.Select(m => m.Score)), what);
        Assert.That(limited.Select(m => m.Why), Is.EqualTo(expected.Select(m => m.Why)), what);
    }

    private static readonly string[] Products = ["Atlas", "Beacon", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Juniper", "Redwood", "Summit", "Zenith"];
    private static readonly string[] Domains = ["Billing", "Payroll", "Inventory", "Ticketing", "Analytics", "Fleet", "Claims", "Logistics", "Portal"];
    private static readonly string[] Objects = ["invoices", "orders", "shipments", "tickets", "reports", "dashboards", "records", "claims", "payments", "routes"];
    private static readonly (string Name, string Verb, Risk Risk)[] Levels =
    [
        ("Viewer", "View", Risk.Low), ("Editor", "Create and edit", Risk.Medium), ("Approver", "Approve", Risk.High),
        ("Exporter", "Export", Risk.Medium), ("Administrator", "Manage users, settings and all", Risk.Critical),
    ];

    /// <summary>Apps of five levels each, names and descriptions from word lists, the same every run.</summary>
    private static AccessCatalog Generated(int count)
    {
        var random = new Random(42);
        var apps = new List<App>();
        for (var a = 0; apps.Count * Levels.Length < count; a++)
        {
            var name = $"{Products[a % Products.Length]} {Domains[a / Products.Length % Domains.Length]}" +
                (a >= Products.Length * Domains.Length ? $" {a / (Products.Length * Domains.Length)}" : "");
            var id = $"app-{a}";
            var thing = Objects[random.Next(Objects.Length)];
            var other = Objects[random.Next(Objects.Length)];
            apps.Add(new App
            {
                Id = id,
                Name = name,
                Description = $"{name}: {thing} and {other} for the team.",
                Owner = "owner@example.com",
                Connector = "manual",
                Entitlements = [.. Levels.Select(level => new Entitlement
                {
                    Id = $"{id}-{level.Name.ToLowerInvariant()}",
                    AppId = id,
                    Name = $"{name} {level.Name}",
                    Description = level.Name == "Viewer" ? $"{level.Verb} {thing} and {other} in {name}. No exports." : $"{level.Verb} {thing} and {other} in {name}.",
                    Risk = level.Risk,
                    Approvals = [ApprovalStep.Manager],
                })],
            });
        }
        return new AccessCatalog(apps, new Dictionary<string, IReadOnlyList<string>>());
    }
}
