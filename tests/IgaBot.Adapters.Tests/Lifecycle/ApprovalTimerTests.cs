using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Requests;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>Reminder after a day, escalation after two, expiry after seven (the defaults), on a fake clock.</summary>
public sealed class ApprovalTimerTests
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task UnansweredStage_GetsOneReminderAfterADay()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);
        _h.Notifier.Clear();

        _h.Clock.Advance(TimeSpan.FromHours(23));
        await _h.Workflow.ResumeAsync(default);
        Assert.That(_h.Notifier.Reminders, Is.Empty, "no reminder before a day");

        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.Workflow.ResumeAsync(default);
        await _h.Workflow.ResumeAsync(default);

        Assert.That(_h.Notifier.Reminders.Select(a => a.Approver), Is.EqualTo(new[] { Nina }));
        Assert.That(_h.Notifier.Approvals, Is.Empty, "a reminder, not a second card");
        Assert.That((await _h.StagesAsync(request.Id))[0].RemindersSent, Is.EqualTo(1));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Request(request.Id), "approval.reminded"), Is.EqualTo(1));
    }

    [Test]
    public async Task UnansweredStage_EscalatesToTheApproversManagerAfterTwoDays_AndTheRequesterIsTold()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);
        _h.Clock.Advance(TimeSpan.FromDays(1));
        await _h.Workflow.ResumeAsync(default);
        _h.Notifier.Clear();

        _h.Clock.Advance(TimeSpan.FromDays(1));
        await _h.Workflow.ResumeAsync(default);

        var stage = (await _h.StagesAsync(request.Id))[0];
        Assert.That(stage.Escalated, Is.True);
        Assert.That(stage.Approvers, Is.EquivalentTo(new[] { Nina, Olga }));
        Assert.That(_h.Notifier.Approvals.Select(a => a.Approver), Does.Contain(Olga));
        var told = _h.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Escalated);
        Assert.That(told.RecipientEmail, Is.EqualTo(Alice));
        Assert.That(told.Text, Does.Contain("Olga Berg"));
        // The manager can now decide.
        var result = await _h.Approvals.DecideAsync(new ApprovalCommand(request.Id, 1, Olga, ApprovalAction.Approve), default);
        Assert.That(result.Accepted, Is.True, result.Message);
    }

    [Test]
    public async Task Escalation_NeverGoesToTheRequester()
    {
        // Nina asks for Alice and the stage is Bob's. Bob's manager is Nina, the requester: her manager Olga steps in.
        var request = await _h.SubmitAsync(Nina, Alice, AwsRead, TimeSpan.FromDays(1), null, [Bob]);

        _h.Clock.Advance(TimeSpan.FromDays(2));
        await _h.Workflow.ResumeAsync(default);

        var stage = (await _h.StagesAsync(request.Id))[0];
        Assert.That(stage.Approvers, Is.EquivalentTo(new[] { Bob, Olga }));
        Assert.That(_h.Notifier.Approvals.Select(a => a.Approver), Has.None.EqualTo(Nina).And.None.EqualTo(Alice));
    }

    [Test]
    public async Task RequestNobodyAnswers_ExpiresAfterSevenDays_AndTheRequesterIsTold()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);
        for (var day = 1; day < 7; day++)
        {
            _h.Clock.Advance(TimeSpan.FromDays(1));
            await _h.Workflow.ResumeAsync(default);
        }
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.PendingApproval));

        _h.Clock.Advance(TimeSpan.FromDays(1));
        await _h.Workflow.ResumeAsync(default);

        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Expired));
        Assert.That((await _h.StagesAsync(request.Id))[0].Status, Is.EqualTo(StageStatus.Expired));
        Assert.That(_h.Notifier.Notices.Single(n => n.Kind == LifecycleKind.RequestExpired).RecipientEmail, Is.EqualTo(Alice));
        Assert.That(_h.Notifier.Updates.Last().Decision!.Kind, Is.EqualTo(DecisionKind.Expired));
        var late = await _h.Approvals.DecideAsync(new ApprovalCommand(request.Id, 1, Nina, ApprovalAction.Approve), default);
        Assert.That(late.Accepted, Is.False);
        Assert.That(late.Message, Does.Contain("expired"));
    }

    [Test]
    public async Task UnreachableApprover_EscalatesAtOnce_AndTheRequesterIsTold()
    {
        _h.Notifier.MakeUnreachable(Nina);

        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var stage = (await _h.StagesAsync(request.Id))[0];
        Assert.That(stage.Escalated, Is.True);
        Assert.That(_h.Notifier.Approvals.Select(a => a.Approver), Is.EqualTo(new[] { Olga }));
        Assert.That(_h.Notifier.Notices.Single(n => n.Kind == LifecycleKind.ApproverUnreachable).RecipientEmail, Is.EqualTo(Alice));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Request(request.Id), "approval.unreachable"), Is.EqualTo(1));
    }

    [Test]
    public async Task RequestCreatedButNeverStarted_IsStartedByTheSweep()
    {
        var now = _h.Clock.GetUtcNow();
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(), Requester = Alice, Beneficiary = Alice, EntitlementId = AwsRead, Duration = TimeSpan.FromDays(1),
            Status = RequestStatus.PendingApproval, CreatedAt = now, UpdatedAt = now,
        };
        var stage = new ApprovalStage { RequestId = request.Id, Order = 1, Step = "manager", Approvers = [Nina], Status = StageStatus.Waiting };
        await _h.Store.RunAsync(s => s.Requests.CreateAsync(request, [stage], new Core.Audit.AuditEntry(Alice, "request.submitted", "x")), default);

        await _h.Workflow.ResumeAsync(default);

        Assert.That(_h.Notifier.Approvals.Single().Approver, Is.EqualTo(Nina));
    }
}
