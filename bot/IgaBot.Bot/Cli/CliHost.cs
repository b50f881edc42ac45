using IgaBot.Adapters.Storage;
using IgaBot.Bot.Hosting;
using IgaBot.Core;

namespace IgaBot.Bot.Cli;

/// <summary>Builds what verbs need from the same settings the web host reads, plus command-line overrides.</summary>
internal static class CliHost
{
    /// <summary>Configuration: appsettings.json (beside the executable, then the working directory), environment, and overrides.</summary>
    public static IConfiguration Configuration(CliOverrides args)
    {
        var overrides = new Dictionary<string, string?>();
        if (args.Catalog is { } catalog) overrides["Iga:CatalogPath"] = catalog;
        if (args.Directory is { } directory) overrides["Iga:DirectoryPath"] = directory;
        if (args.Database is { } database) overrides["Database:ConnectionString"] = database;
        return new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
    }

    /// <summary>The catalog and directory files to load: --catalog/--directory, else the configured ones.</summary>
    public static (string Catalog, string Directory) TenantPaths(CliOverrides args)
    {
        var options = Configuration(args).GetSection(IgaOptions.Section).Get<IgaOptions>() ?? new IgaOptions();
        return (IgaOptions.ResolvePath(options.CatalogPath), IgaOptions.ResolvePath(options.DirectoryPath));
    }

    /// <summary>
    /// The services a verb needs (tenant, storage, ...), composed like the web host's. The database is
    /// migrated; the tenant is synced into it only when <paramref name="syncTenant"/> is set, so read-only
    /// verbs (audit verify) write nothing.
    /// </summary>
    public static async Task<ServiceProvider> StartServicesAsync(CliOverrides args, bool syncTenant, CancellationToken ct)
    {
        var configuration = Configuration(args);
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        // Verbs print their own results on stdout; only warnings and errors are logged, on stderr.
        services.AddLogging(logging => logging
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning));
        services.AddIgaServices(configuration);
        var provider = services.BuildServiceProvider();
        var initializer = provider.GetRequiredService<StorageInitializer>();
        if (syncTenant)
            await initializer.InitializeAsync(provider.GetRequiredService<ITenantAccessor>().Current, ct);
        else
            await provider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        return provider;
    }
}
