using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// An app the message names in the story, not where the work is asked for: a team called by a word of an app's description
/// ("AP is swamped", where the ledger's description says "AP/AR"), and an app named as where another app's level sends things
/// ("send the final store orders over to RouteDesk"). Both give way to the app whose level does what is asked. Found on the
/// held-out freight and bakery tenants, where the first was an over-permission (the ledger's payment release).
/// </summary>
public sealed class AppsOfTheStoryTests
{
    private const string Catalog = """
        apps:
          - id: ledger
            name: Ledgerly
            description: General ledger and AP/AR for both companies.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: ledger-reports
                name: Ledgerly Reports
                description: Read P&L, AR aging, AP aging and cash reports.
                risk: medium
                approvals: []
              - id: ledger-bills
                name: Ledgerly Bill Entry
                description: Enter vendor bills and match them to purchase orders. Cannot release payments.
                risk: medium
                approvals: [manager]
              - id: ledger-pay
                name: Ledgerly Payment Release
                description: Approve payment runs and release ACH and check payments to vendors and contractors.
                risk: high
                approvals: [manager]
          - id: vet
            name: Vettr
            description: Vendor onboarding, identity checks and monitoring.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: vet-lookup
                name: Vettr Vendor Lookup
                description: Look up a vendor - business registration, insurance certificates, identity check result, monitoring alerts. Read only.
                risk: low
                approvals: []
              - id: vet-onboarding
                name: Vettr Onboarding Specialist
                description: Review and approve vendor packets and edit vendor payee details.
                risk: high
                approvals: [manager]
          - id: plan
            name: BatchPlan
            description: Home-grown production planning. Turns store orders into the day's production plan per line.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: plan-view
                name: BatchPlan Viewer
                description: See tomorrow's production plan and the order forecast.
                risk: low
                approvals: []
              - id: plan-publisher
                name: BatchPlan Publisher
                description: Lock and publish the day's production plan to the floor and release the final store orders to RouteDesk.
                risk: high
                approvals: [manager]
          - id: routes
            name: RouteDesk
            description: Route sales system - handhelds, standing orders, returns and route settlement.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: routes-driver
                name: RouteDesk Handheld
                description: See today's load and orders for your route, deliver and print store invoices.
                risk: low
                approvals: []
              - id: routes-supervisor
                name: RouteDesk Supervisor
                description: All routes at one depot - edit standing orders, approve returns credits and move stops to another route.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Controller, department: Finance}
          - {email: jo.m@example.com, name: Jo Marsh, title: Planner, department: Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [Test]
    public void ATeamCalledByAWordOfAnAppsDescription_GivesWayToTheAppThatDoesWhatIsAsked()
    {
        var result = Interpret("AP is swamped so this one landed on me - a new vendor sent their bank letter. want to check their insurance before anybody pays anything, where do i look that up");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("vet-lookup"), result.Why);
    }

    [Test]
    public void TheSameWord_WhereTheWorkIsAsked_StillNamesTheApp()
    {
        var result = Interpret("I need to read the aging reports in AP");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("ledger-reports"), result.Why);
    }

    [Test]
    public void AnAppNamedAsWhereAnotherAppsLevelSendsThings_GivesWayToThatLevel()
    {
        var result = Interpret("the planner is out next week and somebody has to lock and publish the production plan and send the final store orders over to routedesk. can I get that for the week");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("plan-publisher"), result.Why);
    }

    [Test]
    public void AnAppNamedAfterTo_WhoseOwnLevelDoesTheWork_StaysTheApp()
    {
        var result = Interpret("I need to edit the standing orders and move stops to another route, please give me access to routedesk");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("routes-supervisor"), result.Why);
    }
}
