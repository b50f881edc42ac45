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
public sealed class RevokeNoticeOutboxTests(DatabaseProvider provider) : TwoInstancesOnOneDatabase(provider)
{
    [Test]
    public async Task AnInstanceDyingBetweenTheRevokesCommitAndTheNotice_TheOtherInstanceTellsTheHolder_Once()
    {
        var grant = await RevokeOnADyingInstanceAsync(DyingNotifier.Death.BeforeSending);

        Assert.That((await A.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked), "the revoke committed");
        Assert.That(A.Notifier.Notices, Has.None.Matches<LifecycleNotice>(n => n.Kind == LifecycleKind.Revoked), "the dying instance told nobody");
        Assert.That(await PendingNoticesAsync(), Is.EqualTo(1), "the notice was committed with the revoke");

        // Before the dead instance's lease runs out, nobody else takes the notice.
        Advance(B, Lease - TimeSpan.FromSeconds(1));
        await B.Provisioner.RunDueAsync(default);
        Assert.That(B.Notifier.Notices, Has.None.Matches<LifecycleNotice>(n => n.Kind == LifecycleKind.Revoked));

        Advance(B, TimeSpan.FromSeconds(2));
        await B.Provisioner.RunDueAsync(default);
        Advance(B, TimeSpan.FromHours(1));
        await B.Provisioner.RunDueAsync(default);

        var told = Told(LifecycleKind.Revoked);
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
        var first = A.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Revoked);

        Advance(B, Lease + TimeSpan.FromSeconds(1));
        await B.Provisioner.RunDueAsync(default);

        var again = B.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Revoked);
        Assert.That(first.Redelivery, Is.False);
        Assert.That(again.Redelivery, Is.True, "the second instance says it may be a repeat");
        Assert.That(again.DeliveryKey, Is.EqualTo(first.DeliveryKey).And.Not.Null);
        Assert.That(again.GrantId, Is.EqualTo(grant.Id));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    [Test]
    public async Task ARevokeOnALivingInstance_TellsTheHolderAtOnce_AndLeavesNothingForTheOthers()
    {
        var grant = await A.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Advance(A, TimeSpan.FromHours(1));
        Advance(B, TimeSpan.FromHours(1));
        await A.Revoker.RevokeOverdueAsync(default);
        await A.Provisioner.RunDueAsync(default);

        Assert.That(A.Notifier.Notices.Where(n => n.Kind == LifecycleKind.Revoked).Select(n => n.GrantId), Is.EqualTo(new Guid?[] { grant.Id }));
        Assert.That(await PendingNoticesAsync(), Is.Zero, "delivered and marked in the same pass");
        Advance(B, TimeSpan.FromHours(1));
        await B.Provisioner.RunDueAsync(default);
        Assert.That(Told(LifecycleKind.Revoked), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ANoticeWhoseChannelFails_IsRetriedByTheWorker_AndToldOnce()
    {
        var grant = await A.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Advance(A, TimeSpan.FromHours(1));
        await A.Revoker.RevokeOverdueAsync(default);
        Dying.FailNext(LifecycleKind.Revoked);
        await A.Provisioner.RunDueAsync(default);
        Assert.That(Told(LifecycleKind.Revoked), Is.Empty);

        // The outbox's backoff (10 s after the first failure in the harness).
        Advance(A, TimeSpan.FromSeconds(11));
        await A.Provisioner.RunDueAsync(default);

        Assert.That(Told(LifecycleKind.Revoked).Select(n => n.GrantId), Is.EqualTo(new Guid?[] { grant.Id }));
        Assert.That(await PendingNoticesAsync(), Is.Zero);
    }

    /// <summary>Grants Alice access, lets it expire, and runs A's worker until its notifier "dies" on the revoke notice.</summary>
    private async Task<Grant> RevokeOnADyingInstanceAsync(DyingNotifier.Death death)
    {
        var grant = await A.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Advance(A, TimeSpan.FromHours(1));
        Advance(B, TimeSpan.FromHours(1));
        await A.Revoker.RevokeOverdueAsync(default);
        Dying.Arm(LifecycleKind.Revoked, death);
        Dying.Running = Task.Run(() => A.Provisioner.RunDueAsync(default));
        await Dying.Died.WaitAsync(TimeSpan.FromSeconds(30));
        return grant;
    }

    private static void Advance(LifecycleHarness h, TimeSpan by) => h.Clock.Advance(by);
}
