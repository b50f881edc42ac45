using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out linen, theme park, credit union, museum, waste and staffing tenants of the thirty-third session:
/// <list type="bullet">
/// <item>to "put in" a ticket, a request or a claim is to submit it ("put in" hours still enters them);</item>
/// <item>a story of something broken does not make a message a support call when the person asks to do what the best
/// match grants in its own words ("how do i put in a maintenance ticket");</item>
/// <item>an app is said by the initials of its name before an edition in capitals ("FE" of "Fund Edge NXT"), by initials its
/// entitlement ids also start with though they spell an everyday word ("AS"), and by the initials of two words joined by "&amp;"
/// ("T&amp;E");</item>
/// <item>a list of participles before a thing ("See submitted, approved and missing timesheets") describes the things and grants
/// no action;</item>
/// <item>after "about", even an -ing form is what is talked of ("call her about upgrading");</item>
/// <item>a scope value written as one word is said as a word and its particle ("roll-off" for "rolloff");</item>
/// <item>a general acronym ("PO", "POs") is the phrase the catalog writes for it, though only once ("purchase orders");</item>
/// <item>what a clause opening with "not" sets apart ("a full seat, not Lite") names no level asked for;</item>
/// <item>a scope value of several words that no other app's text says ("the paintings vault") names the app that offers it,
/// and of its levels, one granted for other places only is not the one.</item>
/// </list>
/// </summary>
public sealed class TicketsAndStoriesTests
{
    private const string Catalog = """
        apps:
          - id: fixit
            name: FixIt CMMS
            description: Maintenance management for the plant - work orders, preventive maintenance and spare parts.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: fixit-requester
                name: FixIt Work Requester
                description: Submit work requests for anything broken (doors, dryers, lights) and follow their status.
                risk: low
                approvals: []
              - id: fixit-technician
                name: FixIt Technician
                description: Open, take and close work orders, log labor and parts used.
                risk: medium
                approvals: [manager]
              - id: fixit-planner
                name: FixIt Maintenance Planner
                description: Create and change PM schedules, assign work orders to technicians, manage spare parts stock.
                risk: medium
                approvals: [manager]
          - id: clock
            name: ShiftClock
            description: Time and attendance for hourly staff.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: clock-entry
                name: ShiftClock Time Entry
                description: Enter hours and missed punches for your crew.
                risk: low
                approvals: [manager]
              - id: clock-approver
                name: ShiftClock Timesheet Approver
                description: Approve your crew's timesheets before payroll.
                risk: medium
                approvals: [manager]
          - id: temps-te
            name: Temps Time & Expense
            description: Weekly timesheets and expenses for temps on assignment.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: tte-viewer
                name: Timesheet Viewer
                description: See submitted, approved and missing timesheets and hours for every branch. Read only.
                risk: low
                approvals: []
              - id: tte-proxy
                name: Client Proxy Approver
                description: Approve timesheets on behalf of a client supervisor who has authorized it in writing.
                risk: high
                approvals: [manager]
          - id: alder-sheet
            name: Alder's Sheet NXT
            description: The donor database - gifts, pledges and giving history.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: as-viewer
                name: Donor Viewer
                description: View donor records and giving history.
                risk: low
                approvals: []
              - id: as-fundraiser
                name: Fundraiser
                description: Add contact reports and update donor details for assigned prospects.
                risk: medium
                approvals: [manager]
          - id: scout
            name: Scout Recruiter
            description: Sourcing seats - search profiles, send InMails, manage projects.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: scout-lite
                name: Scout Recruiter Lite Seat
                description: Recruiter Lite - advanced search filters and 30 InMails a month for one recruiter. Paid seat.
                risk: low
                approvals: []
              - id: scout-corporate
                name: Scout Recruiter Corporate Seat
                description: Full Recruiter seat - search the whole network, 150 InMails a month, projects shared with the team. Expensive seat.
                risk: medium
                approvals: [manager]
          - id: doors
            name: DoorKeeper
            description: Badge access control for the building, the galleries and art storage.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: doors-after-hours
                name: After-Hours Gallery Access
                description: Badge access to a gallery area outside public hours, for installs and evening events.
                risk: medium
                approvals: [manager]
                scope: {label: area, options: [East Wing, West Wing, Sculpture Court]}
              - id: doors-storage
                name: Art Storage Access
                description: Badge access to an art storage area. Two-person rule applies and every entry is logged.
                risk: high
                approvals: [manager]
                scope: {label: area, options: [Paintings Vault, Works on Paper Store, Objects Storage]}
          - id: fund-edge
            name: Fund Edge NXT
            description: The general ledger - funds, budgets and purchasing.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: ledger-budget
                name: Budget Viewer
                description: View budget versus actuals for one fund.
                risk: low
                approvals: []
              - id: ledger-requisitions
                name: Requisitions
                description: Create purchase requisitions and purchase orders and code vendor invoices to a cost center.
                risk: low
                approvals: []
              - id: ledger-receipts
                name: Cash Receipts
                description: Post deposits and record revenue to the general ledger.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Supervisor, department: Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [TestCase("how do i put in a ticket to maintenance", "submit", "enter")]
    [TestCase("Dolores said to put in a request for it", "submit", "enter")]
    [TestCase("need to put in the hours for my crew", "enter", "submit")]
    public void PuttingInATicket_SubmitsIt(string text, string verb, string notVerb)
    {
        var wanted = ActionReader.Read(Words.Tokenize(text), _ => true).Wanted;

        Assert.That(wanted, Does.Contain(Words.Stem(verb)).And.Not.Contain(Words.Stem(notVerb)));
    }

    [Test]
    public void AskingHowToPutInATicket_IsTheLevelThatSubmitsThem()
    {
        var result = Interpret("dryer 3 is making a grinding noise, how do i put in a ticket to maintenance?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("fixit-requester"), result.Why);
    }

    [Test]
    public void ABrokenThingInTheStory_DoesNotMakeTheAskASupportCall()
    {
        var result = Interpret("the dock door latch is broken again, how do i put in a maintenance ticket");

        Assert.Multiple(() =>
        {
            Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("fixit-requester"), result.Why);
        });
    }

    [Test]
    public void PuttingInHours_StillEntersThem()
    {
        var result = Interpret("need to put in the hours for my crew in shiftclock");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("clock-entry"), result.Why);
    }

    [TestCase("need to see BvA in FE", "fund-edge")]
    [TestCase("need to look up a donor's history in AS", "alder-sheet")]
    [TestCase("can i get proxy approval in T&E for the week", "temps-te")]
    public void AppsSaidByTheirInitials(string text, string app)
    {
        Assert.That(Tenant.Value.Search.FindApps(text).Select(a => a.App.Id), Is.EqualTo(new[] { app }));
    }

    [Test]
    public void InitialsThatSpellAWord_InSmallLetters_NameNoApp()
    {
        Assert.That(Tenant.Value.Search.FindApps("as soon as you can, need to see the fund budget"), Is.Empty);
    }

    [Test]
    public void AListOfParticiplesBeforeAThing_GrantsNoAction()
    {
        var viewer = Tenant.Value.Search.Catalog.FindEntitlement("tte-viewer")!;

        Assert.That(EntitlementActions.Of(viewer).Granted, Does.Not.Contain(Words.Stem("approve")).And.Not.Contain(Words.Stem("submit")));
    }

    [Test]
    public void ProxyApprovalInTheAppSaidByItsInitials_IsTheApprover()
    {
        var result = Interpret("the supervisor at the dc is on vacation and nobody is approving hours before the cutoff. can i get proxy approval in T&E for the week");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("tte-proxy"), result.Why);
    }

    [Test]
    public void WhatTheCallIsAbout_IsNoActionAsked()
    {
        var result = Interpret("need to look up a donor's giving history in AS before I call her about upgrading to the gold circle");

        Assert.Multiple(() =>
        {
            Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("upgrading")));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("as-viewer"), result.Why);
        });
    }

    [TestCase("roll-off customer got double billed for a haul in October", "rolloff")]
    [TestCase("need to credit a drop off customer", "dropoff")]
    [TestCase("credits for commercial accounts", "commercial")]
    public void AValueRunTogether_IsSaidAsAWordAndItsParticle(string text, string expected)
    {
        var lines = new IgaBot.Core.Catalog.EntitlementScope("line of business", ["residential", "commercial", "rolloff", "dropoff"]);

        Assert.That(ScopeFinder.Find(text, lines), Is.EqualTo(expected));
    }

    [Test]
    public void AWordAndAParticleThatSpellNoValue_NameNone()
    {
        var lines = new IgaBot.Core.Catalog.EntitlementScope("line of business", ["residential", "commercial", "rolloff"]);

        Assert.That(ScopeFinder.Find("the truck rolled off the scale", lines), Is.Null);
    }

    [TestCase("POs", true)]
    [TestCase("POS", false)]
    public void APluralAcronym_IsSearchedByItsSpelledOutWords(string said, bool spelledOut)
    {
        var stems = Words.ContentStems($"need to put in {said} today");

        Assert.That(stems.Contains(Words.Stem("purchase")) && stems.Contains(Words.Stem("order")), Is.EqualTo(spelledOut));
    }

    [TestCase("I need to put in a PO for the vitrine fabricator")]
    [TestCase("I need to put in POs for the vitrine fabricator")]
    public void AGeneralAcronym_IsThePhraseTheCatalogWrites(string text)
    {
        var result = Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("ledger-requisitions"), result.Why);
    }

    [TestCase("I need a full Scout Recruiter seat, not Lite - I need the 150 InMails and to share projects with the team", "scout-corporate")]
    [TestCase("I need the lite seat in scout recruiter, 30 inmails is plenty", "scout-lite")]
    public void ALevelSetApartByNot_IsNotTheOneNamed(string text, string expected)
    {
        var result = Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo(expected), result.Why);
    }

    [Test]
    public void APlaceOfSeveralWordsOnlyOneAppOffers_NamesItsLevel()
    {
        var result = Interpret("Could I get into the paintings vault for the next month? I need to survey the frames ahead of the reinstallation.");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("doors-storage"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Paintings Vault"));
        });
    }
}
