using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Bot.Tests.Hosting;

/// <summary>Two real hosts on one SQLite database, each with its own copy of the tenant files.</summary>
[TestFixture]
public sealed class SharedTenantHostTests
{
    [Test]
    public async Task ACatalogEditedOnOneInstance_ReachesTheOtherWithinTheInterval_AuditedOnce()
    {
        using var folder = new TempFolder("igabot-shared-tenant-hosts-");
        var filesA = CopyDemoTenant(folder.Path, "a");
        var filesB = CopyDemoTenant(folder.Path, "b");
        await using var a = new RealBot(folder.Path, Settings(folder.Path, "a", filesA));
        await using var b = new RealBot(folder.Path, Settings(folder.Path, "b", filesB));
        a.StartServer();
        b.StartServer();
        var tenantA = a.Services.GetRequiredService<SharedTenantAccessor>();
        var tenantB = b.Services.GetRequiredService<SharedTenantAccessor>();
        Assert.That((tenantA.Version, tenantB.Version), Is.EqualTo((1L, 1L)), "the second host found the first one's files already published");
        var reachedB = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        tenantB.VersionChanged += v => reachedB.TrySetResult(v);

        var catalog = File.ReadAllText(filesA.Catalog).Replace("name: GitHub Read\n", "name: GitHub Reader\n", StringComparison.Ordinal);
        File.WriteAllText(filesA.Catalog, catalog);
        File.SetLastWriteTimeUtc(filesA.Catalog, DateTime.UtcNow);

        Assert.That(await reachedB.Task.WaitAsync(TimeSpan.FromSeconds(30)), Is.EqualTo(2));
        Assert.That(b.Services.GetRequiredService<ITenantAccessor>().Current.Catalog.FindEntitlement("github-read")!.Name, Is.EqualTo("GitHub Reader"));
        var store = b.Services.GetRequiredService<IIgaStore>();
        var synced = await store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Tenant), CancellationToken.None);
        Assert.That(synced.Select(e => e.Detail).ToList(), Has.Count.EqualTo(2).And.One.Contains("version 2"), "one audit row per version, whichever instance saw it");
    }

    private sealed record TenantFiles(string Catalog, string Directory);

    private static TenantFiles CopyDemoTenant(string root, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "tenant-" + name)).FullName;
        var files = new TenantFiles(Path.Combine(folder, "catalog.yaml"), Path.Combine(folder, "directory.yaml"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Tenant", "catalog.yaml"), files.Catalog);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Tenant", "directory.yaml"), files.Directory);
        var yesterday = DateTime.UtcNow.AddDays(-1);
        File.SetLastWriteTimeUtc(files.Catalog, yesterday);
        File.SetLastWriteTimeUtc(files.Directory, yesterday);
        return files;
    }

    private static Dictionary<string, string> Settings(string root, string name, TenantFiles files) => new()
    {
        ["Iga:CatalogPath"] = files.Catalog,
        ["Iga:DirectoryPath"] = files.Directory,
        ["Iga:TenantRefreshInterval"] = "00:00:01",
        ["Scheduling:ConnectionString"] = $"Data Source={Path.Combine(root, $"quartz-{name}.db")}",
    };
}
