using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What a change is done to ("change the controller parameters") says which level does the work when only one level's own
/// words hold it, even an administration not asked for by name, and even when a narrower level offers the place named
/// ("at Windy Gap"): the operator of one farm sends commands, only the administrator changes parameters.
/// </summary>
public sealed class WhatTheChangeIsDoneToTests
{
    private const string Catalog = """
        apps:
          - id: scada
            name: Turbine SCADA
            description: Remote monitoring and control of our wind farms.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: scada-viewer
                name: SCADA Viewer
                description: See turbine status, alarms and production for every farm.
                risk: low
                approvals: []
              - id: scada-operator
                name: Turbine Operator
                description: Send remote commands to the turbines of one wind farm - stop, start, reset faults and acknowledge alarms.
                risk: medium
                approvals: [manager]
                scope: {label: farm, options: [Windy Gap, Red Mesa]}
              - id: scada-admin
                name: SCADA Administrator
                description: Change turbine controller parameters and park configuration, maintain alarm rules and manage user accounts.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Site Engineer, department: Operations}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("I need to change the controller parameters on two turbines, the OEM sent new values")]
    [TestCase("new blade set at Windy Gap. I need to change the turbine controller parameters in the wind farm SCADA, 4 hours, CHG-2291")]
    public void OnlyTheLevelWhoseWordsHoldWhatTheChangeIsDoneTo_DoesTheWork(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("scada-admin"), result.Why);
    }

    [Test]
    public void ANarrowerLevelThatDoesTheWork_AtThePlaceNamed_IsStillChosen()
    {
        var result = new RequestInterpreter(Search.Value).Interpret("need to reset faults on the turbines at Windy Gap tonight");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("scada-operator"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Windy Gap"));
        });
    }
}
