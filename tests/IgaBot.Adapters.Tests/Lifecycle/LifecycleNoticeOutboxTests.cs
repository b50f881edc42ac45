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
public sealed class LifecycleNoticeOutboxTests(DatabaseProvider provider)
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private TestDatabase _db = null!;
    private LifecycleHarness _a = null!;
    private LifecycleHarness _b = null!;
    private DyingNotifier _dying = null!;

    [SetUp]
    public async Task SetUp()
    {
        _db = await TestDatabase.CreateAsync(provider, migrate: false);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = _db.Options.ConnectionString,
            ["Provisioning:Lease"] = Lease.ToString("c"),
        };
        _dying = new DyingNotifier();
        _a = await LifecycleHarness.CreateAsync(settings,
            configure: s => s.AddSingleton<INotifier>(sp => _dying.Wrapping(sp.GetRequiredService<RecordingNotifier>())));
        _b = await LifecycleHarness.CreateAsync(settings);
    }

    [TearDown]
    public async Task TearDown()
    {
        // The "dead" instance's last call ends now (it finds its notice done by the other instance and changes nothing).
        _dying?.Release();
        if (_dying?.Running is { } running) await running.WaitAsync(TimeSpan.FromSeconds(10));
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (_db is not null) await _db.DisposeAsync();
    }

    [TestCase(ApprovalAction.Approve, LifecycleKind.Approved, RequestStatus.Approved, "Nina Petrova approved your request for AWS Prod Read-only")]
    [TestCase(ApprovalAction.Deny, LifecycleKind.Denied, RequestStatus.Denied, "Nina Petrova denied your request for AWS Prod Read-only: not now")]
    public async Task AnInstanceDyingBetweenTheDecisionsCommitAndTheNotice_TheOtherInstanceTellsTheRequester_Once(
        ApprovalAction action, LifecycleKind kind, RequestStatus status, string text)
    {
        var request = await _a.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(1), [Nina]);
        _dying.Arm(kind);
        _dying.Running = Task.Run(() => _a.Approvals.DecideAsync(new ApprovalCommand(request.Id, 1, Nina, action, action == ApprovalAction.Deny ? "not now" : null), default));
        await _dying.Died.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((await _a.RequestAsync(request.Id))!.Status, Is.EqualTo(status), "the decision committed");
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
        var request = await _a.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        _dying.Arm(LifecycleKind.Provisioned);
        _dying.Running = Task.Run(() => _a.Provisioner.RunDueAsync(default));
        await _dying.Died.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((await _a.RequestAsync(request.Id))!.Status, Is.EqualTo(RequestStatus.Fulfilled), "the grant committed");
        Assert.That(Told(LifecycleKind.Provisioned), Is.Empty);
        Assert.That(await PendingNoticesAsync(), Is.EqualTo(1));

        await RunBAfterTheLeaseAsync(LifecycleKind.Provisioned);

        var told = Told(LifecycleKind.Provisioned);
        Assert.That(told, Has.Count.EqualTo(1), "told once");
        Assert.That(told[0].RecipientEmail, Is.EqualTo(Alice));
        Assert.That(told[0].Text, Does.StartWith("You now have AWS Prod Read-only until"));
        Assert.That(_b.Connector.GrantCalls + _a.Connector.GrantCalls, Is.EqualTo(1), "the notice's redelivery grants nothing again");
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task AnInstanceDyingBetweenARemovalsFailureAndTheOwnersAlert_TheOtherInstanceAlertsTheOwner_Once()
    {
        var grant = await _a.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        _a.Connector.RevokeAlways = () => ConnectorResult.Permanent("the group is read-only");
        _a.Clock.Advance(TimeSpan.FromHours(1));
        _b.Clock.Advance(TimeSpan.FromHours(1));
        await _a.Revoker.RevokeOverdueAsync(default);
        _dying.Arm(LifecycleKind.ProvisioningFailed);
        _dying.Running = Task.Run(() => _a.Provisioner.RunDueAsync(default));
        await _dying.Died.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.That((await _a.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.RevokeFailed));
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
        var grant = await _b.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        _b.Connector.RevokeAlways = () => ConnectorResult.Permanent("the group is read-only");
        _b.Clock.Advance(TimeSpan.FromHours(1));
        await _b.Revoker.RevokeOverdueAsync(default);
        await _b.Provisioner.RunDueAsync(default);
        _b.Clock.Advance(TimeSpan.FromMinutes(5)); // an admin retries a while later
        Assert.That(await _b.Revoker.RevokeNowAsync(grant.Id, Omar, "try again", retryFailed: true, default), Is.EqualTo(RevokeStart.Started));
        await _b.Provisioner.RunDueAsync(default);

        var alerts = _b.Notifier.Notices.Where(n => n.Kind == LifecycleKind.ProvisioningFailed).ToList();
        Assert.That(alerts.Select(n => n.RecipientEmail), Is.EqualTo(new[] { Omar, Omar }), "one alert per failure");
        Assert.That(alerts.Select(n => n.DeliveryKey).Distinct().Count(), Is.EqualTo(2));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task AnExtensionApproved_TellsTheHolderTheNewEnd_BesideTheGrantsFirstAccessReadyNotice()
    {
        var grant = await _b.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));
        await _b.Grants.RequestExtensionAsync(grant.Id, Alice, TimeSpan.FromDays(2), default);
        var extension = (await _b.Store.RunAsync(s => s.Requests.ListByStatusAsync(RequestStatus.PendingApproval), default)).Single();

        await _b.Approvals.DecideAsync(new ApprovalCommand(extension.Id, 1, Nina, ApprovalAction.Approve), default);

        var ready = _b.Notifier.Notices.Where(n => n.Kind == LifecycleKind.Provisioned).ToList();
        Assert.That(ready.Select(n => n.RequestId), Is.EqualTo(new Guid?[] { grant.RequestId, extension.Id }));
        Assert.That(ready[1].Text, Does.StartWith("Your access to AWS Prod Read-only now lasts until"));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    /// <summary>B's worker runs just before A's lease ends (taking no notice of <paramref name="kind"/>), then after it, then later.</summary>
    private async Task RunBAfterTheLeaseAsync(LifecycleKind kind)
    {
        _b.Clock.Advance(Lease - TimeSpan.FromSeconds(1));
        await _b.Provisioner.RunDueAsync(default);
        Assert.That(Told(kind), Is.Empty, "nobody takes the notice while its writer's lease runs");
        _b.Clock.Advance(TimeSpan.FromSeconds(2));
        await _b.Provisioner.RunDueAsync(default);
        _b.Clock.Advance(TimeSpan.FromHours(1));
        await _b.Provisioner.RunDueAsync(default);
    }

    private List<LifecycleNotice> Told(LifecycleKind kind) =>
        [.. _a.Notifier.Notices.Concat(_b.Notifier.Notices).Where(n => n.Kind == kind)];

    /// <summary>Notices in the outbox not done yet (due, held by a claim, or given up).</summary>
    private async Task<int> PendingNoticesAsync()
    {
        await using var connection = await _db.Database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE kind = @kind AND status <> 'Done'", new { kind = NoticeOutbox.Kind });
    }

    /// <summary>The notifier of an instance that dies on the first notice of one kind, before passing it on: the call never returns until the test ends.</summary>
    private sealed class DyingNotifier
    {
        private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _release = new();
        private LifecycleKind? _kind;

        public Task Died => _died.Task;
        public Task? Running { get; set; }

        public void Arm(LifecycleKind kind) => _kind = kind;

        public void Release() => _release.Cancel();

        public INotifier Wrapping(RecordingNotifier inner) => new Notifier(this, inner);

        private sealed class Notifier(DyingNotifier owner, RecordingNotifier inner) : INotifier
        {
            public Task<bool> SendApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct) => inner.SendApprovalAsync(approverEmail, view, ct);
            public Task<bool> RemindApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct) => inner.RemindApprovalAsync(approverEmail, view, ct);
            public Task UpdateApprovalAsync(ApprovalView view, CancellationToken ct) => inner.UpdateApprovalAsync(view, ct);
            public Task<bool> SendManualTaskAsync(ManualTaskView task, CancellationToken ct) => inner.SendManualTaskAsync(task, ct);

            public async Task<bool> NotifyAsync(LifecycleNotice notice, CancellationToken ct)
            {
                if (notice.Kind != owner._kind) return await inner.NotifyAsync(notice, ct);
                owner._died.TrySetResult();
                await Task.Delay(Timeout.Infinite, owner._release.Token);
                throw new InvalidOperationException("unreachable");
            }
        }
    }
}
