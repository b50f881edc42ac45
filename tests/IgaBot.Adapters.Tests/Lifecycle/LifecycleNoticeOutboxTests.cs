using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// The notices other than a revoke's (approved, denied, access ready, the app owner's alert that a removal failed) go
/// through the same outbox as the revoke's (<see cref="RevokeNoticeOutboxTests"/>): two instances on one database,
/// instance A "dies" right after the change's commit, before its notice is sent (its notifier never returns and its clock
/// stands still), and instance B's worker tells the person once A's lease runs out.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
[NonParallelizable]
public sealed class LifecycleNoticeOutboxTests(DatabaseProvider provider) : TwoInstancesOnOneDatabase(provider)
{
    [TestCase(ApprovalAction.Approve, LifecycleKind.Approved, RequestStatus.Approved, "Nina Petrova approved your request for AWS Prod Read-only")]
    [TestCase(ApprovalAction.Deny, LifecycleKind.Denied, RequestStatus.Denied, "Nina Petrova denied your request for AWS Prod Read-only: not now")]
    public async Task AnInstanceDyingBetweenTheDecisionsCommitAndTheNotice_TheOtherInstanceTellsTheRequester_Once(
        ApprovalAction action, LifecycleKind kind, RequestStatus status, string text)
    {
        var request = await A.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(1), [Nina]);
        Dying.Arm(kind);
        Dying.Running = Task.Run(() => A.Approvals.DecideAsync(new ApprovalCommand(request.Id, 1, Nina, action, action == ApprovalAction.Deny ? "not now" : null), default));
        await Dying.Died.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((await A.RequestAsync(request.Id))!.Status, Is.EqualTo(status), "the decision committed");
        Assert.That(Told(kind), Is.Empty, "the dying instance told nobody");
        Assert.That(await PendingNoticesAsync(), Is.EqualTo(1), "the notice was committed with the decision");

        await RunBAfterTheLeaseAsync(kind);

        var told = Told(kind);
        Assert.That(told, Has.Count.EqualTo(1), "told once");
        Assert.That(told[0].RecipientEmail, Is.EqualTo(Alice));
        Assert.That(told[0].RequestId, Is.EqualTo(request.Id));
        Assert.That(told[0].Text, Does.StartWith(text));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task AnInstanceDyingBetweenTheFulfilmentsCommitAndTheNotice_TheOtherInstanceSaysTheAccessIsReady_Once()
    {
        var request = await A.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Dying.Arm(LifecycleKind.Provisioned);
        Dying.Running = Task.Run(() => A.Provisioner.RunDueAsync(default));
        await Dying.Died.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((await A.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Fulfilled), "the grant committed");
        Assert.That(Told(LifecycleKind.Provisioned), Is.Empty);
        Assert.That(await PendingNoticesAsync(), Is.EqualTo(1));

        await RunBAfterTheLeaseAsync(LifecycleKind.Provisioned);

        var told = Told(LifecycleKind.Provisioned);
        Assert.That(told, Has.Count.EqualTo(1), "told once");
        Assert.That(told[0].RecipientEmail, Is.EqualTo(Alice));
        Assert.That(told[0].Text, Does.StartWith("You now have AWS Prod Read-only until"));
        Assert.That(B.Connector.GrantCalls + A.Connector.GrantCalls, Is.EqualTo(1), "the notice's redelivery grants nothing again");
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task AnInstanceDyingBetweenARemovalsFailureAndTheOwnersAlert_TheOtherInstanceAlertsTheOwner_Once()
    {
        var grant = await A.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        A.Connector.RevokeAlways = () => ConnectorResult.Permanent("the group is read-only");
        A.Clock.Advance(TimeSpan.FromHours(1));
        B.Clock.Advance(TimeSpan.FromHours(1));
        await A.Revoker.RevokeOverdueAsync(default);
        Dying.Arm(LifecycleKind.ProvisioningFailed);
        Dying.Running = Task.Run(() => A.Provisioner.RunDueAsync(default));
        await Dying.Died.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((await A.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.RevokeFailed));
        Assert.That(await PendingNoticesAsync(), Is.EqualTo(1));

        await RunBAfterTheLeaseAsync(LifecycleKind.ProvisioningFailed);

        var alerts = Told(LifecycleKind.ProvisioningFailed);
        Assert.That(alerts, Has.Count.EqualTo(1), "alerted once");
        Assert.That(alerts[0].RecipientEmail, Is.EqualTo(Omar));
        Assert.That(alerts[0].GrantId, Is.EqualTo(grant.Id));
        Assert.That(alerts[0].Text, Does.Contain("the group is read-only").And.Contain("still have the access"));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task ARemovalThatFailsAgainAfterARetry_AlertsTheOwnerAgain()
    {
        var grant = await B.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        B.Connector.RevokeAlways = () => ConnectorResult.Permanent("the group is read-only");
        B.Clock.Advance(TimeSpan.FromHours(1));
        await B.Revoker.RevokeOverdueAsync(default);
        await B.Provisioner.RunDueAsync(default);
        B.Clock.Advance(TimeSpan.FromMinutes(5)); // an admin retries a while later
        Assert.That(await B.Revoker.RevokeNowAsync(grant.Id, Omar, "try again", retryFailed: true, default), Is.EqualTo(RevokeStart.Started));
        await B.Provisioner.RunDueAsync(default);

        var alerts = B.Notifier.Notices.Where(n => n.Kind == LifecycleKind.ProvisioningFailed).ToList();
        Assert.That(alerts.Select(n => n.RecipientEmail), Is.EqualTo(new[] { Omar, Omar }), "one alert per failure");
        Assert.That(alerts.Select(n => n.DeliveryKey).Distinct().Count(), Is.EqualTo(2));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task AnExtensionApproved_TellsTheHolderTheNewEnd_BesideTheGrantsFirstAccessReadyNotice()
    {
        var grant = await B.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));
        await B.Grants.RequestExtensionAsync(grant.Id, Alice, TimeSpan.FromDays(2), default);
        var extension = (await B.Store.RunAsync(s => s.Requests.ListByStatusAsync(RequestStatus.PendingApproval), default)).Single();

        await B.Approvals.DecideAsync(new ApprovalCommand(extension.Id, 1, Nina, ApprovalAction.Approve), default);

        var ready = B.Notifier.Notices.Where(n => n.Kind == LifecycleKind.Provisioned).ToList();
        Assert.That(ready.Select(n => n.RequestId), Is.EqualTo(new Guid?[] { grant.RequestId, extension.Id }));
        Assert.That(ready[1].Text, Does.StartWith("Your access to AWS Prod Read-only now lasts until"));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    /// <summary>B's worker runs just before A's lease ends (taking no notice of <paramref name="kind"/>), then after it, then later.</summary>
    private async Task RunBAfterTheLeaseAsync(LifecycleKind kind)
    {
        B.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        await B.Provisioner.RunDueAsync(default);
        Assert.That(Told(kind), Is.Empty, "nobody takes the notice while its writer's lease runs");
        B.Clock.Advance(TimeSpan.FromSeconds(2));
        await B.Provisioner.RunDueAsync(default);
        B.Clock.Advance(TimeSpan.FromHours(1));
        await B.Provisioner.RunDueAsync(default);
    }

}
