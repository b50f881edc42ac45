using IgaBot.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Storage;

/// <summary>
/// Refreshes the <see cref="SharedTenantAccessor"/> every <see cref="IgaOptions.TenantRefreshInterval"/> (the storage
/// initializer did the first refresh at start). A failed refresh (database away) is logged and tried again next time;
/// the tenant in use stays.
/// </summary>
public sealed partial class TenantRefreshService(
    SharedTenantAccessor tenant,
    IOptions<IgaOptions> options,
    TimeProvider time,
    ILogger<TenantRefreshService> logger) : BackgroundService
{
    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The interval counts from the start of the host, not from whenever ExecuteAsync gets a thread.
        var interval = options.Value.TenantRefreshInterval;
        if (interval > TimeSpan.Zero) _timer = new PeriodicTimer(interval, time);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _timer?.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_timer is not { } timer) return;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await tenant.RefreshAsync(atStart: false, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogRefreshFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared tenant could not be refreshed; the tenant in use stays and the next interval tries again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}

public static class TenantServiceCollectionExtensions
{
    /// <summary>
    /// The tenant for a host that may share its database with other instances: <see cref="SharedTenantAccessor"/> as the
    /// <see cref="ITenantAccessor"/> (replacing the files-only one), refreshed by <see cref="TenantRefreshService"/>. Needs
    /// <c>AddIgaStorage</c>, whose initializer does the first refresh at start.
    /// </summary>
    public static IServiceCollection AddIgaSharedTenant(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SharedTenantAccessor>();
        services.Replace(ServiceDescriptor.Singleton<ITenantAccessor>(sp => sp.GetRequiredService<SharedTenantAccessor>()));
        services.AddHostedService<TenantRefreshService>();
        return services;
    }
}
