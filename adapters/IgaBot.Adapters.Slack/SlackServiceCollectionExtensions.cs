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
    /// <see cref="ISlackSentMessages"/> and <see cref="ISlackReplayGuard"/> live in the application database: call
    /// <c>AddIgaStorage</c> first (or register all three), otherwise this throws.
    /// </summary>
    public static IServiceCollection AddSlackChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<SlackOptions>(configuration, SlackOptions.Section);
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

        // In the application database (AddIgaStorage, migrations 0010 and 0047), so a restart loses no acknowledged
        // delivery, no message to update and no seen signature. Without it start-up fails rather than keep them in memory.
        RequireStores(services);
        services.TryAddSingleton<ISlackInbox>(sp => new SqlSlackInbox(sp.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton<ISlackSentMessages>(sp => new SqlSlackSentMessages(sp.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton<ISlackReplayGuard>(sp => new SqlSlackReplayGuard(sp.GetRequiredService<StorageDatabase>()));
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

    /// <summary>Throws when the Slack stores would have nowhere durable to live (no database and no stores of the host's own).</summary>
    private static void RequireStores(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(StorageDatabase))) return;
        string[] missing = [.. new[] { typeof(ISlackInbox), typeof(ISlackSentMessages), typeof(ISlackReplayGuard) }
            .Where(type => !services.Any(d => d.ServiceType == type))
            .Select(type => type.Name)];
        if (missing.Length > 0)
            throw new InvalidOperationException(
                $"The Slack channel keeps its inbox, sent messages and seen signatures in the application database, and none is registered: " +
                $"call AddIgaStorage before AddSlackChannel (missing: {string.Join(", ", missing)}).");
    }
}
