using System.Text.RegularExpressions;

namespace IgaBot.Adapters.Planner;

/// <summary>One word of a message: where it is, its lower-case form and its normalised stem.</summary>
public readonly record struct Word(string Text, string Lower, string Stem, int Start, int End)
{
    /// <summary>Written with "'s" of a noun ("thursday's", "the plant's"), not of a pronoun ("it's", "that's", "let's").</summary>
    public bool IsPossessive { get; init; }
}

/// <summary>
/// English word handling shared by the extractors: tokenising, a light stemmer, a few general IT
/// spellings folded together (prod/production, admin/administrator, repo/repository) and stop words.
/// Nothing here knows any particular catalog.
/// </summary>
public static partial class Words
{
    // Letters of any script ("Altéa", "Müller", "São Paulo"), digits, and an apostrophe's ending ("can't", "Tom's").
    [GeneratedRegex(@"[\p{L}\p{Mn}0-9]+(?:['’]\p{L}+)?")]
    private static partial Regex WordPattern();

    /// <summary>
    /// Lower case without accents: "Altéa" and "Altea", "Cassiopée" and "Cassiopee" are one word, since people type
    /// product and place names both ways.
    /// </summary>
    public static string Fold(string text)
    {
        var lower = text.ToLowerInvariant();
        if (lower.All(char.IsAscii)) return lower;
        var decomposed = lower.Normalize(System.Text.NormalizationForm.FormD);
        var kept = decomposed.Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark);
        return string.Concat(kept).Normalize(System.Text.NormalizationForm.FormC);
    }

    private static readonly HashSet<string> Clitics = new(StringComparer.Ordinal) { "m", "ll", "ve", "re", "d" };

    // "it's", "that's", "let's": "'s" after these is "is", "has" or "us", never a possessive.
    private static readonly HashSet<string> PronounsWithIs = new(StringComparer.Ordinal)
        { "it", "that", "what", "there", "here", "let", "who", "he", "she", "where", "how", "this", "everyone", "everything", "nobody", "somebody", "someone" };

    private static readonly HashSet<string> NegationsWithoutApostrophe = Lexicon.Default.List("negationsWithoutApostrophe");

    public static IReadOnlyList<Word> Tokenize(string text)
    {
        var words = new List<Word>();
        foreach (Match m in WordPattern().Matches(text))
        {
            var raw = m.Value;
            var apostrophe = raw.IndexOfAny(['\'', '’']);
            var core = apostrophe > 0 ? raw[..apostrophe] : raw;
            var lower = Fold(core);
            if (apostrophe > 0 && raw[(apostrophe + 1)..].Equals("t", StringComparison.OrdinalIgnoreCase) && lower.EndsWith('n'))
            {
                // can't, don't, isn't: the negation matters more than the verb's spelling.
                lower = lower switch { "can" => "can", "won" => "will", _ => lower[..^1] };
                words.Add(new Word(core[..^1], lower, Stem(lower), m.Index, m.Index + core.Length - 1));
                words.Add(new Word("not", "not", "not", m.Index + core.Length - 1, m.Index + m.Length));
                continue;
            }
            if (apostrophe < 0 && NegationsWithoutApostrophe.Contains(lower))
            {
                // "dont", "wont": typed without the apostrophe, read as "don't", "won't".
                var verb = lower switch { "cant" => "can", "wont" => "will", _ => lower[..^2] };
                words.Add(new Word(core[..^2], verb, Stem(verb), m.Index, m.Index + core.Length - 2));
                words.Add(new Word("not", "not", "not", m.Index + core.Length - 2, m.Index + core.Length));
                continue;
            }
            // "I'm", "he'll", "we've", "they'd": the word ends after its clitic, so that it stands next to the word after it.
            var end = apostrophe > 0 && Clitics.Contains(raw[(apostrophe + 1)..].ToLowerInvariant()) ? m.Index + m.Length : m.Index + core.Length;
            var possessive = apostrophe > 0 && raw[(apostrophe + 1)..].Equals("s", StringComparison.OrdinalIgnoreCase) && !PronounsWithIs.Contains(lower);
            words.Add(new Word(core, lower, Stem(lower), m.Index, end) { IsPossessive = possessive });
        }
        // "setting up the quiz night" makes something: the verb "set", not the noun of an administrator's "settings".
        for (var i = 0; i + 1 < words.Count; i++)
            if (words[i].Lower == "setting" && words[i + 1].Lower == "up") words[i] = words[i] with { Stem = Stem("set") };
        // "no-show rates", "the no-fly list": "no" joined by a hyphen makes a word of its own, not a negation of the next.
        for (var i = 0; i + 1 < words.Count; i++)
            if (words[i].Lower == "no" && words[i + 1].Start == words[i].End + 1 && text[words[i].End] == '-')
            {
                var joined = "no" + words[i + 1].Lower;
                words[i] = new Word(text[words[i].Start..words[i + 1].End], joined, Stem(joined), words[i].Start, words[i + 1].End);
                words.RemoveAt(i + 1);
            }
        return JoinCompounds(words);
    }

    /// <summary>
    /// The terms a text writes as a word, a hyphen and a particle ("Read-on", "write-offs", "top-up"): one stem each,
    /// the word's stem and the particle joined by a hyphen ("read-on"). Compounds the lexicon already joins ("sign-in") are not among them.
    /// </summary>
    public static IEnumerable<string> HyphenatedCompounds(string text) =>
        HyphenatedCompound().Matches(text).Select(m => (Word: m.Groups[1].Value, Particle: m.Groups[2].Value.ToLowerInvariant()))
            .Where(c => Particles.Contains(c.Particle) && !Compounds.Contains(Fold(c.Word) + c.Particle))
            .Select(c => CompoundStem(Fold(c.Word), c.Particle));

    /// <summary>The stem of a word and a particle said as one term: "read" and "on" (or "reading on") are "read-on".</summary>
    public static string CompoundStem(string lowerWord, string particle) => $"{Stem(lowerWord)}-{particle}";

    /// <summary>Whether <paramref name="next"/> follows <paramref name="word"/> with at most a space between: no punctuation
    /// breaks the clause there.</summary>
    public static bool SideBySide(Word word, Word next) => next.Start <= word.End + 1;

    /// <summary>Whether a lower-case word is an adverb particle ("on", "off", "up").</summary>
    public static bool IsParticle(string lower) => Particles.Contains(lower);

    [GeneratedRegex(@"(?<![\p{L}-])(\p{L}{3,})-(\p{L}{2,4}?)s?(?![\p{L}-])")]
    private static partial Regex HyphenatedCompound();

    private static readonly HashSet<string> Particles = Lexicon.Default.List("particles");

    /// <summary>The stems of the content words of a text (no stop words), with acronyms expanded.</summary>
    public static IReadOnlyList<string> ContentStems(string text) => ContentStems(Tokenize(text));

    public static IReadOnlyList<string> ContentStems(IEnumerable<Word> words)
    {
        var stems = new List<string>();
        foreach (var w in words)
        {
            if (IsStopWord(w.Lower)) continue;
            stems.Add(w.Stem);
            if (Expansions.TryGetValue(w.Lower, out var more) || IsPluralAcronym(w.Text) && Expansions.TryGetValue(w.Lower[..^1], out more))
                stems.AddRange(more.Select(Stem));
        }
        return stems;
    }

    /// <summary>Edits (insert, delete, replace, swap two neighbours) between two words: "ledgre" is one from "ledger".</summary>
    public static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }

    /// <summary>A word written in capitals, two letters or more ("CAPA", "DMC", "PRs"): a name or an abbreviation, never a verb.</summary>
    public static bool IsAcronym(Word w) => IsAcronym(w.Text);

    /// <summary>The spelled-out words of a general acronym (lexicon "expansions": "po" is "purchase order"), or null.</summary>
    public static IReadOnlyList<string>? Expansion(string lower) => Expansions.GetValueOrDefault(lower);

    // "POs", "SARs": capitals and a small plural "s" (not "POS").
    private static bool IsPluralAcronym(string text) => text.Length > 2 && text[^1] == 's' && IsAcronym(text);

    /// <summary>"ETAs", "QA": capitals, a plural "s" aside.</summary>
    public static bool IsAcronym(string text)
    {
        var letters = text.Length > 2 && text[^1] == 's' ? text[..^1] : text;
        return letters.Count(char.IsLetter) >= 2 && letters.Where(char.IsLetter).All(char.IsUpper);
    }

    /// <summary>"MOC" of "MOC-2291", "CHG" of "CHG 0045": initials written before a record's number name the record; they say
    /// nothing of the access asked for.</summary>
    public static bool IsRecordPrefix(IReadOnlyList<Word> words, int i) =>
        IsAcronym(words[i]) && i + 1 < words.Count && words[i + 1].Start == words[i].End + 1
        && words[i + 1].Lower.Length >= 3 && words[i + 1].Lower.All(char.IsAsciiDigit);

    public static bool IsStopWord(string lower) => StopWords.Contains(lower) || lower.All(char.IsDigit);

    /// <summary>
    /// A light suffix stemmer: enough to make "editing", "edits" and "edited" meet, and "viewer" meet
    /// "view", without a dictionary. Stems are only compared with stems.
    /// </summary>
    public static string Stem(string lower) => Stem(lower, nounsToVerbs: true);

    /// <summary>"rotation", "adjustments": a noun made of a verb, which meets the verb's stem but asks for no action.</summary>
    public static bool IsNounOfAVerb(Word w) =>
        (w.Lower.EndsWith("ment", StringComparison.Ordinal) || w.Lower.EndsWith("ments", StringComparison.Ordinal)
            || w.Lower.EndsWith("ion", StringComparison.Ordinal) || w.Lower.EndsWith("ions", StringComparison.Ordinal))
        && w.Stem != InflectionStem(w.Lower);

    /// <summary>
    /// "approvals" -> "approv", "renewal" -> "renew", "disposal" -> "dispos": the verb's stem of a noun made with "-al" after v, s
    /// or w ("signal", "portal", "general" are no acts); null for any other word.
    /// </summary>
    public static string? VerbOfAlNoun(Word w)
    {
        var lower = w.Lower.EndsWith("als", StringComparison.Ordinal) ? w.Lower[..^1] : w.Lower;
        return lower.Length >= 7 && lower.All(char.IsLetter) && (lower.EndsWith("val", StringComparison.Ordinal) || lower.EndsWith("sal", StringComparison.Ordinal)
            || lower.EndsWith("wal", StringComparison.Ordinal)) ? Stem(lower[..^2]) : null;
    }

    /// <summary>"approver", "operators", "releaser": a doer's noun made of a verb (not "order", which is no one who ords).</summary>
    public static bool IsDoerNoun(Word w)
    {
        var lower = w.Lower.EndsWith('s') ? w.Lower[..^1] : w.Lower;
        if (lower.Length < 5 || !(lower.EndsWith("er", StringComparison.Ordinal) || lower.EndsWith("or", StringComparison.Ordinal))) return false;
        var verb = lower[..^2];
        // "submitter": the verb's last consonant doubled.
        var undoubled = verb.Length > 3 && verb[^1] == verb[^2] ? verb[..^1] : verb;
        return Stem(verb) == w.Stem || Stem(verb + "e") == w.Stem || Stem(lower[..^1]) == w.Stem || Stem(undoubled) == w.Stem;
    }

    /// <summary>The stem of the word's own form: "adjustments" stays apart from "adjust" (and "adjuster").</summary>
    public static string InflectionStem(string lower) => Stem(lower, nounsToVerbs: false);

    private static string Stem(string lower, bool nounsToVerbs)
    {
        if (Canonical.TryGetValue(lower, out var canonical)) return canonical;
        var w = lower;
        if (w.Length <= 3 || !w.All(char.IsLetter)) return w;
        if (w.EndsWith("ies") && w.Length > 4) w = w[..^3] + "y";
        else if (w.EndsWith("sses")) w = w[..^2];
        else if (w.EndsWith('s') && !w.EndsWith("ss") && !w.EndsWith("us") && !w.EndsWith("is")) w = w[..^1];
        if (Canonical.TryGetValue(w, out canonical)) return canonical;

        if (w.EndsWith("ing") && w.Length - 3 >= 3) w = Undouble(w[..^3]);
        else if (w.EndsWith("ed") && w.Length - 2 >= 3) w = Undouble(w[..^2]);
        else if ((w.EndsWith("er") || w.EndsWith("or")) && w.Length - 2 >= 4) w = Undouble(w[..^2]);
        else if (w.EndsWith("ly") && w.Length - 2 >= 4) w = w[..^2];
        // The noun of a verb meets the verb: "adjustments" / "adjust", "settlement" / "settle", "deletion" / "delete".
        // ("document", "argument": no verb before "ment" ends in "u".)
        if (nounsToVerbs && w.EndsWith("ment") && w.Length - 4 >= 4 && w[^5] is not ('u' or 'i')) w = w[..^4];
        else if (nounsToVerbs && w.EndsWith("ion") && w.Length - 3 >= 5) w = w[..^3];
        if (w.EndsWith('e') && w.Length > 3) w = w[..^1];
        return w;
    }

    private static string Undouble(string w) =>
        w.Length >= 3 && w[^1] == w[^2] && !"aeiouls".Contains(w[^1]) ? w[..^1] : w;

    // "on-call"/"on call", "sign-in", "log in": hyphenated or split compounds read as one word.
    private static List<Word> JoinCompounds(List<Word> words)
    {
        var joined = new List<Word>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            if (i + 1 < words.Count && words[i + 1].Start - words[i].End <= 1)
            {
                var pair = words[i].Lower + words[i + 1].Lower;
                // "set up an alert": a verb and its particle before an object stay a verb; "setup access" is the noun.
                var beforeObject = i + 2 < words.Count && words[i].End < words[i + 1].Start && ObjectStarts.Contains(words[i + 2].Lower);
                if (Compounds.Contains(pair) && !beforeObject)
                {
                    joined.Add(new Word(pair, pair, Stem(pair), words[i].Start, words[i + 1].End));
                    i++;
                    continue;
                }
            }
            joined.Add(words[i]);
        }
        return joined;
    }

    private static readonly HashSet<string> Compounds = Lexicon.Default.List("compounds");
    private static readonly HashSet<string> ObjectStarts = [.. Lexicon.Default.List("determiners"), "new"];

    // General IT spellings of one idea (lexicon "canonical"). Applied before stemming; the value is the stem.
    private static readonly Dictionary<string, string> Canonical = Lexicon.Default.Map("canonical");

    // General acronyms whose spelled-out words a catalog is likely to use instead (lexicon "expansions").
    private static readonly Dictionary<string, string[]> Expansions = Lexicon.Default.MultiMap("expansions");

    private static readonly HashSet<string> StopWords = Lexicon.Default.List("stopWords");
}
