using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// Two instances on one database (SQLite file or PostgreSQL schema). Instance A revokes a grant and "dies" right after the
/// revoke's commit: its notifier never returns (like a killed process, it writes nothing more, not even a lease renewal,
/// since its clock stands still). Instance B's worker then tells the holder, once.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
[NonParallelizable]
public sealed class RevokeNoticeOutboxTests(DatabaseProvider provider)
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

    [Test]
    public async Task AnInstanceDyingBetweenTheRevokesCommitAndTheNotice_TheOtherInstanceTellsTheHolder_Once()
    {
        var grant = await RevokeOnADyingInstanceAsync(DyingNotifier.Death.BeforeSending);

        Assert.That((await _a.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked), "the revoke committed");
        Assert.That(_a.Notifier.Notices, Has.None.Matches<LifecycleNotice>(n => n.Kind == LifecycleKind.Revoked), "the dying instance told nobody");
        Assert.That(await PendingNoticesAsync(), Is.EqualTo(1), "the notice was committed with the revoke");

        // Before the dead instance's lease runs out, nobody else takes the notice.
        Advance(_b, Lease - TimeSpan.FromSeconds(1));
        await _b.Provisioner.RunDueAsync(default);
        Assert.That(_b.Notifier.Notices, Has.None.Matches<LifecycleNotice>(n => n.Kind == LifecycleKind.Revoked));

        Advance(_b, TimeSpan.FromSeconds(2));
        await _b.Provisioner.RunDueAsync(default);
        Advance(_b, TimeSpan.FromHours(1));
        await _b.Provisioner.RunDueAsync(default);

        var told = RevokedNotices();
        Assert.That(told, Has.Count.EqualTo(1), "told once");
        Assert.That(told[0].RecipientEmail, Is.EqualTo(Alice));
        Assert.That(told[0].GrantId, Is.EqualTo(grant.Id));
        Assert.That(told[0].Text, Does.Contain("AWS Prod Read-only").And.Contain("has been removed (expired)"));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task AnInstanceDyingAfterSendingButBeforeMarking_TheRedeliveryCarriesTheSameKey_ForTheChannelToLookFirst()
    {
        var grant = await RevokeOnADyingInstanceAsync(DyingNotifier.Death.AfterSending);
        var first = _a.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Revoked);

        Advance(_b, Lease + TimeSpan.FromSeconds(1));
        await _b.Provisioner.RunDueAsync(default);

        var again = _b.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Revoked);
        Assert.That(first.Redelivery, Is.False);
        Assert.That(again.Redelivery, Is.True, "the second instance says it may be a repeat");
        Assert.That(again.DeliveryKey, Is.EqualTo(first.DeliveryKey).And.Not.Null);
        Assert.That(again.GrantId, Is.EqualTo(grant.Id));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task ARevokeOnALivingInstance_TellsTheHolderAtOnce_AndLeavesNothingForTheOthers()
    {
        var grant = await _a.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Advance(_a, TimeSpan.FromHours(1));
        Advance(_b, TimeSpan.FromHours(1));
        await _a.Revoker.RevokeOverdueAsync(default);
        await _a.Provisioner.RunDueAsync(default);

        Assert.That(_a.Notifier.Notices.Where(n => n.Kind == LifecycleKind.Revoked).Select(n => n.GrantId), Is.EqualTo(new Guid?[] { grant.Id }));
        Assert.That(await PendingNoticesAsync(), Is.Zero, "delivered and marked in the same pass");
        Advance(_b, TimeSpan.FromHours(1));
        await _b.Provisioner.RunDueAsync(default);
        Assert.That(RevokedNotices(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ANoticeWhoseChannelFails_IsRetriedByTheWorker_AndToldOnce()
    {
        var grant = await _a.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Advance(_a, TimeSpan.FromHours(1));
        await _a.Revoker.RevokeOverdueAsync(default);
        _dying.FailNextRevokedNotice = true;
        await _a.Provisioner.RunDueAsync(default);
        Assert.That(RevokedNotices(), Is.Empty);

        // The outbox's backoff (10 s after the first failure in the harness).
        Advance(_a, TimeSpan.FromSeconds(11));
        await _a.Provisioner.RunDueAsync(default);

        Assert.That(RevokedNotices().Select(n => n.GrantId), Is.EqualTo(new Guid?[] { grant.Id }));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    /// <summary>Grants Alice access, lets it expire, and runs A's worker until its notifier "dies" on the revoke notice.</summary>
    private async Task<Grant> RevokeOnADyingInstanceAsync(DyingNotifier.Death death)
    {
        var grant = await _a.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Advance(_a, TimeSpan.FromHours(1));
        Advance(_b, TimeSpan.FromHours(1));
        await _a.Revoker.RevokeOverdueAsync(default);
        _dying.Arm(death);
        _dying.Running = Task.Run(() => _a.Provisioner.RunDueAsync(default));
        await _dying.Died.WaitAsync(TimeSpan.FromSeconds(30));
        return grant;
    }

    private List<LifecycleNotice> RevokedNotices() =>
        [.. _a.Notifier.Notices.Concat(_b.Notifier.Notices).Where(n => n.Kind == LifecycleKind.Revoked)];

    /// <summary>Notices in the outbox not done yet (due, held by a claim, or given up).</summary>
    private async Task<int> PendingNoticesAsync()
    {
        await using var connection = await _db.Database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE kind = @kind AND status <> 'Done'", new { kind = NoticeOutbox.Kind });
    }

    private static void Advance(LifecycleHarness h, TimeSpan by) => h.Clock.Advance(by);

    /// <summary>
    /// The notifier of an instance that dies on the revoke notice, before or after passing it on: the call never returns
    /// until the test ends. Can also fail one revoke notice (a channel error), to be retried.
    /// </summary>
    private sealed class DyingNotifier
    {
        public enum Death { None, BeforeSending, AfterSending }

        private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _release = new();
        private Death _death;

        public Task Died => _died.Task;
        public Task? Running { get; set; }
        public bool FailNextRevokedNotice { get; set; }

        public void Arm(Death death) => _death = death;

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
                if (notice.Kind != LifecycleKind.Revoked) return await inner.NotifyAsync(notice, ct);
                if (owner.FailNextRevokedNotice)
                {
                    owner.FailNextRevokedNotice = false;
                    throw new HttpRequestException("the channel is down");
                }
                if (owner._death == Death.None) return await inner.NotifyAsync(notice, ct);
                if (owner._death == Death.AfterSending) await inner.NotifyAsync(notice, ct);
                owner._died.TrySetResult();
                await Task.Delay(Timeout.Infinite, owner._release.Token);
                throw new InvalidOperationException("unreachable");
            }
        }
    }
}
