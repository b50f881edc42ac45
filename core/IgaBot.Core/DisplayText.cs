using System.Globalization;
using System.Text;

namespace IgaBot.Core;

/// <summary>
/// People's text as every channel shows it (Teams cards and messages, Slack Block Kit, the playground, plain replies),
/// and what counts as a reason. The stored text stays exactly as the person wrote it; only its rendering changes.
/// </summary>
public static class DisplayText
{
    /// <summary>Shown in place of a character that would change how the text around it reads.</summary>
    public const char Replacement = '\uFFFD';

    /// <summary>
    /// Neutralises characters that make text read differently from what it is: bidirectional overrides, embeddings
    /// and isolates (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F, U+061C: "gnp.exe" shown as "exe.png") and control
    /// characters (C0 and C1, DEL) become a visible U+FFFD, so an approver sees that something was there; a tab becomes a
    /// space, line and paragraph separators and CR LF become a line feed. Everything else (letters of any script,
    /// emoji with their joiners, punctuation) is kept.
    /// </summary>
    public static string Neutralize(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var i = 0;
        while (i < text.Length && !NeedsWork(text[i])) i++;
        if (i == text.Length) return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, i);
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (!NeedsWork(c)) sb.Append(c);
            else if (c == '\t') sb.Append(' ');
            else if (c == '\n' || c is '\u2028' or '\u2029') sb.Append('\n');
            else if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                sb.Append('\n');
            }
            else sb.Append(Replacement);
        }
        return sb.ToString();
    }

    /// <summary>
    /// Whether a reason says anything: at least two letters or digits (of any script). "')", "...", "?!" or a lone
    /// "x" give an approver nothing to weigh and are refused where a reason is required.
    /// </summary>
    public static bool HasSubstance(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        var count = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category is UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber)
            {
                if (++count >= 2) return true;
            }
        }
        return false;
    }

    private static bool NeedsWork(char c) =>
        c is '\t' or '\r' or '\u2028' or '\u2029' || IsBidiControl(c) || (char.IsControl(c) && c != '\n');

    private static bool IsBidiControl(char c) =>
        c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';
}
