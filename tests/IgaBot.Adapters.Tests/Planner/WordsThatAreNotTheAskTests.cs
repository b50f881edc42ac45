using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Words that look like an ask and are not (twentieth session, found on an architecture-practice and a cinema-chain
/// tenant written that session and read by kind): initials that spell a level's name of one app ("GA", Global
/// Administrator) in a message that names another app are that app's jargon ("the GA sheets", general arrangement
/// drawings), not the level; so are initials that describe the thing after them ("the GA drawings"), whatever app
/// the message names. A level's name without the word that stands for its app ("billing clerk" for VP Billing Clerk, in
/// Vantagepoint) names it when the sentence that asks says it, not where it tells what is held or the story. "could i get
/// bluebeam setup please?" asks for the app, not to set it up, so which level is a question. "kim wants me to do the sign
/// off from now on" asks for what that takes.
/// </summary>
public sealed class WordsThatAreNotTheAskTests
{
    private const string Catalog = """
        apps:
          - id: entra
            name: Entra ID
            description: Identity - sign-in, conditional access, licences and admin roles.
            owner: kim.cole@example.com
            connector: manual
            entitlements:
              - id: entra-reader
                name: Directory Reader
                description: Read users, groups and sign-in logs.
                risk: low
                approvals: [manager]
              - id: entra-global-admin
                name: Global Administrator
                description: Break-glass level - conditional access, licences, every admin role.
                risk: critical
                approvals: [owner]
                maxDuration: PT4H
          - id: bluebeam
            name: Bluebeam Revu
            description: PDF markup of drawing sets - comments, stamps and sign-off before issue.
            owner: kim.cole@example.com
            connector: manual
            entitlements:
              - id: bb-basics
                name: Revu Basics
                description: Open, mark up and comment on PDF drawings.
                risk: low
                approvals: []
              - id: bb-core
                name: Revu Core
                description: Everything in Basics plus batch sign and seal with a digital stamp, batch link and compare sets.
                risk: low
                approvals: [manager]
              - id: bb-studio-admin
                name: Studio Prime Administrator
                description: Administer the firm's Studio Prime org - project setup, users and permissions, audit reports.
                risk: high
                approvals: [owner]
          - id: vantage
            name: Deltek Vantagepoint
            description: Project accounting - fees, budgets, WIP, billing and invoicing.
            owner: kim.cole@example.com
            connector: manual
            entitlements:
              - id: vp-pm
                name: VP Project Manager
                description: Raise change orders, update ETC and percent complete, edit task budgets, review draft invoices.
                risk: medium
                approvals: [manager]
              - id: vp-billing
                name: VP Billing Clerk
                description: Prepare draft invoices from billing terms, post time and expense transfers.
                risk: medium
                approvals: [manager]
              - id: vp-viewer
                name: VP View-Only Seat
                description: Project dashboards and standard reports. No edits.
                risk: low
                approvals: []
        """;

    private const string Directory = """
        users:
          - {email: kim.cole@example.com, name: Kim Cole, title: IT Manager, department: IT}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void InitialsOfALevelOfAnotherApp_AreTheNamedAppsJargon()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "need to batch sign and seal the stage 4 GA sheets with my digital stamp before they go out, revu says not in my subscription");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("bb-core"), result.Why);
    }

    [Test]
    public void InitialsOfALevelDescribingAThing_AreNoLevel()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "need to batch sign & seal the stage 4 GA drawings with my digital stamp before they go out. can i get bluebeam core?");

        Assert.Multiple(() =>
        {
            Assert.That(Search.Value.Normalize("the GA drawings"), Is.EqualTo("the GA drawings"));
            Assert.That(Search.Value.Normalize("GA access for 2 hrs"), Does.StartWith("global administrator access"));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("bb-core"), result.Why);
        });
    }

    [TestCase("GA for 2 hrs tonight pls, rolling out a conditional access change")]
    [TestCase("I need Global Administrator to hand out the Revu licences this afternoon")]
    public void TheLevelsInitialsAlone_OrItsNameWrittenOut_StillNameIt(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("entra-global-admin"), result.Why);
    }

    [Test]
    public void ALevelsNameWithoutTheWordForItsApp_NamesIt_WhereTheAppIsNamed()
    {
        var interpreter = new RequestInterpreter(Search.Value);
        const string text = "the draft invoices for the manchester jobs are late in vantagepoint, can i get billing clerk so i can pick that up";

        Assert.Multiple(() =>
        {
            Assert.That(interpreter.NamedOutright(text, new HashSet<string> { "vantage" })?.Id, Is.EqualTo("vp-billing"));
            Assert.That(interpreter.NamedOutright(text, new HashSet<string>()), Is.Null, "without its app named");
            Assert.That(interpreter.Interpret(text).Entitlement?.Id, Is.EqualTo("vp-billing"));
        });
    }

    [Test]
    public void TheShortenedName_OfWhatIsHeld_NamesNothing()
    {
        const string text = "I only have the view-only seat in vantagepoint so I need to prepare the draft invoices";
        var interpreter = new RequestInterpreter(Search.Value);
        var held = interpreter.Interpret(text).Reading!.HeldSpans;

        Assert.Multiple(() =>
        {
            Assert.That(held, Is.Not.Empty);
            Assert.That(interpreter.NamedOutright(text, new HashSet<string> { "vantage" }, held), Is.Null);
        });
    }

    [Test]
    public void TheShortenedName_InTheStory_NamesNothing()
    {
        var named = new RequestInterpreter(Search.Value).NamedOutright(
            "the billing clerk in vantagepoint told me the draft invoices are late, I need to review them", new HashSet<string> { "vantage" });

        Assert.That(named, Is.Null, named?.Name);
    }

    [TestCase("hi, could i get bluebeam setup please? i need it from monday")]
    [TestCase("can I have Bluebeam set up for monday")]
    public void GettingAnAppSetUp_AsksForAccess_NotForItsAdministration(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement, Is.Null, result.Why);
            Assert.That(result.Options.Select(o => o.Entitlement.Id), Is.SupersetOf(new[] { "bb-basics", "bb-core" }));
        });
    }

    [Test]
    public void WhatSomeoneWantsThePersonToDo_IsARequest_AndWhatIsToldBeforeIsItsReason()
    {
        var interpreter = new RequestInterpreter(Search.Value);
        var asked = interpreter.Interpret("kim wants me to batch link the sheets from now on");
        var told = interpreter.Interpret("the stage 4 sets need a digital stamp before issue, kim wants me to do the stamping for my own jobs from now on");

        Assert.Multiple(() =>
        {
            Assert.That(asked.Entitlement?.Id, Is.EqualTo("bb-core"), asked.Why);
            Assert.That(told.Justification, Is.EqualTo("the stage 4 sets need a digital stamp before issue"));
        });
    }
}
