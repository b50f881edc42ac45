using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A scope value only one app offers ("VSL-2") names that app, unless one of the best matches of another app names more of
/// what the message asks to do than any of that app's entitlements: then the value is the story ("VSL-1 is drifting") and
/// the task ("plan the burns") says which app.
/// </summary>
public sealed class ScopeAppYieldsToTheTaskTests
{
    private const string Catalog = """
        apps:
          - id: mcs
            name: Vessel Control Suite
            description: Command and telemetry for the fleet.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: mcs-viewer
                name: Control Viewer
                description: Read-only telemetry displays and event logs.
                risk: low
                approvals: []
              - id: mcs-operator
                name: Control Operator
                description: Send real-time commands and run flight procedures on one vessel.
                risk: high
                approvals: [manager]
                scope: {label: vessel, options: [VSL-1, VSL-2, VSL-3]}
              - id: mcs-director
                name: Flight Director
                description: Review and release procedures into the flight library.
                risk: critical
                approvals: [manager]
          - id: orbit
            name: Trajectory Studio
            description: Flight dynamics analysis.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: orbit-analyst
                name: Trajectory Analyst
                description: Plan maneuvers and station-keeping burns, propagate orbits.
                risk: medium
                approvals: [manager]
          - id: code
            name: Flight Software Repository
            description: Source code of the on-board software.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: code-release
                name: Software Release Manager
                description: Tag, sign and release flight software builds.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Flight Dynamics Lead, department: Operations}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("can i get a seat? VSL-1 is drifting out of its box and I have to plan the correction burns", "orbit")]
    [TestCase("need to tag and sign the 4.2.1 build for VSL-3, the usual person is off", "code")]
    [TestCase("need to send commands on VSL-2 tonight", "mcs")]
    public void TheTaskAsked_SaysWhichApp_WhenAnotherAppNamesMoreOfIt(string text, string app)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.App?.Id, Is.EqualTo(app), result.Why);
    }
}
