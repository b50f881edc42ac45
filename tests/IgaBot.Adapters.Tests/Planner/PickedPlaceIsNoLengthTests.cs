namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A place picked from the options ("Night crew 12h") is a name, not a length: the length said in the request stands
/// (through the real conversation, agent, tools and policy, on a small tenant written here).
/// </summary>
public sealed class PickedPlaceIsNoLengthTests
{
    private const string Catalog = """
        apps:
          - id: rostering
            name: Crew Rostering
            description: Shift rosters of the plant crews.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: roster-editor
                name: Roster Editor
                description: Edit the shift roster of one crew and swap shifts between its members.
                risk: medium
                maxDuration: P30D
                approvals: [manager]
                scope: {label: crew, options: [Day crew 12h, Night crew 12h]}
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Operations Manager, department: Operations}
          - {email: ken.ito@example.com, name: Ken Ito, title: Shift Supervisor, department: Operations, manager: amy.ross@example.com}
        """;

    [Test]
    public async Task TheLengthAskedStands_WhenThePlacePickedHasANumberAndAUnitInItsName()
    {
        var result = await InlineTenantEval.RunAsync(Catalog, Directory,
            """{"id":"crew","requester":"ken.ito@example.com","say":"I need to edit the crew roster for 2 weeks while Dana is out","answers":{"scope":"Night crew 12h"},"expect":{"entitlement":"roster-editor","scope":"Night crew 12h","status":"pending_approval","duration":"P14D","asks":["scope"]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }
}
