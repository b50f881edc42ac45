using IgaBot.Core;
using IgaBot.Core.Audit;
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
    /// syncs the tenant of the registered <see cref="IgaBot.Core.ITenantAccessor"/> at start. The <c>Audit:Key</c> setting
    /// keys the audit chain (see <see cref="AuditKey"/>). The
    /// <see cref="OutboxSampler"/> stands behind the outbox gauges.
    /// </summary>
    public static IServiceCollection AddIgaStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<DatabaseOptions>(configuration, DatabaseOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => StorageDatabase.Create(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        services.TryAddSingleton<DatabaseMigrator>();
        services.AddValidatedOptions<AuditOptions>(configuration, AuditOptions.Section);
        services.TryAddSingleton(sp => AuditKeyHolder.From(sp.GetRequiredService<IOptions<AuditOptions>>().Value));
        services.TryAddSingleton<IIgaStore>(sp => new SqlIgaStore(
            sp.GetRequiredService<StorageDatabase>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<AuditKeyHolder>().Key));
        services.TryAddSingleton<StorageInitializer>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageInitializer>());
        services.AddHostedService<OutboxSampler>();
        return services;
    }
}

/// <summary>The configured audit key, or none (a singleton cannot be null in the container).</summary>
public sealed record AuditKeyHolder(AuditKey? Key)
{
    public static AuditKeyHolder From(AuditOptions options) => new(AuditKey.From(options));
}
