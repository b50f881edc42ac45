using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out esports, winery and theme park tenants of the thirty-second session:
/// <list type="bullet">
/// <item>scope values that all begin with one name ("northwind", "northwind_lol") are told apart by what follows it,
/// however short ("the lol channel", "the CS channel"), and "the main channel" is the one that is the name alone;</item>
/// <item>initials that keep a small word small ("MoA" for Masters of Arena) name a value;</item>
/// <item>a level's one telling name word that another app's description uses ("everything an Editor can do") still names
/// it when its own app is said, unless a sibling's name has the word too;</item>
/// <item>an app whose name ends in a number is said by its initial and the number ("c7" for a name like Commerce7, "d365");</item>
/// <item>to "pull" footage or a list out of an app is to export it;</item>
/// <item>what a thing "is actually doing" (an adverb between) is the story, not an action asked for;</item>
/// <item>a level whose own words rule out an action asked for ("Cannot create work orders") is no fit while another is;</item>
/// <item>"so we can just do it" asks for the act named before as a thing ("wants a refund");</item>
/// <item>a verb said with a particle the catalog writes after it ("put equipment in maintenance mode") is the catalog's verb,
/// not the one the phrase means elsewhere ("put in" enters).</item>
/// </list>
/// </summary>
public sealed class ChannelsRostersAndRoleNamesTests
{
    private const string Catalog = """
        apps:
          - id: beacon
            name: Beacon
            description: Live streaming of our shows and matches on our Beacon channels.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: beacon-moderator
                name: Beacon Channel Moderator
                description: Moderate chat on one of our channels - timeouts and bans, slow mode and blocked terms.
                risk: low
                approvals: []
                scope: {label: channel, options: [northwind, northwind_val, northwind_lol, northwind_cs]}
              - id: beacon-editor
                name: Beacon Channel Editor
                description: Run one of our channels from the dashboard - change the title and category, run ads, start raids and predictions.
                risk: medium
                approvals: []
                scope: {label: channel, options: [northwind, northwind_val, northwind_lol, northwind_cs]}
              - id: beacon-keys
                name: Beacon Channel Owner Login
                description: Checkout of the channel owner login from the vault - stream keys and payout settings.
                risk: critical
                approvals: [manager]
          - id: clipster
            name: Clipster Studio
            description: Our video channels - uploads, analytics and revenue.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: clipster-viewer-limited
                name: Clipster Studio Viewer (limited)
                description: See channel analytics, video performance and audience retention. No revenue data; cannot change anything.
                risk: low
                approvals: []
              - id: clipster-viewer
                name: Clipster Studio Viewer
                description: See everything including revenue and monetization reports. Cannot change anything.
                risk: medium
                approvals: [manager]
              - id: clipster-manager
                name: Clipster Studio Manager
                description: Everything an Editor can do on every channel, plus revenue settings and channel permissions.
                risk: high
                approvals: [manager]
          - id: replays
            name: Replay Room
            description: Scrim and match recordings of each roster.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: replays-viewer
                name: Replay Room Viewer
                description: Watch and comment on one roster's scrim and match recordings, as any viewer of the team can.
                risk: low
                approvals: []
                scope: {label: roster, options: [Masters of Arena, Skyfall, Iron Tactics 2]}
          - id: shop9
            name: Shopline9
            description: Direct-to-fan commerce - merch store, fan club memberships and customer records.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: shop9-pos
                name: Shopline9 POS Associate
                description: Ring up merch sales at the arena stand and look up fan club members.
                risk: low
                approvals: []
              - id: shop9-club
                name: Shopline9 Club Operations
                description: Maintain fan club memberships - holds, tier changes, shipping addresses and card updates.
                risk: medium
                approvals: []
              - id: shop9-export
                name: Shopline9 Customer Export
                description: Export customer and fan club member lists with emails and addresses to CSV.
                risk: high
                approvals: [manager]
          - id: cellarbook
            name: Cellarbook
            description: Cellar production - work orders, lots, blends and bottling.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: cellarbook-crew
                name: Cellarbook Crew
                description: Complete assigned work orders on the tablet - toppings, rackings, barrel downs - and record actual volumes. Cannot create work orders.
                risk: low
                approvals: []
              - id: cellarbook-maker
                name: Cellarbook Winemaker
                description: Create and assign work orders, plan additions, build blends and schedule bottling runs.
                risk: medium
                approvals: [manager]
              - id: cellarbook-admin
                name: Cellarbook Administrator
                description: Manage users, roles and the cellar's vessels and settings.
                risk: critical
                approvals: [manager]
          - id: plantwatch
            name: PlantWatch
            description: Building and power monitoring - cooling units, generators and switchgear.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: plantwatch-operator
                name: PlantWatch Operator
                description: Operate the plant - acknowledge alarms, change setpoints, put equipment in maintenance mode.
                risk: medium
                approvals: [manager]
              - id: plantwatch-programmer
                name: PlantWatch Programmer
                description: Change controller programs and sequences of operation; enter new points and alarm limits.
                risk: high
                approvals: [manager]
          - id: ledger
            name: Fable Ledger 365
            description: Finance - general ledger, payables and financial reports.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: ledger-reports
                name: Fable Ledger Financial Reports
                description: Read the P&L, balance sheet and budget versus actuals by department.
                risk: medium
                approvals: [manager]
              - id: ledger-payables
                name: Fable Ledger Payables Entry
                description: Enter, make and code vendor bills.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Broadcast}
          - {email: jo.m@example.com, name: Jo Marsh, title: Producer, department: Broadcast, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    private static readonly EntitlementScope Channels = new("channel", ["northwind", "northwind_val", "northwind_lol", "northwind_cs"]);

    private static readonly EntitlementScope Rosters = new("roster", ["Masters of Arena", "Skyfall", "Iron Tactics 2"]);

    [TestCase("need the lol channel", "northwind_lol")]
    [TestCase("run ads on the CS channel tonight", "northwind_cs")]
    [TestCase("mod on the VAL channel please", "northwind_val")]
    [TestCase("editor on the main beacon channel", "northwind")]
    public void ValuesBeginningWithOneName_AreToldApartByWhatFollows(string text, string expected)
    {
        Assert.That(ScopeFinder.Find(text, Channels), Is.EqualTo(expected));
    }

    [Test]
    public void MainWithoutTheKindOfValueAfterIt_NamesNoValue()
    {
        Assert.That(ScopeFinder.Find("can u send me the stream key for the main beacon? gonna run a marathon", Channels), Is.Null);
    }

    [TestCase("upload and tag the scrims for the MoA roster", "Masters of Arena")]
    [TestCase("upload and tag the scrims for the moa roster", null)]
    public void InitialsKeepingTheSmallWordSmall_NameTheValue(string text, string? expected)
    {
        Assert.That(ScopeFinder.Find(text, Rosters), Is.EqualTo(expected));
    }

    [Test]
    public void ARoleNameOtherAppsUse_NamesTheLevelOfTheAppSaid()
    {
        var result = Interpret("need editor on the lol beacon channel for a couple weeks");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("beacon-editor"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("northwind_lol"));
        });
    }

    [Test]
    public void ARoleNameASiblingAlsoHas_NamesNeither()
    {
        var result = Interpret("how do i see how our clipster videos are performing? just want view counts and retention, not touching anything");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("clipster-viewer-limited"), result.Why);
    }

    [TestCase("first shift at the arena stand tmrw, need a POS login for s9", "shop9")]
    [TestCase("can I get into L365 for the close", "ledger")]
    [TestCase("can I get into FL365 for the close", "ledger")]
    public void ANameEndingInANumber_IsSaidByItsInitialAndTheNumber(string text, string app)
    {
        Assert.That(Tenant.Value.Search.FindApps(text).Select(a => a.App.Id), Is.EqualTo(new[] { app }));
    }

    [Test]
    public void PullingAListOutOfTheApp_IsExportingIt()
    {
        var result = Interpret("need to pull a csv of all fan club members w/ emails + mailing addresses out of s9 for the holiday mailer");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("shop9-export"), result.Why);
    }

    [Test]
    public void WhatAThingIsActuallyDoing_IsTheStory()
    {
        var wanted = ActionReader.Read(Words.Tokenize("want to know if the reserve flight is actually making us money"), _ => true).Wanted;

        Assert.That(wanted, Does.Not.Contain(Words.Stem("making")));
    }

    [Test]
    public void ALevelThatCannotDoWhatIsAsked_IsNoFit()
    {
        var result = Interpret("Dana wants me to start writing up the racking and barrel-down work orders myself instead of waiting on her every morning. Can I get whatever lets me create work orders in Cellarbook?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cellarbook-maker"), result.Why);
    }

    [TestCase("a fan wants a refund on their game card - can we get access so we can just do it at our window", "refund")]
    [TestCase("customer wants an exchange for the jacket, can I get the till so I can do that myself", "exchange")]
    public void DoingItAfterAnActNamedAsAThing_AsksForThatAct(string text, string act)
    {
        var wanted = ActionReader.Read(Words.Tokenize(text), _ => true).Wanted;

        Assert.That(wanted, Is.EqualTo(new[] { Words.Stem(act) }));
    }

    [Test]
    public void DoingItWithNoActNamedBefore_AsksNothing()
    {
        var wanted = ActionReader.Read(Words.Tokenize("their game card is broken - can we get access so we can just do it at our window"), _ => true).Wanted;

        Assert.That(wanted, Is.Empty);
    }

    [Test]
    public void AVerbWithTheParticleTheCatalogWritesAfterIt_IsTheCatalogsVerb()
    {
        var result = Interpret("NOC here - need to ack alarms and put CRAH-3 in maintenance mode from plantwatch, facilities on-call isnt picking up");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("plantwatch-operator"), result.Why);
    }
}
