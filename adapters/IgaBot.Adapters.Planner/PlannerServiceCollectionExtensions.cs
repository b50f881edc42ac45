using IgaBot.Core;
using IgaBot.Core.Agent;
using IgaBot.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IgaBot.Adapters.Planner;

public static class PlannerServiceCollectionExtensions
{
    /// <summary>
    /// Registers the offline planner: the entitlement search (<see cref="IEntitlementSearch"/> = <see cref="SemanticEntitlementSearch"/>,
    /// its embeddings cached in the store when one is registered), the planner's reading of a message
    /// (<see cref="IPlannerUnderstanding"/>), its warm-up at start, and <see cref="OfflinePlannerChatClient"/> as the
    /// agent's offline backend (the <see cref="IChatClient"/> keyed <see cref="AgentRunner.OfflineBackend"/>).
    /// Needs <see cref="ITenantAccessor"/>.
    /// </summary>
    public static IServiceCollection AddIgaPlanner(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new SemanticEntitlementSearch(sp.GetRequiredService<ITenantAccessor>(),
            cache: sp.GetService<IIgaStore>() is { } store ? new StoreEmbeddingCache(store) : null));
        services.TryAddSingleton<IEntitlementSearch>(sp => sp.GetRequiredService<SemanticEntitlementSearch>());
        services.TryAddSingleton<IPlannerUnderstanding, PlannerUnderstanding>();
        services.AddHostedService<PlannerWarmUp>();
        services.TryAddSingleton<OfflinePlannerChatClient>();
        services.TryAddKeyedSingleton<IChatClient>(AgentRunner.OfflineBackend, (sp, _) => sp.GetRequiredService<OfflinePlannerChatClient>());
        return services;
    }
}
