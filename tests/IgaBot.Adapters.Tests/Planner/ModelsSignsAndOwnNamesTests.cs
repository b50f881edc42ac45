using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out clinical laboratory, aircraft maintenance and water utility tenants of the twenty-ninth
/// session: a model written as letters and a number is named by either part ("the ATR" for ATR72); a number written with its
/// sign is the catalog's "minus" ("the -80s"); the name a level's description opens with names the level ("Designer - ...");
/// what the team does before or after ("before we release the batch") is the time of the task, not an action asked; and a
/// short word that drops one of a doubled pair ("aply") is the catalog's word; and logins for people the message does not name
/// ("an AMOS login for the new starter") are the level that manages the app's users.
/// </summary>
public sealed class ModelsSignsAndOwnNamesTests
{
    private const string Catalog = """
        apps:
          - id: keel
            name: Keel MX
            description: The maintenance system - work packages, task cards and certification.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: keel-viewer
                name: Keel Read Only
                description: Look up aircraft status and task cards. Cannot record or change anything.
                risk: low
                approvals: []
              - id: keel-crs
                name: Keel Certifying Staff
                description: Sign off task cards as certifying staff and issue the release to service, for one aircraft type.
                risk: high
                approvals: [manager]
                scope:
                  label: type
                  options: [A320, A330, B737, ATR72]
          - id: planeside
            name: Planeside Portal
            description: The manufacturer's portal - manuals, service letters and service requests.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: planeside-docs
                name: Planeside Manuals
                description: Read the 737 maintenance manuals and service letters.
                risk: low
                approvals: []
              - id: planeside-requests
                name: Planeside Service Requests
                description: Raise and follow service requests to the manufacturer.
                risk: low
                approvals: []
              - id: planeside-admin
                name: Planeside Site Administrator
                description: Company focal - add and remove company users and assign their portal roles.
                risk: high
                approvals: [manager]
          - id: frost
            name: Frostbyte
            description: Specimen storage - boxes, racks and freezers.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: frost-lookup
                name: Frostbyte Lookup
                description: Find where a specimen is stored. No check-in or check-out.
                risk: low
                approvals: []
              - id: frost-tech
                name: Frostbyte Storage Technician
                description: Check specimens in and out of one storage area and move boxes between racks.
                risk: medium
                approvals: []
                scope:
                  label: storage area
                  options: [Ambient Archive, Minus 20 Freezers, Minus 80 Freezers]
          - id: tasker
            name: Tasker
            description: Work management - work orders, inspections and preventive maintenance.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: tasker-viewer
                name: Tasker Viewer
                description: Look up work orders and inspections. No editing.
                risk: low
                approvals: []
              - id: tasker-user
                name: Tasker Work Order User
                description: Create, update and close work orders and inspections for one crew.
                risk: medium
                approvals: []
                scope:
                  label: crew
                  options: [distribution, collection]
              - id: tasker-admin
                name: Tasker Administrator
                description: Tasker Designer - work order and inspection templates, custom fields and security groups for the whole system.
                risk: high
                approvals: [manager]
          - id: readout
            name: Readout
            description: Sequencing run storage and analysis.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: readout-viewer
                name: Readout Run Viewer
                description: View sequencing runs, run QC metrics and sample sheets. No data download.
                risk: low
                approvals: []
              - id: readout-analyst
                name: Readout Data Analyst
                description: Launch secondary analysis, release batches to reporting and download result files for one workgroup.
                risk: high
                approvals: [manager]
                scope:
                  label: workgroup
                  options: [Oncology, Hereditary]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Technician, department: Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [TestCase("need certifying staff on the ATR in keel", "ATR72")]
    [TestCase("need certifying staff on the 737s in keel", "B737")]
    [TestCase("need certifying staff on the 320 in keel", "A320")]
    public void AModelIsNamedByItsLettersOrItsNumber(string text, string type)
    {
        var result = Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("keel-crs"), result.Why);
        Assert.That(result.Scope, Is.EqualTo(type));
    }

    [Test]
    public void APartTwoModelsShare_NamesNone()
    {
        // "A3" is no part of one model: A320 and A330 both start so.
        Assert.That(Interpret("need certifying staff on the A3 in keel").Scope, Is.Null);
        // "ATR" is the letters of two models here, so it names neither; "72" is too short a number to name one.
        var types = new IgaBot.Core.Catalog.EntitlementScope("type", ["ATR42", "ATR72", "B737"]);
        Assert.That(ScopeFinder.Find(Words.Tokenize("need certifying staff on the ATR"), types), Is.Null);
        Assert.That(ScopeFinder.Find(Words.Tokenize("need certifying staff on the 737"), types), Is.EqualTo("B737"));
        // A shared part counts for no one, so the part said that is one model's own decides: "the ATR 600s" is the ATR600.
        var turboprops = new IgaBot.Core.Catalog.EntitlementScope("type", ["ATR72", "ATR600"]);
        Assert.That(ScopeFinder.Find(Words.Tokenize("need certifying staff on the ATR 600s"), turboprops), Is.EqualTo("ATR600"));
    }

    [Test]
    public void ANumberWithItsSign_IsTheCatalogsMinus()
    {
        var result = Interpret("need check in/out rights in frostbyte for the -80s, pulling 40 serum aliquots");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("frost-tech"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Minus 80 Freezers"));
    }

    [TestCase("move boxes 10-20 in frostbyte")]
    [TestCase("the dev-80 rack in frostbyte")]
    public void ARangeOrAPartOfAName_KeepsItsDash(string text)
    {
        Assert.That(Tenant.Value.Search.Normalize(text), Does.Not.Contain("minus"));
    }

    [TestCase("need to isue the release for the A330", "issue")]
    [TestCase("need to isse the release for the A330", "isse")]
    public void AShortWordIsReadBackOnlyWhereItDropsOneOfADoubledPair(string text, string read)
    {
        // From the held-out insurer: "need to be able to aply payments". Any other slip in a word this short is left as said.
        Assert.That(Tenant.Value.Search.Normalize(text), Does.Contain($"to {read} the"));
    }

    [TestCase("need to set up a planeside login for the new starter in tech records")]
    [TestCase("I need to add the three new starters in tech services to planeside and give them 737 manual access")]
    public void LoginsForPeopleNotNamed_AreTheUserAdministration(string text)
    {
        var result = Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("planeside-admin"), result.Why);
    }

    [Test]
    public void ReadingTheManualsThemselves_IsNoUserAdministration()
    {
        Assert.That(Interpret("I need to read the 737 maintenance manuals in planeside").Entitlement?.Id, Is.EqualTo("planeside-docs"));
    }

    [Test]
    public void TheNameADescriptionOpensWith_NamesTheLevel()
    {
        var result = Interpret("need tasker designer rights till end of month to build the new hydrant flushing inspection template");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("tasker-admin"), result.Why);
    }

    [Test]
    public void WhatTheTeamDoesBeforeOrAfter_IsNoActionAsked()
    {
        // The release is the team's next step; the person asks to look at the run's metrics first.
        const string text = "can i see the run metrics in readout? want to check the QC on last night's run before we release the batch";

        Assert.That(Privileges.NeedOf(text).Level, Is.EqualTo(PrivilegeLevel.Read));
        Assert.That(Interpret(text).Entitlement?.Id, Is.EqualTo("readout-viewer"));
    }
}
