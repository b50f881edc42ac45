using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Found on a shipyard's and an auction house's tenants read by kind (twenty-fourth session):
/// - a description's "orders above the limit still route to release" names the stage an order goes to, so the buyer does not
///   release, and "release authority" is the release approver's;
/// - "I'm moving up from expediting to buyer" is the person's move, not a request to move stock;
/// - a level that "cannot change reserves" may still change what its own words list ("change the estimate"), and one who
///   holds it is not stepped up to the reserves level for that;
/// - "he'll still sign and file them" tells what someone else goes on doing ("'ll" joins its word to the next), and "if I
///   typed it straight into the registry" wishes to enter it (a past tense after "if I" tells no story);
/// - "Check out and model structure" grants modelling (a verb's particle keeps the list of verbs going), so "start modeling
///   the foundations" is the designer's, not the viewer's;
/// - "doing the weight and stability update for the hull" names a task: no change is asked, so the reader is enough.
/// </summary>
public sealed class WhatIsDoneToWhatTests
{
    private const string Catalog = """
        apps:
          - id: buy
            name: Procura
            description: Purchasing and stores - requisitions, purchase orders, goods receipts.
            owner: rhea.moss@example.com
            connector: manual
            entitlements:
              - id: buy-display
                name: Procura Display
                description: Display stock, open orders and receipt history. No postings.
                risk: low
                approvals: []
              - id: buy-stores
                name: Stores Movements
                description: Post goods receipts and issues, move stock between bins. Cannot create or change purchase orders.
                risk: medium
                approvals: [manager]
              - id: buy-buyer
                name: Procura Buyer
                description: >-
                  Create and change requisitions and purchase orders, maintain vendor price lists. Orders above the buyer's
                  limit still route to release.
                risk: high
                approvals: [manager]
                conflicts: [buy-release]
              - id: buy-release
                name: Order Release Approver
                description: Release (approve) purchase orders under the release strategy. Cannot create or edit orders.
                risk: high
                approvals: [manager]
                conflicts: [buy-buyer]
          - id: cat
            name: Lotfile
            description: Consignments and catalogue entries for each sale; estimates, reserves and vendor terms.
            owner: rhea.moss@example.com
            connector: manual
            entitlements:
              - id: cat-browse
                name: Lotfile Browse
                description: Look up lots and estimates across sales. Reserves are hidden. No editing.
                risk: low
                approvals: []
              - id: cat-writer
                name: Lotfile Cataloguer
                description: >-
                  Write and edit catalogue entries: title, medium, condition reports, low/high estimates.
                  Cannot see or change reserves or vendor terms.
                risk: medium
                approvals: [manager]
              - id: cat-reserves
                name: Lotfile Reserves
                description: Set and change reserves, vendor commission and guarantees on consigned lots.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: rhea.moss@example.com, name: Rhea Moss, title: Operations Manager, department: Operations}
          - {email: tam.ode@example.com, name: Tam Ode, title: Buyer, department: Purchasing, manager: rhea.moss@example.com, access: [buy-buyer]}
          - {email: ivo.brandt@example.com, name: Ivo Brandt, title: Cataloguer, department: Paintings, manager: rhea.moss@example.com, access: [cat-writer]}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    private static Entitlement Level(string id) => Search.Value.Catalog.Apps.SelectMany(a => a.Entitlements).Single(e => e.Id == id);

    [Test]
    public void AStageAnOrderGoesTo_IsNoActionOfTheLevel()
    {
        Assert.That(EntitlementActions.Of(Level("buy-buyer")).Granted, Does.Not.Contain(Words.Stem("release")));
        Assert.That(EntitlementActions.Of(Level("buy-release")).Granted, Does.Contain(Words.Stem("release")));
    }

    [Test]
    public async Task ReleaseAuthority_IsTheReleaseApprovers_WhichABuyerMayNotHold()
    {
        var result = await InlineTenantEval.RunAsync(Catalog, Directory,
            """{"id":"release","requester":"tam.ode@example.com","say":"gordon's away and I've got 30 POs sitting in release with plate on them. can you give me release authority in procura so I can push them thru myself","answers":{},"expect":{"entitlement":"buy-release","status":"denied","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    [Test]
    public void APersonsMoveToAnotherJob_IsNoActionOnThings()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "I'm moving up from expediting to buyer on the pipe desk, need to be able to raise requisitions and orders in procura");

        Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("move")));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("buy-buyer"), result.Why);
    }

    [TestCase("we need to move the stock to bin 4")]
    [TestCase("i'm moving the pallets over to bin 4")]
    public void MovingAThing_IsStillAnAction(string text)
    {
        Assert.That(ActionReader.Read(Words.Tokenize(text), Privileges.IsLevelVerb).Wanted, Does.Contain(Words.Stem("move")));
    }

    private const string ChangeTheEstimate =
        "vendor rang, happy to go to 40-60k on the still life. need to change the estimate in lotfile before the proofs go";

    [Test]
    public void ChangingWhatTheLevelsOwnWordsList_IsNotRuledOutByAnExclusionOfOtherThings()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(ChangeTheEstimate);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cat-writer"), result.Why);
        Assert.That(result.NextLevelUp, Is.Null, "the cataloguer changes estimates; the reserves level is not asked for instead");
    }

    [Test]
    public async Task OneWhoHoldsTheCataloguer_IsToldSoForAChangeOfTheEstimate()
    {
        var result = await InlineTenantEval.RunAsync(Catalog, Directory,
            $$$"""{"id":"estimate","requester":"ivo.brandt@example.com","say":"{{{ChangeTheEstimate}}}","answers":{},"expect":{"entitlement":"cat-writer","status":"already_has_access","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    [Test]
    public void ChangingWhatTheExclusionNames_IsStillRuledOut()
    {
        var result = new RequestInterpreter(Search.Value).Interpret("need to change the reserve on lot 12 in lotfile");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cat-reserves"), result.Why);
    }

    [Test]
    public void WhatHeWillStillDo_IsTheStorysNotTheAsk()
    {
        var asked = ActionReader.Read(Words.Tokenize("it would save time if I could enter them myself, he'll still sign and file them"),
            s => Privileges.IsLevelVerb(s) || new[] { "enter", "sign", "file" }.Select(Words.Stem).Contains(s));

        Assert.That(asked.Wanted, Does.Contain(Words.Stem("enter")));
        Assert.That(asked.Wanted, Does.Not.Contain(Words.Stem("sign")).And.Not.Contain(Words.Stem("file")));
    }

    private const string ModelCatalog = """
        apps:
          - id: hullcad
            name: HullCAD
            description: 3D product model and production drawings, one project per hull.
            owner: rhea.moss@example.com
            connector: manual
            entitlements:
              - id: hullcad-viewer
                name: HullCAD Model Viewer
                description: Read-only model navigation, measure, run clash reports. No checkout.
                risk: low
                approvals: []
              - id: hullcad-designer
                name: HullCAD Designer
                description: Check out and model structure, pipe and equipment in a hull project; generate drawings.
                risk: medium
                approvals: [manager]
          - id: vault
            name: Vault
            description: Controlled technical data for government programs.
            owner: rhea.moss@example.com
            connector: manual
            entitlements:
              - id: vault-reader
                name: Technical Data Reader
                description: Read and download the technical data of one program. No uploads.
                risk: high
                approvals: [manager]
              - id: vault-custodian
                name: Document Custodian
                description: Upload, mark and update program documents and release them to the library.
                risk: high
                approvals: [manager]
        """;

    private static readonly Lazy<EntitlementSearch> ModelSearch = new(() => InlineTenant.Load(ModelCatalog, """
        users:
          - {email: rhea.moss@example.com, name: Rhea Moss, title: Operations Manager, department: Operations}
        """).Search);

    [Test]
    public void AVerbsParticle_KeepsTheListOfVerbsGoing()
    {
        var designer = ModelSearch.Value.Catalog.Apps.SelectMany(a => a.Entitlements).Single(e => e.Id == "hullcad-designer");
        Assert.That(EntitlementActions.Of(designer).Granted, Does.Contain(Words.Stem("model")));

        var result = new RequestInterpreter(ModelSearch.Value).Interpret("need to start modeling the aux machinery room foundations in hullcad");
        Assert.That(result.Entitlement?.Id, Is.EqualTo("hullcad-designer"), result.Why);
    }

    [Test]
    public void ATaskNamedByDescribingWordsAndAVerbsForm_AsksNoChange()
    {
        const string Text = "doing the weight and stability update for the landing craft, need the tech data in vault";

        Assert.That(Privileges.NeedOf(Text).Level, Is.Not.EqualTo(PrivilegeLevel.Write));
        Assert.That(new RequestInterpreter(ModelSearch.Value).Interpret(Text).Entitlement?.Id, Is.EqualTo("vault-reader"));
        Assert.That(Privileges.NeedOf("I need to update the weight and stability figures for the hull").Level, Is.EqualTo(PrivilegeLevel.Write),
            "a verb heading its object still asks a change");
    }

    [Test]
    public void WhatTheyWishTheyCouldDo_IsAsked_AndTypingItInIsEntering()
    {
        static AskedActions Read(string text) => ActionReader.Read(Words.Tokenize(text),
            s => Privileges.IsLevelVerb(s) || new[] { "enter", "sign", "file" }.Select(Words.Stem).Contains(s));

        var wished = Read("would save a ton of time if I typed it straight into the registry, he'll still sign and file them");
        Assert.That(wished.Wanted, Is.EqualTo(new[] { Words.Stem("enter") }));
        Assert.That(Read("yesterday I typed it into the registry but it never saved").Wanted, Is.Empty, "a past told of oneself is the story");
    }

    [TestCase("i need to do the final sign off on the label so the artwork can go to the printer", "approve")]
    [TestCase("can you let me handle the sign off while she is out", "approve")]
    public void AVerbAndItsParticle_ThatALightVerbTakes_AreAsked(string text, string action)
    {
        static AskedActions Read(string text) => ActionReader.Read(Words.Tokenize(text), s => Privileges.IsLevelVerb(s) || new[] { "approve", "release" }.Select(Words.Stem).Contains(s));

        Assert.That(Read(text).Wanted, Does.Contain(Words.Stem(action)));
        Assert.That(Read("can you let me do the release tonight").Wanted, Does.Not.Contain(Words.Stem("release")), "without its particle the verb's form is a thing");
        Assert.That(ActionReader.Read(Words.Tokenize("the final sign off is hers, i need to see the label"),
            s => Privileges.IsLevelVerb(s) || s == Words.Stem("approve")).Wanted, Does.Not.Contain(Words.Stem("approve")), "without a light verb the action named is a thing");
        Assert.That(ActionReader.Read(Words.Tokenize("need the care system so i can do a change of condition reassessment on her"), Privileges.IsLevelVerb).Wanted,
            Does.Not.Contain(Privileges.ChangeStem), "before \"of\" the verb's form heads a thing");
    }

    [Test]
    public void AParticleAfterAShortObject_BelongsToTheVerb_WhereTheClauseGoesOn()
    {
        static AskedActions Read(string text) => ActionReader.Read(Words.Tokenize(text), s => Privileges.IsLevelVerb(s) || s == Words.Stem("enter") || s == Words.Stem("put"));

        Assert.That(Read("i just need to be able to put the numbers in and see what they come to").Wanted, Does.Contain(Words.Stem("enter")));
        Assert.That(Read("i just need to be able to put the request in and see when they get to it").Wanted, Does.Contain(Words.Stem("submit")),
            "a request put in is submitted");
        Assert.That(Read("i need to put a near miss in the safety system").Wanted, Does.Contain(Words.Stem("put")), "\"in\" before a place is a preposition");
    }

    [Test]
    public void AWordWithItsClitic_StandsNextToTheWordAfterIt()
    {
        var words = Words.Tokenize("he'll still sign. I'm moving");

        Assert.That(words.Select(w => w.Lower), Is.EqualTo(new[] { "he", "still", "sign", "i", "moving" }));
        Assert.That(Words.SideBySide(words[0], words[1]), Is.True);
        Assert.That(Words.SideBySide(words[3], words[4]), Is.True);
        Assert.That(Words.SideBySide(words[2], words[3]), Is.False, "a full stop still breaks the clause");
    }
}
