using NUnit.Framework;
using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>The eval tenant and its search index, built once per test run (loading MiniLM is the slow part).</summary>
internal static class PlannerFixture
{
    private static readonly Lazy<(AccessCatalog Catalog, PeopleDirectory Directory, IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> Access, EntitlementSearch Search)> Eval = new(() =>
    {
        var catalog = EvalTenant.LoadCatalog(EvalTenant.EvalPath("catalog.yaml"));
        var (directory, access) = EvalTenant.LoadDirectory(EvalTenant.EvalPath("directory.yaml"));
        var search = EntitlementSearch.BuildAsync(catalog, MiniLmTextEmbedder.Shared, new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult();
        return (catalog, directory, access, search);
    });

    public static AccessCatalog Catalog => Eval.Value.Catalog;
    public static PeopleDirectory Directory => Eval.Value.Directory;
    public static EntitlementSearch Search => Eval.Value.Search;
    public static RequestInterpreter Interpreter => new(Eval.Value.Search);

    public static InterpretContext ContextFor(string email) => new()
    {
        RequesterEmail = email,
        PeerHoldings = EvalTenant.PeerHoldings(Eval.Value.Directory, Eval.Value.Access, email),
        Now = new DateTimeOffset(2025, 3, 12, 10, 0, 0, TimeSpan.Zero),
    };
}
