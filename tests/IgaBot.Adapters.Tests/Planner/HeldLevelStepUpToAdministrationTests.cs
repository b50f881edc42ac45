namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// One who holds the alarm operator and asks to raise the temperature thresholds shows that the operator does not do it;
/// the level up is the administrator, whose own words hold the thresholds, though administration is otherwise only asked
/// for by name (eighteenth session, a data centre operator's tenant, read by kind; it also gained a case on a law firm's
/// tenant and on a veterinary group's kept blind). Through the real conversation, agent, tools and policy.
/// </summary>
public sealed class HeldLevelStepUpToAdministrationTests
{
    private const string Catalog = """
        apps:
          - id: dcim
            name: RoomWatch
            description: Power and environmental monitoring - UPS, PDUs, cooling units, temperature sensors and their alarms.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: dcim-viewer
                name: RoomWatch Viewer
                description: View live power and temperature readings and alarm history.
                risk: low
                approvals: []
              - id: dcim-operator
                name: RoomWatch Alarm Operator
                description: Acknowledge, assign and close alarms, add incident notes and put devices in maintenance mode.
                risk: low
                approvals: []
              - id: dcim-admin
                name: RoomWatch Administrator
                description: Change alarm thresholds and notification policies, add or remove monitored devices, manage users.
                risk: high
                maxDuration: P7D
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Facilities Manager, department: Facilities}
          - {email: ken.ito@example.com, name: Ken Ito, title: Facilities Engineer, department: Facilities, manager: amy.ross@example.com, access: [dcim-viewer, dcim-operator]}
        """;

    private static Task<InlineTenantEval.Result> RunAsync(string @case) => InlineTenantEval.RunAsync(Catalog, Directory, @case);

    [Test]
    public async Task RaisingTheThresholds_WhileHoldingTheOperator_AsksForTheAdministrator()
    {
        var result = await RunAsync(
            """{"id":"up","requester":"ken.ito@example.com","say":"need to bump the hi temp thresholds on the hall 3 sensors from 27 to 29 in RoomWatch, the customer moved racks in there. 2 days pls","expect":{"entitlement":"dcim-admin","status":"pending_approval","duration":"P2D","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    // The guard: what the held operator's own words hold is already held; administration is no level up for it.
    [Test]
    public async Task ClosingTheAlarms_WhileHoldingTheOperator_IsAlreadyHeld()
    {
        var result = await RunAsync(
            """{"id":"held","requester":"ken.ito@example.com","say":"need to close the hall 3 alarms in RoomWatch, the customer moved racks in there","expect":{"entitlement":"dcim-operator","status":"already_has_access","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }
}
