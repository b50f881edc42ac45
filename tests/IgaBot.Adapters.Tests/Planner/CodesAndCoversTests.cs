using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out FBO, cold storage, architecture and call-center tenants of the thirty-fourth session:
/// <list type="bullet">
/// <item>a scope value that is a code in capitals is said without its first letter ("the APA farm" for <c>KAPA</c>);</item>
/// <item>"sup" is short for supervisor ("need sup access");</item>
/// <item>"I'm covering nights in Savannah for Keisha" makes Keisha the person away, not the one the access is for;</item>
/// <item>what a thing fails to do ("my badge doesn't open the engine room door") is no action the person asks.</item>
/// </list>
/// </summary>
public sealed class CodesAndCoversTests
{
    private const string Catalog = """
        apps:
          - id: fueldesk
            name: FuelDesk
            description: Fuel farm management for the line stations.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: fuel-viewer
                name: FuelDesk Inventory Viewer
                description: See tank levels and deliveries at every station.
                risk: low
                approvals: []
              - id: fuel-qc
                name: FuelDesk QC Inspector
                description: Log daily fuel quality checks (sumps, filter differential pressure) at one station's fuel farm.
                risk: medium
                approvals: [manager]
                scope: {label: station, options: [KAPA, KASE, KSDL]}
          - id: wms
            name: Harbor WMS
            description: Warehouse management for the cold storage sites.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: wms-inquiry
                name: Harbor WMS Inquiry
                description: Look up pallets, lots and locations, read-only.
                risk: low
                approvals: []
              - id: wms-supervisor
                name: Harbor WMS Shift Supervisor
                description: Release waves, close loads and reassign tasks for one site's shift.
                risk: medium
                approvals: [manager]
                scope: {label: site, options: [Joliet, Savannah, Fresno]}
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Supervisor, department: Operations, manager: ana.silva@example.com}
          - {email: lee.k@example.com, name: Lee Kim, title: Lead, department: Operations, manager: jo.m@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [TestCase("need to log the daily sumps at the APA farm in FuelDesk", "KAPA")]
    [TestCase("put me on fuel QC in FuelDesk for SDL", "KSDL")]
    public void ACodeSaidWithoutItsFirstLetter_NamesTheStation(string text, string station)
    {
        var result = Interpret(text);

        Assert.That((result.Entitlement?.Id, result.Scope), Is.EqualTo(("fuel-qc", station)), result.Why);
    }

    [Test]
    public void ACodeTailInLowerCase_IsAnEverydayWord_AndNamesNoStation()
    {
        var result = Interpret("need to log the daily sumps at the apa farm in FuelDesk");

        Assert.That((result.Entitlement?.Id, result.Scope), Is.EqualTo(("fuel-qc", (string?)null)), result.Why);
    }

    [TestCase("need sup access in the WMS for Savannah")]
    [TestCase("can i get the WMS sup role at Savannah")]
    public void Sup_IsTheSupervisor(string text)
    {
        var result = Interpret(text);

        Assert.That((result.Entitlement?.Id, result.Scope), Is.EqualTo(("wms-supervisor", "Savannah")), result.Why);
    }

    [Test]
    public void CoveringForSomeoneEarlierInTheClause_LeavesTheRequestTheAskersOwn()
    {
        var result = Interpret("I'm covering nights in Savannah for Keisha for the next two months. Need the supervisor role in the WMS there so I can release waves");

        Assert.Multiple(() =>
        {
            Assert.That(result.Beneficiary, Is.Null, "Keisha is away; the person asking covers");
            Assert.That((result.Entitlement?.Id, result.Scope), Is.EqualTo(("wms-supervisor", "Savannah")), result.Why);
        });
    }

    [Test]
    public void SettingUpAccessForSomeoneNamed_StillNamesThem()
    {
        var result = Interpret("please set up the WMS supervisor role in Savannah for Lee Kim");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Lee Kim"));
    }

    [Test]
    public void WhatAThingFailsToDo_IsNoActionThePersonAsks()
    {
        var badge = ActionReader.Read(Words.Tokenize("my badge doesn't open the engine room door at Fresno"), _ => true);
        var person = ActionReader.Read(Words.Tokenize("I can't open the engine room log"), _ => true);

        Assert.That(badge.Wanted, Is.Empty);
        Assert.That(person.Wanted, Does.Contain(Words.Stem("open")));
    }
}
