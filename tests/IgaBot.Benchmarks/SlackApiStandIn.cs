using System.Collections.Concurrent;
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

namespace IgaBot.Benchmarks;

/// <summary>
/// The few Slack Web API methods a slash command's turn calls (users.info, conversations.open,
/// chat.postMessage, views.publish), answered at once from Kestrel on 127.0.0.1; counts the messages
/// posted per channel.
/// </summary>
internal sealed class SlackApiStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _emailByUser = new(StringComparer.Ordinal);
    private long _ts = 1_700_000_000;

    private SlackApiStandIn(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public ConcurrentDictionary<string, int> PostedTo { get; } = new(StringComparer.Ordinal);

    public static async Task<SlackApiStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new SlackApiStandIn(app);
        app.MapPost("/api/{method}", standIn.AnswerAsync);
        await app.StartAsync();
        standIn.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/api/";
        return standIn;
    }

    public void AddUser(string slackUserId, string email) => _emailByUser[slackUserId] = email;

    public static string DirectChannelOf(string slackUserId) => "D" + slackUserId;

    public int PostedToAll(IEnumerable<string> slackUserIds) => slackUserIds.Count(u => PostedTo.ContainsKey(DirectChannelOf(u)));

    private async Task AnswerAsync(HttpContext context, string method)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        string? Arg(string name)
        {
            if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true)
            {
                using var json = JsonDocument.Parse(body);
                return json.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            }
            return QueryHelpers.ParseQuery(body).TryGetValue(name, out var value) ? value.ToString() : null;
        }

        JsonObject answer;
        switch (method)
        {
            case "users.info":
            {
                var id = Arg("user") ?? "";
                answer = _emailByUser.TryGetValue(id, out var email)
                    ? new JsonObject
                    {
                        ["ok"] = true,
                        ["user"] = new JsonObject { ["id"] = id, ["is_bot"] = false, ["deleted"] = false, ["profile"] = new JsonObject { ["email"] = email } },
                    }
                    : new JsonObject { ["ok"] = false, ["error"] = "user_not_found" };
                break;
            }
            case "conversations.open":
                answer = new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = DirectChannelOf(Arg("users") ?? "") } };
                break;
            case "chat.postMessage":
            {
                var channel = Arg("channel") ?? "";
                PostedTo.AddOrUpdate(channel, 1, (_, n) => n + 1);
                answer = new JsonObject { ["ok"] = true, ["channel"] = channel, ["ts"] = $"{Interlocked.Increment(ref _ts)}.000100" };
                break;
            }
            case "views.publish":
                answer = new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V1" } };
                break;
            default:
                answer = new JsonObject { ["ok"] = false, ["error"] = "unknown_method" };
                break;
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString(), context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
