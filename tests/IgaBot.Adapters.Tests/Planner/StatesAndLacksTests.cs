using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What a message tells of where things stand (twenty-first session, found on a seafood processor's and a research
/// university's tenants written that session and read by kind): "my proposal is in routing" tells where the proposal
/// stands and asks no one to route it; "it says I'm not in the submitters group" is a lack met, so a request for what
/// is lacked; "just the numbers, no names" sets names apart from what is wanted, so the level that offers them is not
/// the one meant; "designer role does not let me add enrollments" tells the level held, not the one asked for.
/// </summary>
public sealed class StatesAndLacksTests
{
    private const string Catalog = """
        apps:
          - id: grants
            name: GrantDesk
            description: Research proposals and sponsored awards.
            owner: jo.marsh@example.edu
            connector: manual
            entitlements:
              - id: grants-viewer
                name: GrantDesk Proposal Viewer
                description: Read proposals, budgets, routing status and award notices for your unit. No edits.
                risk: low
                approvals: []
              - id: grants-preparer
                name: GrantDesk Proposal Preparer
                description: Create and edit proposals and budgets, and route them to the chair and dean for signature.
                risk: medium
                approvals: [manager]
          - id: beacon
            name: Beacon
            description: Institutional reporting on enrollment, census and retention.
            owner: jo.marsh@example.edu
            connector: manual
            entitlements:
              - id: beacon-dash
                name: Beacon Dashboards
                description: Published dashboards with aggregate numbers only. No student-level records.
                risk: low
                approvals: []
              - id: beacon-detail
                name: Beacon Student-Level Detail
                description: Drill through the enrollment and census dashboards to student-level rows (name, ID, GPA, major) and export them.
                risk: medium
                approvals: [manager]
          - id: canvas
            name: Canvas
            description: Learning management system.
            owner: jo.marsh@example.edu
            connector: manual
            entitlements:
              - id: canvas-designer
                name: Canvas Sub-account Designer
                description: Designer role in every course of one college's sub-account - build modules, pages and quizzes. Cannot see grades, submissions or enrollments.
                risk: low
                approvals: []
              - id: canvas-subadmin
                name: Canvas Sub-account Admin
                description: Account admin for one college's sub-account - add and remove enrollments, view gradebooks and submissions, cross-list sections.
                risk: high
                approvals: [manager]
          - id: farm
            name: Kiln render farm
            description: In-house render farm for Enscape and V-Ray stills and animations.
            owner: jo.marsh@example.edu
            connector: manual
            entitlements:
              - id: farm-submit
                name: Kiln Submitter
                description: Submit render jobs at normal priority and monitor or cancel your own jobs.
                risk: low
                approvals: [manager]
              - id: farm-wrangler
                name: Kiln Queue Wrangler
                description: Change priority of any job, suspend or kill other people's jobs, reserve nodes for a deadline.
                risk: medium
                approvals: [owner]
        """;

    private const string Directory = """
        users:
          - {email: jo.marsh@example.edu, name: Jo Marsh, title: Research Administrator, department: Research}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void AThingInRouting_IsWhereItStands_NotATaskOfRouting()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "where is my renewal proposal in routing - has the dean signed yet? i'd like to be able to check the status myself in GrantDesk");

        Assert.Multiple(() =>
        {
            Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("routing")));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("grants-viewer"), result.Why);
        });
    }

    [TestCase("stuck in routing since monday", "routing")]
    [TestCase("the order is still in picking, can i see it", "picking")]
    public void AnIngFormAfterInThatActsOnNothing_IsAState(string text, string state)
    {
        Assert.That(ActionReader.Read(Words.Tokenize(text), _ => true).Wanted, Does.Not.Contain(Words.Stem(state)));
    }

    [Test]
    public void AnIngFormAfterInThatActsOnSomething_StaysATask()
    {
        var asked = ActionReader.Read(Words.Tokenize("i need help in routing the proposals to the dean"), _ => true);

        Assert.That(asked.Wanted, Does.Contain(Words.Stem("routing")));
    }

    [Test]
    public void ALackTheMessageMeets_AsksForWhatIsLacked()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "tried to send the stills over tonight but it says im not in the submitters group");

        Assert.Multiple(() =>
        {
            Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
            Assert.That(result.Entitlement?.Id, Is.EqualTo("farm-submit"), result.Why);
        });
    }

    [TestCase("the IR office wants fall census headcounts by college for the board deck, just the numbers no names. i think that lives in beacon, can i get access")]
    [TestCase("just the totals by college, no names. can i get into beacon")]
    public void WhatIsSetApartFromWhatIsWanted_IsNotOffered(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("beacon-dash"), result.Why);
    }

    // The level's whole name said in what is held, or its words split by a comma, names nothing asked for.
    [TestCase("the canvas sub-account designer role does not let me add enrollments and i need to enroll her replacement in her 4 sections")]
    [TestCase("i need to enroll her replacement in her 4 sections in the canvas sub account, designer role does not let me add enrollments")]
    public void TheLevelThatDoesNotLetThePersonDoIt_IsHeld_NotAskedFor(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("canvas-subadmin"), result.Why);
    }
}
