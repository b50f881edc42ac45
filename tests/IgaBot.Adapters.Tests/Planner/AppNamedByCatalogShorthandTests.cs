using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Names of an app the catalog gives without saying so: the start every one of its entitlement ids shares ("p4" of
/// p4-read and p4-write), and a brand written with a lower-case first letter ("iManage"), which the descriptions
/// mentioning it do not make an ordinary word.
/// </summary>
public sealed class AppNamedByCatalogShorthandTests
{
    private const string Catalog = """
        apps:
          - id: scm
            name: Helix Core
            description: Version control with one depot per title.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: p4-read
                name: Helix Read
                description: Sync and browse depots.
                risk: low
                approvals: []
              - id: p4-write
                name: Helix Write
                description: Submit changelists to a depot.
                risk: medium
                approvals: [manager]
          - id: dms
            name: iManage Work
            description: Document management; every matter has an iManage workspace.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: dms-author
                name: Document Author
                description: Create and edit documents in iManage workspaces.
                risk: low
                approvals: []
          - id: tickets
            name: Ticket Desk
            description: Support tickets.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: read-tickets
                name: Ticket Reader
                description: Read tickets.
                risk: low
                approvals: []
              - id: edit-tickets
                name: Ticket Editor
                description: Edit tickets.
                risk: low
                approvals: []
          - id: wiki
            name: Team Wiki
            description: Team pages.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: tw-reader
                name: Wiki Reader
                description: Read pages.
                risk: low
                approvals: []
              - id: tw-editor
                name: Wiki Editor
                description: Edit pages.
                risk: low
                approvals: []
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Head of IT, department: IT}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("can i get submit on the atlas depot in p4?", "scm")]
    [TestCase("hey can i get p4", "scm")]
    [TestCase("just moved over from another firm last week, need imanage", "dms")]
    public void TheCatalogsOwnShorthand_NamesTheApp(string text, string app)
    {
        Assert.That(Search.Value.FindApps(text).Select(a => a.App.Id), Is.EqualTo(new[] { app }));
    }

    [Test]
    public void AShortLetterShorthand_NamesTheAppOnlyInCapitals()
    {
        Assert.That(Search.Value.FindApps("can I get edit in TW").Select(a => a.App.Id), Is.EqualTo(new[] { "wiki" }));
        Assert.That(Search.Value.FindApps("tw is slow today"), Is.Empty);
    }

    [Test]
    public void IdsThatShareNoStart_GiveNoShorthand()
    {
        Assert.That(Search.Value.FindApps("I need to read the tickets"), Is.Empty);
    }
}
