using System.Collections.Concurrent;
using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>A tenant of tests/eval and its search index, built once per test run (loading MiniLM is the slow part).</summary>
internal sealed class PlannerFixture
{
    // One fixture per tenant folder, built on first use.
    private static readonly ConcurrentDictionary<string, Lazy<PlannerFixture>> Fixtures = new(StringComparer.Ordinal);

    private readonly Core.Tenant _tenant;

    private PlannerFixture(string folder)
    {
        _tenant = EvalTenant.Load(folder);
        Index = EntitlementSearch.BuildAsync(_tenant.Catalog, MiniLmTextEmbedder.Shared, new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The public eval tenant (tests/eval, folder "") or an invented one by its folder under tests/eval ("harbor", "school").</summary>
    public static PlannerFixture For(string folder) =>
        Fixtures.GetOrAdd(folder, f => new Lazy<PlannerFixture>(() => new PlannerFixture(f))).Value;

    public EntitlementSearch Index { get; }
    public AccessCatalog TenantCatalog => _tenant.Catalog;
    public RequestInterpreter NewInterpreter() => new(Index);

    /// <summary>What the planner makes of one message of a person of this tenant.</summary>
    public Interpretation Read(string requester, string text) => NewInterpreter().Interpret(text, Context(requester));

    public InterpretContext Context(string email) => new()
    {
        RequesterEmail = email,
        PeerHoldings = EvalTenant.PeerHoldings(_tenant, email),
        Now = new DateTimeOffset(2025, 3, 12, 10, 0, 0, TimeSpan.Zero),
        People = KnownPeople.For(_tenant.Directory, email),
    };

    // The public tenant, which most tests use.
    public static AccessCatalog Catalog => For("").TenantCatalog;
    public static PeopleDirectory Directory => For("")._tenant.Directory;
    public static EntitlementSearch Search => For("").Index;
    public static RequestInterpreter Interpreter => For("").NewInterpreter();
    public static InterpretContext ContextFor(string email) => For("").Context(email);
}
