using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out linen, theme park, credit union, museum, waste and staffing tenants of the thirty-third session:
/// <list type="bullet">
/// <item>to "put in" a ticket, a request or a claim is to submit it ("put in" hours still enters them);</item>
/// <item>a story of something broken does not make a message a support call when the person asks to do what the best
/// match grants in its own words ("how do i put in a maintenance ticket").</item>
/// </list>
/// </summary>
public sealed class TicketsAndStoriesTests
{
    private const string Catalog = """
        apps:
          - id: fixit
            name: FixIt CMMS
            description: Maintenance management for the plant - work orders, preventive maintenance and spare parts.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: fixit-requester
                name: FixIt Work Requester
                description: Submit work requests for anything broken (doors, dryers, lights) and follow their status.
                risk: low
                approvals: []
              - id: fixit-technician
                name: FixIt Technician
                description: Open, take and close work orders, log labor and parts used.
                risk: medium
                approvals: [manager]
              - id: fixit-planner
                name: FixIt Maintenance Planner
                description: Create and change PM schedules, assign work orders to technicians, manage spare parts stock.
                risk: medium
                approvals: [manager]
          - id: clock
            name: ShiftClock
            description: Time and attendance for hourly staff.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: clock-entry
                name: ShiftClock Time Entry
                description: Enter hours and missed punches for your crew.
                risk: low
                approvals: [manager]
              - id: clock-approver
                name: ShiftClock Timesheet Approver
                description: Approve your crew's timesheets before payroll.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Supervisor, department: Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [TestCase("how do i put in a ticket to maintenance", "submit", "enter")]
    [TestCase("Dolores said to put in a request for it", "submit", "enter")]
    [TestCase("need to put in the hours for my crew", "enter", "submit")]
    public void PuttingInATicket_SubmitsIt(string text, string verb, string notVerb)
    {
        var wanted = ActionReader.Read(Words.Tokenize(text), _ => true).Wanted;

        Assert.That(wanted, Does.Contain(Words.Stem(verb)).And.Not.Contain(Words.Stem(notVerb)));
    }

    [Test]
    public void AskingHowToPutInATicket_IsTheLevelThatSubmitsThem()
    {
        var result = Interpret("dryer 3 is making a grinding noise, how do i put in a ticket to maintenance?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("fixit-requester"), result.Why);
    }

    [Test]
    public void ABrokenThingInTheStory_DoesNotMakeTheAskASupportCall()
    {
        var result = Interpret("the dock door latch is broken again, how do i put in a maintenance ticket");

        Assert.Multiple(() =>
        {
            Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("fixit-requester"), result.Why);
        });
    }

    [Test]
    public void PuttingInHours_StillEntersThem()
    {
        var result = Interpret("need to put in the hours for my crew in shiftclock");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("clock-entry"), result.Why);
    }
}
