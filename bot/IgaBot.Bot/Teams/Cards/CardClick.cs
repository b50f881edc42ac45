using System.Globalization;
using System.Text.Json.Nodes;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>The verbs our cards send back. Data keys are kept short and stable: sent cards live on in chats.</summary>
internal static class CardVerbs
{
    public const string Answer = "answer";
    public const string Approve = "approval.approve";
    public const string Deny = "approval.deny";
    public const string ApproveShorter = "approval.shorter";
    public const string RefreshApproval = "approval.refresh";
    public const string TaskDone = "task.done";
    public const string TaskCannot = "task.cannot";
    public const string Release = "grant.release";
    public const string Extend = "grant.extend";
    public const string ReviewKeep = "review.keep";
    public const string ReviewRevoke = "review.revoke";
    public const string WelcomeRequest = "welcome.request";
}

/// <summary>
/// A click on one of our cards: the verb and the card data merged with the card's inputs. It says
/// what was clicked, never who clicked: the actor always comes from the authenticated activity.
/// </summary>
internal sealed record CardClick(string Verb, JsonObject Data)
{
    /// <summary>Where the Action.Submit fallback carries the verb (Action.Submit has no verb of its own).</summary>
    public const string VerbKey = "igabotVerb";

    /// <summary>Reads the value of an <c>adaptiveCard/action</c> invoke: <c>{action: {type, verb, data}}</c>.</summary>
    public static CardClick? FromInvokeValue(string? json)
    {
        if (Parse(json) is not JsonObject value || value["action"] is not JsonObject action) return null;
        if (action["verb"] is not JsonValue verbNode || !verbNode.TryGetValue(out string? verb) || string.IsNullOrWhiteSpace(verb)) return null;
        var data = action["data"] as JsonObject ?? new JsonObject();
        return new CardClick(verb, (JsonObject)data.DeepClone());
    }

    /// <summary>Reads the value of a message sent by an Action.Submit fallback (its data with our verb key).</summary>
    public static CardClick? FromSubmitValue(string? json)
    {
        if (Parse(json) is not JsonObject data) return null;
        if (data[VerbKey] is not JsonValue verbNode || !verbNode.TryGetValue(out string? verb) || string.IsNullOrWhiteSpace(verb)) return null;
        var copy = (JsonObject)data.DeepClone();
        copy.Remove(VerbKey);
        return new CardClick(verb, copy);
    }

    public string? GetString(string key) => Data[key] switch
    {
        JsonValue v when v.TryGetValue(out string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        JsonValue v when v.TryGetValue(out long l) => l.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };

    public Guid? GetGuid(string key) => Guid.TryParse(GetString(key), out var id) ? id : null;

    public int? GetInt(string key) =>
        int.TryParse(GetString(key), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try { return JsonNode.Parse(json); }
        catch (System.Text.Json.JsonException) { return null; }
    }
}
