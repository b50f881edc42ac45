using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests.Llm;

/// <summary>
/// A local OpenAI-compatible chat completions endpoint (Kestrel on 127.0.0.1, a free port) that answers
/// with what the test queued and records every request body, path and headers.
/// </summary>
internal sealed class OpenAiStub : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly Queue<(int Status, JsonObject Body)> _answers = new();
    private int _calls;

    private OpenAiStub() { }

    /// <summary>Each request: its path, JSON body and headers (copied: Kestrel reuses the originals).</summary>
    public List<(string Path, JsonObject Body, Dictionary<string, string> Headers)> Requests { get; } = [];
    public string BaseUrl { get; private set; } = "";

    public static async Task<OpenAiStub> StartAsync()
    {
        var stub = new OpenAiStub();
        (stub._app, var root) = await LocalServer.StartAsync(app => app.MapPost("/{**path}", (Delegate)stub.HandleAsync));
        stub.BaseUrl = root.ToString().TrimEnd('/');
        return stub;
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        lock (Requests) Requests.Add((context.Request.Path.Value ?? "", body, headers));
        if (!(context.Request.Path.Value ?? "").EndsWith("/chat/completions", StringComparison.Ordinal))
            return Results.NotFound();
        (int Status, JsonObject Body) answer;
        lock (_answers)
            answer = _answers.Count > 0 ? _answers.Dequeue() : (200, Completion(new JsonObject { ["role"] = "assistant", ["content"] = "(stub has nothing queued)" }, "stop"));
        return Results.Json(answer.Body, statusCode: answer.Status);
    }

    public OpenAiStub ThenToolCall(string name, object arguments)
    {
        var id = $"call_{Interlocked.Increment(ref _calls)}";
        var message = new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = name, ["arguments"] = JsonSerializer.Serialize(arguments) },
            }),
        };
        lock (_answers) _answers.Enqueue((200, Completion(message, "tool_calls")));
        return this;
    }

    public OpenAiStub ThenText(string text)
    {
        lock (_answers) _answers.Enqueue((200, Completion(new JsonObject { ["role"] = "assistant", ["content"] = text }, "stop")));
        return this;
    }

    public OpenAiStub ThenStatus(int status, string message)
    {
        lock (_answers) _answers.Enqueue((status, new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "requests", ["code"] = status.ToString() } }));
        return this;
    }

    private static JsonObject Completion(JsonObject message, string finish) => new()
    {
        ["id"] = $"chatcmpl-{Guid.NewGuid():N}",
        ["object"] = "chat.completion",
        ["created"] = 1_700_000_000,
        ["model"] = "gpt-test",
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 50, ["completion_tokens"] = 5, ["total_tokens"] = 55 },
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
