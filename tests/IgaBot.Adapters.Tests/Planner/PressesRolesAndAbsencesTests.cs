using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out printing, home builder, newspaper and ocean carrier tenants of the thirtieth session: presses
/// and models named by their numbers or a short code; a person's move to a new job is no work of the scheduler who moves jobs;
/// a function word is never half of an app's name; of two apps named, the one the action is done in is meant; someone away is
/// the reason; a role "set up" is given, not configured; what others of the story will do asks nothing; a product's name
/// without its maker's names the app; the noun of an act names its doer in a level's name; and "e-sign" is still signing.
/// </summary>
public sealed class PressesRolesAndAbsencesTests
{
    private const string Catalog = """
        apps:
          - id: pressroom
            name: Kestrel Pressroom
            description: Press floor system for the sheetfed presses - press queue, ink presets and shop-floor data.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: pressroom-viewer
                name: Pressroom Viewer
                description: View the press queue, job progress, make-ready and waste reports for every press.
                risk: low
                approvals: []
              - id: pressroom-console
                name: Pressroom Console Operator
                description: Pull jobs from the queue to one press console, load ink presets and log good sheets and waste.
                risk: medium
                approvals: []
                scope:
                  label: press
                  options: [XL 106-8P, XL 106-6+L, XL 75-5, SM 52-4]
              - id: pressroom-scheduler
                name: Pressroom Scheduler
                description: Sequence the press schedule - move jobs between presses, set due dates and shift assignments.
                risk: medium
                approvals: []
          - id: platemaker
            name: Platemaker Workflow
            description: Prepress workflow server - refine, trap, impose and send files to the platesetter.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: platemaker-operator
                name: Platemaker Operator
                description: Refine customer files, run preflight and send soft proofs.
                risk: medium
                approvals: []
              - id: platemaker-admin
                name: Platemaker Administrator
                description: Edit process templates, automation rules, output devices and hot folders.
                risk: high
                approvals: [manager]
          - id: inproof
            name: InProof
            description: Online proofing portal where customers approve pages.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: inproof-reviewer
                name: InProof Proof Reviewer
                description: View soft proofs and page approval status and add annotations.
                risk: low
                approvals: []
          - id: digital
            name: Digital Fleet Hub
            description: Cloud platform for the digital presses - dashboards and Order Flow automation.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: digital-dashboards
                name: Digital Fleet Dashboards
                description: View press status, impressions and jobs printed.
                risk: low
                approvals: []
              - id: digital-operator
                name: Digital Order Flow Operator
                description: Receive and batch digital orders in Order Flow and send them to one press.
                risk: medium
                approvals: []
                scope:
                  label: press
                  options: [Indigo 12K, Indigo 7K, Indigo 100K]
          - id: loans
            name: Harbor Loan Origination
            description: Loan origination system - buyer loan files from application to funding.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: loans-pipeline
                name: Harbor Pipeline Status Viewer
                description: View loan status, milestones and projected closing dates.
                risk: medium
                approvals: []
              - id: loans-processor
                name: Harbor Loan Processor
                description: Work loan files - order appraisals, collect documents and move files through milestones.
                risk: medium
                approvals: []
              - id: loans-admin
                name: Harbor Administrator
                description: Change business rules, loan templates, compliance settings and user accounts.
                risk: critical
                approvals: [manager]
          - id: ledger
            name: Cedar Ledger
            description: Accounting ERP - job cost by lot, budgets and accounts payable.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: ledger-inquiry
                name: Ledger Job Cost Inquiry
                description: View job cost ledgers by house - budget versus actual and committed costs. Read only.
                risk: low
                approvals: []
              - id: ledger-budgets
                name: Ledger Budget Revisions
                description: Post budget revisions and allocate land and development costs across lots.
                risk: high
                approvals: [manager]
          - id: newsdesk
            name: Newsdesk CMS
            description: The digital publishing platform for stories.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: newsdesk-contributor
                name: Newsdesk Contributor
                description: Write and save story drafts and send stories to the desk. Cannot publish.
                risk: low
                approvals: []
              - id: newsdesk-editor
                name: Newsdesk Editor
                description: Edit, copy-edit, publish and unpublish stories for one desk.
                risk: medium
                approvals: []
          - id: nwads
            name: Northwind Ad Server
            description: Serves display and video ads on the site and in the app.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: nwads-reports
                name: Northwind Reporting
                description: View orders and line items and run delivery and pacing reports. No edits.
                risk: low
                approvals: []
              - id: nwads-trafficker
                name: Northwind Trafficker
                description: Create and edit orders, line items and creatives and push campaigns live.
                risk: medium
                approvals: []
          - id: circulation
            name: Route Circulation
            description: Print circulation - home-delivery subscribers, carrier routes and carrier pay.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: circulation-setup
                name: Carrier Contractor Setup
                description: Add and change independent-contractor carriers and their rates.
                risk: high
                approvals: [manager]
              - id: circulation-pay
                name: Carrier Settlement Approver
                description: Approve weekly carrier settlements and release payment to carriers.
                risk: high
                approvals: [manager]
          - id: shopfront
            name: Vela ShopFront
            description: Web-to-print shopfronts where client employees order business cards.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: shopfront-orders
                name: ShopFront Order Desk
                description: View and manage orders placed on the client shopfronts.
                risk: low
                approvals: []
              - id: shopfront-editor
                name: ShopFront Catalog Editor
                description: Build and edit the products on one client shopfront.
                risk: medium
                approvals: []
          - id: bench
            name: Bench Orders
            description: The judges' order and signing system.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: bench-prep
                name: Bench Order Preparation
                description: Draft proposed orders from templates and route them to the judge's signing queue.
                risk: medium
                approvals: []
              - id: bench-esign
                name: Bench Electronic Signature
                description: Electronically sign orders and warrants with a judicial officer's signature.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Supervisor, department: Operations, manager: ana.silva@example.com}
          - {email: omar.diaz@example.com, name: Omar Diaz, title: Press Assistant, department: Operations, manager: jo.m@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    private static IgaBot.Core.Catalog.Entitlement Entitlement(string id) =>
        Tenant.Value.Tenant.Catalog.Apps.SelectMany(a => a.Entitlements).Single(e => e.Id == id);

    private static readonly IgaBot.Core.Catalog.EntitlementScope Presses = new("press", ["XL 106-8P", "XL 106-6+L", "XL 75-5", "SM 52-4"]);

    [TestCase("i'm on the XL 75 this week", "XL 75-5")]
    [TestCase("need it on the 6 color 106 with the coater", "XL 106-6+L")]
    [TestCase("covering the SM 52 on nights", "SM 52-4")]
    public void APressSaidByItsLettersAndNumbers_IsTheOptionThatHasThem(string text, string press)
    {
        // "XL" is a part of every XL press: it never names one of them by initials ("XL" of "XL 106-6+L", its numbers left out).
        Assert.That(ScopeFinder.Find(text, Presses), Is.EqualTo(press));
    }

    [Test]
    public void OneNumberTwoPressesShare_NamesNeither()
    {
        Assert.That(ScopeFinder.Find("need it on the 106", Presses), Is.Null);
    }

    [Test]
    public void AShortCodeOfDigitsAndLetters_NamesItsOption()
    {
        var result = Interpret("we're moving the postcards over to the 12K, I need to send orders to it in Order Flow for the next 3 months");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("digital-operator"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Indigo 12K"));
        });
    }

    [Test]
    public void APersonsMoveToANewJob_IsNoWorkOfTheLevelThatMovesJobs()
    {
        var result = Interpret("Omar Diaz is moving up to run the SM 52 on 2nd shift. Please set him up on the press console in Kestrel Pressroom for that press.");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("pressroom-console"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("SM 52-4"));
            Assert.That(result.Beneficiary?.Text, Is.EqualTo("Omar Diaz"));
        });
    }

    [Test]
    public void AFunctionWordWrittenSmall_IsNeverHalfOfAnAppsName()
    {
        // "InProof" may be written apart ("In Proof"); "in" written small is the preposition ("in Proof Flow" is no app).
        Assert.Multiple(() =>
        {
            Assert.That(Tenant.Value.Search.FindApps("send jobs to it in Proof Flow").Select(a => a.App.Id), Does.Not.Contain("inproof"));
            Assert.That(Tenant.Value.Search.FindApps("need In Proof for the new client").Select(a => a.App.Id), Does.Contain("inproof"));
        });
    }

    [Test]
    public void OfTwoAppsNamed_TheOneTheActionIsDoneIn_IsMeant()
    {
        var result = Interpret("The automation rule that sends proofs to InProof stopped firing after the upgrade, I need to get in and edit it in Platemaker. 4 hrs should do it");

        Assert.That(result.App?.Id, Is.EqualTo("platemaker"), result.Why);
    }

    [TestCase("need to release the budget in Cedar Ledger for two weeks - Pita's on leave and the vendors are chasing us", "Pita's on leave")]
    [TestCase("need to release the budget in Cedar Ledger for a fortnight, Kate's at the drydock and the invoices are overdue", "Kate's at the drydock")]
    [TestCase("need budget revisions in Cedar Ledger for 10 days, both controllers are at year-end training and the books close wednesday", "both controllers are at year-end training")]
    public void SomeoneAwayOrElsewhere_IsTheReason(string text, string reason)
    {
        Assert.That(JustificationFinder.Find(text)?.Text, Does.StartWith(reason));
    }

    [Test]
    public void ARoleSetUp_IsGivenNotConfigured()
    {
        const string text = "need harbor processor set up, starting on angela's pipeline monday";
        var app = Tenant.Value.Tenant.Catalog.Apps.Single(a => a.Id == "loans");
        var options = app.Entitlements.Select(e => new EntitlementMatch(e, 0) { App = app }).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(Privileges.NeedOf("need processor set up, starting on angela's pipeline monday").Level, Is.Not.EqualTo(PrivilegeLevel.Admin));
            Assert.That(Interpret(text).Entitlement?.Id, Is.Not.EqualTo("loans-admin"));
            // Of the levels in question, the one whose name holds the role said before "set up".
            Assert.That(RequestInterpreter.NamedByItsRoleNoun(options, Words.Tokenize(text))?.Entitlement.Id, Is.EqualTo("loans-processor"));
        });
    }

    [Test]
    public void SpreadingCostsAcrossLots_IsAllocatingThem()
    {
        var result = Interpret("I need to spread the phase 2 development costs across the lots in Cedar Ledger now that the plat recorded");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("ledger-budgets"), result.Why);
    }

    [Test]
    public void WhatOthersOfTheStoryWillDo_AsksNothing()
    {
        var result = Interpret("Omar Diaz starts on the cops beat monday. can you set him up in Newsdesk so he can file copy? drafts only, the desk will edit and publish his stuff");

        Assert.Multiple(() =>
        {
            Assert.That(Privileges.NeedOf("drafts only, the desk will edit and publish his stuff").Level, Is.EqualTo(PrivilegeLevel.Unknown));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("newsdesk-contributor"), result.Why);
        });
    }

    [Test]
    public void AProductsNameWithoutItsMakers_NamesTheApp()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Tenant.Value.Search.FindApps("reporting access in Ad Server for 3 months").Select(a => a.App.Id), Does.Contain("nwads"));
            // Written small, "ad server" is everyday words, not the name.
            Assert.That(Tenant.Value.Search.FindApps("the ad server is slow").Select(a => a.App.Id), Does.Not.Contain("nwads"));
        });
    }

    [Test]
    public void TheNounOfAnAct_NamesItsDoerInALevelsName()
    {
        var result = Interpret("Alan asked me to cover the weekly carrier settlement approvals for the next month while he's buried in the audit");

        var match = Tenant.Value.Search.Search("cover the weekly carrier settlement approvals").Single(m => m.Entitlement.Id == "circulation-pay");

        Assert.Multiple(() =>
        {
            Assert.That(match.NameMatch, Is.EqualTo(1.0), "\"approvals\" says the \"Approver\" of the name");
            Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
            Assert.That(result.Entitlement?.Id, Is.EqualTo("circulation-pay"), result.Why);
        });
    }

    [Test]
    public void ANounOfTheActBesideItsVerb_IsStillNoAction()
    {
        // "approvals" meets "Approver" in a name only: said alone it asks to approve nothing.
        Assert.That(Privileges.NeedOf("i need to see the approvals").Level, Is.EqualTo(PrivilegeLevel.Read));
    }

    [Test]
    public void ESign_IsSigning_AndAnAdverbLeavesTheVerbTheHead()
    {
        var result = Interpret("the judge is away all week and asked me to e-sign the bond orders for him in Bench Orders while he's gone");

        Assert.Multiple(() =>
        {
            Assert.That(EntitlementActions.Of(Entitlement("bench-esign")).Granted, Does.Contain(Words.Stem("sign")));
            Assert.That(result.Actions.Wanted, Does.Contain(Words.Stem("sign")));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("bench-esign"), result.Why);
        });
    }

    [Test]
    public void ANameWrittenWithItsCapitalsInside_NamesTheApp_ThoughTheCatalogWritesItSmall()
    {
        // The descriptions say "shopfronts" small, so the word alone is ordinary; "ShopFront" as the catalog writes it is the
        // app, and a request that says only the app asks which level.
        var result = Interpret("I need ShopFront access");

        Assert.Multiple(() =>
        {
            Assert.That(Tenant.Value.Search.FindApps("I need ShopFront access").Select(a => a.App.Id), Does.Contain("shopfront"));
            Assert.That(result.Entitlement, Is.Null, result.Why);
            Assert.That(result.Options.Select(o => o.Entitlement.Id), Is.EquivalentTo(new[] { "shopfront-orders", "shopfront-editor" }));
        });
    }

    [Test]
    public void WhatIsAlreadyDone_AndWhatSomeoneElseDoesLater_AskNothing()
    {
        const string text = "want to see whats already committed on my houses before omar signs the purchase order in Cedar Ledger";

        Assert.Multiple(() =>
        {
            Assert.That(Privileges.NeedOf("want to see whats already committed on my houses").Level, Is.EqualTo(PrivilegeLevel.Read));
            Assert.That(new MessageReader(Tenant.Value.Search).Read(text, InterpretContext.Empty).SearchText, Does.Not.Contain("signs"));
            Assert.That(Interpret(text).Entitlement?.Id, Is.EqualTo("ledger-inquiry"));
        });
    }

    [Test]
    public void ThreeLettersOfAPlace_NameIt()
    {
        var branches = new IgaBot.Core.Catalog.EntitlementScope("branch", ["Phoenix", "Tucson", "Albuquerque", "El Paso"]);

        Assert.Multiple(() =>
        {
            Assert.That(ScopeFinder.Find("can i get the scheduler for phx? 3 months pls", branches), Is.EqualTo("Phoenix"));
            Assert.That(ScopeFinder.Find("covering abq next week", branches), Is.EqualTo("Albuquerque"));
            // Letters ending in a piece of the word ("ni" of "phoenix") are no shortening of it.
            Assert.That(ScopeFinder.Find("need the pni branch", branches), Is.Null);
        });
    }

    [Test]
    public void WhileSomeoneIsBusyElsewhere_IsTheReason()
    {
        Assert.That(JustificationFinder.Find("Alan asked me to cover the weekly carrier settlement approvals while he's buried in the audit")?.Text,
            Is.EqualTo("he's buried in the audit"));
    }

    [Test]
    public void WhenSomethingElseHappens_IsNoWordOfTheNeed_UnlessItNamesAPlace()
    {
        var reader = new MessageReader(Tenant.Value.Search);

        Assert.Multiple(() =>
        {
            Assert.That(reader.Read("how do i get into the training site before my guard card renews", InterpretContext.Empty).SearchText,
                Does.Not.Contain("card"));
            // "once the indigo press opens": a press the catalog grants says where, and stays.
            Assert.That(reader.Read("need the order flow role once the indigo press opens", InterpretContext.Empty).SearchText, Does.Contain("indigo"));
        });
    }
}
