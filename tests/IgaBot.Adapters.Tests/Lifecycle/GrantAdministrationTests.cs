using IgaBot.Core;
using IgaBot.Core.Grants;
using Microsoft.Extensions.DependencyInjection;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>What the console does to someone else's grant: revoke and extend by an admin or the app's owner, with a reason.</summary>
public sealed class GrantAdministrationTests
{
    private LifecycleHarness _h = null!;
    private GrantService Service => _h.Services.GetRequiredService<GrantService>();

    [SetUp]
    public async Task SetUp() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task RevokeFor_EndsTheGrantAtTheTarget_AuditedWithTheAdminAndTheReason()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var answer = await Service.RevokeForAsync(grant.Id, Omar, "left the team", default);
        await _h.Provisioner.RunDueAsync(default);

        Assert.That(answer, Is.EqualTo("Revoking Alice Chen's AWS Prod Read-only now."));
        var ended = (await _h.GrantByIdAsync(grant.Id))!;
        Assert.That((ended.Status, ended.EndedBy, ended.EndReason), Is.EqualTo((GrantStatus.Revoked, Omar, "left the team")));
        Assert.That(_h.Connector.Members(grant.ConnectorRef!), Does.Not.Contain(Alice), "removed at the target");
        var audit = await _h.AuditAsync(LifecycleSubjects.Grant(grant.Id));
        Assert.That(audit.Select(e => (e.Actor, e.Action, e.Detail)), Does.Contain((Omar, "grant.revoking", "left the team")));
        Assert.That(await Service.RevokeForAsync(grant.Id, Omar, "again", default), Does.EndWith("has already ended."));
    }

    [Test]
    public void RevokeFor_WithoutAReason_IsRefused()
    {
        Assert.ThrowsAsync<InvalidInputException>(async () => await Service.RevokeForAsync(Guid.NewGuid(), Omar, "  ", default));
    }

    [Test]
    public async Task ExtendFor_MovesTheEndAndTheTrigger_AuditedWithTheAdminAndTheReason()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));
        var end = grant.ExpiresAt!.Value;

        var answer = await Service.ExtendForAsync(grant.Id, Omar, TimeSpan.FromDays(2), "incident runs over the weekend", default);

        var extended = (await _h.GrantByIdAsync(grant.Id))!;
        Assert.That(extended.ExpiresAt, Is.EqualTo(end + TimeSpan.FromDays(2)));
        Assert.That(_h.Triggers.Triggers[grant.Id], Is.EqualTo(end + TimeSpan.FromDays(2)), "the revoke trigger moves with the end");
        Assert.That(answer, Does.StartWith("Alice Chen's AWS Prod Read-only now ends"));
        var audit = await _h.AuditAsync(LifecycleSubjects.Grant(grant.Id));
        Assert.That(audit.Single(e => e.Action == "grant.extended").Actor, Is.EqualTo(Omar));
        Assert.That(audit.Single(e => e.Action == "grant.extended").Detail, Does.EndWith("incident runs over the weekend"));
    }

    [Test]
    public async Task ExtendFor_BeyondTheEntitlementsLongest_IsRefused_AndNothingChanges()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var refused = Assert.ThrowsAsync<InvalidInputException>(async () =>
            await Service.ExtendForAsync(grant.Id, Omar, TimeSpan.FromDays(30), "a month", default));

        Assert.That(refused!.Message, Does.Contain("at most 1 week"));
        Assert.That((await _h.GrantByIdAsync(grant.Id))!.ExpiresAt, Is.EqualTo(grant.ExpiresAt));
        Assert.That(await _h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.extended"), Is.Zero);
    }

    [Test]
    public async Task ExtendFor_AnEndedGrant_IsRefused()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));
        await Service.RevokeForAsync(grant.Id, Omar, "done", default);
        await _h.Provisioner.RunDueAsync(default);

        var refused = Assert.ThrowsAsync<InvalidInputException>(async () =>
            await Service.ExtendForAsync(grant.Id, Omar, TimeSpan.FromDays(1), "oops", default));
        Assert.That(refused!.Message, Does.Contain("has already ended"));
    }
}
