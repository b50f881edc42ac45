using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out chemical plant, clinical research and cosmetics tenants of the twenty-seventh session: an
/// app's initials before a record's number; a scope's code said split ("P-200") or by its letters ("the PFAS results"); an
/// action a level's name says ("Refunds and Returns", "Regulatory Release"); a verb's form that heads a described thing ("the
/// method list + the specs"); an everyday word where a verb stands, and a word run together, kept as said; a level's id said
/// before a noun; and "to do" after what the person said they do.
/// </summary>
public sealed class RecordsCodesAndNamedActionsTests
{
    private const string Catalog = """
        apps:
          - id: scada
            name: Wonderware SCADA
            description: Supervisory control for the treatment plant areas. Process screens in the control room; the System Platform IDE for configuration.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: scada-view
                name: SCADA View Only
                description: Read-only process screens, trends and alarm summary. Cannot acknowledge alarms or change setpoints.
                risk: low
                approvals: []
              - id: scada-operator
                name: SCADA Plant Operator
                description: Run one plant area from the control room - acknowledge alarms, change setpoints and pump modes.
                risk: medium
                approvals: [manager]
                scope:
                  label: area
                  options: [P100-Intake, P200-Filtration, P300-Pumping]
              - id: scada-engineer
                name: SCADA Configuration Engineer
                description: System Platform IDE - edit control logic, alarm limits and loop tuning, and download to the PLCs.
                risk: high
                approvals: [manager]
          - id: mcr
            name: Management of Change Register
            description: The MCR - change requests for plant equipment and control logic, screening, review and approval.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: mcr-initiator
                name: Change Request Initiator
                description: Start a change request and track your own requests.
                risk: low
                approvals: []
              - id: mcr-approver
                name: Change Request Approver
                description: Approve change requests for implementation.
                risk: high
                approvals: [manager]
          - id: shop
            name: Customer Web Store
            description: The utility's web store for water filters and test kits - orders, customers and products.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: shop-orders
                name: Store Orders and Customers
                description: View orders and customer profiles, edit shipping addresses and resend confirmations. No refunds.
                risk: low
                approvals: []
              - id: shop-refunds
                name: Store Refunds and Returns
                description: Issue refunds, store credit and return labels on orders.
                risk: medium
                approvals: [manager]
              - id: shop-promotions
                name: Store Discounts and Promotions
                description: Create and edit discount codes, automatic discounts, gift-with-purchase and bundle promotions.
                risk: medium
                approvals: [manager]
              - id: shop-merch
                name: Store Merchandiser
                description: Edit products, prices and planogram information for the store.
                risk: medium
                approvals: [manager]
          - id: lims
            name: LabVantage LIMS
            description: Water quality laboratory - samples, results and the reports to the state. Lead and copper sampling goes to LCR-201, forever chemicals to PFAS-118.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: lims-viewer
                name: LIMS Results Viewer
                description: Read sample results, specifications, method lists and certificates of analysis for one monitoring program. Cannot change anything.
                risk: medium
                approvals: []
                scope:
                  label: program
                  options: [LCR-201, PFAS-118, DBP-305]
              - id: lims-qa
                name: LIMS QA Reviewer
                description: Review result sets for the state report - data validation, qualifiers and corrective action notes.
                risk: high
                approvals: [manager]
              - id: lims-contributor
                name: LIMS Document Contributor
                description: Upload, classify and index chain-of-custody forms and field sheets for one monitoring program.
                risk: low
                approvals: []
                scope:
                  label: program
                  options: [LCR-201, PFAS-118, DBP-305]
              - id: lims-release
                name: LIMS Regulatory Release
                description: Sign off a result set for reporting - validate the method list and lock the version for the state report; results flow back to the plant log.
                risk: high
                approvals: [manager]
          - id: pass
            name: Trapeze PASS
            description: Paratransit trip booking and scheduling.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: pass-viewer
                name: PASS Trip Viewer
                description: Read booked trips and rider eligibility.
                risk: low
                approvals: []
          - id: historian
            name: AVEVA Historian
            description: Plant historian - every SCADA tag, trends and displays.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: trend-vision
                name: Trend Vision Viewer
                description: View Trend Vision displays and trends of historian tags.
                risk: low
                approvals: []
              - id: hist-calc
                name: Historian Calc Editor
                description: Edit asset templates and build calculated tags (averages, totalizers) that show on displays.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Process Engineer, department: Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [Test]
    public void AnAppsInitialsBeforeARecordsNumber_NameTheRecord_NotTheAppAskedFor()
    {
        // Read as naming the change register, "MCR-2288" would leave only its levels, none of which downloads.
        var result = Interpret("pls give me IDE download rights, have to retune the chlorine loop on the filters (MCR-2288)");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("scada-engineer"), result.Why);
        Assert.That(Tenant.Value.Search.FindApps("(MCR-2288)"), Is.Empty);
        Assert.That(Tenant.Value.Search.FindApps("I need the MCR approver role").Select(a => a.App.Id), Is.EqualTo(new[] { "mcr" }));
    }

    [Test]
    public void AScopeCodeSaidSplit_NamesTheOption()
    {
        var result = Interpret("cross training on the filters starting monday, can i get plant operator for P-200");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("scada-operator"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("P200-Filtration"));
    }

    [Test]
    public void AScopeCodesLettersInCapitals_NameTheOption()
    {
        var result = Interpret("I need to read the DBP results in labvantage for the quarterly report");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("lims-viewer"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("DBP-305"));
    }

    [Test]
    public void AnActionALevelsNameSays_IsAnActionItGrants()
    {
        // "Issue refunds": the description's verb is "issue"; the name says what the level does. The orders level rules refunds out.
        var refunds = Interpret("customer's filter arrived cracked and she wants her money back. can i get refund rights in the web store");
        // "Sign off ... validate ... lock": only the name says "release".
        var release = Interpret("can I get the release role in labvantage till friday? the lead results have to be signed off before the state report goes in");

        Assert.That(refunds.Entitlement?.Id, Is.EqualTo("shop-refunds"), refunds.Why);
        Assert.That(release.Entitlement?.Id, Is.EqualTo("lims-release"), release.Why);
    }

    [TestCase("hey can i get into labvantage? just need to look up the method list + the specs for the lead samples, not changing anything")]
    [TestCase("can i get into labvantage to grab the full method list for the lab manual")]
    public void AVerbsFormHeadingADescribedThing_IsNoActionAsked(string text)
    {
        // "list" read as a verb is an action only the release level's "validate the method list" holds.
        var result = Interpret(text);

        Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("list")), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("lims-viewer"), result.Why);
    }

    [Test]
    public void AnEverydayWordWhereAVerbStands_IsNotACatalogWordCutShort()
    {
        Assert.That(Tenant.Value.Search.Normalize("so i can plan the spring promotions"), Is.EqualTo("so i can plan the spring promotions"));
        Assert.That(Tenant.Value.Search.Normalize("the plan section of the store"), Does.Contain("planogram"), "said as a noun, it is the catalog's word cut short");
    }

    [Test]
    public void TwoCatalogWordsRunTogether_AreSplitOnlyWhereTheCatalogWritesThemSideBySide()
    {
        // "back" and "log" are both catalog words, but never one after the other.
        Assert.That(Tenant.Value.Search.Normalize("a backlog of 400 samples"), Is.EqualTo("a backlog of 400 samples"));
        Assert.That(Tenant.Value.Search.Normalize("the alarmsummary is blank"), Does.Contain("alarm summary"));
    }

    [Test]
    public void ALevelsIdSaidBeforeANoun_DescribesThatThing_AndLeavesTheLevelToWhatIsAsked()
    {
        var result = Interpret("need to build a calc that averages turbidity on filter 4 so it shows on the Trend Vision display");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("hist-calc"), result.Why);
        Assert.That(Interpret("can i get trend vision access").Entitlement?.Id, Is.EqualTo("trend-vision"));
    }

    [Test]
    public void ToDoAfterWhatThePersonSaidTheyDo_AddsNoLevel()
    {
        Assert.That(Privileges.NeedOf("I need to read the sample results to do the monthly recon against the state report").Level, Is.EqualTo(PrivilegeLevel.Read));
        Assert.That(Privileges.NeedOf("I need to do the monthly recon").Level, Is.EqualTo(PrivilegeLevel.Write));
    }

    [Test]
    public void ACapitalLetterHyphenatedToAWord_IsNoName()
    {
        var result = Interpret("please add me as a change request approver, the director named me the ops approver for B-shift changes");

        Assert.That(result.Beneficiary, Is.Null);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("mcr-approver"), result.Why);
    }

    [Test]
    public void WhatTheAccessIsFor_SaidOfTheOneWhoGetsIt_IsAVerbOfDoing()
    {
        // "file" is no verb the catalog's levels use; said after "so she can", it asks to do, more than to look.
        var result = Tenant.Value.Interpret("jo.m@example.com", "Please set up Ana Silva with labvantage for PFAS-118 so she can file the lead sampling letters");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("lims-contributor"), result.Why);
    }

    [Test]
    public void AValueRaisedToANumber_IsAChange_NotACreation()
    {
        // "raise" shares a group with "start" and "open": "Start a change request" would cover it.
        var result = Interpret("got the ok to raise the high alarm on pump 3 from 85 to 90 psi, can i get into the IDE and make the change myself?");

        Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("raise")));
        Assert.That(result.Actions.Wanted, Does.Contain(Privileges.ChangeStem));
        Assert.That(Interpret("I need to raise a change request for the new pump").Actions.Wanted, Does.Contain(Words.Stem("raise")));
    }

    [Test]
    public void TheWordsAfterANounsPossessive_NameAThing()
    {
        var result = Interpret("can i get into labvantage to read the lead results? need them for monday's board review meeting");

        Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("review")), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("lims-viewer"), result.Why);
        Assert.That(Words.Tokenize("it's the plant's log").Select(w => w.IsPossessive), Is.EqualTo(new[] { false, false, true, false }));
    }

    [Test]
    public async Task AnOptionTheAppsDescriptionGlosses_IsFiledThroughTheConversation()
    {
        var result = await InlineTenantEval.RunAsync(Catalog, Directory,
            """{"id":"gloss","requester":"jo.m@example.com","say":"I need to read the forever chemicals results in labvantage","expect":{"entitlement":"lims-viewer","scope":"PFAS-118","status":"auto_approved","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    [Test]
    public void AnOptionTheAppsDescriptionGlosses_IsNamedByItsWords()
    {
        var result = Interpret("I need to read the forever chemicals results in labvantage");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("lims-viewer"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("PFAS-118"));
    }

    [Test]
    public void AnAppsInitialsBeforeARecordsNumber_AreNoWordOfTheSearch()
    {
        var matches = Tenant.Value.Search.Search("have to retune the chlorine loop on the filters (MCR-2288)");

        Assert.That(matches.Where(m => m.App.Id == "mcr").SelectMany(m => m.MatchedWords), Does.Not.Contain("mcr"));
    }

    // The step-up rule itself, with the words each level's own text holds set by hand.
    private static EntitlementMatch Match(string id, params string[] words)
    {
        var catalog = Tenant.Value.Tenant.Catalog;
        var entitlement = catalog.FindEntitlement(id)!;
        return new EntitlementMatch(entitlement, 0.5) { App = catalog.AppOf(entitlement), Relevance = 0.5, MatchedWords = words };
    }

    [Test]
    public void AWiderLevelThatAddsOnlyAVerbNotAsked_IsNoStepUpFromTheOneHeld()
    {
        // "read the sample results ... for monday's review meeting": "review" is the meeting's, not an action asked for.
        var held = Match("lims-viewer", "result", "sampl");
        var need = new NeedLevel(PrivilegeLevel.Read, false, []);

        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), [held, Match("lims-qa", "result", "review")], need), Is.Null);
        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), [held, Match("lims-qa", "result", "qualifier")], need)?.Entitlement.Id,
            Is.EqualTo("lims-qa"), "a word of substance the held level lacks is evidence of what is missing");
    }

    [Test]
    public void AHyphenatedTermOfThreeWords_IsShortenedByAllItsInitials()
    {
        Assert.That(Tenant.Value.Search.Normalize("the black friday GWP"), Is.EqualTo("the black friday gift with purchase"));
    }

    [Test]
    public void WhatIsSetUp_IsWhatTheChangeIsDoneTo()
    {
        // The orders level is the narrowest that changes anything; only the promotions level's own words hold the gift with purchase.
        var result = Interpret("I have to set up the Black Friday GWP in the Customer Web Store for orders over $60");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("shop-promotions"), result.Why);
    }

    [Test]
    public void AnEverydayWordOfAnAppsName_HyphenatedToAnother_IsPartOfThatWord()
    {
        Assert.That(Tenant.Value.Search.FindApps("theres a complaint about a pass-up at the transit center, i need to read it"), Is.Empty);
        Assert.That(Tenant.Value.Search.FindApps("i need PASS to read the booked trips").Select(a => a.App.Id), Is.EqualTo(new[] { "pass" }));
    }

    [Test]
    public void AnAppNamedInWhatThePersonWouldRatherNotDo_IsNotTheOneAskedFor()
    {
        var result = Interpret("i need to build the turbidity averages myself instead of asking the SCADA team every time");

        Assert.That(Tenant.Value.Search.FindApps("build the averages myself instead of asking the SCADA team"), Is.Empty);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("hist-calc"), result.Why);
    }
}
