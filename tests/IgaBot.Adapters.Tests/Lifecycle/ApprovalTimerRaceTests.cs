using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using Npgsql;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// Two instances' approval workflows on one PostgreSQL database run their timers at the same moment: each
/// unanswered stage is reminded once and escalated once, whichever instance gets there first.
/// </summary>
[NonParallelizable]
public sealed class ApprovalTimerRaceTests
{
    private TestDatabase _db = null!;
    private LifecycleHarness _a = null!;
    private LifecycleHarness _b = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = _db.Options.ConnectionString,
        };
        _a = await LifecycleHarness.CreateAsync(settings);
        _b = await LifecycleHarness.CreateAsync(settings);
    }

    [TearDown]
    public async Task TearDown()
    {
        // Without IGABOT_TEST_POSTGRES the set-up stopped at the database (the test is skipped): nothing to dispose.
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_db is not null) await _db.DisposeAsync();
    }

    [Test]
    public async Task TwoInstancesRunningTheTimersAtOnce_RemindOnce_AndEscalateOnce()
    {
        var requests = new List<Guid>();
        for (var i = 0; i < 15; i++) requests.Add((await _a.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina])).Id);
        _a.Notifier.Clear();

        // A day later both instances find every stage due for its reminder.
        Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(Task.Run(() => _a.Workflow.ResumeAsync(default)), Task.Run(() => _b.Workflow.ResumeAsync(default)));

        var reminders = _a.Notifier.Reminders.Concat(_b.Notifier.Reminders).ToList();
        Assert.That(reminders, Has.Count.EqualTo(requests.Count), "one reminder per stage across both instances");
        foreach (var id in requests)
        {
            Assert.That((await _a.StagesAsync(id))[0].RemindersSent, Is.EqualTo(1));
            Assert.That(await _a.AuditCountAsync(LifecycleSubjects.Request(id), "approval.reminded"), Is.EqualTo(1));
        }

        // Another day: both find every stage due for escalation.
        Advance(TimeSpan.FromDays(1));
        await Task.WhenAll(Task.Run(() => _a.Workflow.ResumeAsync(default)), Task.Run(() => _b.Workflow.ResumeAsync(default)));

        var escalations = _a.Notifier.Notices.Concat(_b.Notifier.Notices).Where(n => n.Kind == LifecycleKind.Escalated).ToList();
        Assert.That(escalations, Has.Count.EqualTo(requests.Count), "the requester is told once per stage");
        var olgaCards = _a.Notifier.Approvals.Concat(_b.Notifier.Approvals).Count(c => c.Approver == Olga);
        Assert.That(olgaCards, Is.EqualTo(requests.Count), "the manager gets one card per stage");
        foreach (var id in requests)
        {
            var stage = (await _a.StagesAsync(id))[0];
            Assert.That(stage.Approvers, Is.EquivalentTo(new[] { Nina, Olga }));
            Assert.That(await _a.AuditCountAsync(LifecycleSubjects.Request(id), "approval.escalated"), Is.EqualTo(1));
        }
    }

    private void Advance(TimeSpan by)
    {
        _a.Clock.Advance(by);
        _b.Clock.Advance(by);
    }
}
