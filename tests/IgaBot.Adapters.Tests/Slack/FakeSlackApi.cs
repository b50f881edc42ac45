using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>One Web API call the bot made.</summary>
public sealed record SlackCall(string Method, string? Authorization, string? ContentType, string Body)
{
    /// <summary>What the fake answered.</summary>
    public string? Response { get; set; }
    /// <summary>Every string value in a JSON argument (e.g. the blocks), decoded, one per line.</summary>
    public string Strings(string name) => string.Join("\n", Flatten(Json.GetProperty(name)));

    private static IEnumerable<string> Flatten(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!],
        JsonValueKind.Array => e.EnumerateArray().SelectMany(Flatten),
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Flatten(p.Value)),
        _ => [],
    };

    public JsonElement ResponseJson => JsonDocument.Parse(Response ?? "{}").RootElement;

    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public IReadOnlyDictionary<string, string> Form =>
        QueryHelpers.ParseQuery(Body).ToDictionary(p => p.Key, p => p.Value.ToString());
    public string? Arg(string name) =>
        ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true
            ? (Json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            : Form.GetValueOrDefault(name);
}

/// <summary>
/// A local stand-in for the Slack Web API (Kestrel on 127.0.0.1, a free port): records every call,
/// answers like Slack, and can be told to answer a method differently for the next calls
/// (an error, a 429 with Retry-After). It also serves the Socket Mode WebSocket at /socket.
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, int? RetryAfter)>> _scripted = new();
    private readonly ConcurrentDictionary<string, (string Email, string Name, bool Bot)> _users = new();
    private long _ts = 1_700_000_000;

    private FakeSlackApi() { }

    public ConcurrentQueue<SlackCall> Calls { get; } = new();

    /// <summary>
    /// How long to hold the answer of a call (zero: not at all). A held call is in effect at once (a message it posts is in
    /// the conversation's history), like a reply lost on its way back; the caller just waits for it.
    /// </summary>
    public Func<SlackCall, TimeSpan>? Hold { get; set; }

    /// <summary>The calls whose answer is being held right now.</summary>
    public IReadOnlyList<SlackCall> HeldCalls => [.. _held.Keys];

    private readonly ConcurrentDictionary<SlackCall, byte> _held = new(ReferenceEqualityComparer.Instance);
    public string BaseUrl { get; private set; } = "";
    public string SocketUrl => BaseUrl.Replace("http://", "ws://").Replace("/api/", "/socket");
    /// <summary>What the Socket Mode server does with a connected client.</summary>
    public Func<WebSocket, CancellationToken, Task>? SocketHandler { get; set; }

    public static async Task<FakeSlackApi> StartAsync()
    {
        var fake = new FakeSlackApi();
        (fake._app, var root) = await LocalServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/socket", async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest || fake.SocketHandler is null) { context.Response.StatusCode = 400; return; }
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                await fake.SocketHandler(socket, context.RequestAborted);
            });
            app.MapPost("/api/{method}", fake.HandleAsync);
        });
        fake.BaseUrl = new Uri(root, "api/").ToString();
        return fake;
    }

    public void AddUser(string id, string email, string name, bool bot = false) => _users[id] = (email, name, bot);

    /// <summary>The next call of <paramref name="method"/> gets this answer instead of the usual one.</summary>
    public void Script(string method, int status, string body, int? retryAfterSeconds = null) =>
        _scripted.GetOrAdd(method, _ => new()).Enqueue((status, body, retryAfterSeconds));

    public IReadOnlyList<SlackCall> CallsOf(string method) => Calls.Where(c => c.Method == method).ToList();

    public async Task<SlackCall> WaitForAsync(string method, Func<SlackCall, bool>? match = null, int count = 1)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var found = Calls.Where(c => c.Method == method && (match?.Invoke(c) ?? true)).ToList();
            if (found.Count >= count) return found[count - 1];
            await Task.Delay(20);
        }
        throw new TimeoutException($"No {method} call (#{count}) arrived. Calls: {string.Join(", ", Calls.Select(c => c.Method))}");
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var call = new SlackCall(method, context.Request.Headers.Authorization.ToString(), context.Request.ContentType, body);
        Calls.Enqueue(call);

        if (_scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            context.Response.StatusCode = scripted.Status;
            if (scripted.RetryAfter is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString();
            call.Response = scripted.Body;
        }
        else
        {
            call.Response = Answer(method, call).ToJsonString();
        }
        if (Hold?.Invoke(call) is { } hold && hold > TimeSpan.Zero)
        {
            _held[call] = 0;
            try
            {
                await Task.Delay(hold, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return; // the caller is gone (killed): the call still took effect
            }
            finally
            {
                _held.TryRemove(call, out _);
            }
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(call.Response);
    }

    private JsonObject Answer(string method, SlackCall call)
    {
        switch (method)
        {
            case "chat.postMessage":
                return new JsonObject { ["ok"] = true, ["channel"] = call.Arg("channel"), ["ts"] = $"{Interlocked.Increment(ref _ts)}.000100" };
            case "chat.update":
                return new JsonObject { ["ok"] = true, ["channel"] = call.Arg("channel"), ["ts"] = call.Arg("ts") };
            case "chat.getPermalink":
                return new JsonObject
                {
                    ["ok"] = true,
                    ["channel"] = call.Arg("channel"),
                    ["permalink"] = $"https://example.slack.com/archives/{call.Arg("channel")}/p{call.Arg("message_ts")?.Replace(".", "", StringComparison.Ordinal)}",
                };
            case "conversations.history":
                return History(call.Arg("channel") ?? "", int.TryParse(call.Arg("limit"), out var limit) ? limit : 100,
                    call.Arg("include_all_metadata") == "true");
            case "conversations.open":
                return new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = "D" + call.Arg("users") } };
            case "users.info":
            {
                var id = call.Arg("user") ?? "";
                return _users.TryGetValue(id, out var u) ? UserJson(id, u) : Error("user_not_found");
            }
            case "users.lookupByEmail":
            {
                var email = call.Arg("email") ?? "";
                var hit = _users.FirstOrDefault(p => string.Equals(p.Value.Email, email, StringComparison.OrdinalIgnoreCase));
                return hit.Key is null ? Error("users_not_found") : UserJson(hit.Key, hit.Value);
            }
            case "views.open":
            case "views.publish":
                return new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V1" } };
            case "apps.connections.open":
                return new JsonObject { ["ok"] = true, ["url"] = SocketUrl };
            default:
                return Error("unknown_method");
        }
    }

    /// <summary>The messages posted to the channel, newest first, as Slack lists them (metadata only when asked for).</summary>
    private JsonObject History(string channel, int limit, bool metadata)
    {
        var messages = new JsonArray();
        foreach (var posted in CallsOf("chat.postMessage").Where(c => c.Arg("channel") == channel && c.Response is not null
                     && c.ResponseJson.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True).Reverse().Take(limit))
        {
            var message = new JsonObject { ["type"] = "message", ["ts"] = posted.ResponseJson.GetProperty("ts").GetString(), ["text"] = posted.Arg("text") };
            if (metadata && posted.Json.TryGetProperty("metadata", out var m)) message["metadata"] = JsonNode.Parse(m.GetRawText());
            messages.Add(message);
        }
        return new JsonObject { ["ok"] = true, ["messages"] = messages, ["has_more"] = false };
    }

    private static JsonObject UserJson(string id, (string Email, string Name, bool Bot) u) => new()
    {
        ["ok"] = true,
        ["user"] = new JsonObject
        {
            ["id"] = id,
            ["is_bot"] = u.Bot,
            ["deleted"] = false,
            ["real_name"] = u.Name,
            ["profile"] = new JsonObject { ["email"] = u.Email, ["real_name"] = u.Name },
        },
    };

    private static JsonObject Error(string code) => new() { ["ok"] = false, ["error"] = code };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
