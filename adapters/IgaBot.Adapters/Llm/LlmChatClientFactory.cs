using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Microsoft.Extensions.AI;
using OpenAI;

namespace IgaBot.Adapters.Llm;

/// <summary>Builds the provider's <see cref="IChatClient"/> from <see cref="LlmOptions"/>.</summary>
public static class LlmChatClientFactory
{
    /// <summary>
    /// The raw provider client, wrapped so that provider failures surface as
    /// <see cref="Core.Agent.ModelUnavailableException"/>; null when no provider is configured.
    /// No client-side retries: when the model is down or rate limited the offline planner answers at once.
    /// </summary>
    public static IChatClient? Create(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured) return null;
        if (options.Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException(string.Join(" ", problems));

        var retry = new ClientRetryPolicy(maxRetries: 0);
        IChatClient client;
        if (string.Equals(options.Provider!.Trim(), LlmOptions.AzureOpenAI, StringComparison.OrdinalIgnoreCase))
        {
            var azureOptions = new AzureOpenAIClientOptions { RetryPolicy = retry, NetworkTimeout = options.Timeout };
            client = new AzureOpenAIClient(new Uri(options.Endpoint!), new ApiKeyCredential(options.ApiKey!), azureOptions)
                .GetChatClient(options.Model!)
                .AsIChatClient();
        }
        else
        {
            var openAiOptions = new OpenAIClientOptions { RetryPolicy = retry, NetworkTimeout = options.Timeout };
            if (!string.IsNullOrWhiteSpace(options.Endpoint)) openAiOptions.Endpoint = new Uri(options.Endpoint);
            // Local OpenAI-compatible servers (Ollama, vLLM, LM Studio) often need no key, but the client insists on one.
            var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey;
            client = new OpenAIClient(new ApiKeyCredential(key), openAiOptions)
                .GetChatClient(options.Model!)
                .AsIChatClient();
        }
        return new ModelFailureChatClient(client);
    }
}
