using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A scope value only one app offers ("2R22", an outage the schedule tool is scoped to) names that app only when the rest
/// of the message does not say another app's level in more of its own words (twenty-third session, found on a nuclear
/// station's tenant read by kind): "the contractors coming for 2R22, i need to put in their unescorted access requests" is
/// about the access requests; the outage is when. Said with nothing else the catalog knows, the value still names its app.
/// </summary>
public sealed class PlaceOfTheStoryTests
{
    private const string Catalog = """
        apps:
          - id: planner
            name: Outage Planner
            description: Outage and online work schedules.
            owner: pete.gallagher@example.com
            connector: manual
            entitlements:
              - id: planner-viewer
                name: Schedule Viewer
                description: View schedules, critical path and layouts; print the daily outage schedule.
                risk: low
                approvals: []
              - id: planner-scheduler
                name: Scheduler
                description: Edit activities, logic ties, durations, resources and baselines in one project.
                risk: medium
                approvals: [manager]
                scope: {label: project, options: [1R27, 2R22, Online T-Week]}
          - id: gate
            name: Gatehouse
            description: Unescorted access authorization for employees and contractors - background checks, training and fitness for duty.
            owner: pete.gallagher@example.com
            connector: manual
            entitlements:
              - id: gate-sponsor
                name: Access Sponsor
                description: Unescorted access requests for the contractors and employees you sponsor, and their status through processing.
                risk: medium
                approvals: [manager]
              - id: gate-reviewer
                name: Access Reviewer
                description: Review background investigations and grant or deny unescorted access.
                risk: high
                approvals: [manager, owner]
        """;

    private const string Directory = """
        users:
          - {email: pete.gallagher@example.com, name: Pete Gallagher, title: Outage Manager, department: Outage}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    private static Interpretation Interpret(string message) => new RequestInterpreter(Search.Value).Interpret(message);

    [Test]
    public void ScopeValueOfTheStory_GivesWayToTheAppWhoseLevelIsSaidInItsOwnWords()
    {
        var result = Interpret("we got about 40 contract welders coming for 2R22, i need to put in their unescorted access requests and track where they are in processing");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("gate-sponsor"), result.Why);
    }

    [Test]
    public void ScopeValueSaidWithNothingElse_StillNamesItsApp()
    {
        var result = Interpret("can i get edit on the 2R22 project please");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("planner-scheduler"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("2R22"));
    }
}
