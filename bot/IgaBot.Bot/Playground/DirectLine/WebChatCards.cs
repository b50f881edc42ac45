using System.Text.Json.Nodes;

namespace IgaBot.Bot.Playground.DirectLine;

/// <summary>A click on a card button that the bot sent as <c>Action.Execute</c>.</summary>
internal sealed record ExecuteClick(string Verb, JsonNode Data, string ActivityId, int Attachment);

/// <summary>
/// Web Chat 4.18 renders Adaptive Cards but does not run <c>Action.Execute</c> (Universal Actions), so the
/// playground hands Web Chat each such button as an <c>Action.Submit</c> that remembers the verb and the card,
/// and turns the click back into the <c>adaptiveCard/action</c> invoke Teams would send.
/// </summary>
internal static class WebChatCards
{
    public const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";

    /// <summary>Where the submit data keeps what the <c>Action.Execute</c> was; the card's inputs sit beside it.</summary>
    public const string ExecuteKey = "playgroundExecute";

    private static readonly string[] CopiedActionProperties = ["title", "style", "id", "iconUrl", "tooltip", "isEnabled", "mode", "associatedInputs"];

    /// <summary>Rewrites the Adaptive Cards of a stored activity (which must have its id) for Web Chat.</summary>
    public static void AdaptForWebChat(JsonObject activity)
    {
        if (activity["attachments"] is not JsonArray attachments || activity["id"] is not JsonValue idNode || !idNode.TryGetValue(out string? id)) return;
        for (var i = 0; i < attachments.Count; i++)
        {
            if (attachments[i] is not JsonObject attachment || (string?)attachment["contentType"] != AdaptiveCardType) continue;
            if (attachment["content"] is not JsonObject card) continue;
            // Teams refreshes a card per viewer through "refresh"; Web Chat never would, and the playground updates cards in place.
            card.Remove("refresh");
            Rewrite(card, id, i);
        }
    }

    /// <summary>Reads a Web Chat submit that came from a rewritten <c>Action.Execute</c>; null for anything else.</summary>
    public static ExecuteClick? ReadClick(JsonNode? value)
    {
        if (value is not JsonObject submitted || submitted[ExecuteKey] is not JsonObject marker) return null;
        if (!TryString(marker["verb"], out var verb) || !TryString(marker["activityId"], out var activityId)) return null;
        var attachment = marker["attachment"] is JsonValue a && a.TryGetValue(out int index) ? index : 0;

        JsonNode data;
        if (marker["data"] is { } nonObject)
        {
            data = nonObject.DeepClone();
        }
        else
        {
            var merged = (JsonObject)submitted.DeepClone();
            merged.Remove(ExecuteKey);
            data = merged;
        }
        return new ExecuteClick(verb, data, activityId, attachment);
    }

    /// <summary>The invoke Teams sends for an <c>Action.Execute</c> click.</summary>
    public static JsonObject InvokeValue(ExecuteClick click) => new()
    {
        ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = click.Verb, ["data"] = click.Data.DeepClone() },
        ["trigger"] = "manual",
    };

    private static void Rewrite(JsonNode node, string activityId, int attachment)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (IsExecute(child)) obj[key] = ToSubmit((JsonObject)child!, activityId, attachment);
                    else if (child is not null) Rewrite(child, activityId, attachment);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (IsExecute(array[i])) array[i] = ToSubmit((JsonObject)array[i]!, activityId, attachment);
                    else if (array[i] is { } child) Rewrite(child, activityId, attachment);
                }
                break;
        }
    }

    private static bool IsExecute(JsonNode? node) => node is JsonObject obj && (string?)obj["type"] == "Action.Execute";

    private static JsonObject ToSubmit(JsonObject execute, string activityId, int attachment)
    {
        var submit = new JsonObject { ["type"] = "Action.Submit" };
        foreach (var property in CopiedActionProperties)
        {
            if (execute[property] is { } value) submit[property] = value.DeepClone();
        }

        var marker = new JsonObject
        {
            ["verb"] = execute["verb"]?.DeepClone() ?? "",
            ["activityId"] = activityId,
            ["attachment"] = attachment,
        };
        // Web Chat merges the card's inputs into an object's properties; other data travels untouched in the marker.
        var data = execute["data"] switch
        {
            JsonObject obj => (JsonObject)obj.DeepClone(),
            null => new JsonObject(),
            var other => KeepAside(marker, other),
        };
        data[ExecuteKey] = marker;
        submit["data"] = data;
        return submit;
    }

    private static JsonObject KeepAside(JsonObject marker, JsonNode data)
    {
        marker["data"] = data.DeepClone();
        return new JsonObject();
    }

    private static bool TryString(JsonNode? node, out string text)
    {
        text = node is JsonValue v && v.TryGetValue(out string? s) ? s : "";
        return !string.IsNullOrWhiteSpace(text);
    }
}
