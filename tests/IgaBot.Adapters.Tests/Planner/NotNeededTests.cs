using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What a person says they do not need ("I don't need notebooks or clusters") is no word of what they do need: it must
/// not make the entitlement that offers it look like the better match.
/// </summary>
public sealed class NotNeededTests
{
    private const string Catalog = """
        apps:
          - id: lake
            name: Lakehouse
            description: Data platform for analytics.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: lake-sql
                name: Lakehouse SQL Warehouse
                description: Run SQL queries and dashboards on the curated order tables.
                risk: low
                approvals: [manager]
              - id: lake-workspace
                name: Lakehouse Workspace User
                description: Create notebooks, attach to shared clusters, run jobs and SQL on raw and curated tables.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Analyst, department: Finance}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void ThingsNotNeeded_AreNotSearchedFor()
    {
        var reading = new MessageReader(Search.Value).Read("just SQL please, I don't need notebooks or clusters", InterpretContext.Empty);

        Assert.That(reading.SearchText, Does.Contain("SQL"));
        Assert.That(reading.SearchText, Does.Not.Contain("notebooks").And.Not.Contain("clusters"));
    }

    [Test]
    public void ThingsNotNeeded_DoNotPickTheEntitlementOfferingThem()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "is there somewhere I can run a query on how many orders we shipped last year? just SQL, i don't need notebooks or clusters");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("lake-sql"), result.Why);
    }

    [Test]
    public void NotNeedingToDoSomething_LeavesTheRestSearched()
    {
        var reading = new MessageReader(Search.Value).Read("I don't need to run jobs, just SQL queries", InterpretContext.Empty);

        Assert.That(reading.SearchText, Does.Contain("SQL queries"));
    }
}
