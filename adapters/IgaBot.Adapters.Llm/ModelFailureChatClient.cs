using System.ClientModel;
using System.Runtime.CompilerServices;
using IgaBot.Core.Agent;
using Microsoft.Extensions.AI;

namespace IgaBot.Adapters.Llm;

/// <summary>
/// Turns the provider's failures (HTTP errors, 429, timeouts, refused connections) into
/// <see cref="ModelUnavailableException"/>, the one exception the agent runner degrades on.
/// </summary>
public sealed class ModelFailureChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Buffered: a stream that breaks half-way must not leave half an answer behind.
        ChatResponse response;
        try
        {
            response = await base.GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } unavailable)
        {
            throw unavailable;
        }
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    internal static ModelUnavailableException? Translate(Exception ex, CancellationToken ct) => ex switch
    {
        ClientResultException { Status: 429 } => new("The model is rate limited (HTTP 429).", rateLimited: true, ex),
        ClientResultException result => new($"The model answered HTTP {result.Status}.", rateLimited: false, ex),
        HttpRequestException { StatusCode: System.Net.HttpStatusCode.TooManyRequests } => new("The model is rate limited (HTTP 429).", rateLimited: true, ex),
        HttpRequestException http => new($"The model could not be reached: {http.Message}", rateLimited: false, ex),
        OperationCanceledException when !ct.IsCancellationRequested => new("The model did not answer in time.", rateLimited: false, ex),
        IOException io => new($"The connection to the model failed: {io.Message}", rateLimited: false, ex),
        _ => null,
    };
}
