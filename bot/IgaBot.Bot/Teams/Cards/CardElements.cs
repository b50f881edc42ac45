using System.Globalization;
using System.Text;
using IgaBot.Core;
using System.Text.Json.Nodes;
using IgaBot.Core.Policy;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>
/// The Adaptive Card 1.5 vocabulary our cards are made of, as System.Text.Json nodes. Every card
/// family builds on these so the JSON shape (and the Action.Submit fallback Teams asks for) is
/// written in one place.
/// </summary>
/// <remarks>
/// TextBlocks and FactSet values are markdown: the text given to <see cref="Text"/>, <see cref="Heading"/>,
/// <see cref="Facts"/> and <see cref="Section"/> is card text written by us, and every part of it that
/// came from a person, the catalog or the directory must go through <see cref="Literal"/> first.
/// </remarks>
internal static class CardElements
{
    public const string Version = "1.5";
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    private const string Schema = "http://adaptivecards.io/schemas/adaptive-card.json";
    /// <summary>Teams' own ceiling is 28 KB per message; long free text is cut well before that.</summary>
    private const int MaxFreeText = 1500;

    public static JsonObject Card(IEnumerable<JsonNode?> body, IEnumerable<JsonNode?>? actions = null, JsonObject? refresh = null)
    {
        var card = new JsonObject
        {
            ["$schema"] = Schema,
            ["type"] = "AdaptiveCard",
            ["version"] = Version,
            ["body"] = Array(body),
        };
        var actionArray = Array(actions ?? []);
        if (actionArray.Count > 0) card["actions"] = actionArray;
        if (refresh is not null) card["refresh"] = refresh;
        // Teams stretches cards to the chat width when asked; approval cards read better wide.
        card["msteams"] = new JsonObject { ["width"] = "Full" };
        return card;
    }

    /// <summary>Markdown characters that act anywhere in a line (emphasis, links, code, autolinks, tables).</summary>
    private const string InlineMarkers = "\\*_[]()`~<>!|";

    /// <summary>Markdown characters that act only at the start of a line (headings, quotes, lists, setext underlines).</summary>
    private const string LineMarkers = "#>-+=";

    /// <summary>
    /// Escapes text that did not come from us (a justification, a scope, a name from the directory, an
    /// entitlement from the catalog) so a TextBlock shows it exactly as written: <c>**APPROVED**</c> stays
    /// two stars and a word, <c>[here](https://x)</c> is no link, <c>- item</c> or <c>1. item</c> no list.
    /// </summary>
    public static string Literal(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        // Bidi overrides and control characters would make the text read as something else (DisplayText).
        text = DisplayText.Neutralize(text);
        var sb = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                sb.Append(c);
                lineStart = true;
                continue;
            }
            if (lineStart && c is ' ' or '\t')
            {
                sb.Append(c);
                continue;
            }
            if (lineStart && char.IsAsciiDigit(c))
            {
                // "12. item" is a numbered list; "12) item" too, but ')' is escaped anywhere.
                var end = i;
                while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
                sb.Append(text, i, end - i);
                if (end < text.Length && text[end] == '.')
                {
                    sb.Append("\\.");
                    end++;
                }
                i = end - 1;
                lineStart = false;
                continue;
            }
            if (InlineMarkers.Contains(c) || (lineStart && LineMarkers.Contains(c))) sb.Append('\\');
            sb.Append(c);
            lineStart = false;
        }
        return sb.ToString();
    }

    public static JsonObject Heading(string text, string? color = null)
    {
        var block = Text(text, size: "Medium", weight: "Bolder");
        if (color is not null) block["color"] = color;
        return block;
    }

    public static JsonObject Text(string text, string? size = null, string? weight = null, bool subtle = false, string? color = null, bool separator = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = Clip(text), ["wrap"] = true };
        if (size is not null) block["size"] = size;
        if (weight is not null) block["weight"] = weight;
        if (subtle) block["isSubtle"] = true;
        if (color is not null) block["color"] = color;
        if (separator) block["separator"] = true;
        return block;
    }

    /// <summary>Label/value pairs; pairs with an empty value are left out.</summary>
    public static JsonObject Facts(params (string Title, string? Value)[] facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = Array(facts.Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = Clip(f.Value!) })),
    };

    /// <summary>A titled list of short lines (the policy trace, peers): one TextBlock per line, subtle.</summary>
    public static JsonObject Section(string title, IEnumerable<string> lines, int max = 12)
    {
        var items = lines.Where(l => !string.IsNullOrWhiteSpace(l)).ToList();
        var body = new List<JsonNode?> { Text(title, weight: "Bolder", separator: true) };
        body.AddRange(items.Take(max).Select(l => (JsonNode)Text("• " + l, subtle: true)));
        if (items.Count > max) body.Add(Text($"… and {items.Count - max} more", subtle: true));
        return Container(body);
    }

    public static JsonObject Container(IEnumerable<JsonNode?> items, string? style = null)
    {
        var container = new JsonObject { ["type"] = "Container", ["items"] = Array(items) };
        if (style is not null) container["style"] = style;
        return container;
    }

    /// <summary>
    /// A Universal Action button. Older Teams clients that cannot render Action.Execute get the
    /// Action.Submit fallback, whose data carries the verb so the bot can route it the same way.
    /// </summary>
    public static JsonObject Execute(string title, string verb, JsonObject data, string? style = null)
    {
        var action = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = title,
            ["verb"] = verb,
            ["data"] = data.DeepClone(),
        };
        if (style is not null) action["style"] = style;
        var submitData = (JsonObject)data.DeepClone();
        submitData[CardClick.VerbKey] = verb;
        var fallback = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = submitData };
        if (style is not null) fallback["style"] = style;
        action["fallback"] = fallback;
        return action;
    }

    /// <summary>Buttons inside the body (an ActionSet), next to what they act on: a row of a list with its own choices.</summary>
    public static JsonObject ActionSet(IEnumerable<JsonNode?> actions) => new()
    {
        ["type"] = "ActionSet",
        ["actions"] = Array(actions),
    };

    /// <summary>A button that opens a sub-card (a reason to type, a duration to pick) with its own confirm button.</summary>
    public static JsonObject ShowCard(string title, IEnumerable<JsonNode?> body, IEnumerable<JsonNode?> actions) => new()
    {
        ["type"] = "Action.ShowCard",
        ["title"] = title,
        ["card"] = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["body"] = Array(body),
            ["actions"] = Array(actions),
        },
    };

    public static JsonObject InputText(string id, string label, string placeholder, bool required, int maxLength = 500)
    {
        var input = new JsonObject
        {
            ["type"] = "Input.Text",
            ["id"] = id,
            ["label"] = label,
            ["placeholder"] = placeholder,
            ["isMultiline"] = true,
            ["maxLength"] = maxLength,
        };
        if (required)
        {
            input["isRequired"] = true;
            input["errorMessage"] = $"{label} is required.";
        }
        return input;
    }

    public static JsonObject ChoiceSet(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value = null)
    {
        var set = new JsonObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = id,
            ["label"] = label,
            ["style"] = "compact",
            ["isRequired"] = true,
            ["errorMessage"] = "Pick one.",
            ["choices"] = Array(choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value })),
        };
        if (value is not null) set["value"] = value;
        return set;
    }

    public static JsonObject Refresh(string verb, JsonObject data, IReadOnlyCollection<string> userIds)
    {
        var refresh = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data.DeepClone() },
        };
        if (userIds.Count > 0) refresh["userIds"] = Array(userIds.Take(60).Select(id => (JsonNode)JsonValue.Create(id)!));
        return refresh;
    }

    /// <summary>A date Teams shows in the reader's own time zone and format.</summary>
    public static string When(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{{{{DATE({utc}, SHORT)}}}} {{{{TIME({utc})}}}}";
    }

    public static string Duration(TimeSpan? duration, DateTimeOffset? until) => duration switch
    {
        null => "Permanent",
        { } d when until is { } u => $"Temporary: {Durations.Describe(d)}, until {When(u)}",
        { } d => $"Temporary: {Durations.Describe(d)}",
    };

    public static string RiskColor(string risk) => risk.ToLowerInvariant() switch
    {
        "high" or "critical" => "Attention",
        "medium" => "Warning",
        _ => "Good",
    };

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new(items.Where(i => i is not null).ToArray());

    private static string Clip(string text)
    {
        text = DisplayText.Neutralize(text);
        if (text.Length <= MaxFreeText) return text;
        // Never end on half of an escape ("\\"), which would escape the ellipsis instead.
        var cut = MaxFreeText;
        var backslashes = 0;
        while (backslashes < cut && text[cut - 1 - backslashes] == '\\') backslashes++;
        if (backslashes % 2 == 1) cut--;
        return text[..cut] + "…";
    }
}
