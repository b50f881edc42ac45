using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out launch provider and event venue tenants of the twenty-eighth session: a verb's form inside a
/// noun after a preposition ("disposition NCRs at material review board") says nothing of what a level lets one do; and a thing
/// that fails to do something ("my badge doesn't open anything") tells the problem, it rules out no action. And, from an own
/// set, a word of a level's name said only in the story beside the ask names no level.
/// </summary>
public sealed class BoardsAndFailingThingsTests
{
    private const string Catalog = """
        apps:
          - id: mes
            name: Forge MES
            description: Manufacturing execution - work orders, procedures, nonconformance reports (NCRs) and as-built records.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: mes-viewer
                name: MES Viewer
                description: View runs, released procedures and as-built records. Read only.
                risk: low
                approvals: []
              - id: mes-technician
                name: MES Technician
                description: Execute runs on the floor - complete procedure steps, record measurements, raise NCRs.
                risk: medium
                approvals: [manager]
              - id: mes-author
                name: MES Procedure Author
                description: Write and revise procedures and release new revisions to the floor.
                risk: medium
                approvals: [manager]
              - id: mes-inspector
                name: MES Quality Inspector
                description: Quality buy-off of procedure steps, accept or reject parts, disposition NCRs at material review board.
                risk: high
                approvals: [manager]
          - id: tunes
            name: StreamBox
            description: The music streaming service - listener accounts, subscriptions and the editorial playlists.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: tunes-support
                name: StreamBox Support Agent
                description: Look up listener accounts, reset passwords, credit, comp or refund subscriptions.
                risk: low
                approvals: []
              - id: tunes-playlists
                name: StreamBox Playlist Editor
                description: Change the editorial playlists and the featured rows of the home screen.
                risk: medium
                approvals: [manager]
          - id: courts
            name: Courtside
            description: Court time booking and the court sheet for the tennis and padel courts.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: courts-viewer
                name: Courtside Sheet Viewer
                description: See the day's court sheet and who is playing, without changing it.
                risk: low
                approvals: []
              - id: courts-desk
                name: Courtside Desk User
                description: Book, move and cancel member court times and check players in.
                risk: low
                approvals: []
              - id: courts-manager
                name: Courtside Desk Manager
                description: Void bookings, refund court fees and reopen closed sheets for one club.
                risk: medium
                approvals: [manager]
                scope:
                  label: club
                  options: [North Club, River Club]
              - id: courts-admin
                name: Courtside Sheet Administrator
                description: Build court sheet templates, block times for leagues and member-guest days, set booking windows and guest rules.
                risk: medium
                approvals: [manager]
          - id: tracker
            name: Tracker
            description: Electronic monitoring - GPS ankle monitors and curfew units for people on supervision.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: tracker-alerts
                name: Tracker Alert Monitor
                description: View GPS tracks and zone, curfew and strap tamper alerts; acknowledge alerts.
                risk: medium
                approvals: []
              - id: tracker-enrollment
                name: Tracker Enrollment Manager
                description: Enroll and unenroll participants, assign devices, draw exclusion zones and set curfew schedules.
                risk: high
                approvals: [manager]
          - id: riskscore
            name: Riskscore
            description: Risk and needs assessment tools for pretrial and supervision.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: riskscore-assessor
                name: Riskscore Certified Assessor
                description: Conduct, score and finalize assessments on a defendant record. Requires current certification.
                risk: medium
                approvals: []
              - id: riskscore-reports
                name: Riskscore Reports Viewer
                description: View finalized assessments, risk levels and risk distribution reports.
                risk: low
                approvals: []
          - id: doors
            name: Gatekeeper Access Control
            description: Badge and door access control for the back-of-house areas.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: doors-access
                name: Gatekeeper Door Access
                description: Add an access level to your badge so it opens the doors of one controlled area.
                risk: medium
                approvals: [manager]
                scope:
                  label: area
                  options: [Loading Dock, Cash Room, Dressing Rooms]
              - id: doors-alarms
                name: Alarm Monitoring
                description: Watch the alarm screen - forced and held-open doors and panic alarms - and acknowledge alarms.
                risk: low
                approvals: []
              - id: doors-badging
                name: Badging Operator
                description: Enroll people, take badge photos, print credentials and assign access levels to badges.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Quality Engineer, department: Quality, manager: ana.silva@example.com, access: [mes-viewer]}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    private static IgaBot.Core.Catalog.Entitlement Entitlement(string id) =>
        Tenant.Value.Tenant.Catalog.Apps.SelectMany(a => a.Entitlements).Single(e => e.Id == id);

    [Test]
    public void AVerbsFormInsideANounAfterAPreposition_SaysNothingOfTheLevel()
    {
        // Read as "review", the inspector would be a reading level and no fit for a verb of doing ("disposition").
        Assert.That(Privileges.CapabilityOf(Entitlement("mes-inspector")), Is.EqualTo(PrivilegeLevel.Write));
        Assert.That(Privileges.CapabilityOf(Entitlement("mes-viewer")), Is.EqualTo(PrivilegeLevel.Read));
    }

    [TestCase("Need to disposition NCRs in the MES for MRB tomorrow")]
    [TestCase("I need QA buy-off rights in the MES so I can stamp the inspection steps on the tank")]
    public void AQualityTaskOfTheInspectorsOwnWords_IsTheInspector(string text)
    {
        var result = Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("mes-inspector"), result.Why);
    }

    [Test]
    public void ANameWordOfTheStoryBesideTheAsk_NamesNoLevel()
    {
        // "playlist" is the only word of a level's name the message says, but it is the listener's story, not what is asked.
        var result = Interpret("a listener keeps saying the playlist skips his favourite song. how do i comp him a month?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("tunes-support"), result.Why);
    }

    [Test]
    public void AClauseThePersonStartsAgain_IsAskedApartFromTheStoryBeforeIt()
    {
        // "and I have no way to sort it" asks; the listener and his playlist before it are the story.
        var result = Interpret("a listener keeps saying the playlist skips his favourite song and I have no way to sort it. how do i comp him a month?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("tunes-support"), result.Why);
    }

    [Test]
    public void AdministrationThatAllowsTheActionOnlyByItsRank_IsNoClearBestBesideALevelThatSaysIt()
    {
        // The administrator shares more of the request's words (leagues, guests, "set booking windows"), but only the desk level says it books.
        var result = Interpret("members keep calling about court times for league nights and guests. can I get Courtside so I can book them myself?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("courts-desk"), result.Why);
    }

    [Test]
    public void GottaBeforeAVerb_AsksForThatAction()
    {
        var asked = ActionReader.Read(Words.Tokenize("gotta enroll a new client on GPS"), s => s == Words.Stem("enroll"));
        // "an ankle monitor" is a thing; without "gotta" as a verb's leader the request read as one to watch the alerts.
        var result = Interpret("gotta enroll a new client on GPS in Tracker, judge ordered an ankle monitor w/ an exclusion zone as a condition");

        Assert.That(asked.Wanted, Does.Contain(Words.Stem("enroll")));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("tracker-enrollment"), result.Why);
    }

    [Test]
    public void AnAppTheThingSoughtIsNotIn_IsNoAppAsked()
    {
        Assert.That(Tenant.Value.Search.FindApps("need to pull an old decree for a certified copy, its not in Courtside"), Is.Empty);
        Assert.That(Tenant.Value.Search.FindApps("need an old record, it isn't in Courtside"), Is.Empty);
        // A person who is not in the app yet asks for it.
        Assert.That(Tenant.Value.Search.FindApps("I'm not in Courtside yet, can I get the desk role").Select(a => a.App.Id), Is.EqualTo(new[] { "courts" }));
    }

    [Test]
    public void AManagersShortForm_NamesTheManagerLevel()
    {
        // "desk" alone is a word of the desk user's name as much as of the desk manager's.
        var result = Interpret("can I get desk mgr in courtside for tonight");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("courts-manager"), result.Why);
    }

    [TestCase("can i get the cashier role on another register? not the racquets one", null)]
    [TestCase("not the racquets shop, the golf shop please", "golf-shop")]
    [TestCase("cashier on the racquets shop please", "racquets-shop")]
    public void AnOptionSaidAfterNot_IsNotTheOneAsked(string text, string? expected)
    {
        var scope = new IgaBot.Core.Catalog.EntitlementScope("shop", ["golf-shop", "racquets-shop", "tournament-tent"]);

        Assert.That(ScopeFinder.Find(text, scope), Is.EqualTo(expected));
    }

    [TestCase("I passed my riskscore cert, can I get assessor access?")]
    public void ARoleNounSaidAsTheThingAsked_NamesTheLevelOfThatRole(string text)
    {
        // The viewer's "finalized assessments" shares the stem; only one level's name is the role.
        var result = Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("riskscore-assessor"), result.Why);
    }

    [Test]
    public void ARoleNounNamingAPerson_NamesNoLevel()
    {
        var result = Interpret("my assessor told me to ask here for a riskscore account");

        Assert.That(result.Entitlement, Is.Null, result.Why);
        Assert.That(result.Options.Select(o => o.Entitlement.Id), Is.EquivalentTo(new[] { "riskscore-reports", "riskscore-assessor" }));
    }

    [TestCase("picking up part of the juvenile drug court caseload starting monday", "drug-court")]
    public void OfTwoOptionsSaidSideBySide_TheLastIsTheHead(string text, string expected)
    {
        var scope = new IgaBot.Core.Catalog.EntitlementScope("unit", ["adult-felony", "adult-misdemeanor", "juvenile", "dui-court", "drug-court"]);

        Assert.That(ScopeFinder.Find(text, scope), Is.EqualTo(expected));
    }

    [Test]
    public void AThingThatFailsToDoSomething_RulesOutNoAction()
    {
        var badge = ActionReader.Read(Words.Tokenize("my badge does not open anything back of house yet"), _ => true);
        var person = ActionReader.Read(Words.Tokenize("my intern does not open anything, she only watches"), _ => true);
        var needed = ActionReader.Read(Words.Tokenize("it does not need to open anything"), _ => true);

        Assert.That(badge.Negated, Is.Empty);
        Assert.That(person.Negated, Does.Contain(Words.Stem("open")));
        Assert.That(needed.Negated, Does.Contain(Words.Stem("open")));
    }

    [Test]
    public void ABadgeThatOpensNothingYet_AsksForTheDoorAccessItNames()
    {
        // With "open" ruled out, the level whose badge opens doors was no fit, and the person was asked to pick among the rest.
        var result = Interpret("my badge doesn't open anything back of house yet, can I get door access added?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("doors-access"), result.Why);
    }
}
