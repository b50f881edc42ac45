using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out car rental, linen, brewery, marina and parking tenants of the thirty-first session:
/// <list type="bullet">
/// <item>a part of a description's list that goes on to "a" or "the" starts with a verb ("accept a walk-up");</item>
/// <item>to enter things a level's own words change is covered by that level;</item>
/// <item>a thing the message says is lacking ("no receipt") agrees with a level that works without it;</item>
/// <item>a capitalised word without a vowel ("St.") starts no person's name;</item>
/// <item>a name the directory does not know, in a sentence that asks nothing, is the story's;</item>
/// <item>to "write up" an incident reports it, and "chek" is "check";</item>
/// <item>a past tense joined by "and" to another ("scraped his bumper and filed a claim") tells the story;</item>
/// <item>what the person would rather not do ("without radioing the office") is no word of the need;</item>
/// <item>an -ing form in a level's name ("Excise Reporting") names what it does.</item>
/// </list>
/// </summary>
public sealed class OverridesOrdersAndLackingThingsTests
{
    private const string Catalog = """
        apps:
          - id: counter
            name: Harbor Counter
            description: Rental counter system - reservations, rental agreements, check-out and check-in at every branch.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: counter-lookup
                name: Harbor Counter Lookup
                description: Look up reservations and rental agreements at any branch. Read only.
                risk: low
                approvals: []
              - id: counter-agent
                name: Harbor Counter Agent
                description: Work the counter at one branch - open and close agreements, check cars out and in.
                risk: medium
                approvals: []
                scope:
                  label: branch
                  options: [SEA, PDX]
              - id: counter-override
                name: Harbor Counter Manager Override
                description: Override at one branch - change the rate on an agreement, waive fuel, late-return and drop charges, accept a walk-up without a credit card.
                risk: high
                approvals: [manager]
                scope:
                  label: branch
                  options: [SEA, PDX]
              - id: counter-admin
                name: Harbor Counter Administrator
                description: Full configuration - locations, rate codes, vehicle classes and user roles.
                risk: critical
                approvals: [manager]
          - id: timeclock
            name: Shift Clock
            description: Timekeeping for hourly staff - punches, timecards and time off.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: timeclock-keeper
                name: Shift Clock Timekeeper
                description: Fix missed punches, edit and approve timecards for one branch.
                risk: medium
                approvals: [manager]
                scope:
                  label: branch
                  options: [SEA, PDX]
          - id: routedesk
            name: RouteDesk
            description: Self-distribution orders, routes and deliveries, price lists and price postings.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: routedesk-rep
                name: RouteDesk Sales Rep
                description: Take and edit orders for the accounts of one territory, see order history and schedule deliveries.
                risk: medium
                approvals: []
                scope:
                  label: territory
                  options: [North, South]
              - id: routedesk-driver
                name: RouteDesk Driver
                description: See the day's route manifest, record deliveries and customer signatures.
                risk: low
                approvals: []
              - id: routedesk-pricing
                name: RouteDesk Pricing Manager
                description: Post price changes, maintain price lists and frontline prices, and prepare the monthly price postings.
                risk: high
                approvals: [manager]
          - id: till
            name: Shoptill
            description: Point of sale for the ship's store.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: till-cashier
                name: Shoptill Cashier
                description: Ring up sales and process returns with a receipt.
                risk: low
                approvals: []
              - id: till-manager
                name: Shoptill Store Manager
                description: Give discounts, process refunds without a receipt, change prices and run drawer reports.
                risk: high
                approvals: [manager]
          - id: riskline
            name: Riskline
            description: Incidents and claims - vehicle damage and slip-and-fall claims from the garages and stands.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: riskline-reporter
                name: Riskline Incident Reporter
                description: File a first report of an incident with photos, witness details and the claim check number.
                risk: low
                approvals: []
              - id: riskline-handler
                name: Riskline Claims Handler
                description: Investigate claims, set reserves and approve customer payouts.
                risk: high
                approvals: [manager]
          - id: brewlog
            name: Brewlog
            description: Brewery management - brew schedule, batch records, inventory and excise reporting.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: brewlog-cellar
                name: Brewlog Cellar
                description: Log brew sheets, tank transfers and gravity readings, and record packaging runs against batches.
                risk: medium
                approvals: []
              - id: brewlog-excise
                name: Brewlog Excise Reporting
                description: Prepare and submit the brewer's report of operations and the federal excise tax return.
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

    private static IgaBot.Core.Catalog.Entitlement Entitlement(string id) =>
        Tenant.Value.Tenant.Catalog.Apps.SelectMany(a => a.Entitlements).Single(e => e.Id == id);

    [Test]
    public void APartOfAListBeforeAnArticle_StartsWithAVerb()
    {
        Assert.That(EntitlementActions.Of(Entitlement("counter-override")).Granted, Does.Contain(Words.Stem("accept")));
    }

    [Test]
    public void ApprovingWalkUps_IsTheOverrideThatAcceptsThem()
    {
        var result = Interpret("covering the PDX counter this weekend. can you give me the manager override for pdx so I can approve walk-ups and fix rates");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("counter-override"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("PDX"));
        });
    }

    [Test]
    public void EnteringThingsALevelEdits_IsThatLevelsWork()
    {
        var result = Interpret("just took over the South territory from Nate, need to enter orders for my accounts in routedesk");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("routedesk-rep"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("South"));
        });
    }

    [Test]
    public void ALackingThingBothSay_AgreesWithTheLevel()
    {
        var result = Interpret("a guy wants to return a pump with no receipt and the register says it needs a manager. can I get manager in shoptill for 2 days so I can do no-receipt refunds?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("till-manager"), result.Why);
    }

    [TestCase("need to release the lost linen charges for St. Agnes this cycle - their loss report is way over the 8% allowance")]
    [TestCase("can you set up the courier run for Mt. Sinai on the north route")]
    public void AWordWithoutAVowel_StartsNoName(string text)
    {
        Assert.That(BeneficiaryFinder.Find(text, "jo.m@example.com"), Is.Null);
    }

    [Test]
    public void AnUnknownNameInASentenceThatAsksNothing_IsTheStorys()
    {
        var result = Interpret("Need to update frontline prices in RouteDesk for the summer. Demand is way up for Bloomsday and the fall fairs.");

        Assert.Multiple(() =>
        {
            Assert.That(result.Beneficiary, Is.Null);
            Assert.That(result.Entitlement?.Id, Is.EqualTo("routedesk-pricing"), result.Why);
        });
    }

    [Test]
    public void AnUnknownNameInTheAskingSentence_IsStillThePersonAskedFor()
    {
        Assert.That(Interpret("please give RouteDesk driver access to Zed Quill")?.Beneficiary?.Text, Is.EqualTo("Zed Quill"));
    }

    [Test]
    public void WritingUpAnIncident_IsReportingIt()
    {
        var result = Interpret("a guy slipped on the ice by the stand, hes ok but i need to write up the incident report");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("riskline-reporter"), result.Why);
    }

    [Test]
    public void AShortWordMissingTheCOfCk_IsTheCatalogsWord()
    {
        var result = Interpret("yo i need the harbor counter app for PDX so i can chek cars in");

        Assert.That(result.Actions.Wanted, Does.Contain(Words.Stem("check")));
    }

    [Test]
    public void APastTenseJoinedToAnother_TellsTheStory()
    {
        var result = Interpret("Customer says one of our valets scraped his bumper and filed a claim. I need to write up the incident.");

        Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("file")));
    }

    [Test]
    public void WhatThePersonWouldRatherNotDo_IsNoWordOfTheNeed()
    {
        var reading = Interpret("want to see the agreements in harbor counter so i can tell who has what car without radioing the office every time").Reading;

        Assert.Multiple(() =>
        {
            Assert.That(reading?.SearchText, Does.Contain("agreements"));
            Assert.That(reading?.SearchText, Does.Not.Contain("office"));
        });
    }

    [Test]
    public void AnIngFormInALevelsName_NamesWhatItDoes()
    {
        var result = Interpret("Kim is out on leave the first two weeks of next month and somebody has to file the excise return. Can I get the excise reporting piece of Brewlog for 2 weeks to cover her?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("brewlog-excise"), result.Why);
    }
}
