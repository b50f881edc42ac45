using System.Globalization;
using System.Text;
using IgaBot.Core;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Text for Block Kit: people's words shown literally, escaping for mrkdwn and Slack's length limits,
/// cut so that no entity (<c>&amp;amp;</c>), link (<c>&lt;…&gt;</c>) or surrogate pair is broken. Every text object and
/// message text passes <see cref="DisplayText.Neutralize"/> (bidi overrides and control characters made visible).
/// </summary>
/// <remarks>
/// <para>
/// Anything a person wrote (a justification, a reason, a scope they typed, the conversation's echo of
/// their words, names from the directory) goes out as <see cref="Literal"/>: a <c>plain_text</c> object.
/// Slack never reads formatting, links, mentions (<c>&lt;!channel&gt;</c>) or date tokens in
/// <c>plain_text</c>, and it is sent as typed: Slack's &amp; &lt; &gt; escaping is a rule of <c>mrkdwn</c>.
/// </para>
/// <para>
/// Why not escape inside <c>mrkdwn</c> instead: Slack documents no escape for <c>* _ ~ `</c> or a leading
/// <c>&gt;</c>. Zero-width characters are no fix, since Slack reads a zero-width space as a word boundary
/// (it is the known trick to force formatting inside a word); look-alike characters would change what an
/// approver or an app owner reads and copies (a scope typed into a target system must stay exact).
/// So our own formatting (bold labels, icons, dates, links) stays in <see cref="Mrkdwn"/> objects and a
/// person's text sits next to it in its own object: a section of its own, or the value of a
/// label/value pair of section fields.
/// </para>
/// </remarks>
public static class SlackText
{
    public const int SectionText = 3000;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ButtonText = 75;
    public const int OptionText = 75;
    public const int OptionValue = 150;
    public const int ActionId = 255;
    public const int ButtonValue = 2000;
    public const int ModalTitle = 24;
    public const int PrivateMetadata = 3000;
    public const int MessageText = 4000;
    public const int InputLabel = 2000;
    public const int MessageBlocks = 50;
    public const int ViewBlocks = 100;
    public const int SelectOptions = 100;
    public const int ActionsElements = 25;
    public const int ContextElements = 10;
    public const int SectionFields = 10;

    private const string Ellipsis = "…";

    /// <summary>Escapes the three characters Slack treats as control in mrkdwn, so <c>&lt;!channel&gt;</c> is shown, not executed.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        text = DisplayText.Neutralize(text);
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0) return text;
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            sb.Append(c switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => c.ToString() });
        }
        return sb.ToString();
    }

    /// <summary>Cuts already formatted mrkdwn (or plain text) to at most <paramref name="max"/> characters.</summary>
    public static string Limit(string? text, int max) => Shorten(text, max, keepEntitiesAndLinks: true);

    /// <summary>Plain text written by us or taken from the catalog (labels, buttons, options); emoji codes work.</summary>
    public static TextObject Plain(string? text, int max = SectionText) => new("plain_text", Cut(NonEmpty(text), max));

    /// <summary>
    /// Text that came from a person (or carries their words), shown exactly as they wrote it: <c>plain_text</c>
    /// with emoji codes off, so nothing in it formats, links, mentions or turns into an icon. Not escaped.
    /// </summary>
    public static TextObject Literal(string? text, int max = SectionText) => new("plain_text", Cut(NonEmpty(text), max)) { Emoji = false };

    /// <summary>Formatted text written by us; any untrusted part must already be <see cref="Escape"/>d.</summary>
    public static TextObject Mrkdwn(string? text, int max = SectionText) => new("mrkdwn", Limit(NonEmpty(text), max));

    /// <summary>Cuts plain text, which has no entities or links to keep whole, to at most <paramref name="max"/> characters.</summary>
    public static string Cut(string? text, int max) => Shorten(text, max, keepEntitiesAndLinks: false);

    /// <summary>
    /// At most <paramref name="max"/> characters, ending with an ellipsis when cut, never inside a surrogate pair; with
    /// <paramref name="keepEntitiesAndLinks"/>, never inside an <c>&amp;…;</c> entity or a <c>&lt;…&gt;</c> link either.
    /// </summary>
    private static string Shorten(string? text, int max, bool keepEntitiesAndLinks)
    {
        if (string.IsNullOrEmpty(text)) return "";
        text = DisplayText.Neutralize(text);
        if (text.Length <= max) return text;
        var cut = max - Ellipsis.Length;
        if (cut <= 0) return text[..max];
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        if (keepEntitiesAndLinks)
        {
            var head = text.AsSpan(0, cut);
            var amp = head.LastIndexOf('&');
            if (amp >= 0 && head[amp..].IndexOf(';') < 0 && cut - amp <= 8) cut = amp;
            var lt = text.AsSpan(0, cut).LastIndexOf('<');
            if (lt >= 0 && text.AsSpan(lt, cut - lt).IndexOf('>') < 0) cut = lt;
        }
        return string.Concat(text.AsSpan(0, cut), Ellipsis);
    }

    /// <summary>A date every reader sees in their own time zone, with a UTC fallback.</summary>
    public static string Date(DateTimeOffset at)
    {
        var fallback = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return $"<!date^{at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}^{{date_short_pretty}} at {{time}}|{fallback}>";
    }

    // Slack refuses empty text objects.
    private static string NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? " " : text;
}
