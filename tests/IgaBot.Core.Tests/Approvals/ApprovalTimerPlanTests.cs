using IgaBot.Core.Approvals;
using IgaBot.Core.Requests;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Core.Tests.Approvals;

public sealed class ApprovalTimerPlanTests
{
    private readonly ApprovalTimersOptions _timers = new();
    private static readonly DateTimeOffset Submitted = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    private static AccessRequest Request(RequestStatus status = RequestStatus.PendingApproval) => new()
    {
        Id = Guid.NewGuid(), Requester = "a@x", Beneficiary = "a@x", EntitlementId = "e", Status = status,
        CreatedAt = Submitted, UpdatedAt = Submitted,
    };

    private static ApprovalStage Stage(DateTimeOffset activated, int reminders = 0, bool escalated = false) => new()
    {
        RequestId = Guid.NewGuid(), Order = 1, Step = "manager", Approvers = ["m@x"], Status = StageStatus.Pending,
        ActivatedAt = activated, RemindersSent = reminders, Escalated = escalated,
    };

    private ApprovalTimerAction At(FakeTimeProvider clock, ApprovalStage stage, AccessRequest? request = null) =>
        ApprovalTimerPlan.Decide(request ?? Request(), stage, _timers, clock.GetUtcNow());

    [Test]
    public void FreshStage_NeedsNothing()
    {
        var clock = new FakeTimeProvider(Submitted);
        clock.Advance(TimeSpan.FromHours(23));
        Assert.That(At(clock, Stage(Submitted)), Is.EqualTo(ApprovalTimerAction.None));
    }

    [Test]
    public void AfterADay_TheApproverIsReminded_Once()
    {
        var clock = new FakeTimeProvider(Submitted);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.That(At(clock, Stage(Submitted)), Is.EqualTo(ApprovalTimerAction.Remind));
        Assert.That(At(clock, Stage(Submitted, reminders: 1)), Is.EqualTo(ApprovalTimerAction.None));
    }

    [Test]
    public void AfterTwoDays_TheStageEscalates_Once_AndTheManagersGetTheirOwnReminder()
    {
        var clock = new FakeTimeProvider(Submitted);
        clock.Advance(TimeSpan.FromDays(2));
        Assert.That(At(clock, Stage(Submitted, reminders: 1)), Is.EqualTo(ApprovalTimerAction.Escalate));

        var escalatedAt = clock.GetUtcNow();
        Assert.That(At(clock, Stage(escalatedAt, escalated: true)), Is.EqualTo(ApprovalTimerAction.None));
        clock.Advance(TimeSpan.FromDays(1));
        Assert.That(At(clock, Stage(escalatedAt, escalated: true)), Is.EqualTo(ApprovalTimerAction.Remind));
        clock.Advance(TimeSpan.FromDays(2));
        Assert.That(At(clock, Stage(escalatedAt, reminders: 1, escalated: true)), Is.EqualTo(ApprovalTimerAction.None), "a stage escalates once");
    }

    [Test]
    public void AfterSevenDaysFromSubmission_TheRequestExpires_WhicheverStageItIsAt()
    {
        var clock = new FakeTimeProvider(Submitted);
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        var secondStage = Stage(Submitted + TimeSpan.FromDays(6));
        Assert.That(At(clock, secondStage), Is.EqualTo(ApprovalTimerAction.None));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(At(clock, secondStage), Is.EqualTo(ApprovalTimerAction.Expire));
    }

    [Test]
    public void DecidedRequests_HaveNoTimers()
    {
        var clock = new FakeTimeProvider(Submitted);
        clock.Advance(TimeSpan.FromDays(30));
        Assert.That(At(clock, Stage(Submitted), Request(RequestStatus.Denied)), Is.EqualTo(ApprovalTimerAction.None));
    }

    [Test]
    public void Timers_ThatCannotWorkTogether_AreRejected()
    {
        var problems = new ApprovalTimersOptions { ReminderAfter = TimeSpan.FromDays(3), EscalateAfter = TimeSpan.FromDays(2), ExpireAfter = TimeSpan.FromDays(1) }.Validate();
        Assert.That(problems, Has.Some.Contains("EscalateAfter").And.Some.Contains("ExpireAfter"));
        Assert.That(new ApprovalTimersOptions().Validate(), Is.Empty);
    }
}
