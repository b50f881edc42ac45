using IgaBot.Adapters.Planner;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A message that asks and says many of one entitlement's own words is about that entitlement, however much of the company's
/// jargon around them the catalog does not know and however faint MiniLM finds the meaning (a small wafer fab tenant, written
/// here: layout tools and an onboarding portal).
/// </summary>
public sealed class TiedByItsOwnWordsTests
{
    private const string Catalog = """
        apps:
          - id: layout
            name: Cadmium Layout Suite
            description: Full-custom IC layout and verification tools.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: layout-viewer
                name: Layout Viewer
                description: Open layouts read-only for review.
                risk: low
                approvals: []
              - id: layout-designer
                name: Layout Designer
                description: Draw and edit scribe line test structures, pad rings and seal rings, and run DRC and LVS.
                risk: medium
                approvals: [manager]
          - id: portal
            name: StartRight
            description: Onboarding portal for new contractors.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: portal-tracker
                name: Onboarding Tracker
                description: Follow the onboarding progress of contractors you placed.
                risk: low
                approvals: []
              - id: portal-admin
                name: StartRight Administrator
                description: Configure document templates, e-signature packets and user roles.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Engineering Manager, department: Engineering}
          - {email: ken.ito@example.com, name: Ken Ito, title: Layout Engineer, department: Engineering, manager: amy.ross@example.com}
        """;

    private static readonly Lazy<(RequestInterpreter Interpreter, Core.Tenant Tenant)> Fab = new(() =>
    {
        var (tenant, search) = InlineTenant.Load(Catalog, Directory);
        return (new RequestInterpreter(search), tenant);
    });

    private static Interpretation Read(string text) => Fab.Value.Interpreter.Interpret(text,
        new InterpretContext { RequesterEmail = "ken.ito@example.com", People = KnownPeople.For(Fab.Value.Tenant.Directory, "ken.ito@example.com") });

    [TestCase("need to redo the scribe line test structures on the N5 shuttle before tapeout, the TEG guys moved the PCM keys again", "layout-designer")]
    [TestCase("gotta fix scribe line test structures for N5 MPW, TEG/PCM keys shifted post-ECO, tapeout fri", "layout-designer")]
    [TestCase("need to respin the pad rings and seal rings on the N5 MPW, ESD cells got swapped post-ECO", "layout-designer")]
    [TestCase("I need to keep an eye on onboarding for the contractors I put forward last week", "portal-tracker")]
    public void AnAskingMessageThatSaysOneEntitlementsOwnWords_IsARequestForIt(string text, string expected)
    {
        var result = Read(text);

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id ?? string.Join(",", result.Options.Select(o => o.Entitlement.Id)), Does.Contain(expected), result.Why);
    }

    // The rule on its own, with the scores a jargon-heavy message gets: MiniLM's meaning faint (0.14), the words plain.
    private static EntitlementMatch Designer(double semantic, double name, params string[] words)
    {
        var designer = Fab.Value.Tenant.Catalog.FindEntitlement("layout-designer")!;
        return new(designer, 0.28) { App = Fab.Value.Tenant.Catalog.FindApp("layout")!, Relevance = 0.28, Lexical = 0.28, Semantic = semantic, NameMatch = name, MatchedWords = words };
    }

    [Test]
    public void FourOfItsOwnWords_InAMessageThatAsks_TieItToTheCatalog_ThoughTheMeaningIsFaint()
    {
        var weights = new PlannerWeights();
        Assert.That(RequestInterpreter.TiedByItsOwnWords("need to redo the scribe line test structures", Designer(0.14, 0, "scrib", "lin", "test", "structur"), weights), Is.True);
        // Told as news, not asked: no.
        Assert.That(RequestInterpreter.TiedByItsOwnWords("the scribe line test structures came back clean", Designer(0.14, 0, "scrib", "lin", "test", "structur"), weights), Is.False);
        // Three words and a faint meaning: the other rules decide.
        Assert.That(RequestInterpreter.TiedByItsOwnWords("need to redo the scribe line structures", Designer(0.14, 0, "scrib", "lin", "structur"), weights), Is.False);
        // Two words, one of its name, and a clear meaning: yes; a middling meaning: no.
        Assert.That(RequestInterpreter.TiedByItsOwnWords("need the layout designer for the test rings", Designer(0.5, 0.5, "layout", "ring"), weights), Is.True);
        Assert.That(RequestInterpreter.TiedByItsOwnWords("need the layout designer for the test rings", Designer(0.3, 0.5, "layout", "ring"), weights), Is.False);
    }
}
