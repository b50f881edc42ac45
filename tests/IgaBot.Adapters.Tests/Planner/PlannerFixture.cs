using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>A tenant of tests/eval and its search index, built once per test run (loading MiniLM is the slow part).</summary>
internal sealed class PlannerFixture
{
    private static readonly Lazy<PlannerFixture> Public = new(() => new PlannerFixture(""));
    private static readonly Lazy<PlannerFixture> Tailspin = new(() => new PlannerFixture("tailspin"));
    private static readonly Lazy<PlannerFixture> Meridian = new(() => new PlannerFixture("meridian"));
    private static readonly Lazy<PlannerFixture> Harbor = new(() => new PlannerFixture("harbor"));
    private static readonly Lazy<PlannerFixture> Insurance = new(() => new PlannerFixture("insurance"));
    private static readonly Lazy<PlannerFixture> Pharma = new(() => new PlannerFixture("pharma"));
    private static readonly Lazy<PlannerFixture> Bank = new(() => new PlannerFixture("bank"));
    private static readonly Lazy<PlannerFixture> Utility = new(() => new PlannerFixture("utility"));
    private static readonly Lazy<PlannerFixture> Airline = new(() => new PlannerFixture("airline"));
    private static readonly Lazy<PlannerFixture> Manufacturing = new(() => new PlannerFixture("manufacturing"));
    private static readonly Lazy<PlannerFixture> Telecom = new(() => new PlannerFixture("telecom"));
    private static readonly Lazy<PlannerFixture> Hotel = new(() => new PlannerFixture("hotel"));
    private static readonly Lazy<PlannerFixture> Construction = new(() => new PlannerFixture("construction"));

    private readonly Core.Tenant _tenant;

    private PlannerFixture(string folder)
    {
        _tenant = EvalTenant.Load(folder);
        Index = EntitlementSearch.BuildAsync(_tenant.Catalog, MiniLmTextEmbedder.Shared, new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The public eval tenant (tests/eval) or an invented one (tests/eval/tailspin, tests/eval/meridian, tests/eval/harbor, tests/eval/insurance, tests/eval/pharma, tests/eval/bank, tests/eval/utility, tests/eval/airline, tests/eval/manufacturing, tests/eval/telecom, tests/eval/hotel, tests/eval/construction).</summary>
    public static PlannerFixture For(string folder) => folder switch
    {
        "tailspin" => Tailspin.Value,
        "meridian" => Meridian.Value,
        "harbor" => Harbor.Value,
        "insurance" => Insurance.Value,
        "pharma" => Pharma.Value,
        "bank" => Bank.Value,
        "utility" => Utility.Value,
        "airline" => Airline.Value,
        "manufacturing" => Manufacturing.Value,
        "telecom" => Telecom.Value,
        "hotel" => Hotel.Value,
        "construction" => Construction.Value,
        _ => Public.Value,
    };

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
    public static AccessCatalog Catalog => Public.Value.TenantCatalog;
    public static PeopleDirectory Directory => Public.Value._tenant.Directory;
    public static EntitlementSearch Search => Public.Value.Index;
    public static RequestInterpreter Interpreter => Public.Value.NewInterpreter();
    public static InterpretContext ContextFor(string email) => Public.Value.Context(email);
}
