using System.Text;
using System.Text.Json.Nodes;

namespace IgaBot.Bot.Playground.DirectLine;

/// <summary>
/// How the playground names things. One conversation per persona, named after the email, so a restart
/// (or a conversation reference stored in the database) still leads to the same person's chat.
/// </summary>
internal static class PlaygroundIds
{
    public const string ConversationPrefix = "playground-";
    public const string BotId = "28:igabot-playground";
    public const string BotName = "IgaBot";

    public static string ConversationOf(string email) => ConversationPrefix + email.Trim().ToLowerInvariant();

    public static string? EmailOf(string? conversationId) =>
        conversationId is not null && conversationId.Length > ConversationPrefix.Length
            && conversationId.StartsWith(ConversationPrefix, StringComparison.OrdinalIgnoreCase)
            ? conversationId[ConversationPrefix.Length..].ToLowerInvariant()
            : null;

    /// <summary>The persona's user id, in Web Chat and towards the bot (<c>from.id</c>): the email itself.</summary>
    public static string UserIdOf(string email) => email.Trim().ToLowerInvariant();
}

/// <summary>
/// Direct Line tokens of the playground. They are deliberately unsigned: whoever reaches the playground may act
/// as anyone (that is what it is for), so a token only says which persona a Web Chat speaks for, in the JWT
/// shape from which Web Chat reads its user id (the <c>user</c> claim).
/// </summary>
internal static class DirectLineTokens
{
    private static readonly string Header = Encode("""{"alg":"none","typ":"JWT"}""");

    public static string Issue(string email, DateTimeOffset now)
    {
        var payload = new JsonObject
        {
            ["user"] = PlaygroundIds.UserIdOf(email),
            ["conv"] = PlaygroundIds.ConversationOf(email),
            ["iat"] = now.ToUnixTimeSeconds(),
        };
        return $"{Header}.{Encode(payload.ToJsonString())}.";
    }

    /// <summary>The persona's email from an <c>Authorization: Bearer</c> header, or null when there is no readable token.</summary>
    public static string? EmailFrom(string? authorization)
    {
        const string bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var parts = authorization[bearer.Length..].Trim().Split('.');
        if (parts.Length != 3) return null;
        try
        {
            var payload = JsonNode.Parse(Encoding.UTF8.GetString(Decode(parts[1]))) as JsonObject;
            return payload?["user"] is JsonValue user && user.TryGetValue(out string? email) && email.Contains('@') ? email : null;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Encode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Decode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }
}
