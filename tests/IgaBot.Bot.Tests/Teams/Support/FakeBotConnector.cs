using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using IgaBot.Adapters.Tests;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>One request the bot made to the Bot Connector.</summary>
internal sealed record ConnectorCall(string Method, string Path, JsonObject? Body, string? Authorization)
{
    /// <summary>The Adaptive Card the activity carried, if any.</summary>
    public JsonObject? Card => Body?["attachments"]?.AsArray().FirstOrDefault()?["content"] as JsonObject;

    /// <summary>For a posted message: the id the fake gave it (what later updates address).</summary>
    public string? ActivityId { get; set; }
}

/// <summary>
/// Plays the Bot Connector service at the activities' serviceUrl: records what the bot sends
/// (new conversations, messages, updates), answers member look-ups, and can be told that a
/// conversation is blocked (403 MessageWritesBlocked, as Teams answers for a user who blocked the bot).
/// </summary>
internal sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private int _nextId;

    private FakeBotConnector(WebApplication app, Uri baseAddress) => (_app, ServiceUrl) = (app, baseAddress.ToString());

    public string ServiceUrl { get; }

    /// <summary>Members Teams describes on <c>GET /v3/conversations/{id}/members/{id}</c>, by user id.</summary>
    public ConcurrentDictionary<string, JsonObject> Members { get; } = new();

    /// <summary>Conversation ids (and "new" for conversation creation) that answer 403 MessageWritesBlocked.</summary>
    public ConcurrentDictionary<string, bool> Blocked { get; } = new();

    public IReadOnlyList<ConnectorCall> Calls => _calls.ToList();

    public IReadOnlyList<ConnectorCall> Sent => Calls.Where(c => c.Method == "POST" && c.Path.Contains("/activities")).ToList();

    public IReadOnlyList<ConnectorCall> Updates => Calls.Where(c => c.Method == "PUT").ToList();

    public void Reset() => _calls.Clear();

    public static async Task<FakeBotConnector> StartAsync()
    {
        FakeBotConnector? connector = null;
        var (app, baseAddress) = await LocalServer.StartAsync(app =>
        {
            app.MapPost("/v3/conversations", async (HttpRequest request) =>
            {
                var body = await connector!.RecordAsync(request);
                if (connector.Blocked.ContainsKey("new")) return BlockedAnswer();
                var id = $"a:created-{Interlocked.Increment(ref connector._nextId)}";
                return Results.Json(new { id, activityId = (string?)null, serviceUrl = connector.ServiceUrl });
            });
            app.MapPost("/v3/conversations/{conversationId}/activities", (HttpRequest request, string conversationId) => connector!.PostAsync(request, conversationId));
            app.MapPost("/v3/conversations/{conversationId}/activities/{replyTo}", (HttpRequest request, string conversationId) => connector!.PostAsync(request, conversationId));
            app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", async (HttpRequest request, string conversationId, string activityId) =>
            {
                await connector!.RecordAsync(request);
                return connector.Blocked.ContainsKey(conversationId) ? BlockedAnswer() : Results.Json(new { id = activityId });
            });
            app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", async (HttpRequest request, string memberId) =>
            {
                await connector!.RecordAsync(request);
                return connector.Members.TryGetValue(memberId, out var member)
                    ? Results.Text(member.ToJsonString(), "application/json")
                    : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "The member is not in the conversation." } }, statusCode: 404);
            });
        });
        connector = new FakeBotConnector(app, baseAddress);
        return connector;
    }

    private async Task<IResult> PostAsync(HttpRequest request, string conversationId)
    {
        var call = await RecordCallAsync(request);
        if (Blocked.ContainsKey(conversationId)) return BlockedAnswer();
        var id = $"activity-{Interlocked.Increment(ref _nextId)}";
        call.ActivityId = id;
        return Results.Json(new { id });
    }

    private async Task<JsonObject?> RecordAsync(HttpRequest request) => (await RecordCallAsync(request)).Body;

    private async Task<ConnectorCall> RecordCallAsync(HttpRequest request)
    {
        JsonObject? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            var text = await reader.ReadToEndAsync();
            if (!string.IsNullOrWhiteSpace(text)) body = JsonNode.Parse(text) as JsonObject;
        }
        var call = new ConnectorCall(request.Method, Uri.UnescapeDataString(request.Path.Value ?? ""), body, request.Headers.Authorization.FirstOrDefault());
        _calls.Enqueue(call);
        return call;
    }

    private static IResult BlockedAnswer() =>
        Results.Json(new { error = new { code = "MessageWritesBlocked", message = "Thread is blocked from message writes." } }, statusCode: 403);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
