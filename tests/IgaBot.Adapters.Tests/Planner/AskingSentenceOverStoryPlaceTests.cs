using IgaBot.Core.Policy;
using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A place the story names ("the Halberd review is 3 weeks out") is no place asked for: where the sentence that asks speaks of
/// one app ("need the priority queue"), that app is meant, even though another app offers the place as a scope.
/// </summary>
public sealed class AskingSentenceOverStoryPlaceTests
{
    private const string Catalog = """
        apps:
          - id: dataroom
            name: ITAR Vault
            description: Export-controlled technical data for each program, kept in a controlled data room.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: dataroom-reader
                name: Vault Reader
                description: Read controlled technical data, models and design review packages in the data room.
                risk: high
                approvals: [manager]
                scope: {label: program, options: [Halberd, Kestrel]}
          - id: schedule
            name: Program Schedule
            description: Integrated master schedule of each program.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: schedule-viewer
                name: Schedule Viewer
                description: See milestones and the critical path of one program.
                risk: low
                approvals: []
                scope: {label: program, options: [Halberd, Kestrel]}
          - id: hpc
            name: Compute Cluster
            description: Batch compute for solver runs.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: hpc-user
                name: Standard Queue
                description: Submit solver jobs to the standard queue, up to 256 cores.
                risk: low
                approvals: []
              - id: hpc-priority
                name: Priority Queue
                description: Submit to the priority queue, up to 2048 cores, ahead of standard jobs.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Stress Engineer, department: Engineering}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void TheAppOfTheAskingSentence_IsMeant_NotTheOneOfferingThePlaceOfTheStory()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "the Halberd review is 3 weeks out and the controlled technical data models are not solved. need the queue with 2048 cores for a month");

        Assert.Multiple(() =>
        {
            Assert.That(result.App?.Id, Is.EqualTo("hpc"), result.Why);
            Assert.That(result.Entitlement?.Id, Is.Not.EqualTo("dataroom-reader"));
            Assert.That(result.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromDays(30))));
        });
    }
}
