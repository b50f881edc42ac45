using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Grants;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

public class GrantStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private async Task<Grant> CreateAsync(TimeSpan? lifetime, string person = Tom, string entitlement = "github-read")
    {
        var grant = Grant(Db.Clock.GetUtcNow(), lifetime, person, entitlement);
        await Db.Store.RunAsync(s => s.Grants.CreateAsync(grant, Audit("grant.created", $"grant:{grant.Id}", "system")), Ct);
        return grant;
    }

    [Test]
    public async Task Create_ThenGet_ReturnsTheSameGrant()
    {
        var grant = Grant(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.FromHours(-5)).AddTicks(1), TimeSpan.FromHours(4)) with
        {
            Scope = "platform",
            RequestId = Guid.NewGuid(),
        };

        await Db.Store.RunAsync(s => s.Grants.CreateAsync(grant, Audit("grant.created", "g")), Ct);

        Assert.That(await Db.Store.RunAsync(s => s.Grants.GetAsync(grant.Id), Ct), Is.EqualTo(grant));
    }

    [Test]
    public async Task Create_ExpiringBeforeItIsGranted_IsRefused()
    {
        var grant = Grant(Db.Clock.GetUtcNow(), TimeSpan.FromHours(-1));

        Assert.ThrowsAsync<InvalidInputException>(() => Db.Store.RunAsync(s => s.Grants.CreateAsync(grant, Audit("grant.created", "g")), Ct));
        Assert.That(await Db.Store.RunAsync(s => s.Grants.GetAsync(grant.Id), Ct), Is.Null);
    }

    [Test]
    public async Task Lists_SeparateActiveExpiringAndOverdueGrants()
    {
        var permanent = await CreateAsync(null);
        var hour = await CreateAsync(TimeSpan.FromHours(1), entitlement: "aws-dev");
        var week = await CreateAsync(TimeSpan.FromDays(7), entitlement: "jira");
        var ninas = await CreateAsync(TimeSpan.FromMinutes(30), person: Nina);

        Db.Clock.Advance(TimeSpan.FromMinutes(45));
        var now = Db.Clock.GetUtcNow();

        await Db.Store.RunAsync(async s =>
        {
            Assert.That((await s.Grants.ListActiveForPersonAsync(Tom)).Select(g => g.Id), Is.EquivalentTo(new[] { permanent.Id, hour.Id, week.Id }));
            Assert.That((await s.Grants.ListActiveAsync()).Select(g => g.Id), Is.EquivalentTo(new[] { permanent.Id, hour.Id, week.Id, ninas.Id }));
            Assert.That((await s.Grants.ListActiveForPeopleAsync([Tom.ToUpperInvariant()])).Select(g => g.Id), Is.EquivalentTo(new[] { permanent.Id, hour.Id, week.Id }),
                "the policy reads the beneficiary's and peers' grants only, whatever the case of their addresses");
            Assert.That(await s.Grants.ListActiveForPeopleAsync([]), Is.Empty);
            Assert.That((await s.Grants.ListOverdueAsync(now)).Select(g => g.Id), Is.EqualTo(new[] { ninas.Id }));
            Assert.That((await s.Grants.ListExpiringAsync(now, now + TimeSpan.FromDays(1))).Select(g => g.Id), Is.EqualTo(new[] { hour.Id }));
            Assert.That((await s.Grants.ListExpiringAsync(now, now + TimeSpan.FromDays(8))).Select(g => g.Id), Is.EqualTo(new[] { hour.Id, week.Id }));
        }, Ct);
    }

    [Test]
    public async Task Overdue_IncludesAGrantExpiringAtExactlyNow()
    {
        var grant = await CreateAsync(TimeSpan.FromHours(1));
        Db.Clock.Advance(TimeSpan.FromHours(1));

        var overdue = await Db.Store.RunAsync(s => s.Grants.ListOverdueAsync(Db.Clock.GetUtcNow()), Ct);

        Assert.That(overdue.Select(g => g.Id), Is.EqualTo(new[] { grant.Id }));
    }

    [Test]
    public async Task Revoke_RecordsWhoWhenAndWhy_AndKeepsTheGrant()
    {
        var grant = await CreateAsync(TimeSpan.FromHours(1));
        Db.Clock.Advance(TimeSpan.FromHours(1));

        var ended = await Db.Store.RunAsync(async s =>
        {
            await s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", "g", "system"), "system", "expired");
            return await s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Revoking, GrantStatus.Revoked, Audit("grant.revoked", "g", "system"));
        }, Ct);

        Assert.That(ended.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(ended.EndedBy, Is.EqualTo("system"));
        Assert.That(ended.EndReason, Is.EqualTo("expired"));
        Assert.That(ended.EndedAt, Is.EqualTo(TestDatabase.Start.AddHours(1)));
        var history = await Db.Store.RunAsync(s => s.Grants.ListForPersonAsync(Tom), Ct);
        Assert.That(history.Select(g => g.Id), Is.EqualTo(new[] { grant.Id }));
        Assert.That(await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct), Is.Empty);
    }

    [Test]
    public async Task ChangeStatus_WhenAnotherRevokeGotThereFirst_IsAConflict()
    {
        var grant = await CreateAsync(null);
        await Db.Store.RunAsync(s => s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", "g"), Tom, "released"), Ct);

        var error = Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s =>
            s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", "g", "system"), "system", "expired"), Ct));

        Assert.That(error!.Message, Does.Contain("is Revoking, not Active"));
        var stored = await Db.Store.RunAsync(s => s.Grants.GetAsync(grant.Id), Ct);
        Assert.That(stored!.EndReason, Is.EqualTo("released"));
    }

    [Test]
    public async Task ChangeStatus_ThatSkipsRevoking_IsRefused()
    {
        var grant = await CreateAsync(null);

        Assert.ThrowsAsync<InvalidInputException>(() => Db.Store.RunAsync(s =>
            s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoked, Audit("grant.revoked", "g")), Ct));
    }

    [Test]
    public async Task FailedRevoke_CanBeRetried()
    {
        var grant = await CreateAsync(null);

        var retried = await Db.Store.RunAsync(async s =>
        {
            await s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", "g"), Tom, "released");
            await s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Revoking, GrantStatus.RevokeFailed, Audit("grant.revoke_failed", "g", "system"), reason: "SCIM 503");
            return await s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.RevokeFailed, GrantStatus.Revoking, Audit("grant.revoking", "g", "system"));
        }, Ct);

        Assert.That(retried.Status, Is.EqualTo(GrantStatus.Revoking));
        Assert.That(retried.EndedAt, Is.Null, "a revoke is never reported done before it is");
        Assert.That(retried.EndReason, Is.EqualTo("SCIM 503"));
    }

    [Test]
    public async Task Extend_MovesTheExpiryOfAnActiveGrantInPlace()
    {
        var grant = await CreateAsync(TimeSpan.FromDays(1));
        var later = grant.ExpiresAt!.Value.AddDays(6);

        var extended = await Db.Store.RunAsync(s => s.Grants.ExtendAsync(grant.Id, later, Audit("grant.extended", "g")), Ct);

        Assert.That(extended.Id, Is.EqualTo(grant.Id));
        Assert.That(extended.ExpiresAt, Is.EqualTo(later));
        Assert.That(await Db.Store.RunAsync(s => s.Grants.ListActiveAsync(), Ct), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Extend_ARevokingGrant_IsAConflict()
    {
        var grant = await CreateAsync(TimeSpan.FromDays(1));
        await Db.Store.RunAsync(s => s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", "g")), Ct);

        Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s =>
            s.Grants.ExtendAsync(grant.Id, grant.ExpiresAt!.Value.AddDays(1), Audit("grant.extended", "g")), Ct));
    }
}
