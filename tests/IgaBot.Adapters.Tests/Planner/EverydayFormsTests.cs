using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Everyday forms of what the catalog says, found on fresh held-out tenants in the sixteenth session: a verb of getting
/// a copy ("grab", "fetch") asks to read, so the narrowest level that reads is taken without a question; an adjective
/// ("our defensive unit") names the scope value that is its noun ("defense"); the scope's label ("event type") names no
/// value; a noun of work in the plural ("for the pre-draft meetings") is a reason; "no-show" is a word, not a negation;
/// "tie out" the figures reconciles them.
/// </summary>
public sealed class EverydayFormsTests
{
    private const string Catalog = """
        apps:
          - id: assets
            name: Asset Library
            description: Photo and video library for the marketing and press teams - event galleries, b-roll and the broadcast archive.
            owner: kim.lee@example.com
            connector: manual
            entitlements:
              - id: assets-browse
                name: Library Browse
                description: Search, preview and download web-size photos and clips.
                risk: low
                approvals: []
              - id: assets-contributor
                name: Library Contributor
                description: Upload media, edit captions and tags, and build collections.
                risk: medium
                approvals: [manager]
              - id: assets-masters
                name: Master Files
                description: Download full-resolution masters and raw camera files, including licensed footage.
                risk: high
                approvals: [manager]
          - id: film
            name: Film Room
            description: Game film and opponent tape for coaches.
            owner: kim.lee@example.com
            connector: manual
            entitlements:
              - id: film-coordinator
                name: Film Coordinator
                description: Upload and tag film and build playlists for one unit.
                risk: medium
                approvals: [manager]
                scope: {label: unit, options: [offense, defense, special teams]}
        """;

    private const string Directory = """
        users:
          - {email: kim.lee@example.com, name: Kim Lee, title: Content Producer, department: Marketing}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("need to grab a few photos from saturday's event for the newsletter, can I get into the asset library")]
    [TestCase("could you let me fetch some clips from the asset library for a recap")]
    [TestCase("need to grab a couple of b-roll shots for the recap, can i get into the asset library")]
    [TestCase("have to grab the gallery from last night's event out of the library")]
    [TestCase("can someone help me retrieve a few event shots from the asset library")]
    [TestCase("i wanna grab some of the archive stuff in the asset library for a throwback post")]
    public void AVerbOfGettingACopy_AsksForTheNarrowestLevelThatReads(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("assets-browse"), result.Why);
    }

    [TestCase("I want to build playlists for our defensive unit in the film room", "defense")]
    [TestCase("film coordinator for the offensive side please", "offense")]
    public void AnAdjective_NamesTheScopeValueThatIsItsNoun(string text, string expected)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Scope, Is.EqualTo(expected), result.Why);
    }

    // The word must be an adjective of a value's whole noun: "financier" is no adjective, and "artistic" is of "artist", not of
    // "Art".
    [TestCase("the financial close", "Finance")]
    [TestCase("regional numbers", "Region")]
    [TestCase("operational dashboards", "Operations")]
    public void AnAdjective_OfAScopeValue(string text, string expected) =>
        Assert.That(ScopeFinder.Find(text, new EntitlementScope("area", ["Finance", "Region", "Operations", "Art"])), Is.EqualTo(expected));

    [TestCase("an artistic direction")]
    [TestCase("a financier called")]
    public void AWordThatIsNoAdjectiveOfAValue_NamesNoScope(string text) =>
        Assert.That(ScopeFinder.Find(text, new EntitlementScope("area", ["Finance", "Region", "Operations", "Art"])), Is.Null);

    private static readonly EntitlementScope EventTypes = new("event type", ["Football", "Concerts", "Special Events"]);

    // "event" is the kind of value asked about, so which one is still a question; the value's own word still names it.
    [TestCase("need event build access in the ticketing system for a day", null)]
    [TestCase("need to build the special events for next month", "Special Events")]
    [TestCase("building the concert events for the summer", "Concerts")]
    public void TheScopesLabel_NamesNoValue(string text, string? expected) =>
        Assert.That(ScopeFinder.Find(text, EventTypes), Is.EqualTo(expected));

    [TestCase("need to move players around on the draft board for the pre-draft meetings")]
    [TestCase("need the GL exports for the quarterly audits")]
    public void ANounOfWorkInThePlural_IsAReason(string text) =>
        Assert.That(JustificationFinder.Find(text)?.Kind, Is.EqualTo(JustificationKind.Purpose));

    // "no-show rates" in a description ruled out "show" (and penalised the level that reports them); in a message it
    // negated what followed.
    [Test]
    public void NoJoinedByAHyphen_IsAWordOfItsOwn_NotANegation()
    {
        var words = Words.Tokenize("attendance and no-show rates, the no-fly list");
        var asked = ActionReader.Read(Words.Tokenize("need to see the no-show numbers"), _ => true);

        Assert.Multiple(() =>
        {
            Assert.That(words.Select(w => w.Text), Is.EqualTo(new[] { "attendance", "and", "no-show", "rates", "the", "no-fly", "list" }));
            Assert.That(asked.Negated, Is.Empty);
            Assert.That(asked.Wanted, Does.Contain(Words.Stem("see")));
        });
    }

    // "tie out" figures is an accountant's "reconcile": read as the catalog's verb, not as an unknown verb of doing (which
    // asked for a changing level and passed over the reconciling one).
    [TestCase("trying to tie out the win numbers against what the meters say")]
    [TestCase("I need to tie out the bank balances to the ledger each morning")]
    public void TieOut_Reconciles(string text) =>
        Assert.That(ActionReader.Read(Words.Tokenize(text), _ => true).Wanted, Does.Contain(Words.Stem("reconcile")));
}
