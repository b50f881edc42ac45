using System.Text.Json;
using IgaBot.Adapters.Slack;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>The text objects of a Block Kit payload, read as Slack reads them: mrkdwn is formatted, plain_text is not.</summary>
public static class SlackTextObjects
{
    /// <summary>Typed by a requester to dress their text up as something else: formatting, a quote, a code block, a ping, a link.</summary>
    public const string Spoof = "*APPROVED BY CISO* _it_ ~s~\n```rm -rf /```\n> quoted by the CISO\n<!channel> <https://evil.example|click>";

    /// <summary>Pieces of <see cref="Spoof"/> that must never reach a mrkdwn object, where Slack would act on them.</summary>
    private static readonly string[] SpoofPieces = ["APPROVED BY CISO", "_it_", "~s~", "```", "quoted by the CISO", "!channel", "evil.example"];

    public sealed record TextObject(string Type, string Text, bool? Emoji);

    public static IReadOnlyList<TextObject> Of(JsonElement payload)
    {
        var found = new List<TextObject>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) Walk(x);
                return;
            }
            if (e.ValueKind != JsonValueKind.Object) return;
            if (e.TryGetProperty("type", out var type) && type.GetString() is "plain_text" or "mrkdwn"
                && e.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
            {
                found.Add(new(type.GetString()!, text.GetString()!, e.TryGetProperty("emoji", out var emoji) ? emoji.GetBoolean() : null));
                return;
            }
            foreach (var p in e.EnumerateObject()) Walk(p.Value);
        }
        Walk(payload);
        return found;
    }

    public static IReadOnlyList<TextObject> Of(IReadOnlyList<Block> blocks) => Of(JsonDocument.Parse(SlackJson.Serialize(blocks)).RootElement);

    /// <summary>
    /// <paramref name="written"/> is in a plain_text object (emoji codes off) exactly as written, and nothing of
    /// <see cref="Spoof"/> is in a mrkdwn object.
    /// </summary>
    public static void AssertShownAsWritten(IReadOnlyList<TextObject> texts, string written)
    {
        Assert.Multiple(() =>
        {
            Assert.That(texts.Where(t => t.Type == "plain_text" && t.Emoji == false && t.Text.Contains(written, StringComparison.Ordinal)), Is.Not.Empty,
                $"'{written}' is not in a literal plain_text object:\n" + Describe(texts));
            foreach (var piece in SpoofPieces)
            {
                Assert.That(texts.Where(t => t.Type == "mrkdwn" && t.Text.Contains(piece, StringComparison.Ordinal)), Is.Empty,
                    $"'{piece}' reached mrkdwn, where Slack formats it:\n" + Describe(texts));
            }
        });
    }

    /// <summary>Our labels stay bold: each is a mrkdwn object <c>*Label*</c>.</summary>
    public static void AssertBoldLabels(IReadOnlyList<TextObject> texts, params string[] labels)
    {
        foreach (var label in labels)
            Assert.That(texts, Has.Some.EqualTo(new TextObject("mrkdwn", $"*{label}*", null)), $"no bold label {label}:\n" + Describe(texts));
    }

    private static string Describe(IReadOnlyList<TextObject> texts) => string.Join("\n", texts.Select(t => $"  {t.Type}: {t.Text}"));
}
