using IgaBot.Adapters.Storage;
using IgaBot.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace IgaBot.Adapters.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Slack channel: Web API client, signature check, inbox + worker, Socket Mode (when
    /// <c>Slack:AppToken</c> is set), notifier and App Home. The host provides <see cref="Core.ITenantAccessor"/>,
    /// <see cref="Core.Conversation.IConversationService"/>, <see cref="Core.Approvals.IApprovalService"/>,
    /// <see cref="Core.Grants.IGrantService"/> and <see cref="IAppHomeData"/>; a durable <see cref="ISlackInbox"/>
    /// and <see cref="ISlackSentMessages"/> live in the application database when storage is registered (in memory otherwise).
    /// </summary>
    public static IServiceCollection AddSlackChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>()
            .Bind(configuration.GetSection(SlackOptions.Section))
            .ValidateAtStart(o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(SlackApiClient.HttpClientName, (sp, http) =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUrl;
                http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                http.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times attempts and the whole call
            })
            .AddResilienceHandler("slack", pipeline =>
            {
                pipeline.AddTimeout(TimeSpan.FromSeconds(90));
                // 429 (after Retry-After), 5xx, 408 and network failures.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromSeconds(1),
                    MaxDelay = TimeSpan.FromSeconds(30),
                    ShouldRetryAfterHeader = true,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(15));
            });

        // In the application database when storage is registered (AddIgaStorage, migration 0010); otherwise in
        // memory, which a restart loses: said once in the log.
        services.TryAddSingleton<ISlackInbox>(sp =>
        {
            if (sp.GetService<StorageDatabase>() is { } database) return new SqlSlackInbox(database);
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackInboxWorker))
                .LogWarning("The Slack inbox is kept in memory (no database registered): deliveries acknowledged but not yet handled are lost on restart");
            return new InMemorySlackInbox();
        });
        services.TryAddSingleton<ISlackSentMessages>(sp =>
            sp.GetService<StorageDatabase>() is { } database ? new SqlSlackSentMessages(database) : new InMemorySlackSentMessages());
        services.TryAddSingleton<ISlackReplayGuard>(sp =>
            sp.GetService<StorageDatabase>() is { } database ? new SqlSlackReplayGuard(database) : new InMemorySlackReplayGuard());
        services.AddSingleton<SlackApiClient>();
        services.AddSingleton<SlackSignatureVerifier>();
        services.AddSingleton<SlackInboxSignal>();
        services.AddSingleton<SlackPeople>();
        services.AddSingleton<SlackHome>();
        services.AddSingleton<SlackNotifier>();
        services.AddSingleton<SlackIngress>();
        services.AddSingleton<SlackInboxProcessor>();
        services.AddHostedService<SlackInboxWorker>();
        services.AddHostedService<SlackSocketMode>();
        return services;
    }
}
