using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Budgets;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.RateLimits;

public static class RateLimitServiceCollectionExtensions
{
    /// <summary>
    /// Registers the per-person budgets (<see cref="ITurnBudget"/> = <see cref="PersonRateLimiter"/>) read from the
    /// <c>RateLimits</c> settings, validated at start and logged once. Counted in the database when storage is
    /// registered (<c>AddIgaStorage</c>) and <c>RateLimits:Shared</c> is on. Without this registration the
    /// conversation, approval and grant services run unlimited (the CLI and the eval runner).
    /// </summary>
    public static IServiceCollection AddIgaRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<RateLimitOptions>(configuration, RateLimitOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new PersonRateLimiter(
            sp.GetRequiredService<IOptions<RateLimitOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PersonRateLimiter>>(),
            sp.GetService<StorageDatabase>() is { } database ? new SqlRateLimitWindows(database) : null,
            sp.GetService<IIgaStore>()));
        services.TryAddSingleton<ITurnBudget>(sp => sp.GetRequiredService<PersonRateLimiter>());
        services.AddHostedService<StartupNote>();
        return services;
    }

    /// <summary>Says at start-up which budgets are in force.</summary>
    private sealed class StartupNote(IOptions<RateLimitOptions> options, ILogger<PersonRateLimiter> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("Rate limits per person: {Budgets}", options.Value.Describe());
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
