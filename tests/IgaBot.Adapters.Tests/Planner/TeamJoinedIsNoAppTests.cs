using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// "Jo is starting on the ROC night shift, can you set her up to watch the inverter alarms at the solar sites": the group a
/// person joins is where they work, not the access asked for. Its words ("starting") ask for no action, and an app named only
/// there (by the place it is run from, "(ROC)" in its description) gives way to the app whose levels hold what they will do.
/// Found on the held-out wind and solar tenant, where this was an over-permission (the turbine app, and once its operator).
/// </summary>
public sealed class TeamJoinedIsNoAppTests
{
    private const string Catalog = """
        apps:
          - id: turbines
            name: GaleNet SCADA
            description: Turbine SCADA for the wind farms - live status, alarm logs and remote commands, run from the Remote Operations Centre (ROC).
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: turbines-viewer
                name: GaleNet Read Only
                description: Monitor turbine status, alarm and event logs for every wind farm. No commands.
                risk: low
                approvals: []
              - id: turbines-operator
                name: GaleNet Turbine Operator
                description: Send remote commands to the turbines of one wind farm - stop, start, reset faults and acknowledge alarms.
                risk: high
                approvals: [manager]
          - id: pv
            name: SunTrack
            description: Solar plant monitoring and control - inverters, trackers and weather stations for our PV plants.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: pv-viewer
                name: SunTrack Viewer
                description: See plant and inverter production, alerts and weather station data for every solar plant.
                risk: low
                approvals: []
              - id: pv-control
                name: SunTrack Plant Control
                description: Send remote commands on one solar plant - restart or disable inverters and stow trackers.
                risk: high
                approvals: [manager]
          - id: crm
            name: Salesforce
            description: Customer relationship management for the commercial team.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: crm-user
                name: Salesforce User
                description: Work leads, accounts and opportunities.
                risk: low
                approvals: [manager]
              - id: crm-admin
                name: Salesforce Administrator
                description: Configure objects, profiles and users.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Operations Manager, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Technician, department: Operations, manager: ana.silva@example.com}
          - {email: sam.r@example.com, name: Sam Reyes, title: Account Executive, department: Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("ana.silva@example.com", text);

    [Test]
    public void AnAppNamedOnlyByTheTeamJoined_GivesWayToWhatTheyWillDo()
    {
        var result = Interpret("Jo is starting on the ROC night shift, can you set her up to watch the inverter alarms at the solar sites");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("pv-viewer"), result.Why);
    }

    // The guard: an app named by the team joined, with nothing else said, is still the app asked for.
    [Test]
    public void AnAppTeamJoined_WithNothingElseSaid_IsStillTheApp()
    {
        var result = Interpret("Sam is joining the Salesforce team on monday, can you set him up");

        Assert.That(result.App?.Id ?? result.Entitlement?.AppId, Is.EqualTo("crm"), result.Why);
    }

    [TestCase("Jo is starting on the ROC night shift, can you set her up")]
    [TestCase("he joins the claims team monday")]
    public void JoiningAGroup_IsAJobSpan(string text)
    {
        Assert.That(MessageReader.JobSpans(text), Is.Not.Empty);
    }
}
