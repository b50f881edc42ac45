using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A name run together from two capitalised parts ("QuarroLink") is shortened by people to its first part ("quarro"):
/// that part names the app. A first part that is an English word ("Fact" of "FactBook") or the first part of two apps'
/// names names nothing on its own.
/// </summary>
public sealed class AppNamedByLeadingPartTests
{
    private const string Catalog = """
        apps:
          - id: ql
            name: MSCX QuarroLink
            description: Portfolio risk analytics and factor models.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: ql-viewer
                name: QL Viewer
                description: See factor exposures and risk reports.
                risk: low
                approvals: []
          - id: factbook
            name: FactBook
            description: Company fundamentals and estimates.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: fb-read
                name: FactBook Read
                description: Look up fundamentals.
                risk: low
                approvals: []
          - id: velo-a
            name: VeloTrade
            description: Trade capture.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: vt-user
                name: VeloTrade User
                description: Capture trades.
                risk: low
                approvals: []
          - id: velo-b
            name: VeloClear
            description: Clearing and settlement.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: vc-user
                name: VeloClear User
                description: See settlement status.
                risk: low
                approvals: []
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Head of Risk, department: Risk}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("can I get into quarro to look at the factor exposures", "ql")]
    [TestCase("need Quarro access pls", "ql")]
    [TestCase("need QuarroLink access pls", "ql")]
    public void TheFirstPartOfARunTogetherName_NamesTheApp(string text, string app)
    {
        Assert.That(Search.Value.FindApps(text).Select(a => a.App.Id), Is.EqualTo(new[] { app }));
    }

    [TestCase("I need the fact that I was approved written down")]
    [TestCase("need velo access pls")]
    public void AnEnglishWordOrAPartTwoAppsShare_NamesNoApp(string text)
    {
        Assert.That(Search.Value.FindApps(text), Is.Empty);
    }
}
