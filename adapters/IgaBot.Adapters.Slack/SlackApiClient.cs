using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Slack;

/// <summary>Slack answered <c>ok: false</c>; <see cref="Error"/> is Slack's error code (e.g. <c>channel_not_found</c>).</summary>
public sealed class SlackApiException(string method, string error)
    : Exception($"Slack {method} failed: {error}")
{
    public string Method { get; } = method;
    public string Error { get; } = error;
}

public sealed record SlackUser(string Id, string? Email, string? RealName, bool IsBot, bool Deleted);

public sealed record SlackPostedMessage(string Channel, string Ts);

/// <summary>
/// The Slack Web API methods the bot uses. Write methods take JSON bodies; the read methods take form
/// arguments, as Slack reads JSON only for write methods. Rate limits (429 + Retry-After) and 5xx are
/// retried by the resilience pipeline registered with the client. Tokens go only in the Authorization header.
/// </summary>
public sealed partial class SlackApiClient(IHttpClientFactory httpClients, IOptions<SlackOptions> options, ILogger<SlackApiClient> logger)
{
    /// <summary>The named HttpClient (base address, resilience pipeline) this client sends through.</summary>
    public const string HttpClientName = "slack";

    public async Task<SlackPostedMessage> PostMessageAsync(string channel, SlackMessage message, string? threadTs, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["channel"] = channel,
            ["text"] = SlackText.Limit(message.Text, SlackText.MessageText),
            ["blocks"] = SlackJson.ToNode(message.Blocks),
            ["unfurl_links"] = false,
        };
        if (threadTs is not null) body["thread_ts"] = threadTs;
        if (message.Metadata is { } metadata)
            body["metadata"] = new JsonObject { ["event_type"] = metadata.EventType, ["event_payload"] = new JsonObject { ["key"] = metadata.Key } };
        var result = await CallJsonAsync("chat.postMessage", body, ct);
        return new(result.Str("channel") ?? channel, result.Str("ts") ?? throw new SlackApiException("chat.postMessage", "missing_ts"));
    }

    /// <summary>
    /// The ts of the message among the conversation's latest <paramref name="window"/> whose metadata is
    /// <paramref name="metadata"/>, or null (conversations.history; a direct message needs the <c>im:history</c> scope).
    /// </summary>
    public async Task<string?> FindMessageAsync(string channel, SlackMessageMetadata metadata, int window, CancellationToken ct)
    {
        var result = await CallFormAsync("conversations.history",
            [new("channel", channel), new("limit", window.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("include_all_metadata", "true")],
            BotToken, ct);
        if (result.Obj("messages") is not { ValueKind: JsonValueKind.Array } messages) return null;
        foreach (var message in messages.EnumerateArray())
        {
            var found = message.Obj("metadata");
            if (found.Str("event_type") == metadata.EventType && found.Obj("event_payload").Str("key") == metadata.Key) return message.Str("ts");
        }
        return null;
    }

    public Task UpdateMessageAsync(string channel, string ts, SlackMessage message, CancellationToken ct) =>
        UpdateMessageAsync(channel, ts, message.Text, SlackJson.ToNode(message.Blocks), ct);

    /// <summary>Replaces a message with blocks taken from an interaction payload (the original minus what was answered).</summary>
    public async Task UpdateMessageAsync(string channel, string ts, string text, JsonArray blocks, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["channel"] = channel,
            ["ts"] = ts,
            ["text"] = SlackText.Limit(text, SlackText.MessageText),
            ["blocks"] = blocks,
        };
        await CallJsonAsync("chat.update", body, ct);
    }

    /// <summary>A link that opens one message (for a reminder that points at the message to act on).</summary>
    public async Task<Uri?> GetPermalinkAsync(string channel, string ts, CancellationToken ct)
    {
        var result = await CallFormAsync("chat.getPermalink", [new("channel", channel), new("message_ts", ts)], BotToken, ct);
        return Uri.TryCreate(result.Str("permalink"), UriKind.Absolute, out var link) && link.Scheme == Uri.UriSchemeHttps ? link : null;
    }

    /// <summary>Opens (or finds) the direct message with a user; returns its channel id.</summary>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken ct)
    {
        var result = await CallJsonAsync("conversations.open", new JsonObject { ["users"] = userId }, ct);
        return result.Obj("channel").Str("id") ?? throw new SlackApiException("conversations.open", "missing_channel");
    }

    /// <summary>The user, or null when Slack does not know the id.</summary>
    public async Task<SlackUser?> GetUserAsync(string userId, CancellationToken ct)
    {
        try
        {
            var result = await CallFormAsync("users.info", [new("user", userId)], BotToken, ct);
            return ReadUser(result.Obj("user"));
        }
        catch (SlackApiException e) when (e.Error is "user_not_found" or "user_not_visible")
        {
            return null;
        }
    }

    /// <summary>The Slack user with this email, or null when there is none.</summary>
    public async Task<SlackUser?> LookupUserByEmailAsync(string email, CancellationToken ct)
    {
        try
        {
            var result = await CallFormAsync("users.lookupByEmail", [new("email", email)], BotToken, ct);
            return ReadUser(result.Obj("user"));
        }
        catch (SlackApiException e) when (e.Error is "users_not_found")
        {
            return null;
        }
    }

    public async Task OpenViewAsync(string triggerId, SlackView view, CancellationToken ct) =>
        await CallJsonAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = SlackJson.ToNode(view) }, ct);

    public async Task PublishHomeAsync(string userId, SlackView view, CancellationToken ct) =>
        await CallJsonAsync("views.publish", new JsonObject { ["user_id"] = userId, ["view"] = SlackJson.ToNode(view) }, ct);

    /// <summary>A fresh Socket Mode WebSocket URL (needs the app-level token).</summary>
    public async Task<Uri> OpenSocketConnectionAsync(CancellationToken ct)
    {
        var token = options.Value.AppToken;
        if (string.IsNullOrWhiteSpace(token)) throw new InvalidOperationException("Slack:AppToken is not set; Socket Mode needs an app-level token.");
        var result = await CallFormAsync("apps.connections.open", [], token, ct);
        return new Uri(result.Str("url") ?? throw new SlackApiException("apps.connections.open", "missing_url"));
    }

    private string BotToken => options.Value.BotToken;

    private Task<JsonElement> CallJsonAsync(string method, JsonObject body, CancellationToken ct)
    {
        var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        return SendAsync(method, content, BotToken, ct);
    }

    private Task<JsonElement> CallFormAsync(string method, IEnumerable<KeyValuePair<string, string>> fields, string token, CancellationToken ct) =>
        SendAsync(method, new FormUrlEncodedContent(fields), token, ct);

    private async Task<JsonElement> SendAsync(string method, HttpContent content, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            LogHttpFailure(logger, method, (int)response.StatusCode);
            throw new SlackApiException(method, $"http_{(int)response.StatusCode}");
        }
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var root = document.RootElement.Clone();
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            var error = root.Str("error") ?? "unknown_error";
            LogApiError(logger, method, error);
            throw new SlackApiException(method, error);
        }
        if (root.TryGetProperty("warning", out var warning))
            LogApiWarning(logger, method, warning.ToString());
        return root;
    }

    private static SlackUser? ReadUser(JsonElement user)
    {
        var id = user.Str("id");
        if (id is null) return null;
        var profile = user.Obj("profile");
        return new SlackUser(
            id,
            profile.Str("email"),
            profile.Str("real_name") ?? user.Str("real_name"),
            user.TryGetProperty("is_bot", out var bot) && bot.ValueKind == JsonValueKind.True,
            user.TryGetProperty("deleted", out var deleted) && deleted.ValueKind == JsonValueKind.True);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} answered HTTP {Status}")]
    private static partial void LogHttpFailure(ILogger logger, string method, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} answered ok:false with {Error}")]
    private static partial void LogApiError(ILogger logger, string method, string error);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack {Method} warned {Warning}")]
    private static partial void LogApiWarning(ILogger logger, string method, string warning);
}
