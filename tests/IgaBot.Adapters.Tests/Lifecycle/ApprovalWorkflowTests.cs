using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Analytics;
using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

public sealed class ApprovalWorkflowTests
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    private Task<ApprovalResult> Decide(Guid request, string actor, ApprovalAction action = ApprovalAction.Approve, int stage = 1,
        string? reason = null, TimeSpan? shorter = null) =>
        _h.Approvals.DecideAsync(new ApprovalCommand(request, stage, actor, action, reason, shorter), default);

    [Test]
    public async Task Start_SendsTheCardToTheFirstStagesApprover()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var card = _h.Notifier.Approvals.Single();
        Assert.That(card.Approver, Is.EqualTo(Nina));
        Assert.That(card.View.RequestId, Is.EqualTo(request.Id));
        Assert.That(card.View.BeneficiaryName, Is.EqualTo("Alice Chen"));
        Assert.That(card.View.Duration, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(card.View.Decision, Is.Null);
        Assert.That((await _h.StagesAsync(request.Id))[0].Status, Is.EqualTo(StageStatus.Pending));
    }

    [Test]
    public async Task Approve_SecondsAfterTheCard_IsMeasuredFromItsDeliveryAndCountsAsRubberStamped()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina, Olga]);
        _h.Clock.Advance(TimeSpan.FromSeconds(12));
        await Decide(request.Id, Nina);

        var analytics = new ApprovalAnalytics(new SqlApprovalHistoryReader(_h.Services.GetRequiredService<StorageDatabase>()),
            Options.Create(new AnalyticsOptions { RubberStampSeconds = 30 }), _h.Clock);
        var report = await analytics.ComputeAsync(new AnalyticsPeriod(LifecycleHarness.Start.AddDays(-1), LifecycleHarness.Start.AddDays(1)), default);

        // Both group members got the card; Nina decided 12 s after hers arrived.
        var nina = report.Approvers.Single(a => a.Approver == Nina);
        Assert.That((nina.Asked, nina.Approved, nina.TimeToDecisionP50, nina.RubberStamped), Is.EqualTo((1, 1, (TimeSpan?)TimeSpan.FromSeconds(12), 1)));
        Assert.That(report.Approvers.Single(a => a.Approver == Olga).Decisions, Is.Zero);
    }

    [Test]
    public async Task Start_WhenTheApproverCannotBeReached_RecordsNoDelivery()
    {
        _h.Notifier.MakeUnreachable(Omar);
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Omar, Nina]);

        var delivered = await _h.Store.RunAsync(async s => (
            await s.Requests.RecordDeliveryAsync(request.Id, 1, Nina, escalated: false),
            await s.Requests.RecordDeliveryAsync(request.Id, 1, Omar, escalated: false)), default);

        // Nina's card went out (her delivery is already recorded, so a second one is not); Omar's never did.
        Assert.That(delivered, Is.EqualTo((false, true)));
    }

    [Test]
    public async Task Approve_ByTheManager_ProvisionsAndTheGrantEndsAfterTheDuration()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(4), [Nina]);

        var result = await Decide(request.Id, Nina);
        _h.Clock.Advance(TimeSpan.FromSeconds(3));
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(result.Accepted, Is.True, result.Message);
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Fulfilled));
        var grant = (await _h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default)).Single();
        Assert.That(grant.ExpiresAt, Is.EqualTo(_h.Clock.GetUtcNow() + TimeSpan.FromHours(4)));
        Assert.That(_h.Connector.Members("aws-prod-read"), Does.Contain(Alice));
        Assert.That(_h.Triggers.Triggers[grant.Id], Is.EqualTo(grant.ExpiresAt));
        Assert.That(_h.Notifier.Notices.Select(n => n.Kind), Does.Contain(LifecycleKind.Approved).And.Contain(LifecycleKind.Provisioned));
        Assert.That(_h.Notifier.Updates.Last().Decision!.Kind, Is.EqualTo(DecisionKind.Approved));
    }

    [Test]
    public async Task Approve_WhenTheApproverIsTheRequester_IsRefusedAndAudited()
    {
        // The card data claims Alice may approve; the workflow never lets a person decide their own request.
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Alice, Nina]);

        var result = await Decide(request.Id, Alice);

        Assert.That(result.Accepted, Is.False);
        Assert.That(result.Message, Does.Contain("your own access"));
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.PendingApproval));
        var refused = (await _h.AuditAsync(LifecycleSubjects.Request(request.Id))).Single(e => e.Action == "approval.refused");
        Assert.That(refused.Actor, Is.EqualTo(Alice));
    }

    [Test]
    public async Task Approve_ByTheRequesterForSomebodyElse_IsRefused()
    {
        var request = await _h.SubmitAsync(Nina, Alice, AwsRead, TimeSpan.FromDays(1), null, [Nina, Olga]);

        var result = await Decide(request.Id, Nina);

        Assert.That(result.Accepted, Is.False);
        Assert.That(result.Message, Does.Contain("you made"));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Request(request.Id), "approval.refused"), Is.EqualTo(1));
    }

    [Test]
    public async Task Approve_ByANonApprover_IsRefusedAndAudited()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var result = await Decide(request.Id, Bob);

        Assert.That(result.Accepted, Is.False);
        Assert.That(result.Message, Does.Contain("not an approver"));
        Assert.That(result.View.Decision, Is.Null);
        var refused = (await _h.AuditAsync(LifecycleSubjects.Request(request.Id))).Single(e => e.Action == "approval.refused");
        Assert.That(refused.Actor, Is.EqualTo(Bob));
        Assert.That((await _h.StagesAsync(request.Id))[0].Status, Is.EqualTo(StageStatus.Pending));
    }

    [Test]
    public async Task Approve_Twice_CountsOnceAndTellsWhoDecided()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var first = await Decide(request.Id, Nina);
        var second = await Decide(request.Id, Nina);

        Assert.That(first.Accepted, Is.True);
        Assert.That(second.Accepted, Is.False);
        Assert.That(second.Message, Does.StartWith("Already approved by Nina Petrova"));
        var audit = await _h.AuditAsync(LifecycleSubjects.Request(request.Id));
        Assert.That(audit.Count(e => e.Action == "approval.approved"), Is.EqualTo(1));
        Assert.That(audit.Count(e => e.Action == "approval.refused"), Is.EqualTo(1));
        Assert.That(audit.Count(e => e.Action == "request.approved"), Is.EqualTo(1));
    }

    [Test]
    public async Task Approve_ByTwoMembersOfTheGroupAtOnce_ExactlyOneCounts()
    {
        var request = await _h.SubmitAsync(Alice, AwsAdmin, TimeSpan.FromHours(2), [Sam, Sid]);
        Assert.That(_h.Notifier.Approvals.Select(a => a.Approver), Is.EquivalentTo(new[] { Sam, Sid }));

        var results = await Task.WhenAll(Decide(request.Id, Sam), Decide(request.Id, Sid), Decide(request.Id, Sam));

        Assert.That(results.Count(r => r.Accepted), Is.EqualTo(1));
        Assert.That(results.Where(r => !r.Accepted).Select(r => r.Message), Has.All.StartWith("Already approved by"));
        var audit = await _h.AuditAsync(LifecycleSubjects.Request(request.Id));
        Assert.That(audit.Count(e => e.Action == "approval.approved"), Is.EqualTo(1));
        Assert.That(audit.Count(e => e.Action == "approval.refused"), Is.EqualTo(2));
        // Every copy of the card (Sam's and Sid's) shows the decision.
        Assert.That(_h.Notifier.Updates.Single().Decision!.Kind, Is.EqualTo(DecisionKind.Approved));
    }

    [Test]
    public async Task Approve_OfADeniedRequest_IsRefused()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina, Olga]);
        await Decide(request.Id, Nina, ApprovalAction.Deny, reason: "not needed");

        var late = await Decide(request.Id, Olga);

        Assert.That(late.Accepted, Is.False);
        Assert.That(late.Message, Does.Contain("Already denied by Nina Petrova"));
        Assert.That(late.View.Decision!.Kind, Is.EqualTo(DecisionKind.Denied));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Request(request.Id), "approval.refused"), Is.EqualTo(1));
    }

    [Test]
    public async Task Deny_WithAReason_EndsTheRequestAndTellsTheRequesterWhy()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var result = await Decide(request.Id, Nina, ApprovalAction.Deny, reason: "use the staging account");
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(result.Accepted, Is.True);
        var stored = await _h.RequestAsync(request.Id);
        Assert.That(stored!.Status, Is.EqualTo(RequestStatus.Denied));
        Assert.That(stored.Outcome, Is.EqualTo("use the staging account"));
        var notice = _h.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Denied);
        Assert.That(notice.RecipientEmail, Is.EqualTo(Alice));
        Assert.That(notice.Text, Does.Contain("Nina Petrova denied").And.Contain("use the staging account"));
        Assert.That(_h.Connector.GrantCalls, Is.Zero);
    }

    [Test]
    public async Task ApproveShorter_GrantsOnlyTheShorterDuration()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(3), [Nina]);
        Assert.That(_h.Notifier.Approvals.Single().View.ShorterOptions, Does.Contain(TimeSpan.FromDays(1)).And.Not.Contain(TimeSpan.FromDays(3)));

        var result = await Decide(request.Id, Nina, ApprovalAction.ApproveShorter, shorter: TimeSpan.FromHours(8));
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(result.Accepted, Is.True);
        var grant = (await _h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default)).Single();
        Assert.That(grant.ExpiresAt - grant.GrantedAt, Is.EqualTo(TimeSpan.FromHours(8)));
        Assert.That(result.View.Decision!.Kind, Is.EqualTo(DecisionKind.ApprovedShorter));
    }

    [Test]
    public async Task ApproveShorter_WithALongerDuration_IsRefusedAndChangesNothing()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(4), [Nina]);

        var result = await Decide(request.Id, Nina, ApprovalAction.ApproveShorter, shorter: TimeSpan.FromDays(1));

        Assert.That(result.Accepted, Is.False);
        Assert.That(result.Message, Does.Contain("not shorter"));
        Assert.That((await _h.StagesAsync(request.Id))[0].Status, Is.EqualTo(StageStatus.Pending));
    }

    [Test]
    public async Task Approve_OfTheFirstStage_SendsTheSecondStageToTheGroup()
    {
        var request = await _h.SubmitAsync(Alice, AwsAdmin, TimeSpan.FromHours(2), [Nina], [Sam, Sid]);
        _h.Notifier.Clear();

        var result = await Decide(request.Id, Nina);

        Assert.That(result.Accepted, Is.True);
        Assert.That(result.Message, Does.Contain("Sam Reed or Sid Rao"));
        Assert.That(_h.Notifier.Approvals.Select(a => a.Approver), Is.EquivalentTo(new[] { Sam, Sid }));
        Assert.That(_h.Notifier.Approvals.Select(a => a.View.StageOrder), Has.All.EqualTo(2));
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.PendingApproval));
        // The second stage cannot be decided ahead of the first... and the first cannot be decided again.
        Assert.That((await Decide(request.Id, Nina)).Accepted, Is.False);
        Assert.That((await Decide(request.Id, Sid, stage: 2)).Accepted, Is.True);
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Approved));
    }

    [Test]
    public async Task Decide_OnAnUnknownRequest_SaysSoAndChangesNothing()
    {
        var ex = Assert.ThrowsAsync<InvalidInputException>(() => Decide(Guid.NewGuid(), Nina));
        Assert.That(ex!.Message, Does.Contain("no request"));
    }

    [Test]
    public async Task AutoApprovedRequest_IsProvisionedWithoutAnyCard()
    {
        var grant = await _h.GrantAsync(Bob, AwsRead, TimeSpan.FromHours(1));

        Assert.That(_h.Notifier.Approvals, Is.Empty);
        Assert.That(grant.Status, Is.EqualTo(GrantStatus.Active));
        Assert.That(grant.ExpiresAt, Is.EqualTo(LifecycleHarness.Start + TimeSpan.FromHours(1)));
    }
}
