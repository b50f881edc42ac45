using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Two apps of one brand ("Harbor OMS", id <c>hbr</c>, and "Harbor Compliance", id <c>hbr-compliance</c>): the brand said
/// with a word close by that only the sibling's name holds names the sibling; said alone, or with that word far off in the
/// story, it names the app it names.
/// </summary>
public sealed class SiblingAppNamedNearbyTests
{
    private const string Catalog = """
        apps:
          - id: hbr
            name: Harbor OMS
            description: Order management for the investment desks.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: hbr-read
                name: Harbor Read Only
                description: See portfolios, holdings and the order blotter.
                risk: low
                approvals: []
          - id: hbr-compliance
            name: Harbor Compliance
            description: Pre-trade and post-trade compliance checks on orders.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: hbrc-override
                name: Compliance Override
                description: Override hard compliance warnings on orders.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Head of Trading, department: Trading}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("I need override rights in the compliance module of HBR", "hbr-compliance")]
    [TestCase("can I get the HBR compliance overrides for today", "hbr-compliance")]
    [TestCase("I need HBR to see the order blotter", "hbr")]
    [TestCase("our compliance officer said I should ask, I need to see the order blotter in HBR", "hbr")]
    public void TheBrandSaid_NamesTheSiblingWhoseOwnNameWordIsSaidCloseBy(string text, string app)
    {
        Assert.That(Search.Value.FindApps(text).Select(a => a.App.Id), Is.EqualTo(new[] { app }));
    }
}
