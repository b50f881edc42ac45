using Microsoft.Extensions.DependencyInjection;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>Revocation at expiry, the sweeper, failures, release now and expiry reminders, on a fake clock.</summary>
public sealed class GrantLifecycleTests
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task Trigger_AtExpiry_RevokesOnce_AndTellsTheHolder()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromMinutes(1));

        Assert.That(await _h.Revoker.RevokeIfDueAsync(grant.Id, default), Is.EqualTo(RevokeStart.NotDue), "a minute-long grant is not revoked early");
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        var first = await _h.Revoker.RevokeIfDueAsync(grant.Id, default);
        var second = await _h.Revoker.RevokeIfDueAsync(grant.Id, default);
        await _h.Revoker.RevokeOverdueAsync(default);
        await _h.Provisioner.RunDueAsync(default);
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(first, Is.EqualTo(RevokeStart.Started));
        Assert.That(second, Is.EqualTo(RevokeStart.AlreadyEnding));
        var ended = await _h.GrantByIdAsync(grant.Id);
        Assert.That(ended!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(ended.EndedAt, Is.EqualTo(grant.ExpiresAt));
        Assert.That(ended.EndReason, Is.EqualTo("expired"));
        Assert.That(_h.Connector.RevokeCalls, Is.EqualTo(1));
        Assert.That(_h.Connector.Members("aws-prod-read"), Does.Not.Contain(Alice));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.revoked"), Is.EqualTo(1));
        Assert.That(_h.Notifier.Notices.Single(n => n.Kind == LifecycleKind.Revoked).RecipientEmail, Is.EqualTo(Alice));
    }

    [Test]
    public async Task Sweeper_RevokesOverdueGrants_WhoseTriggerWasLost()
    {
        var lost = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        var later = await _h.GrantAsync(Bob, AwsRead, TimeSpan.FromHours(3));
        _h.Triggers.Lose(lost.Id);

        _h.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(30));
        var started = await _h.Revoker.RevokeOverdueAsync(default);
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(started, Is.EqualTo(1));
        Assert.That((await _h.GrantByIdAsync(lost.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That((await _h.GrantByIdAsync(later.Id))!.Status, Is.EqualTo(GrantStatus.Active));
    }

    [Test]
    public async Task RevokeThatKeepsFailing_BecomesRevokeFailed_AlertsTheOwner_AndIsNeverReportedDone()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        _h.Connector.RevokeAlways = () => ConnectorResult.Transient("SCIM answered 503");

        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.Revoker.RevokeOverdueAsync(default);
        for (var i = 0; i < 4; i++)
        {
            await _h.Provisioner.RunDueAsync(default);
            _h.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        var failed = await _h.GrantByIdAsync(grant.Id);
        Assert.That(failed!.Status, Is.EqualTo(GrantStatus.RevokeFailed));
        Assert.That(_h.Connector.RevokeCalls, Is.EqualTo(3));
        var alert = _h.Notifier.Notices.Single(n => n.Kind == LifecycleKind.ProvisioningFailed);
        Assert.That(alert.RecipientEmail, Is.EqualTo(Omar));
        Assert.That(alert.Text, Does.Contain("still have the access"));
        Assert.That(_h.Notifier.Notices.Any(n => n.Kind == LifecycleKind.Revoked), Is.False);
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.revoke-failed"), Is.EqualTo(1));

        // An admin retries once the target is fixed.
        _h.Connector.RevokeAlways = null;
        Assert.That(await _h.Revoker.RevokeNowAsync(grant.Id, Omar, "target fixed", retryFailed: true, default), Is.EqualTo(RevokeStart.Started));
        await _h.Provisioner.RunDueAsync(default);
        Assert.That((await _h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
    }

    [Test]
    public async Task CrashBetweenTheConnectorCallAndTheCommit_IsRetriedAndAuditedOnce()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        _h.Clock.Advance(TimeSpan.FromHours(1));
        await _h.Revoker.RevokeOverdueAsync(default);
        // The "crash": the message is claimed and the connector is called, but nothing is committed.
        var claimed = await _h.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(2)), default);
        var target = ProvisioningTarget.For(_h.Tenant.Catalog.FindEntitlement(AwsRead)!, Alice, null);
        await _h.Connector.RevokeAsync(target, default);
        Assert.That(claimed, Has.Count.EqualTo(1));

        await _h.Provisioner.RunDueAsync(default);
        Assert.That((await _h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoking), "the lease hides the message for a while");
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        await _h.Provisioner.RunDueAsync(default);

        Assert.That((await _h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.revoked"), Is.EqualTo(1));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.revoking"), Is.EqualTo(1));
    }

    [Test]
    public async Task AGrantLeftInFlightByACrashedWorker_ResumesOnceItsLeaseRunsOut_AndProvisionsOnce()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        // The crashed worker: it claimed the message and called the connector, then died before committing anything.
        var claimed = await _h.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(2)), default);
        var target = ProvisioningTarget.For(_h.Tenant.Catalog.FindEntitlement(AwsRead)!, Alice, null);
        await _h.Connector.GrantAsync(target, default);
        Assert.That(claimed, Has.Count.EqualTo(1));

        await _h.Provisioner.RunDueAsync(default);
        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.Not.EqualTo(Core.Requests.RequestStatus.Fulfilled), "the lease hides the message for a while");
        _h.Clock.Advance(TimeSpan.FromMinutes(2));
        await _h.Provisioner.RunDueAsync(default);

        Assert.That((await _h.RequestAsync(request.Id))!.Status, Is.EqualTo(Core.Requests.RequestStatus.Fulfilled));
        var grant = (await _h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default)).Single(g => g.RequestId == request.Id);
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.created"), Is.EqualTo(1));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Request(request.Id), "request.fulfilled"), Is.EqualTo(1));
        Assert.That(_h.Connector.Members(target.Group!), Is.EqualTo(new[] { Alice }), "one membership");
    }

    [Test]
    public async Task Release_ByTheHolder_EndsTheGrantNow()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var answer = await _h.Grants.ReleaseAsync(grant.Id, Alice, default);
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(answer.Outcome, Is.EqualTo(GrantActionOutcome.Releasing));
        Assert.That(answer.Message, Does.StartWith("Releasing AWS Prod Read-only"));
        var ended = await _h.GrantByIdAsync(grant.Id);
        Assert.That(ended!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(ended.EndedBy, Is.EqualTo(Alice));
        Assert.That(_h.Triggers.Triggers.ContainsKey(grant.Id), Is.False, "the trigger of a grant that ended early is removed");
        var again = await _h.Grants.ReleaseAsync(grant.Id, Alice, default);
        Assert.That(again.Outcome, Is.EqualTo(GrantActionOutcome.AlreadyEnded));
        Assert.That(again.Message, Does.Contain("already ended"));
    }

    [Test]
    public async Task Release_BySomebodyElse_IsRefused()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var answer = await _h.Grants.ReleaseAsync(grant.Id, Bob, default);

        Assert.That(answer.Outcome, Is.EqualTo(GrantActionOutcome.NotYours));
        Assert.That(answer.Message, Does.StartWith("Only Alice Chen"));
        Assert.That((await _h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Active));
    }

    [Test]
    public async Task ExpiryReminders_ADayAndAnHourBefore_EachOnce()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(3));

        _h.Clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromMinutes(1));
        Assert.That(await _h.Reminders.RunDueAsync(default), Is.Zero);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await _h.Reminders.RunDueAsync(default), Is.EqualTo(1));
        Assert.That(await _h.Reminders.RunDueAsync(default), Is.Zero, "once");
        _h.Clock.Advance(TimeSpan.FromHours(23));
        Assert.That(await _h.Reminders.RunDueAsync(default), Is.EqualTo(1));

        var reminders = _h.Notifier.Notices.Where(n => n.Kind == LifecycleKind.Expiring).ToList();
        Assert.That(reminders.Select(r => r.Text), Has.One.Contains("ends in 1 day").And.One.Contains("ends in 1 hour"));
        Assert.That(reminders, Has.All.Matches<LifecycleNotice>(r => r.OffersExtendAndRelease && r.GrantId == grant.Id));
    }

    [Test]
    public async Task ExpiryReminders_OnlyThoseThatFitInTheGrant()
    {
        await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(2));
        await _h.GrantAsync(Bob, AwsRead, TimeSpan.FromMinutes(30));

        for (var i = 0; i < 12; i++)
        {
            _h.Clock.Advance(TimeSpan.FromMinutes(10));
            await _h.Reminders.RunDueAsync(default);
        }

        var reminders = _h.Notifier.Notices.Where(n => n.Kind == LifecycleKind.Expiring).ToList();
        Assert.That(reminders.Select(r => r.RecipientEmail), Is.EqualTo(new[] { Alice }));
        Assert.That(reminders[0].Text, Does.Contain("ends in 1 hour"));
    }

    [Test]
    public async Task Reconciler_RecreatesLostTriggers_AndReportsDrift()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));
        var lost = await _h.GrantAsync(Bob, AwsRead, TimeSpan.FromDays(1));
        _h.Triggers.Lose(grant.Id);
        _h.Connector.Add("aws-prod-read", Sam);
        _h.Connector.Remove("aws-prod-read", Bob);

        var report = await _h.Services.GetRequiredService<GrantReconciler>().RunAsync(default);

        Assert.That(report.TriggersRecreated, Is.EqualTo(1));
        Assert.That(_h.Triggers.Triggers[grant.Id], Is.EqualTo(grant.ExpiresAt));
        Assert.That(report.Drift.Select(d => (d.Kind, d.Person)), Is.EquivalentTo(new[]
        {
            (DriftKind.UnexplainedMember, Sam),
            (DriftKind.MissingFromTarget, Bob),
        }));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(lost.Id), "reconcile.drift"), Is.EqualTo(1));
    }
}
