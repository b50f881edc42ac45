using IgaBot.Adapters.Planner;
using IgaBot.Core;
using IgaBot.Core.Agent;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Llm;

public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the access agent: the conversation service (<see cref="IConversationService"/>), the agent
    /// runner and its tools' ports over the store, the offline planner, and the language model named by the
    /// <c>OpenAI</c> settings (none = the offline planner alone). Needs <see cref="ITenantAccessor"/> and the
    /// store (<c>AddIgaStorage</c>). <see cref="IGrantService"/> comes from the lifecycle when it is
    /// registered (before or after this); <see cref="IRequestSubmitter"/> is a default another registration made
    /// before this one replaces; every registered <see cref="IRequestWorkflow"/> is called after each stored request.
    /// </summary>
    public static IServiceCollection AddIgaAgent(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LlmOptions>()
            .Bind(configuration.GetSection(LlmOptions.Section))
            .ValidateAtStart(o => o.Validate());
        services.AddOptions<AgentOptions>()
            .Configure<IOptions<LlmOptions>>((agent, llm) => agent.MaxToolIterations = llm.Value.MaxToolIterations);

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ModelUsageMeter(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));

        services.TryAddSingleton(sp => new SemanticEntitlementSearch(sp.GetRequiredService<ITenantAccessor>(),
            cache: sp.GetService<IIgaStore>() is { } store ? new StoreEmbeddingCache(store) : null));
        services.TryAddSingleton<IEntitlementSearch>(sp => sp.GetRequiredService<SemanticEntitlementSearch>());
        services.TryAddSingleton<IPlannerUnderstanding, PlannerUnderstanding>();
        services.AddHostedService<PlannerWarmUp>();
        services.TryAddSingleton<OfflinePlannerChatClient>();
        services.TryAddSingleton(sp =>
        {
            var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var model = LlmChatClientFactory.Create(llm);
            return new AgentBackends(sp.GetRequiredService<OfflinePlannerChatClient>(), model,
                model is null ? AgentRunner.OfflineBackend : $"{llm.Provider}:{llm.Model}");
        });

        services.TryAddSingleton<IAccessReader, StoreAccessReader>();
        services.TryAddSingleton<IDialogStateStore, StoreDialogStateStore>();
        services.TryAddSingleton<IRequestSubmitter, StoreRequestSubmitter>();
        services.TryAddSingleton(sp => new AgentServices(
            sp.GetRequiredService<IEntitlementSearch>(),
            sp.GetRequiredService<IAccessReader>(),
            sp.GetRequiredService<IRequestSubmitter>(),
            // The lifecycle registers the real one (in any order); without it, releasing and extending say so.
            sp.GetService<IGrantService>() ?? new UnavailableGrantService()));
        services.TryAddSingleton<AgentRunner>();
        services.TryAddSingleton<IConversationService, ConversationService>();
        return services;
    }
}
