namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// An open choice between levels may be settled by what the person holds (read once through the access tool): a task said
/// that one held level does is that level, held already; a place named for a level held elsewhere is that level at the new
/// place; of two levels, one who holds the narrower and says no task it does asks for the other. A bare "I need X access"
/// from one who holds one of several levels, or a request about someone else, is still asked about
/// (through the real conversation, agent, tools and policy, on a small rail operator tenant).
/// </summary>
public sealed class HeldOptionSettlesChoiceTests
{
    private const string Catalog = """
        apps:
          - id: sms
            name: SafeRail SMS
            description: Safety management system of the railway.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: sms-reporter
                name: SMS Reporter North
                description: Report safety incidents and near misses on the northern routes.
                risk: medium
                approvals: [manager]
              - id: sms-south
                name: SMS Reporter South
                description: Report safety incidents and near misses on the southern routes.
                risk: medium
                approvals: [manager]
              - id: sms-investigator
                name: SMS Investigator
                description: Run formal investigations of safety incidents.
                risk: high
                approvals: [manager]
          - id: roster
            name: CrewPlan
            description: Train crew rostering.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: roster-viewer
                name: CrewPlan Viewer
                description: See published rosters of all depots.
                risk: low
                approvals: []
              - id: roster-clerk
                name: CrewPlan Roster Clerk
                description: Build and change rosters and swap turns for one depot.
                risk: medium
                approvals: [manager]
                scope: {label: depot, options: [Leeds, York, Hull]}
              - id: roster-approver
                name: CrewPlan Roster Approver
                description: Build, change and sign off rosters and swap turns for one depot.
                risk: high
                approvals: [manager]
                scope: {label: depot, options: [Leeds, York, Hull]}
          - id: hpc
            name: Compute Cluster
            description: Batch compute for timetable simulations.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: hpc-standard
                name: Standard Queue
                description: Submit simulation jobs to the standard queue, up to 256 cores.
                risk: low
                approvals: []
              - id: hpc-priority
                name: Priority Queue
                description: Submit simulation jobs to the priority queue, up to 2048 cores, ahead of standard jobs.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Operations Manager, department: Operations}
          - {email: ken.ito@example.com, name: Ken Ito, title: Conductor Manager, department: Operations, manager: amy.ross@example.com, access: [sms-reporter, roster-viewer, "roster-clerk:Leeds", hpc-standard]}
          - {email: sara.lind@example.com, name: Sara Lind, title: Conductor, department: Operations, manager: ken.ito@example.com}
        """;

    private static Task<InlineTenantEval.Result> RunAsync(string @case) => InlineTenantEval.RunAsync(Catalog, Directory, @case);

    [Test]
    public async Task ATaskThatTheOneHeldLevelDoes_IsAnsweredAsHeld_WithoutAQuestion()
    {
        var result = await RunAsync(
            """{"id":"held","requester":"ken.ito@example.com","say":"i need to report a near miss in saferail sms","expect":{"entitlement":"sms-reporter","status":"already_has_access","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
        Assert.That(result.LastReply, Does.Contain("You already have SMS Reporter North"));
    }

    [Test]
    public async Task ABareAppRequestFromOneWhoHoldsALevel_IsStillAskedWhichOne()
    {
        var result = await RunAsync(
            """{"id":"bare","requester":"ken.ito@example.com","say":"I need SafeRail SMS access","answers":{"entitlement":"sms-south"},"expect":{"entitlement":"sms-south","status":"pending_approval","asks":["entitlement"]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    [Test]
    public async Task APlaceNamedForALevelHeldElsewhere_IsThatLevelAtTheNewPlace()
    {
        var result = await RunAsync(
            """{"id":"york","requester":"ken.ito@example.com","say":"can you add York to my crewplan access","expect":{"entitlement":"roster-clerk","scope":"York","status":"pending_approval","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    // Of two levels of one app, one who holds the narrower and says no task it does asks for the other (as when the narrowest
    // fit is held already): not asked which, and never the one held.
    [Test]
    public async Task OfTwoLevels_OneWhoHoldsTheNarrower_AsksForTheOther()
    {
        var result = await RunAsync(
            """{"id":"queue","requester":"ken.ito@example.com","say":"the simulations are stuck in the queue. need the big one (2048 cores) for a month","expect":{"entitlement":"hpc-priority","status":"pending_approval","duration":"P30D","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    [Test]
    public async Task ARequestAboutSomeoneElse_IsNotSettledByTheRequestersAccess()
    {
        var result = await RunAsync(
            """{"id":"he","requester":"ken.ito@example.com","say":"one of my conductors keeps asking, can he report a near miss in saferail sms?","answers":{"entitlement":"sms-south"},"expect":{"entitlement":"sms-south","status":"pending_approval","asks":["entitlement"]}}""");

        // Still asked which one (the requester holds the northern level; who "he" is, the bot cannot tell).
        Assert.That(result.Passed, Is.True, result.Actual);
    }
}
