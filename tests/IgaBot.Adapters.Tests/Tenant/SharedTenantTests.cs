using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Tenant;

/// <summary>
/// Two instances (two <see cref="SharedTenantAccessor"/>s, as two hosts would have) on one database: SQLite file, and
/// PostgreSQL when IGABOT_TEST_POSTGRES is set.
/// </summary>
public sealed class SharedTenantTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string Entitlement = "salesforce-read";
    private const string OldName = "Salesforce Read Only";
    private const string NewName = "Salesforce Viewer";
    private static readonly DateTime Yesterday = DateTime.UtcNow.AddDays(-1);
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
    public async Task ACatalogChange_ReachesTheOtherInstance_AndIsPublishedAndAuditedOnce()
    {
        var files = Files();
        var a = Instance(files, "node-a");
        var b = Instance(files, "node-b");
        Assert.That(await a.RefreshAsync(atStart: true, Ct), Is.EqualTo(TenantRefreshOutcome.Published));
        Assert.That(await b.RefreshAsync(atStart: true, Ct), Is.EqualTo(TenantRefreshOutcome.Adopted));

        Rename(files, minutesLater: 1);
        Assert.That(await a.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Published));
        Assert.That(b.Current.Catalog.FindEntitlement(Entitlement)!.Name, Is.EqualTo(OldName), "not before its next refresh");
        Assert.That(await b.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Adopted));
        Assert.That(await b.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Unchanged));

        Assert.That(a.Current.Catalog.FindEntitlement(Entitlement)!.Name, Is.EqualTo(NewName));
        Assert.That(b.Current.Catalog.FindEntitlement(Entitlement)!.Name, Is.EqualTo(NewName));
        Assert.That((a.Version, b.Version), Is.EqualTo((2L, 2L)));
        var (synced, row, verification) = await Db.Store.RunAsync(async s => (
            await s.Audit.ListAsync(LifecycleSubjects.Tenant), await s.Catalog.GetEntitlementAsync(Entitlement), await s.Audit.VerifyAsync()), Ct);
        Assert.That(synced, Has.Count.EqualTo(2), "one audit row per published version, not per instance");
        Assert.That(synced.Select(e => e.Detail), Has.One.Contains("version 2").And.Contains("published by node-a").And.Contains("1 updated"));
        Assert.That(row!.Name, Is.EqualTo(NewName), "the catalog table is synced by the publishing instance");
        Assert.That(verification.IsIntact, Is.True, verification.Message);
    }

    [Test]
    public async Task ChangedFilesOnOneInstanceOnly_ReachTheOther_WhoseOlderFilesAreNotPublishedEvenAfterARestart()
    {
        var filesA = Files();
        var filesB = Files();
        var a = Instance(filesA, "node-a");
        await a.RefreshAsync(atStart: true, Ct);
        await Instance(filesB, "node-b").RefreshAsync(atStart: true, Ct);

        Rename(filesA, minutesLater: 1);
        await a.RefreshAsync(atStart: false, Ct);
        var restartedB = Instance(filesB, "node-b");
        Assert.That(await restartedB.RefreshAsync(atStart: true, Ct), Is.EqualTo(TenantRefreshOutcome.FilesOlder));

        Assert.That(restartedB.Current.Catalog.FindEntitlement(Entitlement)!.Name, Is.EqualTo(NewName), "runs on the published version, not its own files");
        Assert.That(restartedB.Version, Is.EqualTo(2));
        Assert.That(restartedB.Status.FilesDifferFromPublished, Is.True);
        var published = await Db.Store.RunAsync(s => s.TenantSource.GetAsync(), Ct);
        Assert.That((published!.Version, published.PublishedBy), Is.EqualTo((2L, "node-a")));
    }

    [Test]
    public async Task FilesHeldBackAsOlder_ArePublishedOnceWrittenAgain_EvenWithTheSameText()
    {
        var filesA = Files();
        var filesB = Files();
        var a = Instance(filesA, "node-a");
        var b = Instance(filesB, "node-b");
        await a.RefreshAsync(atStart: true, Ct);
        await b.RefreshAsync(atStart: true, Ct);

        Rename(filesB, minutesLater: 0);
        Assert.That(await b.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.FilesOlder), "new text, but no newer than version 1");
        Assert.That(await b.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Unchanged), "judged once, not every interval");
        File.SetLastWriteTimeUtc(filesB.Catalog, Yesterday.AddMinutes(5));

        Assert.That(await b.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Published));
        Assert.That(await a.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Adopted));
        Assert.That(a.Current.Catalog.FindEntitlement(Entitlement)!.Name, Is.EqualTo(NewName));
        Assert.That(b.Status.FilesDifferFromPublished, Is.False);
    }

    [Test]
    public async Task BrokenFilesAfterStart_ChangeNothing_AreReported_AndTheFixIsPublished()
    {
        var files = Files();
        var a = Instance(files, "node-a");
        await a.RefreshAsync(atStart: true, Ct);

        var good = File.ReadAllText(files.Catalog);
        File.WriteAllText(files.Catalog, good.Replace("risk: low", "risk: tiny", StringComparison.Ordinal));
        Assert.That(await a.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.FilesRejected));
        Assert.That(a.Current.Catalog.FindEntitlement(Entitlement), Is.Not.Null);
        Assert.That(a.Status.FileProblems, Is.Not.Empty);
        Assert.That(a.Status.FileProblems.Select(p => p.ToString()), Has.Some.Contains("catalog.yaml").And.Contains("tiny"));
        Assert.That((await Db.Store.RunAsync(s => s.TenantSource.GetVersionAsync(), Ct))!.Version, Is.EqualTo(1));

        File.WriteAllText(files.Catalog, good);
        Rename(files, minutesLater: 2);
        Assert.That(await a.RefreshAsync(atStart: false, Ct), Is.EqualTo(TenantRefreshOutcome.Published));
        Assert.That(a.Status.FileProblems, Is.Empty);
        Assert.That(a.Current.Catalog.FindEntitlement(Entitlement)!.Name, Is.EqualTo(NewName));
    }

    [Test]
    public void BrokenFilesAtStart_StopStartUpWithEveryProblem()
    {
        var files = Files();
        File.WriteAllText(files.Directory, "people: [");

        var error = Assert.ThrowsAsync<InvalidInputException>(() => Instance(files, "node-a").RefreshAsync(atStart: true, Ct))!;

        Assert.That(error.Message, Does.Contain("directory.yaml").And.Contain("broken YAML"));
    }

    [Test]
    public async Task TwoInstancesSeeingTheSameChangeAtOnce_PublishItOnce()
    {
        var files = Files();
        var a = Instance(files, "node-a");
        var b = Instance(files, "node-b");
        await a.RefreshAsync(atStart: true, Ct);
        await b.RefreshAsync(atStart: true, Ct);

        Rename(files, minutesLater: 1);
        var outcomes = await Task.WhenAll(a.RefreshAsync(atStart: false, Ct), b.RefreshAsync(atStart: false, Ct));

        Assert.That(outcomes, Is.EquivalentTo(new[] { TenantRefreshOutcome.Published, TenantRefreshOutcome.Adopted }));
        Assert.That((a.Version, b.Version), Is.EqualTo((2L, 2L)));
        Assert.That(await Db.Store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Tenant), Ct), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TheRefreshService_TakesAnotherInstancesChangeWithinTheInterval()
    {
        var files = Files();
        var a = Instance(files, "node-a");
        var otherFiles = Files();
        var b = Instance(otherFiles, "node-b");
        await a.RefreshAsync(atStart: true, Ct);
        await b.RefreshAsync(atStart: true, Ct);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(new IgaOptions { TenantRefreshInterval = TimeSpan.FromSeconds(30) });
        using var service = new TenantRefreshService(b, options, clock, NullLogger<TenantRefreshService>.Instance);
        var changed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.VersionChanged += v => changed.TrySetResult(v);
        await service.StartAsync(Ct);

        Rename(files, minutesLater: 1);
        await a.RefreshAsync(atStart: false, Ct);
        clock.Advance(TimeSpan.FromSeconds(30));

        Assert.That(await changed.Task.WaitAsync(TimeSpan.FromSeconds(20)), Is.EqualTo(2));
        Assert.That(b.Current.Catalog.FindEntitlement(Entitlement)!.Name, Is.EqualTo(NewName));
        await service.StopAsync(Ct);
    }

    private sealed record TenantPaths(string Catalog, string Directory);

    /// <summary>A copy of the eval tenant, written yesterday.</summary>
    private TenantPaths Files()
    {
        var folder = Directory.CreateTempSubdirectory("igabot-shared-tenant").FullName;
        _folders.Add(folder);
        var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");
        var paths = new TenantPaths(Path.Combine(folder, "catalog.yaml"), Path.Combine(folder, "directory.yaml"));
        File.Copy(Path.Combine(source, "catalog.yaml"), paths.Catalog);
        File.Copy(Path.Combine(source, "directory.yaml"), paths.Directory);
        File.SetLastWriteTimeUtc(paths.Catalog, Yesterday);
        File.SetLastWriteTimeUtc(paths.Directory, Yesterday);
        return paths;
    }

    private static void Rename(TenantPaths files, int minutesLater)
    {
        File.WriteAllText(files.Catalog, File.ReadAllText(files.Catalog).Replace($"name: {OldName}", $"name: {NewName}", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(files.Catalog, Yesterday.AddMinutes(minutesLater));
    }

    private SharedTenantAccessor Instance(TenantPaths files, string name) =>
        new(Options.Create(new IgaOptions { CatalogPath = files.Catalog, DirectoryPath = files.Directory }),
            Db.Store, Db.Clock, NullLogger<SharedTenantAccessor>.Instance) { InstanceId = name };
}
