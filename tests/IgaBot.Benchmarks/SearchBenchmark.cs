using System.Diagnostics;
using System.Globalization;
using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Benchmarks;

/// <summary>
/// <c>--search</c>: the planner's catalog search (<see cref="EntitlementSearch"/>: MiniLM cosine plus lexical and
/// name matching over every entitlement) on a generated catalog of 100,000 entitlements. Their vectors are random
/// unit vectors put in the embedding cache under each entitlement's text, so the index is built the way the bot
/// builds it without encoding 100,000 texts; each query is encoded once with MiniLM before it is timed, and the
/// timed part is <see cref="EntitlementSearch.Search(string, float[], int, string?)"/> with a limit of 10, what the search tool does after
/// its encode. The run then checks that each query's top 10 equal the first 10 of the full ranking.
/// </summary>
internal static class SearchBenchmark
{
    private const int Dimensions = 384;
    private const int PerApp = 5;

    private static readonly string[] Products =
    [
        "Atlas", "Beacon", "Cobalt", "Delta", "Ember", "Falcon", "Granite", "Harbor", "Indigo", "Juniper", "Keystone", "Lumen",
        "Meridian", "Nimbus", "Orchid", "Pioneer", "Quartz", "Redwood", "Summit", "Tundra", "Umber", "Vertex", "Willow", "Zenith",
    ];
    private static readonly string[] Domains =
    [
        "Billing", "Payroll", "Inventory", "Ticketing", "Analytics", "Warehouse", "Fleet", "Claims", "Ledger", "Recruiting",
        "Scheduling", "Procurement", "Compliance", "Marketing", "Support", "Logistics", "Pharmacy", "Registry", "Portal", "Telemetry",
    ];
    private static readonly string[] Objects =
    [
        "invoices", "orders", "shipments", "tickets", "reports", "dashboards", "records", "accounts", "vendors", "claims",
        "schedules", "contracts", "payments", "assets", "policies", "campaigns", "routes", "budgets", "cases", "documents",
    ];
    private static readonly (string Name, string Verb, Risk Risk)[] Levels =
    [
        ("Viewer", "View", Risk.Low), ("Editor", "Create and edit", Risk.Medium), ("Approver", "Approve", Risk.High),
        ("Exporter", "Export", Risk.Medium), ("Administrator", "Manage users, settings and every one of the", Risk.Critical),
    ];

    private static readonly string[] Queries =
    [
        "I need to view invoices in Atlas Billing",
        "can I get edit access to the shipments in Harbor Logistics",
        "I want to approve payments",
        "read-only access to the fleet dashboards for a week",
        "export the claims reports from Summit Claims",
        "I need admin on Zenith Portal 77",
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var count = Option(args, "--entitlements", 100_000);
        var queries = Option(args, "--queries", 60);
        var random = new Random(20261204);

        var started = Stopwatch.GetTimestamp();
        var catalog = Generate(count, random);
        var cache = new InMemoryEmbeddingCache();
        var embedder = new CountingEmbedder(MiniLmTextEmbedder.Shared);
        foreach (var app in catalog.Apps)
            foreach (var entitlement in app.Entitlements)
                await cache.PutAsync(embedder.ModelName, TextEmbeddings.Hash(EntitlementSearch.TextOf(app, entitlement)), RandomUnit(random), CancellationToken.None);
        var generated = Stopwatch.GetElapsedTime(started);

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"search: {count:N0} generated entitlements in {catalog.Apps.Count:N0} apps, random unit vectors in the cache ({generated.TotalSeconds:0.0} s); building the index"));
        started = Stopwatch.GetTimestamp();
        var index = await EntitlementSearch.BuildAsync(catalog, embedder, cache, CancellationToken.None);
        var built = Stopwatch.GetElapsedTime(started);
        if (embedder.Texts != 0)
        {
            await output.WriteLineAsync($"search: building the index encoded {embedder.Texts} texts; the cache should have held every vector");
            return 1;
        }

        var vectors = Queries.Select(q => MiniLmTextEmbedder.Shared.Embed(q)).ToArray();
        for (var i = 0; i < 3; i++) index.Search(Queries[i % Queries.Length], vectors[i % Queries.Length]);
        var samples = new double[queries];
        for (var i = 0; i < queries; i++)
        {
            var q = i % Queries.Length;
            var t = Stopwatch.GetTimestamp();
            var best = index.Search(Queries[q], vectors[q], limit: 10);
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
            if (best.Count == 0) throw new InvalidOperationException("the search found nothing");
        }
        Array.Sort(samples);
        // The limited search scores in full only what can reach the top: it must rank as scoring everything does.
        foreach (var (query, vector) in Queries.Zip(vectors))
        {
            var top = index.Search(query, vector, limit: 10).Select(m => (m.Entitlement.Id, m.Score));
            var full = index.Search(query, vector).Take(10).Select(m => (m.Entitlement.Id, m.Score));
            if (top.SequenceEqual(full)) continue;
            await output.WriteLineAsync($"search: the top 10 for \"{query}\" differ from the full ranking's");
            return 1;
        }
        var p50 = samples[queries / 2];
        var p95 = samples[Math.Min(queries - 1, (int)Math.Ceiling(queries * 0.95) - 1)];
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"search: index built in {built.TotalSeconds:0.0} s with no encode"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"search: a query (EntitlementSearch.Search with its vector, the top 10, {queries} queries): p50 {p50:0.0} ms, p95 {p95:0.0} ms, max {samples[^1]:0.0} ms; goal p50 <= 20 ms: {(p50 <= 20 ? "met" : "not met")}; the top 10 of each query equal the full ranking's"));
        return 0;
    }

    private static AccessCatalog Generate(int count, Random random)
    {
        var apps = new List<App>();
        var made = 0;
        for (var a = 0; made < count; a++)
        {
            var name = $"{Products[a % Products.Length]} {Domains[a / Products.Length % Domains.Length]}" + (a >= Products.Length * Domains.Length ? $" {a / (Products.Length * Domains.Length)}" : "");
            var id = $"app-{a}";
            var thing = Objects[random.Next(Objects.Length)];
            var other = Objects[random.Next(Objects.Length)];
            var entitlements = Levels.Take(Math.Min(PerApp, count - made)).Select((level, i) => new Entitlement
            {
                Id = $"{id}-{level.Name.ToLowerInvariant()}",
                AppId = id,
                Name = $"{name} {level.Name}",
                Description = $"{level.Verb} {thing} and {other} in {name}.",
                Risk = level.Risk,
                Approvals = [ApprovalStep.Manager],
            }).ToList();
            made += entitlements.Count;
            apps.Add(new App
            {
                Id = id,
                Name = name,
                Description = $"{name}: {thing} and {other} for the {Domains[random.Next(Domains.Length)].ToLowerInvariant()} team.",
                Owner = "owner@example.com",
                Connector = "manual",
                Entitlements = entitlements,
            });
        }
        return new AccessCatalog(apps, new Dictionary<string, IReadOnlyList<string>>());
    }

    private static float[] RandomUnit(Random random)
    {
        var v = new float[Dimensions];
        double norm = 0;
        for (var i = 0; i < v.Length; i++)
        {
            // Box-Muller: normal components give a direction uniform on the sphere.
            var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            v[i] = (float)g;
            norm += g * g;
        }
        var scale = (float)(1 / Math.Sqrt(norm));
        for (var i = 0; i < v.Length; i++) v[i] *= scale;
        return v;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var n) && n > 0 ? n : fallback;
    }
}
