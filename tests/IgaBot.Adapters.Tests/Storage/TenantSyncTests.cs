using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

public class TenantSyncTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private StorageInitializer Initializer() =>
        new(Db.Migrator, Db.Store, new ServiceCollection().BuildServiceProvider(), NullLogger<StorageInitializer>.Instance);

    [Test]
    public async Task Initialize_MirrorsPeopleAndCatalogIntoTables()
    {
        var report = await Initializer().InitializeAsync(Tenant(), Ct);

        Assert.That(report!.People.Added, Is.EqualTo(3));
        Assert.That(report.Catalog.Added, Is.EqualTo(3), "one app and two entitlements");
        var (people, tom, entitlement, apps) = await Db.Store.RunAsync(async s => (
            await s.People.ListAsync(), await s.People.GetAsync(Tom), await s.Catalog.GetEntitlementAsync("github-write"), await s.Catalog.ListAppsAsync()), Ct);
        Assert.That(people.Select(p => p.Person.Email), Is.EqualTo(new[] { Nina, Raj, Tom }));
        Assert.That(tom!.Person.Manager, Is.EqualTo(Nina));
        Assert.That(tom.Person.TeamsId, Is.EqualTo("aad-tom"));
        Assert.That(entitlement!.Risk, Is.EqualTo(Risk.Medium));
        Assert.That(entitlement.DefinitionJson, Does.Contain("\"maxDuration\":\"P180D\"").And.Contain("\"approvals\":[\"manager\",\"owner\"]").And.Contain("gh-{scope}-writers"));
        Assert.That(apps.Single().Owner, Is.EqualTo(Raj));
    }

    [Test]
    public async Task Initialize_ImportsInitialAccessAsPermanentAuditedGrants()
    {
        var report = await Initializer().InitializeAsync(Tenant(), Ct);

        Assert.That(report!.GrantsImported, Is.EqualTo(3));
        var (toms, audit) = await Db.Store.RunAsync(async s => (await s.Grants.ListActiveForPersonAsync(Tom), await s.Audit.ListAsync(Tom)), Ct);
        Assert.That(toms.Select(g => (g.EntitlementId, g.Scope, g.ExpiresAt)), Is.EquivalentTo(new (string, string?, DateTimeOffset?)[]
        {
            ("github-read", null, null), ("github-write", "platform", null),
        }));
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "grant.imported", "grant.imported" }));
    }

    [Test]
    public async Task Restart_AfterARevoke_DoesNotGrantTheAccessAgain()
    {
        await Initializer().InitializeAsync(Tenant(), Ct);
        var read = (await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct)).Single(g => g.EntitlementId == "github-read");
        await Db.Store.RunAsync(async s =>
        {
            await s.Grants.ChangeStatusAsync(read.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", $"grant:{read.Id}"), Tom, "released");
            await s.Grants.ChangeStatusAsync(read.Id, GrantStatus.Revoking, GrantStatus.Revoked, Audit("grant.revoked", $"grant:{read.Id}", "system"));
        }, Ct);

        var second = await Initializer().InitializeAsync(Tenant(), Ct);

        Assert.That(second!.GrantsImported, Is.Zero);
        Assert.That(second.People.Changed || second.Catalog.Changed, Is.False);
        var active = await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct);
        Assert.That(active.Select(g => g.EntitlementId), Is.EqualTo(new[] { "github-write" }));
    }

    [Test]
    public async Task Restart_WithNewAccessInTheDirectory_ImportsOnlyTheNewEntry()
    {
        await Initializer().InitializeAsync(Tenant(), Ct);
        var more = new Dictionary<string, IReadOnlyList<AccessAssignment>>
        {
            [Tom] = [new("github-read"), new("github-write", "platform"), new("github-write", "payments")],
            [Nina] = [new("github-read")],
        };

        var report = await Initializer().InitializeAsync(Tenant(more), Ct);

        Assert.That(report!.GrantsImported, Is.EqualTo(1));
        Assert.That(await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Sync_MarksPeopleWhoLeftTheDirectoryAsRemoved_AndUpdatesChanges()
    {
        var zoe = new Person { Email = "zoe.adams@contoso.com", Name = "Zoe Adams", Title = "Data Analyst", Department = "Data", Manager = Raj };
        await Initializer().InitializeAsync(Tenant(null, zoe), Ct);
        var promoted = Tenant();
        var people = promoted.Directory.People.Select(p => p.Email == Tom ? p with { Title = "Senior Software Engineer" } : p).ToList();

        var report = await Initializer().SyncTenantAsync(promoted with { Directory = new PeopleDirectory(people) }, Ct);

        Assert.That(report.People, Is.EqualTo(new IgaBot.Core.Storage.SyncResult(0, 1, 1)));
        var (zoeRow, tom, present) = await Db.Store.RunAsync(async s => (await s.People.GetAsync(zoe.Email), await s.People.GetAsync(Tom), await s.People.ListAsync()), Ct);
        Assert.That(zoeRow!.RemovedAt, Is.EqualTo(TestDatabase.Start));
        Assert.That(tom!.Person.Title, Is.EqualTo("Senior Software Engineer"));
        Assert.That(present.Select(p => p.Person.Email), Does.Not.Contain(zoe.Email));
        var audit = await Db.Store.RunAsync(s => s.Audit.ListAsync("tenant"), Ct);
        Assert.That(audit.Select(a => a.Detail), Has.Some.Contains("1 updated, 1 removed"));
    }
}
