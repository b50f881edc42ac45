using IgaBot.Adapters.Connectors;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.Identity;

/// <summary>
/// The synced directory on one database shared by two instances (two <see cref="SharedTenantAccessor"/>s), on SQLite and,
/// when IGABOT_TEST_POSTGRES is set, PostgreSQL: a sync on one instance is what both see; tenant files never overwrite it.
/// </summary>
public sealed class SyncedDirectoryStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string Ceo = "olivia.brown@contoso.com";
    private const string Tom = "tom.baker@contoso.com";
    private readonly List<string> _folders = [];

    [TearDown]
    public void DeleteFolders()
    {
        foreach (var folder in _folders)
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
        _folders.Clear();
    }

    [Test]
    public async Task ASyncOnOneInstance_IsTheDirectoryOfBoth_AndTheFilesNeverOverwriteIt()
    {
        var (catalog, directory) = Files();
        var (a, syncedA) = Instance(catalog, directory, "node-a");
        var (b, syncedB) = Instance(catalog, directory, "node-b");
        await a.RefreshAsync(atStart: true, Ct);
        await b.RefreshAsync(atStart: true, Ct);
        var yamlPeople = a.Current.Directory.People.Count;
        Assert.That(a.Current.InitialAccess, Is.Empty, "with an identity source the files' access is not imported");
        Assert.That(await Db.Store.RunAsync(s => s.Grants.ListActiveAsync(), Ct), Is.Empty);

        Assert.That(a.Current.Directory.Find(Ceo), Is.Not.Null, "before the first sync the files' people are in use");
        var source = new FakeDirectorySource();
        foreach (var person in a.Current.Directory.People) source.Set(person);
        var sync = Sync(a, syncedA, source);
        Assert.That((await sync.RunAsync(dryRun: false, Ct)).Plan!.Baseline, Is.True);
        source.People.RemoveAll(p => p.Email == Ceo);
        source.Set(a.Current.Directory.Find(Tom)! with { Title = "Staff Engineer" });
        source.Set(new Person { Email = "new.hire@contoso.com", Name = "New Hire", Title = "Software Engineer", Department = "Engineering", Manager = "nina.petrova@contoso.com" });

        var report = await sync.RunAsync(dryRun: false, Ct);

        Assert.That(report.Outcome, Is.EqualTo(DirectorySyncOutcome.Applied), report.Problem);
        Assert.That((report.Plan!.Joiners.Count, report.Plan.Movers.Count, report.Plan.Leavers.Count), Is.EqualTo((1, 1, 1)));
        Assert.That(a.Current.Directory.Find(Ceo), Is.Null, "the instance that synced sees it at once");
        Assert.That(b.Current.Directory.Find(Ceo), Is.Not.Null, "the other one at its next refresh");
        await b.RefreshAsync(atStart: false, Ct);
        Assert.That(b.Current.Directory.Find(Ceo), Is.Null);
        Assert.That(b.Current.Directory.Find(Tom)!.Title, Is.EqualTo("Staff Engineer"));
        Assert.That(b.Current.Directory.People, Has.Count.EqualTo(yamlPeople));
        Assert.That(syncedB.Version, Is.EqualTo(syncedA.Version));

        // The files change (a catalog edit): published, but the people stay the synced ones.
        File.AppendAllText(directory, "\n");
        File.SetLastWriteTimeUtc(directory, DateTime.UtcNow);
        Assert.That(await b.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Published));
        Assert.That(await Db.Store.RunAsync(s => s.People.GetAsync(Ceo), Ct) is { RemovedAt: not null }, "the leaver stays removed");
        Assert.That(b.Current.Directory.Find(Ceo), Is.Null);
        Assert.That(await Db.Store.RunAsync(s => s.Grants.ListActiveAsync(), Ct), Is.Empty);
    }

    [Test]
    public async Task ChangeSets_AreKeptUntilDelivered_AndExistingAccessUntilLost()
    {
        var grant = Guid.NewGuid();
        await Db.Store.RunAsync(async s =>
        {
            await s.Directory.LockAndGetStateAsync();
            Assert.That(await s.Directory.SaveStateAsync("idp", "delta-1"), Is.EqualTo(1));
            Assert.That(await s.Directory.SaveStateAsync("idp", "delta-2"), Is.EqualTo(2));
            await s.Directory.AddChangeSetAsync(Guid.NewGuid(), "idp", "{\"joiners\":[],\"movers\":[],\"leavers\":[]}");
            await s.Directory.AddExistingAccessAsync(new Core.Storage.ExistingAccess(grant, "Tom.Baker@contoso.com", "github-read", null, "gh", "readers", true, s.Now, null));
        }, Ct);

        var (state, pending, held) = await Db.Store.RunAsync(async s =>
            (await s.Directory.LockAndGetStateAsync(), await s.Directory.ListUndeliveredAsync(), await s.Directory.ListHeldExistingAccessAsync()), Ct);
        Assert.That((state!.Source, state.SourceState, state.Version), Is.EqualTo(("idp", "delta-2", 2L)));
        Assert.That(held.Single().Person, Is.EqualTo(Tom), "people are keyed in lower case");
        await Db.Store.RunAsync(async s =>
        {
            await s.Directory.MarkDeliveryFailedAsync(pending.Single().Id, "down");
            await s.Directory.MarkDeliveredAsync(pending.Single().Id);
            await s.Directory.MarkExistingAccessLostAsync(grant);
        }, Ct);

        var (after, stillHeld) = await Db.Store.RunAsync(async s => (await s.Directory.ListUndeliveredAsync(), await s.Directory.ListHeldExistingAccessAsync()), Ct);
        Assert.That(after, Is.Empty);
        Assert.That(stillHeld, Is.Empty);
    }

    private (string Catalog, string Directory) Files()
    {
        var folder = Directory.CreateTempSubdirectory("igabot-synced-directory").FullName;
        _folders.Add(folder);
        var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");
        var catalog = Path.Combine(folder, "catalog.yaml");
        var directory = Path.Combine(folder, "directory.yaml");
        File.Copy(Path.Combine(source, "catalog.yaml"), catalog);
        File.Copy(Path.Combine(source, "directory.yaml"), directory);
        File.SetLastWriteTimeUtc(catalog, DateTime.UtcNow.AddDays(-1));
        File.SetLastWriteTimeUtc(directory, DateTime.UtcNow.AddDays(-1));
        return (catalog, directory);
    }

    private static readonly IOptions<DirectoryOptions> FromIdp = Options.Create(new DirectoryOptions { Source = "idp" });

    private (SharedTenantAccessor, SyncedDirectory) Instance(string catalog, string directory, string name)
    {
        var synced = new SyncedDirectory(FromIdp);
        return (new SharedTenantAccessor(Options.Create(new IgaOptions { CatalogPath = catalog, DirectoryPath = directory }),
            Db.Store, Db.Clock, NullLogger<SharedTenantAccessor>.Instance, synced) { InstanceId = name }, synced);
    }

    private DirectorySync Sync(ITenantAccessor tenant, SyncedDirectory synced, IDirectorySource source)
    {
        var sink = new RecordingManualTaskSink();
        var manual = new ManualFactory(sink);
        var registry = new ConnectorRegistry(Options.Create(new ConnectorOptions()), [manual], NullLogger<ConnectorRegistry>.Instance);
        return new DirectorySync(FromIdp, Db.Store, tenant, registry, synced, [], NullLogger<DirectorySync>.Instance, source);
    }

    private sealed class ManualFactory(IManualTaskSink sink) : IConnectorFactory
    {
        public string Type => ConnectorTypes.Manual;
        public IConnector Create(string name, ConnectorInstanceOptions options) =>
            new ManualConnector(name, sink, TimeProvider.System, NullLogger<ManualConnector>.Instance);
    }
}
