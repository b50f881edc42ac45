using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Found on the held-out parking tenant: "give Marisol timecard approval" asks for the act its noun names (approving), after the
/// thing it is done to, and so for a level that changes things; "waiting on timecard approval" asks for nothing.
/// </summary>
public sealed class ActNounTests
{
    private const string Catalog = """
        apps:
          - id: ukg
            name: UKG Pro Workforce Management
            description: Scheduling and timekeeping for hourly staff - shifts, punches, timecards and PTO.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: ukg-reports
                name: UKG Labor Reports
                description: See labor hours and overtime reports for a location, read only.
                risk: low
                approvals: []
              - id: ukg-timekeeper
                name: UKG Timekeeper
                description: Fix missed punches, edit and approve timecards for the hourly staff of one location.
                risk: medium
                approvals: [manager]
              - id: ukg-scheduler
                name: UKG Schedule Manager
                description: Build and post shift schedules, approve shift swaps and PTO requests.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Manager, department: Operations, manager: ana.silva@example.com}
          - {email: lee.k@example.com, name: Lee Kim, title: Supervisor, department: Operations, manager: jo.m@example.com}
        """;

    // The catalog's verbs, as far as these messages go: "timecard" names a thing.
    private static bool IsApproving(string stem) => stem == Words.Stem("approve");

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    [TestCase("please give Lee Kim timecard approval in UKG while I'm gone")]
    [TestCase("I need timecard approval in UKG")]
    public void TheNounOfAnActAfterWhatItIsDoneTo_AsksForTheAct(string text)
    {
        var wanted = ActionReader.Read(Words.Tokenize(text), IsApproving).Wanted;

        Assert.That(wanted, Does.Contain(Words.Stem("approve")));
    }

    [TestCase("I'm still waiting on timecard approval from payroll")]
    [TestCase("the approval of timecards is slow")]
    public void TheNounOfAnActInAStory_AsksForNothing(string text)
    {
        var wanted = ActionReader.Read(Words.Tokenize(text), IsApproving).Wanted;

        Assert.That(wanted, Does.Not.Contain(Words.Stem("approve")));
    }

    [Test]
    public void TimecardApprovalGiven_IsALevelThatApproves_NotAQuestionAmongThemAll()
    {
        var result = Tenant.Value.Interpret("jo.m@example.com", "please give Lee Kim timecard approval in UKG while I'm gone");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("ukg-timekeeper"), result.Why);
            Assert.That(result.Beneficiary?.Text, Is.EqualTo("Lee Kim"));
        });
    }
}
