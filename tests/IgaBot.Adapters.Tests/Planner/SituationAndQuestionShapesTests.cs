using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Shapes of everyday messages found on two fresh held-out tenants of the eighteenth session (a data centre operator and a
/// supermarket chain), each a class of English rather than a word of theirs: an -ing form that describes a place ("at the
/// north loading dock") asks for no action; ", trucks are backing up" is the reason; "how do I pull that" asks to be able to; "do I already have it? if not can I get
/// it" is a request; "somebody has to sign the orders" and "a privacy request from a member" tell the situation, which is
/// the reason.
/// </summary>
public sealed class SituationAndQuestionShapesTests
{
    private const string Catalog = """
        apps:
          - id: cams
            name: VisionHub
            description: CCTV video management for the data halls, loading docks and the perimeter.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: cams-live
                name: VisionHub Live Viewer
                description: Watch live camera feeds for the data halls, loading docks and the perimeter.
                risk: low
                approvals: []
              - id: cams-export
                name: VisionHub Playback and Export
                description: Play back recorded video and export clips for incident investigations and customer disputes.
                risk: medium
                approvals: [manager]
          - id: lanes
            name: LaneView OCR
            description: Truck gate automation - OCR portals, lane kiosks and truck transactions at the in-gate and out-gate.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: lanes-monitor
                name: LaneView Gate Monitor
                description: Watch gate lanes, truck transactions and OCR exceptions as trucks back up to the gate.
                risk: low
                approvals: []
          - id: doors
            name: GateKeeper
            description: Physical access control - badges, readers and cage doors.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: doors-monitor
                name: GateKeeper Alarm Monitoring
                description: Monitor door alarms and badge events, and acknowledge alarms.
                risk: low
                approvals: []
              - id: doors-reports
                name: GateKeeper Access History Reports
                description: Run cardholder and door access history reports - who entered which hall or cage and when - for audits and customer requests.
                risk: medium
                approvals: [manager]
          - id: till
            name: LaneMaster POS
            description: Point of sale on every checkout lane and the store back office.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: till-cashier
                name: LaneMaster Cashier
                description: Sign on to a lane and ring transactions. No voids after total and no overrides.
                risk: low
                approvals: []
              - id: till-supervisor
                name: LaneMaster Front End Supervisor
                description: Supervisor override level for one store - post-voids, price overrides, refunds without receipt and no-sale drawer opens.
                risk: medium
                approvals: [manager]
                scope: {label: store, options: [Elm Park, Riverside]}
          - id: rx
            name: PharmaOrder
            description: Pharmacy purchasing from the drug wholesaler, and CSOS ordering of Schedule II controlled substances.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: rx-ordering
                name: PharmaOrder Ordering
                description: Build and submit the daily wholesaler order for one pharmacy.
                risk: low
                approvals: [manager]
              - id: rx-signer
                name: PharmaOrder CSOS Signer
                description: Sign electronic orders for Schedule II controlled substances with a CSOS certificate.
                risk: high
                approvals: [manager]
          - id: rewards
            name: StarCard
            description: Loyalty platform - member accounts, points and coupons.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: rewards-care
                name: StarCard Care Agent
                description: Find a member by phone or card number, view their transactions and add missing points.
                risk: low
                approvals: []
              - id: rewards-export
                name: StarCard Member Data Export
                description: Export member personal data - name, email, phone, address and purchase history - for privacy requests.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Store Manager, department: Operations}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => new RequestInterpreter(Tenant.Value.Search).Interpret(text);

    private static AskedActions Read(string text) => ActionReader.Read(Words.Tokenize(text), _ => true);

    [TestCase("someone got into the wrong cage at the north loading dock", "load")]
    [TestCase("the tills on the night picking shift keep freezing", "pick")]
    public void AnIngFormBeforeANounInAPlacePhrase_AsksForNoAction(string text, string notAsked)
    {
        Assert.That(Read(text).Wanted, Does.Not.Contain(Words.Stem(notAsked)));
    }

    // The guard: an -ing form before the thing it is done to is the person's doing.
    [Test]
    public void AnIngFormBeforeItsObject_StillAsks()
    {
        Assert.That(Read("I'll be loading the pallets at the dock").Wanted, Does.Contain(Words.Stem("load")));
    }

    [Test]
    public void FootageFromTheLoadingDock_IsThePlaybackAndExportLevel()
    {
        var result = Interpret("a customer's tech got into the wrong cage at the north loading dock, need to pull back the footage and export the clip for them");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cams-export"), result.Why);
    }

    // ", trucks are backing up to the gate again": what something else is doing now is the reason, so its words (trucks, the
    // gate) do not draw the gate lanes' monitor over the cameras the person asks to watch.
    [Test]
    public void WhatSomethingElseIsDoingNow_IsTheReason_NotTheNeed()
    {
        const string text = "I want to watch the in-gate cameras at the loading docks, trucks are backing up to the gate again";

        Assert.Multiple(() =>
        {
            Assert.That(JustificationFinder.Find(text)?.Text, Is.EqualTo("trucks are backing up to the gate again"));
            Assert.That(Interpret(text).Entitlement?.Id, Is.EqualTo("cams-live"));
        });
    }

    [Test]
    public void HowDoIDoSomething_AsksToBeAbleTo()
    {
        var result = Interpret("customer wants a list of everyone who went into their cage in March for their SOC 2, how do i pull that");

        Assert.Multiple(() =>
        {
            Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
            Assert.That(result.Entitlement?.Id, Is.EqualTo("doors-reports"), result.Why);
        });
    }

    [Test]
    public void DoIAlreadyHaveItIfNotCanIGetIt_IsARequest()
    {
        const string text = "quick q - do i already have the override level for no-sale drawer opens and price overrides at Elm Park? if not can i get it";

        var result = Interpret(text);

        Assert.Multiple(() =>
        {
            Assert.That(IntentClassifier.Classify(text), Is.Null);
            Assert.That(result.Entitlement?.Id, Is.EqualTo("till-supervisor"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Elm Park"));
        });
    }

    // The guard: asking only what is held is still a question about one's access.
    [Test]
    public void DoIAlreadyHaveIt_Alone_ListsWhatIsHeld()
    {
        Assert.That(IntentClassifier.Classify("do i already have the override level at Elm Park?"), Is.EqualTo(Intent.ListMyAccess));
    }

    [Test]
    public void WhatSomebodyHasToDoWhileAColleagueIsOut_IsTheReason()
    {
        var found = JustificationFinder.Find(
            "Dana is out for surgery for 3 weeks and somebody has to sign the CII orders at Elm Park. can I get signer rights until the 28th");

        Assert.That(found?.Text, Does.StartWith("Dana is out for surgery"));
    }

    [Test]
    public void APrivacyRequestFromAMember_IsTheReason()
    {
        var result = Interpret("got a privacy email from a rewards member for everything we have on her - name, email, phone, purchase history. i need to pull her data out of StarCard");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("rewards-export"), result.Why);
            Assert.That(result.Justification, Does.StartWith("got a privacy email from a rewards member"));
        });
    }
}
