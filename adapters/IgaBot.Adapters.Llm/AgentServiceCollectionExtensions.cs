using IgaBot.Core;
using IgaBot.Core.Agent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Llm;

public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers the agent's backends: the language model named by the <c>OpenAI</c> settings (none = the offline
    /// planner alone), validated at start, beside the offline planner (the <see cref="IChatClient"/> keyed
    /// <see cref="AgentRunner.OfflineBackend"/>, from <c>AddIgaPlanner</c>). The agent itself is core's
    /// (<c>AddIgaCore</c>, or <c>AddIgaAgentCore</c> for a host without approvals).
    /// </summary>
    public static IServiceCollection AddIgaAgent(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<LlmOptions>(configuration, LlmOptions.Section);
        services.AddOptions<AgentOptions>()
            .Configure<IOptions<LlmOptions>>((agent, llm) => agent.MaxToolIterations = llm.Value.MaxToolIterations);

        services.AddLogging();
        services.TryAddSingleton(sp =>
        {
            var llm = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var model = LlmChatClientFactory.Create(llm);
            return new AgentBackends(sp.GetRequiredKeyedService<IChatClient>(AgentRunner.OfflineBackend), model,
                model is null ? AgentRunner.OfflineBackend : $"{llm.Provider}:{llm.Model}");
        });
        return services;
    }
}
