using System.Text.RegularExpressions;
using System.Text;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// The catalog's own words, to read a message's shortened and misspelt forms of them before anything
/// else: a numeronym ("k8s" for a catalog word of k + 8 letters + s), an acronym of a phrase the catalog
/// uses ("PR" for "pull requests", "OTM" for an app called Oracle Transportation Management, "PC" and "SNOW" for
/// names written as one word of capitalised parts, PolicyCenter and ServiceNow), a slip of the keyboard ("dispacth"),
/// two catalog words run together ("dashcam" for "dash cam"), and a word cut short ("tech" for the catalog's only
/// word beginning so, "technician"). Everything is derived from the catalog text; nothing here knows an app.
/// </summary>
public sealed partial class CatalogWords
{
    private static readonly HashSet<string> FunctionWords = Lexicon.Default.List("functionWords");
    private static readonly HashSet<string> EverydayAbbreviations = Lexicon.Default.List("everydayAbbreviations");
    private static readonly HashSet<string> DerivationalSuffixes = Lexicon.Default.List("derivationalSuffixes");
    private static readonly HashSet<string> AccessNouns = ReadingLexicon.Set("accessNouns");

    private readonly HashSet<string> _words;
    // Two words the catalog writes one after the other ("dash cam"): what a word run together from them stands for.
    private readonly HashSet<string> _pairs;
    private readonly Dictionary<string, string> _acronyms;
    // The names of the catalog's levels and their endings, in lower case: what initials spell when they stand for a level ("GA").
    private readonly HashSet<string> _levelNames;
    // Initials that stand for two phrases of the catalog, each with the stems that only its apps use.
    private readonly Dictionary<string, List<(string Meaning, HashSet<string> Telling)>> _contested;
    private readonly Func<string, bool> _isKnown;
    private readonly PlannerWeights _weights;

    /// <param name="isKnown">Whether a word (lower case) is one the planner reads as it is: a stem of the catalog, an action, an app's name.</param>
    public CatalogWords(AccessCatalog catalog, PlannerWeights weights, Func<string, bool> isKnown)
    {
        _isKnown = isKnown;
        _weights = weights;
        var texts = catalog.Apps.SelectMany(TextsOf).ToList();
        _words = texts.SelectMany(Words.Tokenize).Select(w => w.Lower).Where(w => w.All(char.IsLetter)).ToHashSet(StringComparer.Ordinal);
        // "Minus 80 Freezers": the numbers the catalog writes after "minus", which people write with a sign ("the -80s").
        _minusNumbers = catalog.Entitlements.SelectMany(e => e.Scope?.Options ?? []).Concat(texts)
            .SelectMany(t => MinusNumber().Matches(t).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        _pairs = texts.SelectMany(t => t.Split([',', '.', ';', ':', '(', ')', '/']))
            .SelectMany(clause => Words.Tokenize(clause).Select(w => w.Lower).ToList() is var ws ? ws.Zip(ws.Skip(1), (a, b) => $"{a} {b}") : [])
            .ToHashSet(StringComparer.Ordinal);
        // Initials of two to five consecutive content words within one clause. Two phrases with the same
        // initials: the one the catalog uses more often ("pull requests" over "private repositories"), a use in a name
        // counting twice (people shorten names: "GA" for Global Administrator over a description's "GMP asset"); a tie names neither.
        var names = catalog.Apps.SelectMany(a => a.Entitlements.Select(e => e.Name).Prepend(a.Name)).ToHashSet(StringComparer.Ordinal);
        // A level's name and its endings of two words or more: "queue agent" of "Genesys Queue Agent" is the level too.
        _levelNames = catalog.Entitlements.Select(e => Words.Tokenize(e.Name).Select(w => w.Lower).ToList())
            .SelectMany(name => Enumerable.Range(0, Math.Max(1, name.Count - 1)).Select(k => string.Join(" ", name.Skip(k))))
            .ToHashSet(StringComparer.Ordinal);
        var phrases = new Dictionary<string, Dictionary<string, Phrase>>(StringComparer.Ordinal);
        var appStems = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var app in catalog.Apps)
        {
            var appTexts = TextsOf(app).ToList();
            appStems[app.Id] = appTexts.SelectMany(Words.ContentStems).ToHashSet(StringComparer.Ordinal);
            foreach (var text in appTexts)
            {
                var weight = names.Contains(text) ? 2 : 1;
                // "GWP" for "gift-with-purchase", "POS" for "point-of-sale": a term of three or more words joined by hyphens is
                // coined to be said as one, and shortened by all its initials, small words too.
                foreach (System.Text.RegularExpressions.Match term in HyphenatedTerm().Matches(text))
                {
                    var parts = Words.Tokenize(term.Value);
                    if (parts.Count > weights.LongestAcronym || parts.Any(w => !w.Lower.All(char.IsLetter))) continue;
                    Count(phrases, string.Concat(parts.Select(w => w.Lower[0])), string.Join(" ", parts.Select(w => w.Stem)),
                        string.Join(" ", parts.Select(w => w.Lower)), weight, app.Id, written: true);
                }
                foreach (var clause in text.Split([',', '.', ';', ':', '(', ')', '-', '–', '—', '/']))
                {
                    var words = Words.Tokenize(clause);
                    for (var i = 0; i < words.Count; i++)
                    {
                        // "PC" for "PolicyCenter": a name written as one word of capitalised parts, by the parts' initials.
                        if (CapitalisedParts(words[i].Text) is { Length: >= 2 } initialsOfParts && initialsOfParts.Length <= weights.LongestAcronym)
                            Count(phrases, initialsOfParts, words[i].Stem, words[i].Lower, weight, app.Id);
                        // "SNOW" for "ServiceNow": the first parts' initials and the last part whole.
                        if (LastPartWhole(words[i].Text) is { } nickname && nickname.Length <= weights.LongestAcronym)
                            Count(phrases, nickname, words[i].Stem, words[i].Lower, weight, app.Id);
                        for (var n = 2; n <= weights.LongestAcronym && i + n <= words.Count; n++)
                        {
                            var phrase = words.Skip(i).Take(n).ToList();
                            if (phrase.Any(w => FunctionWords.Contains(w.Lower) || !w.Lower.All(char.IsLetter))) break;
                            var initials = string.Concat(phrase.Select(w => w.Lower[0]));
                            var stems = string.Join(" ", phrase.Select(w => w.Stem));
                            // An abbreviation's own first letter is no initial ("HR Partner" is not "HP"): such a phrase
                            // still competes for its initials, but never names them.
                            var meaning = phrase.Any(Words.IsAcronym) ? null : string.Join(" ", phrase.Select(w => w.Lower));
                            // "Take assigned courses" said once is a sentence, not a term anyone shortens to "TAC": a phrase
                            // names its initials when the catalog uses it again, or writes it as a name ("Terminal Agency Coordinator").
                            Count(phrases, initials, stems, meaning, weight, app.Id, written: phrase.Skip(1).All(w => char.IsUpper(w.Text[0])));
                        }
                    }
                }
            }
        }
        _acronyms = new Dictionary<string, string>(StringComparer.Ordinal);
        _contested = new Dictionary<string, List<(string Meaning, HashSet<string> Telling)>>(StringComparer.Ordinal);
        foreach (var (initials, byStems) in phrases)
        {
            var ranked = byStems.Values.OrderByDescending(p => p.Count).ToList();
            // "with the VP" is a person, whatever catalog phrase ("view payroll") has the same initials.
            if (EverydayAbbreviations.Contains(initials)) continue;
            if ((ranked.Count == 1 || ranked[0].Count > ranked[1].Count) && ranked[0].Meaning is { } meaning
                && (ranked[0].Count >= 2 || ranked[0].WrittenAsAName)) _acronyms[initials] = meaning;
            // "CA" for "closed area" (the security office's) and for "control account" (earned value's), each said more than
            // once: the words of the apps each is used in, and no other's, tell which one a message means.
            var rivals = ranked.Where(p => p.Meaning is not null && p.Count >= 2).ToList();
            if (rivals.Count < 2) continue;
            var contexts = rivals.Select(p => p.Apps.SelectMany(id => appStems[id]).Except(p.Meaning!.Split(' ').Select(Words.Stem)).ToHashSet(StringComparer.Ordinal)).ToList();
            _contested[initials] = [.. rivals.Select((p, k) => (p.Meaning!, contexts[k].Where(stem => !contexts.Where((_, j) => j != k).Any(c => c.Contains(stem))).ToHashSet(StringComparer.Ordinal)))];
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![\p{L}-])\p{L}+(?:-\p{L}+){2,}(?![\p{L}-])")]
    private static partial System.Text.RegularExpressions.Regex HyphenatedTerm();

    private sealed record Phrase(string? Meaning, int Count, HashSet<string> Apps, bool WrittenAsAName);

    private static IEnumerable<string> TextsOf(App app) =>
        new[] { app.Name, app.Description }.Concat(app.Entitlements.SelectMany(e => new[] { e.Name, e.Description }.Concat(e.Actions)));

    /// <param name="written">The phrase is written as a name, its words after the first in capitals ("Terminal Agency Coordinator").</param>
    private static void Count(Dictionary<string, Dictionary<string, Phrase>> phrases, string initials, string stems, string? meaning, int weight, string appId,
        bool written = true)
    {
        var byStems = phrases.TryGetValue(initials, out var known) ? known : phrases[initials] = new(StringComparer.Ordinal);
        byStems[stems] = byStems.TryGetValue(stems, out var seen)
            ? seen with { Count = seen.Count + weight, Apps = [.. seen.Apps, appId], WrittenAsAName = seen.WrittenAsAName || written }
            : new Phrase(meaning, weight, new HashSet<string>(StringComparer.Ordinal) { appId }, written);
    }

    // "PolicyCenter" -> "pc", "OnBase" -> "ob"; null for a word that is not letters with capitals inside ("Radar", "IAM").
    private static string? CapitalisedParts(string text)
    {
        if (text.Length < 4 || !char.IsUpper(text[0]) || !text.All(char.IsLetter) || text.All(char.IsUpper)) return null;
        var initials = string.Concat(text.Where((c, i) => char.IsUpper(c) && (i == 0 || char.IsLower(text[i - 1]))));
        return initials.Length >= 2 ? initials.ToLowerInvariant() : null;
    }

    // "ServiceNow" -> "snow": the initials of all parts but the last, and the last whole; null unless the name has capitalised parts.
    private static string? LastPartWhole(string text)
    {
        if (CapitalisedParts(text) is not { Length: >= 2 }) return null;
        var last = Enumerable.Range(1, text.Length - 1).Last(i => char.IsUpper(text[i]) && char.IsLower(text[i - 1]));
        var initials = string.Concat(text[..last].Where((c, i) => char.IsUpper(c) && (i == 0 || char.IsLower(text[i - 1]))));
        return (initials + text[last..]).ToLowerInvariant();
    }

    /// <summary>The text with the catalog's words put back where the message shortened or misspelt them.</summary>
    /// <param name="kept">Spans of the text written as said ("Bao Tran", a person's name, is not "Bao transaction").</param>
    public string Normalize(string text, IReadOnlyList<(int Index, int Length)>? kept = null)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        HashSet<string>? said = null;
        HashSet<string> Said() => said ??= Words.ContentStems(text).ToHashSet(StringComparer.Ordinal);
        var words = Words.Tokenize(text);
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            if (kept is not null && kept.Any(k => w.Start >= k.Index && w.End <= k.Index + k.Length)) continue;
            if (Replacement(w, Said, inVerbSlot: i > 0 && VerbSlot.Contains(words[i - 1].Lower)) is not { } replacement) continue;
            // "the stage 4 GA drawings": initials that spell a level's name but describe the thing after them are the
            // company's jargon for that thing (general arrangement drawings), not the level ("GA for 2 hrs", "GA access").
            if (_levelNames.Contains(replacement) && i + 1 < words.Count && DescribesTheThingAfter(words[i], words[i + 1])) continue;
            result.Append(text, at, w.Start - at).Append(replacement);
            at = w.End;
        }
        var normalized = at == 0 ? text : result.Append(text, at, text.Length - at).ToString();
        return _minusNumbers.Count == 0 ? normalized
            : SignedNumber().Replace(normalized, m => _minusNumbers.Contains(m.Groups[1].Value) ? "minus " + m.Groups[1].Value : m.Value);
    }

    private readonly HashSet<string> _minusNumbers;

    [GeneratedRegex(@"\bminus\s+(\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex MinusNumber();

    // "-80" with its sign, not a range ("10-20") nor a part of a name ("dev-2"); "the -80s" are the things at minus 80.
    [GeneratedRegex(@"(?<![\w-])-(\d+)(?:s\b)?(?![\w])")]
    private static partial Regex SignedNumber();

    // A word of the catalog's or a plural noun, in the same clause and no word for access itself.
    private bool DescribesTheThingAfter(Word initials, Word next) =>
        Words.SideBySide(initials, next) && !Words.IsStopWord(next.Lower) && !AccessNouns.Contains(next.Lower)
        && (_words.Contains(next.Lower) || EntitlementActions.IsPluralNoun(next));

    // "so i can plan classes", "need to plan": a word where a verb stands is that verb, never a catalog noun cut short
    // ("plan" is not "planogram"; "tech" and "maint" are said as nouns).
    private static readonly HashSet<string> VerbSlot = ReadingLexicon.Set("verbSlotWords");

    private string? Replacement(Word w, Func<HashSet<string>> said, bool inVerbSlot)
    {
        var lower = w.Lower;
        if (Words.IsStopWord(lower) || _words.Contains(lower) || _isKnown(lower)) return null;
        return Numeronym(lower) ?? Acronym(w, said) ?? Joined(lower) ?? Misspelt(w) ?? (inVerbSlot && EnglishWords.Contains(lower) ? null : Clipped(lower)) ?? Repeated(lower);
    }

    // "dashcam" for the catalog's "dash cam": not an English word, and only one way of cutting it in two makes two catalog
    // words of three letters or more (a plural "s" kept on the second) that the catalog writes one after the other
    // ("backlog" is not "back log" where "back" and "log" only stand apart).
    private string? Joined(string lower)
    {
        if (lower.Length < 6 || !lower.All(char.IsLetter) || EnglishWords.Contains(lower)) return null;
        var splits = Enumerable.Range(3, lower.Length - 5)
            .Select(k => (First: lower[..k], Second: lower[k..]))
            .Where(p => !FunctionWords.Contains(p.First) && _words.Contains(p.First)
                && (_words.Contains(p.Second) && _pairs.Contains($"{p.First} {p.Second}")
                    || p.Second.Length > 3 && p.Second[^1] == 's' && _words.Contains(p.Second[..^1]) && _pairs.Contains($"{p.First} {p.Second[..^1]}")
                    || _pairs.Contains($"{p.First} {p.Second}s")))
            .ToList();
        return splits is [var only] ? $"{only.First} {only.Second}" : null;
    }

    // "reintegrate", "re-run": a catalog verb done again is that verb.
    private string? Repeated(string lower)
    {
        var rest = lower.StartsWith("re-", StringComparison.Ordinal) ? lower[3..] : lower.StartsWith("re", StringComparison.Ordinal) ? lower[2..] : null;
        return rest is { Length: >= 5 } && _words.Contains(rest) ? rest : null;
    }

    // "tech" for "technician", "techs" for "technicians": the start of exactly one catalog word (all its forms
    // count as one), four letters or more, said instead of the whole word. An English word that begins a
    // compound or takes an ending is that word: "head teller" is not "headcount", "clear" is not "clearance".
    private string? Clipped(string lower)
    {
        var stem = lower.Length > 4 && lower[^1] == 's' ? lower[..^1] : lower;
        if (stem.Length < 4 || !stem.All(char.IsLetter)) return null;
        var longer = _words.Where(c => c.Length >= stem.Length + 2 && c.StartsWith(stem, StringComparison.Ordinal)).ToList();
        if (longer.Count == 0 || longer.Select(Words.Stem).Distinct().Count() != 1) return null;
        var word = longer.MinBy(c => c.Length)!;
        // Nor is an English word a few letters short of another: "part" is not "partner", "plan" not "planner".
        if (EnglishWords.Contains(stem) && (EnglishWords.Contains(word[stem.Length..]) || DerivationalSuffixes.Contains(word[stem.Length..])
            || word.Length - stem.Length <= 3)) return null;
        return stem.Length < lower.Length && !word.EndsWith('s') ? word + "s" : word;
    }

    // "k8s", "i18n": first letter, how many letters are left out, last letter.
    private string? Numeronym(string lower)
    {
        if (lower.Length < 3 || !char.IsLetter(lower[0]) || !char.IsLetter(lower[^1]) || !int.TryParse(lower[1..^1], out var omitted) || omitted < 2) return null;
        var found = _words.Where(c => c.Length == omitted + 2 && c[0] == lower[0] && c[^1] == lower[^1]).Take(2).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    // "PR", "PRs", "OTM": written in capitals (in lower case too many are everyday words: "go", "pay"), two to five letters.
    // Initials two phrases of the catalog share are read by the other words of the message.
    private string? Acronym(Word w, Func<HashSet<string>> said)
    {
        var text = w.Text;
        var plural = text.Length > 2 && text[^1] == 's' && text[..^1].All(char.IsUpper);
        var core = plural ? text[..^1] : text;
        if (core.Length < 2 || core.Length > _weights.LongestAcronym || !core.All(char.IsLetter)) return null;
        if (!core.All(char.IsUpper)) return null;
        var initials = core.ToLowerInvariant();
        if (_contested.TryGetValue(initials, out var rivals))
        {
            var told = rivals.Select(r => (r.Meaning, Score: r.Telling.Count(said().Contains))).OrderByDescending(r => r.Score).ToList();
            if (told[0].Score > told[1].Score) return told[0].Meaning;
        }
        return _acronyms.GetValueOrDefault(initials) ?? Spelled(initials, plural);
    }

    // "PO" where the catalog writes "purchase orders" once: a general acronym (lexicon "expansions") whose words the catalog
    // writes one after the other is that phrase, plural when said so.
    private string? Spelled(string initials, bool plural)
    {
        if (Words.Expansion(initials) is not { Count: 2 } words) return null;
        var (first, last) = (words[0], words[1]);
        if (!_pairs.Contains($"{first} {last}") && !_pairs.Contains($"{first} {last}s")) return null;
        return plural ? $"{first} {last}s" : $"{first} {last}";
    }

    // One slip away (a letter added, dropped, changed, or two swapped) from exactly one catalog word, and not an
    // everyday word itself: "failing" was meant, not "filing".
    private string? Misspelt(Word w)
    {
        if (!w.Text.All(char.IsLower) || EnglishWords.Contains(w.Lower)) return null;
        // "aply payments", "chek cars in": a short word is read back only where it drops one letter of a pair said as one sound
        // (a doubled letter, or the "c" of "ck"), the slip least likely to make another word.
        if (w.Text.Length < _weights.MinimumCorrectedLength)
        {
            if (w.Text.Length < 4) return null;
            var undoubled = _words.Where(c => c.Length == w.Lower.Length + 1 && DropsALetterOfAPairSaidAsOne(c, w.Lower)).Take(2).ToList();
            return undoubled.Count == 1 ? undoubled[0] : null;
        }
        var near = _words.Where(c => Math.Abs(c.Length - w.Lower.Length) <= 1 && Words.EditDistance(c, w.Lower) == 1).Take(2).ToList();
        return near.Count == 1 ? near[0] : null;
    }

    // "apply" and "aply", "check" and "chek": the word is the catalog's with the first of two letters said as one left out.
    private static bool DropsALetterOfAPairSaidAsOne(string catalogWord, string said)
    {
        for (var i = 1; i < catalogWord.Length; i++)
            if ((catalogWord[i] == catalogWord[i - 1] || catalogWord[i - 1] == 'c' && catalogWord[i] == 'k')
                && string.Concat(catalogWord.AsSpan(0, i - 1), catalogWord.AsSpan(i)) == said) return true;
        return false;
    }
}
