using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// "I want to dig into the exceptions and see which cashiers are doing them": "dig into" is what a catalog writes as "drill
/// into", so the level that drills into each associate's transactions is meant, not the store dashboards without names
/// (eighteenth session, a supermarket chain's tenant, read by kind: the dashboards were filed for one whose department may
/// not have the investigator, a request filed where policy denies). Where the catalog does not use the verb a phrasal verb
/// means, the verb said is still the action.
/// </summary>
public sealed class PhrasalVerbMeaningTests
{
    private const string Catalog = """
        apps:
          - id: lp
            name: ShrinkScope
            description: Loss prevention exception reporting on till data - voids, refunds and no-sales.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: lp-dashboards
                name: ShrinkScope Store Dashboards
                description: Store-level shrink and exception trend dashboards - voids, refunds and no-sales per store and week. No associate names.
                risk: low
                approvals: [manager]
              - id: lp-investigator
                name: ShrinkScope Case Investigator
                description: Drill into individual associates' transactions and exception alerts with names, and build internal theft cases.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Loss Prevention Manager, department: Loss Prevention}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    [Test]
    public void DigInto_IsTheLevelThatDrillsInto()
    {
        var result = new RequestInterpreter(Tenant.Value.Search).Interpret(
            "refunds at the Lakeside store are way over budget this month. i want to dig into ShrinkScope and see which cashiers are doing them");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("lp-investigator"), result.Why);
    }

    [Test]
    public void DigInto_MeansDrill_WhereTheCatalogDrills_AndDig_WhereItDoesNot()
    {
        var words = Words.Tokenize("i want to dig into the refunds");

        Assert.Multiple(() =>
        {
            Assert.That(ActionReader.Read(words, s => s is "drill" or "dig").Wanted, Does.Contain("drill"));
            Assert.That(ActionReader.Read(words, s => s is "dig").Wanted, Does.Contain("dig"));
        });
    }
}
