using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Bot.Hosting;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Tests.Hosting;

/// <summary>What readiness says about the tenant in use on an instance sharing its database.</summary>
[TestFixture]
public sealed class TenantHealthTests
{
    [Test]
    public async Task BrokenFilesAfterStart_LeaveTheInstanceReady_ButDegraded_NamingTheProblem()
    {
        using var folder = new TempFolder("igabot-tenant-health-");
        await using var database = await DatabaseAsync(folder.Path);
        var (catalog, directory) = CopyDemoTenant(folder.Path);
        var tenant = Accessor(database, catalog, directory);
        await tenant.RefreshAsync(atStart: true, CancellationToken.None);
        var check = new TenantHealthCheck(tenant);
        Assert.That((await check.CheckHealthAsync(new HealthCheckContext())).Status, Is.EqualTo(HealthStatus.Healthy));

        File.WriteAllText(catalog, File.ReadAllText(catalog).Replace("risk: low", "risk: tiny", StringComparison.Ordinal));
        await tenant.RefreshAsync(atStart: false, CancellationToken.None);
        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Degraded), "degraded answers 200: the instance still serves the published tenant");
        Assert.That(result.Description, Does.StartWith("version 1 ").And.Contain("problem").And.Contain("catalog.yaml"));
    }

    private static SharedTenantAccessor Accessor(StorageDatabase database, string catalog, string directory) =>
        new(Options.Create(new IgaOptions { CatalogPath = catalog, DirectoryPath = directory }),
            new SqlIgaStore(database, TimeProvider.System), TimeProvider.System, NullLogger<SharedTenantAccessor>.Instance);

    private static async Task<StorageDatabase> DatabaseAsync(string folder)
    {
        var database = StorageDatabase.Create(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(folder, "igabot.db")}" });
        await new DatabaseMigrator(database, TimeProvider.System, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return database;
    }

    private static (string Catalog, string Directory) CopyDemoTenant(string folder)
    {
        var catalog = Path.Combine(folder, "catalog.yaml");
        var directory = Path.Combine(folder, "directory.yaml");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Tenant", "catalog.yaml"), catalog);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Tenant", "directory.yaml"), directory);
        return (catalog, directory);
    }
}
