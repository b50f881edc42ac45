using IgaBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IIgaStore"/> over the database named by the <c>Database</c> settings
    /// (<c>Provider</c>: Sqlite (default, <c>data/igabot.db</c>) or Postgres; <c>ConnectionString</c>), the
    /// <see cref="DatabaseMigrator"/>, and <see cref="StorageInitializer"/> as a hosted service that migrates and
    /// syncs the tenant of the registered <see cref="IgaBot.Core.ITenantAccessor"/> at start, and the
    /// <see cref="OutboxSampler"/> behind the outbox gauges.
    /// </summary>
    public static IServiceCollection AddIgaStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.Section))
            .Validate(o => o.Provider != DatabaseProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Database:ConnectionString is required when Database:Provider is Postgres.")
            .Validate(o => o.BusyTimeout > TimeSpan.Zero, "Database:BusyTimeout must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StorageDatabase.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton<DatabaseMigrator>();
        services.TryAddSingleton<IIgaStore, SqlIgaStore>();
        services.TryAddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());
        services.AddHostedService<OutboxSampler>();
        return services;
    }
}
