using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IgaBot.Core.People;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Playground.DirectLine;

/// <summary>Where the bot and the playground reach each other: both live in this server.</summary>
internal sealed class PlaygroundAddress(IServer server, IOptions<PlaygroundOptions> options)
{
    public const string ConnectorPath = "/playground/connector/";

    private string? _base;

    /// <summary>The server's own base address on loopback (or <c>Playground:ServiceUrl</c>), without a trailing slash.</summary>
    public string Base => _base ??= Resolve();

    /// <summary>The <c>serviceUrl</c> the bot's activities carry: the playground's local Bot Connector.</summary>
    public string ServiceUrl => Base + ConnectorPath;

    /// <summary>The bot's own endpoint, the one Teams posts to.</summary>
    public Uri BotEndpoint => new(Base + "/api/messages");

    private string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.ServiceUrl)) return options.Value.ServiceUrl.TrimEnd('/');
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var http = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The playground cannot tell the server's address: set Playground:ServiceUrl (e.g. http://127.0.0.1:3978).");
        var uri = new Uri(http.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "127.0.0.1" : uri.Host;
        return $"{uri.Scheme}://{(host.Contains(':') && !host.StartsWith('[') ? $"[{host}]" : host)}:{uri.Port}";
    }
}

/// <summary>The bot's answer to one activity: the HTTP status, and the body (an invoke's response).</summary>
internal sealed record BotAnswer(int Status, JsonNode? Body, string? Problem = null)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>
/// Plays the Teams service towards the bot: turns what a persona does in Web Chat into the activity Teams
/// would post to <c>/api/messages</c> (channel <c>msteams</c>, a 1:1 chat, the persona as the sender, the
/// playground's local Bot Connector as <c>serviceUrl</c>) and posts it, so the bot runs exactly as for Teams.
/// </summary>
internal sealed class PlaygroundBot(IHttpClientFactory http, PlaygroundAddress address, IOptions<PlaygroundOptions> options, TimeProvider time)
{
    public const string HttpClientName = "playground-bot";
    public const string Channel = "msteams";

    public async Task<BotAnswer> SendAsync(JsonObject activity, CancellationToken ct)
    {
        var client = http.CreateClient(HttpClientName);
        try
        {
            using var response = await client.PostAsJsonAsync(address.BotEndpoint, activity, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            JsonNode? body = null;
            if (!string.IsNullOrWhiteSpace(text))
            {
                try { body = JsonNode.Parse(text); }
                catch (System.Text.Json.JsonException) { body = JsonValue.Create(text); }
            }
            return new BotAnswer((int)response.StatusCode, body);
        }
        catch (HttpRequestException e)
        {
            return new BotAnswer(0, null, $"the bot at {address.BotEndpoint} could not be reached: {e.Message}");
        }
    }

    /// <summary>An activity from the persona to the bot; <paramref name="source"/> is what Web Chat posted (text, value, locale).</summary>
    public JsonObject FromPersona(string type, Person person, JsonObject? source = null)
    {
        var userId = PlaygroundIds.UserIdOf(person.Email);
        var tenant = options.Value.TenantId;
        var from = new JsonObject { ["id"] = userId, ["name"] = person.Name };
        if (!string.IsNullOrWhiteSpace(person.TeamsId)) from["aadObjectId"] = person.TeamsId;

        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = (string?)source?["id"] ?? Guid.NewGuid().ToString("N"),
            ["timestamp"] = time.GetUtcNow().ToString("O"),
            ["channelId"] = Channel,
            ["serviceUrl"] = address.ServiceUrl,
            ["from"] = from,
            ["conversation"] = new JsonObject
            {
                ["id"] = PlaygroundIds.ConversationOf(person.Email),
                ["conversationType"] = "personal",
                ["tenantId"] = tenant,
            },
            ["recipient"] = new JsonObject { ["id"] = PlaygroundIds.BotId, ["name"] = PlaygroundIds.BotName },
            ["locale"] = (string?)source?["locale"] ?? "en-US",
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } },
        };
        foreach (var property in new[] { "text", "value", "name", "textFormat" })
        {
            if (source?[property] is { } value) activity[property] = value.DeepClone();
        }
        return activity;
    }

    /// <summary>What Teams sends when the app is installed for a person: the bot joins the 1:1 chat.</summary>
    public JsonObject Installed(Person person)
    {
        var activity = FromPersona("conversationUpdate", person);
        activity["membersAdded"] = new JsonArray(
            new JsonObject { ["id"] = PlaygroundIds.BotId, ["name"] = PlaygroundIds.BotName },
            activity["from"]!.DeepClone());
        ((JsonObject)activity["channelData"]!)["eventType"] = "teamMemberAdded";
        return activity;
    }

    /// <summary>The <c>adaptiveCard/action</c> invoke for a click on a card button.</summary>
    public JsonObject CardAction(Person person, ExecuteClick click, JsonObject source)
    {
        var activity = FromPersona("invoke", person, source);
        activity.Remove("text");
        activity["name"] = "adaptiveCard/action";
        activity["value"] = WebChatCards.InvokeValue(click);
        activity["replyToId"] = click.ActivityId;
        return activity;
    }
}
