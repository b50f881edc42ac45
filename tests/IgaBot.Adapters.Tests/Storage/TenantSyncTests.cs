using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

public class TenantSyncTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private StorageInitializer Initializer() =>
        new(Db.Migrator, Db.Store, new ServiceCollection().BuildServiceProvider(), NullLogger<StorageInitializer>.Instance);

    [Test]
    public async Task Initialize_MirrorsPeopleAndCatalogIntoTables()
    {
        var report = await Initializer().InitializeAsync(SmallTenant(), Ct);

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
        var report = await Initializer().InitializeAsync(SmallTenant(), Ct);

        Assert.That(report!.GrantsImported, Is.EqualTo(3));
        var toms = await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct);
        Assert.That(toms.Select(g => (g.EntitlementId, g.Scope, g.ExpiresAt)), Is.EquivalentTo(new (string, string?, DateTimeOffset?)[]
        {
            ("github-read", null, null), ("github-write", "platform", null),
        }));
        // Each import is audited on the grant it created (grant:<id>), naming the person in its detail.
        foreach (var grant in toms)
        {
            var audit = await Db.Store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Grant(grant.Id)), Ct);
            Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "grant.imported" }));
            Assert.That(audit.Single().Detail, Does.Contain(Tom));
        }
    }

    [Test]
    public async Task Restart_AfterARevoke_DoesNotGrantTheAccessAgain()
    {
        await Initializer().InitializeAsync(SmallTenant(), Ct);
        var read = (await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct)).Single(g => g.EntitlementId == "github-read");
        await Db.Store.RunAsync(async s =>
        {
            await s.Grants.ChangeStatusAsync(read.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", $"grant:{read.Id}"), Tom, "released");
            await s.Grants.ChangeStatusAsync(read.Id, GrantStatus.Revoking, GrantStatus.Revoked, Audit("grant.revoked", $"grant:{read.Id}", "system"));
        }, Ct);

        var second = await Initializer().InitializeAsync(SmallTenant(), Ct);

        Assert.That(second!.GrantsImported, Is.Zero);
        Assert.That(second.People.Changed || second.Catalog.Changed, Is.False);
        var active = await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct);
        Assert.That(active.Select(g => g.EntitlementId), Is.EqualTo(new[] { "github-write" }));
    }

    [Test]
    public async Task Restart_WithNewAccessInTheDirectory_ImportsOnlyTheNewEntry()
    {
        await Initializer().InitializeAsync(SmallTenant(), Ct);
        var more = new Dictionary<string, IReadOnlyList<AccessAssignment>>
        {
            [Tom] = [new("github-read"), new("github-write", "platform"), new("github-write", "payments")],
            [Nina] = [new("github-read")],
        };

        var report = await Initializer().InitializeAsync(SmallTenant(more), Ct);

        Assert.That(report!.GrantsImported, Is.EqualTo(1));
        Assert.That(await Db.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), Ct), Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Sync_MarksPeopleWhoLeftTheDirectoryAsRemoved_AndUpdatesChanges()
    {
        var zoe = new Person { Email = "zoe.adams@contoso.com", Name = "Zoe Adams", Title = "Data Analyst", Department = "Data", Manager = Raj };
        await Initializer().InitializeAsync(SmallTenant(null, zoe), Ct);
        var promoted = SmallTenant();
        var people = promoted.Directory.People.Select(p => p.Email == Tom ? p with { Title = "Senior Software Engineer" } : p).ToList();

        var report = await Initializer().SyncTenantAsync(promoted with { Directory = new PeopleDirectory(people) }, Ct);

        Assert.That(report.People, Is.EqualTo(new IgaBot.Core.Storage.SyncResult(0, 1, 1)));
        var (zoeRow, tom, present) = await Db.Store.RunAsync(async s => (await s.People.GetAsync(zoe.Email), await s.People.GetAsync(Tom), await s.People.ListAsync()), Ct);
        Assert.That(zoeRow!.RemovedAt, Is.EqualTo(TestDatabase.Start));
        Assert.That(tom!.Person.Title, Is.EqualTo("Senior Software Engineer"));
        Assert.That(present.Select(p => p.Person.Email), Does.Not.Contain(zoe.Email));
        var audit = await Db.Store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Tenant), Ct);
        Assert.That(audit.Select(a => a.Detail), Has.Some.Contains("1 updated, 1 removed"));
    }

    [Test]
    public async Task Initialize_WithTheEvalTenant_MirrorsItAndImportsEveryEntryOnce()
    {
        var folder = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");
        var tenant = IgaBot.Adapters.Tenant.TenantLoader.LoadOrThrow(Path.Combine(folder, "catalog.yaml"), Path.Combine(folder, "directory.yaml"));
        var entries = tenant.InitialAccess.Values.Sum(a => a.Count);

        var first = await Initializer().InitializeAsync(tenant, Ct);
        var second = await Initializer().InitializeAsync(tenant, Ct);

        Assert.That(first!.GrantsImported, Is.EqualTo(entries).And.GreaterThan(0));
        Assert.That(first.People.Added, Is.EqualTo(tenant.Directory.People.Count));
        Assert.That(second!.GrantsImported, Is.Zero);
        var (active, people, entitlements, verification) = await Db.Store.RunAsync(async s => (
            await s.Grants.ListActiveAsync(), await s.People.ListAsync(), await s.Catalog.ListEntitlementsAsync(), await s.Audit.VerifyAsync()), Ct);
        Assert.That(active, Has.Count.EqualTo(entries));
        Assert.That(people, Has.Count.EqualTo(tenant.Directory.People.Count));
        Assert.That(entitlements.Select(e => e.Id), Is.EquivalentTo(tenant.Catalog.Entitlements.Select(e => e.Id)));
        Assert.That(active.Where(g => g.Person == "tom.baker@contoso.com" && g.EntitlementId == "github-write").Select(g => g.Scope), Is.EqualTo(new[] { "platform" }));
        Assert.That(verification.IsIntact, Is.True, verification.Message);
    }
}
