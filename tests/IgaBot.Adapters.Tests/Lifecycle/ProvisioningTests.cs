using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

public sealed class ProvisioningTests
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task ApprovalAndTheIntentToProvision_CommitTogether()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);
        await _h.Approvals.DecideAsync(new ApprovalCommand(request.Id, 1, Nina, ApprovalAction.Approve), default);

        var queued = await _h.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1)), default);

        Assert.That(queued.Select(m => m.Kind), Is.EqualTo(new[] { ProvisioningOutbox.GrantKind }));
        Assert.That(queued[0].Payload, Does.Contain(request.Id.ToString()));
    }

    [Test]
    public async Task TransientFailures_AreRetriedWithBackoff_ThenTheGrantIsMade()
    {
        _h.Connector.Script.Enqueue(() => ConnectorResult.Transient("503 from SCIM"));
        _h.Connector.Script.Enqueue(() => ConnectorResult.Transient("429 from SCIM", TimeSpan.FromSeconds(5)));
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        await _h.Provisioner.RunDueAsync(default);
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Provisioning));
        await _h.Provisioner.RunDueAsync(default);
        Assert.That(_h.Connector.GrantCalls, Is.EqualTo(1), "not retried before the backoff");

        _h.Clock.Advance(TimeSpan.FromSeconds(10));
        await _h.Provisioner.RunDueAsync(default);
        Assert.That(_h.Connector.GrantCalls, Is.EqualTo(2));
        _h.Clock.Advance(TimeSpan.FromSeconds(20));
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(_h.Connector.GrantCalls, Is.EqualTo(3));
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Fulfilled));
        Assert.That(_h.Connector.Members("aws-prod-read"), Does.Contain(Alice));
    }

    [Test]
    public async Task FailuresThatNeverStop_EndInFailed_AndTheOwnerIsAlerted()
    {
        for (var i = 0; i < 3; i++) _h.Connector.Script.Enqueue(() => ConnectorResult.Transient("SCIM is down"));
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        for (var i = 0; i < 3; i++)
        {
            await _h.Provisioner.RunDueAsync(default);
            _h.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var stored = await _h.RequestAsync(request.Id);
        Assert.That(stored!.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(stored.Outcome, Does.Contain("SCIM is down").And.Contain("3 attempts"));
        Assert.That(_h.Notifier.Notices.Where(n => n.Kind == LifecycleKind.ProvisioningFailed).Select(n => n.RecipientEmail),
            Is.EquivalentTo(new[] { Alice, Omar }));
        Assert.That(_h.Notifier.Notices.Any(n => n.Kind == LifecycleKind.Provisioned), Is.False);
    }

    [Test]
    public async Task PermanentFailure_IsNotRetried()
    {
        _h.Connector.Script.Enqueue(() => ConnectorResult.Permanent("no user alice@contoso.test in SCIM"));
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        await _h.Provisioner.RunDueAsync(default);
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(_h.Connector.GrantCalls, Is.EqualTo(1));
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Failed));
    }

    [Test]
    public async Task ManualApp_GivesTheOwnerATask_AndTheGrantStartsWhenTheyConfirm()
    {
        var request = await _h.SubmitAsync(Alice, NetSuite, TimeSpan.FromDays(2));
        await _h.Provisioner.RunDueAsync(default);

        var task = _h.Notifier.Tasks.Single();
        Assert.That(task.OwnerEmail, Is.EqualTo(Omar));
        Assert.That(task.Operation, Is.EqualTo("grant"));
        Assert.That(task.Text, Does.Contain("Alice Chen"));
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Provisioning));
        Assert.That(await _h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default), Is.Empty);

        Assert.ThrowsAsync<ForbiddenException>(() => _h.Approvals.CompleteManualTaskAsync(task.TaskId, Alice, true, null, default));
        _h.Clock.Advance(TimeSpan.FromHours(3));
        var done = await _h.Approvals.CompleteManualTaskAsync(task.TaskId, Omar, true, null, default);

        Assert.That(done.Resolution, Does.StartWith("done by"));
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Fulfilled));
        var grant = (await _h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default)).Single();
        Assert.That(grant.GrantedAt, Is.EqualTo(LifecycleHarness.Start + TimeSpan.FromHours(3)));
        Assert.That(grant.ExpiresAt, Is.EqualTo(grant.GrantedAt + TimeSpan.FromDays(2)));
        // A second click changes nothing.
        var again = await _h.Approvals.CompleteManualTaskAsync(task.TaskId, Omar, true, null, default);
        Assert.That(again.Resolution, Is.EqualTo(done.Resolution));
        Assert.That(await _h.Store.RunAsync(s => s.Grants.ListForPersonAsync(Alice), default), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ManualApp_OwnerCannotDoIt_FailsTheRequest()
    {
        var request = await _h.SubmitAsync(Alice, NetSuite, TimeSpan.FromDays(2));
        await _h.Provisioner.RunDueAsync(default);
        var task = _h.Notifier.Tasks.Single();

        await _h.Approvals.CompleteManualTaskAsync(task.TaskId, Omar, false, "no licence left", default);

        var stored = await _h.RequestAsync(request.Id);
        Assert.That(stored!.Status, Is.EqualTo(RequestStatus.Failed));
        Assert.That(stored.Outcome, Does.Contain("no licence left"));
    }

    [Test]
    public async Task ManualApp_RemovalAtExpiry_IsATaskToo_AndTheGrantEndsWhenTheOwnerConfirms()
    {
        await _h.SubmitAsync(Alice, NetSuite, TimeSpan.FromHours(1));
        await _h.Provisioner.RunDueAsync(default);
        await _h.Approvals.CompleteManualTaskAsync(_h.Notifier.Tasks.Single().TaskId, Omar, true, null, default);
        var grant = (await _h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default)).Single();

        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.Revoker.RevokeIfDueAsync(grant.Id, default);
        await _h.Provisioner.RunDueAsync(default);

        var removal = _h.Notifier.Tasks.Last();
        Assert.That(removal.Operation, Is.EqualTo("revoke"));
        Assert.That((await _h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoking));
        Assert.That(_h.Notifier.Notices.Any(n => n.Kind == LifecycleKind.Revoked), Is.False, "never reported as done before it is");

        await _h.Approvals.CompleteManualTaskAsync(removal.TaskId, Omar, true, null, default);

        Assert.That((await _h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(_h.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Revoked).RecipientEmail, Is.EqualTo(Alice));
    }

    [Test]
    public async Task ExtensionRequest_WhenApproved_ExtendsTheSameGrantInPlace()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));
        _h.Clock.Advance(TimeSpan.FromHours(20));

        var answer = await _h.Grants.RequestExtensionAsync(grant.Id, Alice, TimeSpan.FromDays(2), default);
        Assert.That(answer.Outcome, Is.EqualTo(GrantActionOutcome.ExtensionRequested));
        Assert.That(answer.Message, Does.Contain("Nina Petrova"));
        var extension = (await _h.Store.RunAsync(s => s.Requests.ListByStatusAsync(RequestStatus.PendingApproval), default)).Single();
        Assert.That(extension.ExtendsGrantId, Is.EqualTo(grant.Id));

        var result = await _h.Approvals.DecideAsync(new ApprovalCommand(extension.Id, 1, Nina, ApprovalAction.Approve), default);
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(result.Accepted, Is.True, result.Message);
        var extended = await _h.GrantByIdAsync(grant.Id);
        Assert.That(extended!.ExpiresAt, Is.EqualTo(grant.ExpiresAt + TimeSpan.FromDays(2)));
        Assert.That(await _h.Store.RunAsync(s => s.Grants.ListForPersonAsync(Alice), default), Has.Count.EqualTo(1));
        Assert.That(_h.Connector.GrantCalls, Is.EqualTo(1), "an extension calls no connector");
        Assert.That(_h.Triggers.Triggers[grant.Id], Is.EqualTo(extended.ExpiresAt));
        Assert.That((await _h.RequestAsync(extension.Id))!.Status, Is.EqualTo(RequestStatus.Fulfilled));
    }

    [Test]
    public async Task ExtensionRequest_LongerThanTheMaximum_IsRefusedWithTheLimit()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var answer = await _h.Grants.RequestExtensionAsync(grant.Id, Alice, TimeSpan.FromDays(30), default);

        Assert.That(answer.Outcome, Is.EqualTo(GrantActionOutcome.NotExtended));
        Assert.That(answer.Message, Does.Contain("at most 1 week"));
        Assert.That(await _h.Store.RunAsync(s => s.Requests.ListOpenAsync(), default), Is.Empty);
    }

    [Test]
    public async Task ExtensionRequest_BySomebodyElse_IsRefused()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var answer = await _h.Grants.RequestExtensionAsync(grant.Id, Bob, TimeSpan.FromDays(1), default);

        Assert.That(answer.Outcome, Is.EqualTo(GrantActionOutcome.NotYours));
        Assert.That(answer.Message, Does.StartWith("Only Alice Chen"));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.refused"), Is.EqualTo(1));
    }
}
