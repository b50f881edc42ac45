using System.Text.RegularExpressions;

namespace IgaBot.Adapters.Planner;

/// <summary>Someone else a request is for: an email address or a name as written. Checked against the directory later.</summary>
public sealed record BeneficiaryMention(string Text, bool IsEmail, int Start, int Length);

/// <summary>
/// Finds "for my report Tom Baker", "on behalf of tom.baker@contoso.com", "give Tom Baker access",
/// "Tom Baker needs ...". A request without such a mention is for the requester.
/// </summary>
public static partial class BeneficiaryFinder
{
    private const string Relation =
        @"(?:(?:direct|new|newest|new\s+starter|team)\s+)?(?:report|employee|hire|starter|joiner|team\s*member|teammate|colleague|co-?worker|" +
        @"intern|contractor|consultant|engineer|developer|analyst|designer|manager|assistant|lead|direct|member|staff\s+member)";

    private const string Name = @"(?<name>[A-Z][\p{L}'’-]+(?:\s+(?:van|de|der|von|da|di|le|la|del|[A-Z][\p{L}'’-]+)){0,3})";

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?i:my|our)\s+(?i:" + Relation + @")(?i:s)?\s*,?\s+" + Name)]
    private static partial Regex RelationThenName();

    [GeneratedRegex(@"\b(?i:for|on\s+behalf\s+of|to)\s+" + Name)]
    private static partial Regex ForName();

    [GeneratedRegex(@"^\W*(?i:please\s+|can\s+you\s+|could\s+you\s+|kindly\s+)?(?i:give|grant|add|provision|set\s+up|onboard|enable|get)\s+" + Name)]
    private static partial Regex VerbThenName();

    [GeneratedRegex(@"^\W*" + Name + @"\s+(?:needs|requires|wants|should\s+(?:get|have)|must\s+have|is\s+requesting|would\s+like)\b")]
    private static partial Regex NameNeeds();

    [GeneratedRegex(@"^\W{0,2}\s*(?:said|says|told|tells|asked|asks|suggested|suggests|recommended|mentioned|approved|agreed|thinks|thought|pointed|sent|wrote)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SpeakerVerb();

    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "me", "myself", "us", "we", "you", "him", "her", "them", "it", "everyone", "everybody", "all", "the", "a", "an",
        "this", "that", "my", "our", "your", "access", "admin", "read", "write", "please", "now", "today", "tomorrow",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "incident", "ticket", "case",
        "production", "prod", "dev", "staging", "test", "team", "project", "few", "couple", "one", "two",
        "some", "more", "another", "again", "too", "also", "only", "just", "who", "whom", "someone", "somebody",
        "good", "while", "since", "because", "until", "when", "customer", "customers", "legal", "finance", "audit",
    };

    /// <param name="requesterEmail">Mentions of the requester's own address are not a beneficiary.</param>
    /// <param name="isCatalogWord">True for words the catalog uses as app names or scopes ("Salesforce", "OPS"), which are never people.</param>
    public static BeneficiaryMention? Find(string text, string? requesterEmail = null, Func<string, bool>? isCatalogWord = null)
    {
        foreach (Match m in Email().Matches(text))
            if (!string.Equals(m.Value, requesterEmail, StringComparison.OrdinalIgnoreCase))
                return new BeneficiaryMention(m.Value.TrimEnd('.'), true, m.Index, m.Length);

        bool Plausible(string name)
        {
            var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return parts.Length > 0 && parts.All(p =>
                !NotNames.Contains(p) && !Words.IsStopWord(p.ToLowerInvariant()) && !(isCatalogWord?.Invoke(p.ToLowerInvariant()) ?? false)
                && !p.EndsWith('-') && !(p.Count(char.IsLetter) > 1 && p.Where(char.IsLetter).All(char.IsUpper)));
        }

        BeneficiaryMention? FromGroup(Match m)
        {
            if (!m.Success) return null;
            var g = m.Groups["name"];
            // Trim words that are not part of the name ("Tom Baker Access"): stop at the first implausible word.
            var parts = g.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            while (parts.Count > 0 && !Plausible(string.Join(" ", parts))) parts.RemoveAt(parts.Count - 1);
            if (parts.Count == 0) return null;
            var name = string.Join(" ", parts);
            // "my manager Ivy said I should ask": the person named speaks; they are not the one the access is for.
            if (SpeakerVerb().IsMatch(text[(g.Index + name.Length)..])) return null;
            return new BeneficiaryMention(name, false, g.Index, name.Length);
        }

        if (FromGroup(RelationThenName().Match(text)) is { } related) return related;
        foreach (Match m in ForName().Matches(text))
        {
            // "cover for Hannah" or "fill in for Hannah": the person named is away, not the beneficiary.
            if (Regex.IsMatch(text[..m.Index], @"\b(?:cover(?:ing)?|fill(?:ing)?\s+in|stand(?:ing)?\s+in|sub(?:bing)?|deputi[sz]ing|responsible|waiting|wait|ask(?:ed)?|asking|work(?:ing)?|report(?:ing)?)\s*$", RegexOptions.IgnoreCase)) continue;
            if (FromGroup(m) is { } forName) return forName;
        }
        if (FromGroup(VerbThenName().Match(text)) is { } verbName) return verbName;
        return FromGroup(NameNeeds().Match(text));
    }
}
