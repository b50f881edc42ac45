using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A word of changing inside a noun of the catalog ("the config change history", "change requests") is a thing a level
/// reads, not an action it grants (twenty-third session, found on a delivery platform's tenant read by kind). The bot
/// had read the read-only level as one that changes, so "not changing anything" ruled out every level and none was asked for.
/// </summary>
public sealed class NounsOfChangingTests
{
    private const string Catalog = """
        apps:
          - id: tariff
            name: Tariff
            description: Pricing service - rate cards, peak multipliers, zone polygons and delivery fees.
            owner: olga.brandt@example.com
            connector: manual
            entitlements:
              - id: tariff-viewer
                name: Tariff Read Only
                description: Read rate cards, peak curves, zone maps and the config change history.
                risk: low
                approvals: [manager]
              - id: tariff-editor
                name: Tariff Config Editor
                description: >-
                  Draft changes to rate cards, peak caps and zone polygons for one city and run them through the
                  simulator. Cannot push anything live.
                risk: medium
                approvals: [manager, owner]
              - id: tariff-publisher
                name: Tariff Publisher
                description: Push reviewed pricing changes live, roll back a config, set emergency peak caps.
                risk: critical
                approvals: [manager, owner]
        """;

    private const string Directory = """
        users:
          - {email: olga.brandt@example.com, name: Olga Brandt, title: Pricing Lead, department: Marketplace}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void LookingAndChangingNothing_IsTheLevelThatReadsTheChangeHistory()
    {
        var result = new RequestInterpreter(Search.Value)
            .Interpret("writing up why peak pricing keeps pinning at 2x near the arena. i just need to look at the peak curves + zone maps, not changing anything");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("tariff-viewer"), result.Why);
    }
}
