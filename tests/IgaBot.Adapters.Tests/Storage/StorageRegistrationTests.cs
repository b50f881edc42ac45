using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.Storage;

public class StorageRegistrationTests
{
    private string _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "igabot-tests", Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Core.Tenant? tenant = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        if (tenant is not null) services.AddSingleton<ITenantAccessor>(new FixedTenant(tenant));
        services.AddIgaStorage(configuration);
        return services.BuildServiceProvider();
    }

    [Test]
    public async Task AddIgaStorage_OnSqlite_CreatesTheFileMigratesAndSyncsTheRegisteredTenant()
    {
        var file = Path.Combine(_folder, "nested", "igabot.db");
        await using var provider = Build(new() { ["Database:ConnectionString"] = $"Data Source={file}" }, SampleData.SmallTenant());

        foreach (var hosted in provider.GetServices<IHostedService>()) await hosted.StartAsync(CancellationToken.None);
        var grants = await provider.GetRequiredService<IIgaStore>().RunAsync(s => s.Grants.ListActiveAsync(), CancellationToken.None);

        Assert.That(File.Exists(file), Is.True);
        Assert.That(provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider, Is.EqualTo(DatabaseProvider.Sqlite));
        Assert.That(grants, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task AddIgaStorage_PostgresWithoutConnectionString_FailsWithAClearMessage()
    {
        await using var provider = Build(new() { ["Database:Provider"] = "Postgres" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ToString());

        Assert.That(error!.Message, Does.Contain("Database:ConnectionString is required"));
    }

    [Test]
    public async Task AddIgaStorage_WithSeveralProblems_NamesEveryOneInOneMessage()
    {
        await using var provider = Build(new() { ["Database:Provider"] = "Postgres", ["Database:BusyTimeout"] = "00:00:00" });

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.ToString());

        Assert.That(error!.Message, Is.EqualTo(
            "Database:ConnectionString is required when Database:Provider is Postgres.; Database:BusyTimeout must be positive."));
    }

    [Test]
    public void DefaultConnectionString_IsTheDataFolderFile()
    {
        Assert.That(new DatabaseOptions().Provider, Is.EqualTo(DatabaseProvider.Sqlite));
        Assert.That(DatabaseOptions.DefaultSqliteConnectionString, Is.EqualTo("Data Source=data/igabot.db"));
        var database = (SqliteDatabase)StorageDatabase.Create(new DatabaseOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "x.db")}" });
        Assert.That(Directory.Exists(_folder), Is.True, "the database folder is created");
        Assert.That(database.FilePath, Is.EqualTo(Path.Combine(_folder, "x.db")));
    }

    private sealed class FixedTenant(Core.Tenant tenant) : ITenantAccessor
    {
        public Core.Tenant Current => tenant;
    }
}
