using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>Finds which of an entitlement's scope options a message names ("the payments team", "OPS project").</summary>
public static partial class ScopeFinder
{
    // Nouns people put next to a scope value: "the payments team", "the OPS project", "the EU region".
    private static readonly HashSet<string> ScopeNouns = Lexicon.Default.List("scopeNouns");

    // "moving from compression to coating": words before a value the person is leaving.
    private static readonly HashSet<string> LeavingWords = Lexicon.Default.List("leavingWords");

    /// <summary>
    /// The option the text names (the catalog's spelling), or null when it names none or several
    /// equally. Words at <paramref name="ignoredWords"/> (an app's name) are not considered.
    /// </summary>
    public static string? Find(string text, EntitlementScope scope, ISet<int>? ignoredWords = null) =>
        Find(Words.Tokenize(text), scope, ignoredWords);

    /// <param name="byPart">
    /// Whether an option may be named by one part of it that no other option has ("chemistry" for <c>QC Chemistry</c>):
    /// right once the entitlement is known, too loose to say which app a message is about ("drivers" for <c>driver-app</c>).
    /// </param>
    public static string? Find(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords = null, bool byPart = true)
    {
        var label = Words.Stem(scope.Label.ToLowerInvariant());
        // Values set aside ("besides sports") are read as no mention at all.
        var setAside = Enumerable.Range(0, words.Count).Where(i => IsSetAside(words, i)).ToList();
        if (setAside.Count > 0) ignoredWords = new HashSet<int>(ignoredWords is null ? setAside : ignoredWords.Concat(setAside));
        var hits = new List<(string Option, int Strength, bool Leaving)>();
        var spans = new Dictionary<string, List<(int Start, int End)>>(StringComparer.Ordinal);
        var left = new HashSet<int>();
        foreach (var option in scope.Options)
        {
            // The option as the catalog writes it, and the other names the catalog gives it.
            var names = scope.Aliases.TryGetValue(option, out var aliases) ? aliases.Prepend(option) : [option];
            foreach (var name in names)
            {
                var phrase = Words.Tokenize(name);
                if (phrase.Count == 0) continue;
                var compact = Compact(name);
                for (var i = 0; i < words.Count; i++)
                {
                    var length = MatchLength(words, i, phrase, compact);
                    if (length == 0) continue;
                    if (ignoredWords is not null && Enumerable.Range(i, length).Any(ignoredWords.Contains)) continue;
                    var strength = 1;
                    var after = i + length < words.Count ? words[i + length] : (Word?)null;
                    var before = i > 0 ? words[i - 1] : (Word?)null;
                    if (after is { } a && (a.Stem == label || ScopeNouns.Contains(a.Lower))) strength = 3;
                    else if (before is { } b && (b.Stem == label || ScopeNouns.Contains(b.Lower))) strength = 2;
                    // Written as in the catalog ("OPS", "platform") beats a lower-case everyday use of the word.
                    if (string.Join(" ", words.Skip(i).Take(length).Select(w => w.Text)) == name) strength++;
                    var leaving = IsLeaving(words, i);
                    hits.Add((option, strength, leaving));
                    (spans.TryGetValue(option, out var at) ? at : spans[option] = []).Add((i, i + length));
                    if (leaving) left.UnionWith(Enumerable.Range(i, length));
                }
            }
        }
        // "moved me from the poker cage over to high limit": where only a value left behind is named in full, the other one may
        // be named in part.
        if (hits.Count > 0 && hits.All(h => h.Leaving))
        {
            var others = Find(words, scope, new HashSet<int>(ignoredWords is null ? left : ignoredWords.Concat(left)), byPart);
            if (others is not null && !hits.Any(h => h.Option == others)) return others;
        }
        if (hits.Count == 0) hits.AddRange(Abbreviated(words, scope, ignoredWords).Select(h => (h.Option, h.Strength, false)));
        if (hits.Count == 0) hits.AddRange(ByInitialAndNumber(words, scope, ignoredWords).Select(h => (h.Option, h.Strength, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(ByEveryPartApart(words, scope, ignoredWords).Select(option => (option, 1, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(ByItsNumbers(words, scope, ignoredWords).Select(option => (option, 1, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(ByWhatSetsItApart(words, scope, ignoredWords).Select(option => (option, 1, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(ByOwnPart(words, scope, ignoredWords).Select(h => (h.Option, h.Strength, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(ByLeadingWords(words, scope, ignoredWords).Select(option => (option, 1, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(ByModelPart(words, scope, ignoredWords).Select(option => (option, 1, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(ByCodeWithoutItsPrefix(words, scope, ignoredWords).Select(option => (option, 1, false)));
        if (hits.Count == 0 && byPart) hits.AddRange(Misspoken(words, scope, ignoredWords).Select(h => (h.Option, h.Strength, false)));
        if (hits.Count == 0) return null;
        // "from compression to the coating suite": the value left behind gives way to the other one named.
        var leavingOnly = hits.GroupBy(h => h.Option).Where(g => g.All(h => h.Leaving)).Select(g => g.Key).ToHashSet();
        if (leavingOnly.Count > 0 && leavingOnly.Count < hits.Select(h => h.Option).Distinct().Count())
            hits.RemoveAll(h => leavingOnly.Contains(h.Option));
        // "the juvenile drug court caseload": of two options said side by side as one thing, the last is its head.
        if (hits.Select(h => h.Option).Distinct().ToList() is [var first, var second] && HeadOf(first, second, spans) is { } head) return head;
        var best = hits.Max(h => h.Strength);
        var top = hits.Where(h => h.Strength == best).Select(h => h.Option).Distinct().ToList();
        return top.Count == 1 ? top[0] : null;
    }

    // Of two options each said once, the one said right after the other.
    private static string? HeadOf(string a, string b, Dictionary<string, List<(int Start, int End)>> spans) =>
        spans.TryGetValue(a, out var sa) && spans.TryGetValue(b, out var sb) && sa is [var x] && sb is [var y]
            ? x.End == y.Start ? b : y.End == x.Start ? a : null
            : null;

    /// <summary>
    /// How many words at <paramref name="i"/> name the option: word for word (or stem for stem), or run
    /// together or split differently ("dev2", "dev 2" and "dev-2"; "chi2" for "chi-2"). Zero when they do not.
    /// </summary>
    private static int MatchLength(IReadOnlyList<Word> words, int i, IReadOnlyList<Word> phrase, string compact)
    {
        if (i + phrase.Count <= words.Count)
        {
            var same = true;
            for (var k = 0; k < phrase.Count && same; k++)
                same = words[i + k].Lower == phrase[k].Lower || words[i + k].Stem == phrase[k].Stem || IsPluralOf(words[i + k], phrase[k])
                    || IsAdjectiveOf(words[i + k], phrase[k]);
            if (same) return phrase.Count;
        }
        // "Arts and Sciences" for "arts-sciences": the parts in order with an "and" between two of them.
        if (phrase.Count >= 2)
        {
            var k = 0;
            var at = i;
            while (k < phrase.Count && at < words.Count)
            {
                if (words[at].Lower == phrase[k].Lower || words[at].Stem == phrase[k].Stem) { k++; at++; }
                else if (k > 0 && words[at].Lower == "and") at++;
                else break;
            }
            if (k == phrase.Count) return at - i;
        }
        // "roll-off" for "rolloff": a word and its particle, written apart, are the one word the option runs together.
        if (compact.Length >= 3 && phrase.Count == 1 && i + 1 < words.Count && Words.IsParticle(words[i + 1].Lower)
            && Words.SideBySide(words[i], words[i + 1]) && Compact(words[i].Lower + words[i + 1].Lower) == compact) return 2;
        // Run together only where the option has letters and digits or several parts: "chi2", "northeast".
        if (compact.Length < 3 || (phrase.Count < 2 && !(compact.Any(char.IsDigit) && compact.Any(char.IsLetter)))) return 0;
        var joined = "";
        for (var k = 0; k < MaxJoinedWords && i + k < words.Count; k++)
        {
            joined += Compact(words[i + k].Lower);
            if (joined.Length > compact.Length) break;
            if (joined == compact && k + 1 != phrase.Count) return k + 1;
        }
        return 0;
    }

    /// <summary>
    /// The option a catalog text glosses with words the message says: "Medical coding ... - adverse events and medical history
    /// to MedDRA, concomitant medications to WHODrug" makes "code the AE terms" (read as "adverse events") MedDRA. A clause of
    /// the text that names exactly one option lends it its other words; two of them said, for exactly one option, name it.
    /// </summary>
    /// <param name="texts">The descriptions of the app and of the entitlement.</param>
    public static string? ByGloss(IReadOnlyList<Word> words, EntitlementScope scope, IEnumerable<string> texts, ISet<int>? ignoredWords = null)
    {
        var said = words.Where((_, i) => ignoredWords?.Contains(i) != true).Select(w => w.Stem).ToHashSet(StringComparer.Ordinal);
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var clause in texts.SelectMany(t => GlossBreak().Split(t)))
        {
            var parts = Words.Tokenize(clause);
            var options = scope.Options.Where(o => Find(parts, new EntitlementScope(scope.Label, [o]), byPart: false) is not null).ToList();
            if (options is not [var option]) continue;
            var own = Words.Tokenize(option).Select(w => w.Stem).ToHashSet(StringComparer.Ordinal);
            if (Words.ContentStems(parts).Where(st => !own.Contains(st)).Distinct().Count(said.Contains) >= GlossWordsSaid) named.Add(option);
        }
        return named.Count == 1 ? named.First() : null;
    }

    private const int GlossWordsSaid = 2;

    [System.Text.RegularExpressions.GeneratedRegex(@"[,;.:]|\s[-–—]\s")]
    private static partial System.Text.RegularExpressions.Regex GlossBreak();

    /// <summary>
    /// Options the catalog abbreviates, said in full: "Dallas" for <c>dal</c> or <c>dal-1</c>, "Chicago" for <c>chi-2</c>
    /// (the option's letters, three or more, begin a longer capitalised word of the message), when exactly one option's letters do.
    /// </summary>
    private static IEnumerable<(string Option, int Strength)> Abbreviated(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        var found = new List<(string Option, int Strength)>();
        foreach (var option in scope.Options)
        {
            var letters = new string([.. option.ToLowerInvariant().TakeWhile(char.IsLetter)]);
            var rest = option[letters.Length..];
            if (letters.Length < 3 || rest.Any(char.IsLetter)) continue;
            if (scope.Options.Count(o => o.StartsWith(letters, StringComparison.OrdinalIgnoreCase)) > 1) continue;
            for (var i = 0; i < words.Count; i++)
            {
                if (ignoredWords?.Contains(i) == true || Words.IsStopWord(words[i].Lower)) continue;
                // A name written as one ("Dallas"), not a lower-case word that happens to begin alike ("webhooks" for "web").
                if (char.IsUpper(words[i].Text[0]) && words[i].Lower.Length >= letters.Length + 2
                    && words[i].Lower.StartsWith(letters, StringComparison.Ordinal) && words[i].Lower.All(char.IsLetter))
                    found.Add((option, 1));
            }
        }
        return found.Select(f => f.Option).Distinct().Count() == 1 ? found : [];
    }

    /// <summary>
    /// Options of a name and a number said the way people write them on signs and rosters: the name's initials joined to
    /// the number ("T1" for <c>Terminal 1</c>, "B12" for <c>Building 12</c>, "WH-3" for <c>West Hangar 3</c>); only when
    /// exactly one option is written so.
    /// </summary>
    private static IEnumerable<(string Option, int Strength)> ByInitialAndNumber(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        var shortForms = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var option in scope.Options)
        {
            var parts = Words.Tokenize(option);
            if (parts.Count < 2 || !parts[^1].Lower.Any(char.IsDigit) || !parts.SkipLast(1).All(p => p.Lower.All(char.IsLetter) && p.Lower.Length >= 2)) continue;
            var shortForm = string.Concat(parts.SkipLast(1).Select(p => p.Lower[0])) + Compact(parts[^1].Lower);
            if (!shortForms.TryGetValue(shortForm, out var named)) shortForms[shortForm] = named = [];
            named.Add(option);
        }
        for (var i = 0; i < words.Count; i++)
        {
            if (ignoredWords?.Contains(i) == true) continue;
            var said = Compact(words[i].Lower);
            if (said.Length >= 2 && char.IsLetter(said[0]) && said.Any(char.IsDigit) && shortForms.TryGetValue(said, out var options) && options.Count == 1)
                yield return (options[0], 1);
        }
    }

    /// <summary>
    /// "my entries in the unit 1 log" for <c>Unit 1 Control Room</c>: the first words of an option (two or more, not all of it)
    /// that no other option holds in that order name it, where no single word does ("1" is too short to tell on its own).
    /// </summary>
    private static IEnumerable<string> ByLeadingWords(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        var parts = scope.Options.ToDictionary(o => o, o => Words.Tokenize(o).Select(w => w.Lower).ToList());
        foreach (var (option, own) in parts)
        {
            var named = Enumerable.Range(2, Math.Max(0, own.Count - 2)).Select(length => own.Take(length).ToList())
                .Any(lead => !lead.All(Words.IsStopWord) && !parts.Any(kv => kv.Key != option && Holds(kv.Value, lead)) && IsSaid(words, lead, ignoredWords));
            if (named) yield return option;
        }
    }

    /// <summary>
    /// "the APA farm" for <c>KAPA</c>, "SDL" for <c>KSDL</c>: an option that is a code in capitals, four letters or more, said in
    /// capitals without its first letter (a region's or a country's prefix people leave off among themselves), when exactly
    /// one option ends so.
    /// </summary>
    private static IEnumerable<string> ByCodeWithoutItsPrefix(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        var tails = scope.Options.Where(o => o.Length >= 4 && o.All(char.IsAsciiLetterUpper)).GroupBy(o => o[1..], StringComparer.Ordinal)
            .Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single(), StringComparer.Ordinal);
        var said = words.Where((w, i) => ignoredWords?.Contains(i) != true && tails.ContainsKey(w.Text)).Select(w => tails[w.Text]).Distinct().ToList();
        return said.Count == 1 ? said : [];
    }

    /// <summary>
    /// "need CRS on the ATR" for <c>ATR72</c>, "the 737s" for <c>B737</c>: an option written as one word of letters and a number,
    /// like a model, named by its letters or by its number (three digits or more), one or several, when no other option has that
    /// part.
    /// </summary>
    private static IEnumerable<string> ByModelPart(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        var parts = scope.Options.Select(o => (Option: o, Parts: ModelParts(o))).Where(o => o.Parts.Count > 0).ToList();
        var named = parts.Where(o => o.Parts.Any(part => parts.All(other => other.Option == o.Option || !other.Parts.Contains(part))
                && Enumerable.Range(0, words.Count).Any(i => ignoredWords?.Contains(i) != true
                    && (words[i].Lower == part || words[i].Lower == part + "s"))))
            .Select(o => o.Option).ToList();
        return named.Count == 1 ? named : [];
    }

    private static readonly System.Text.RegularExpressions.Regex ModelName = new(@"^([A-Za-z]{2,})(\d+)$|^([A-Za-z])(\d{3,})$",
        System.Text.RegularExpressions.RegexOptions.Compiled);

    // "ATR72" -> "atr" and "72" (the number only when three digits or more); nothing for a word that is not letters then digits.
    private static List<string> ModelParts(string option)
    {
        var m = ModelName.Match(option);
        if (!m.Success) return [];
        var letters = (m.Groups[1].Success ? m.Groups[1].Value : "").ToLowerInvariant();
        var digits = m.Groups[1].Success ? m.Groups[2].Value : m.Groups[4].Value;
        var result = new List<string>();
        if (letters.Length >= 2 && !Words.IsStopWord(letters)) result.Add(letters);
        if (digits.Length >= 3) result.Add(digits);
        return result;
    }

    /// <summary>
    /// "the oven on bun line 1 here in dayton" for <c>Dayton Bun 1</c>: every part of an option of several parts said, apart
    /// or in another order, where no part alone tells it from its siblings; only when exactly one option is named so.
    /// </summary>
    private static IEnumerable<string> ByEveryPartApart(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        // A number before a plural counts things ("the 2 terminals"); it names no option.
        var said = Enumerable.Range(0, words.Count).Where(i => ignoredWords?.Contains(i) != true
            && !(words[i].Lower.All(char.IsDigit) && i + 1 < words.Count && words[i + 1].Lower != words[i + 1].Stem && words[i + 1].Lower.EndsWith('s')))
            .Select(i => words[i]).ToList();
        var named = scope.Options.Where(option => Words.Tokenize(option).Where(p => !Words.IsStopWord(p.Lower) || p.Lower.All(char.IsDigit)).ToList() is { Count: >= 2 } parts
            && parts.Any(p => !p.Lower.All(char.IsDigit))
            && parts.All(p => said.Any(w => w.Lower == p.Lower || !p.Lower.All(char.IsDigit) && w.Stem == p.Stem))).ToList();
        return named.Count == 1 ? named : [];
    }

    /// <summary>
    /// "the 6 color 106" for <c>XL 106-6+L</c>: an option with two numbers or more, every one of them said (a press, a model, a
    /// version written with its numbers), when exactly one option is named so.
    /// </summary>
    private static IEnumerable<string> ByItsNumbers(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        // A number before a plural counts things ("the 2 terminals"); it names no option.
        var said = Enumerable.Range(0, words.Count).Where(i => ignoredWords?.Contains(i) != true && words[i].Lower.All(char.IsDigit)
            && !(i + 1 < words.Count && words[i + 1].Lower != words[i + 1].Stem && words[i + 1].Lower.EndsWith('s')))
            .Select(i => words[i].Lower).ToHashSet(StringComparer.Ordinal);
        if (said.Count < 2) return [];
        var named = scope.Options.Where(option => Words.Tokenize(option).Select(p => p.Lower).Where(p => p.All(char.IsDigit)).Distinct().ToList() is { Count: >= 2 } numbers
            && numbers.All(said.Contains)).ToList();
        return named.Count == 1 ? named : [];
    }

    // The words in order, side by side, none of them ignored.
    private static bool IsSaid(IReadOnlyList<Word> words, IReadOnlyList<string> phrase, ISet<int>? ignoredWords) =>
        Enumerable.Range(0, Math.Max(0, words.Count - phrase.Count + 1)).Any(i =>
            Enumerable.Range(0, phrase.Count).All(k => words[i + k].Lower == phrase[k] && ignoredWords?.Contains(i + k) != true
                && (k == 0 || Words.SideBySide(words[i + k - 1], words[i + k]))));

    private static bool Holds(IReadOnlyList<string> sequence, IReadOnlyList<string> part) =>
        Enumerable.Range(0, Math.Max(0, sequence.Count - part.Count + 1)).Any(i => Enumerable.Range(0, part.Count).All(k => sequence[i + k] == part[k]));

    // "the main channel": the word that picks, of values that all begin with one name, the one that is the name alone.
    private static readonly HashSet<string> MainWords = Lexicon.Default.List("mainWords");

    /// <summary>
    /// Options that all begin with the same name, each told apart by what follows it: "the lol channel" for <c>acme_lol</c> of
    /// <c>acme</c>, <c>acme_val</c>, <c>acme_lol</c>, however short that part ("cs"), and "the main channel" for the one
    /// that is the name alone. Only when exactly one option is named so.
    /// </summary>
    private static IEnumerable<string> ByWhatSetsItApart(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        if (scope.Options.Count < 2) return [];
        var parts = scope.Options.ToDictionary(o => o, o => Words.Tokenize(o).Select(w => w.Lower).ToList());
        // How many leading parts every option shares ("acme" of "acme_val").
        var first = parts[scope.Options[0]];
        var shared = 0;
        while (shared < first.Count && parts.Values.All(p => p.Count > shared && p[shared] == first[shared])) shared++;
        if (shared == 0) return [];
        bool Said(Func<string, bool> matches) =>
            Enumerable.Range(0, words.Count).Any(i => ignoredWords?.Contains(i) != true && matches(words[i].Lower));
        // "the main twitch channel", not "the main twitch": the word says which value only with the kind of value after it.
        var label = Words.Stem(scope.Label.ToLowerInvariant());
        bool SaidOfTheValue(Func<string, bool> matches) =>
            Enumerable.Range(0, words.Count).Any(i => ignoredWords?.Contains(i) != true && matches(words[i].Lower)
                && words.Skip(i + 1).Take(MaxJoinedWords).Any(w => w.Stem == label || ScopeNouns.Contains(w.Lower)));
        var named = parts.Where(kv => kv.Value.Skip(shared).ToList() switch
        {
            [] => SaidOfTheValue(MainWords.Contains),
            [var rest] => rest.Length >= 2 && !Words.IsStopWord(rest) && Said(w => w == rest),
            _ => false,
        }).Select(kv => kv.Key).ToList();
        return named.Count == 1 ? named : [];
    }

    /// <summary>
    /// Options of several parts said by a part no other option has: "the chemistry lab" for <c>QC Chemistry</c>, "the
    /// 031 study" for <c>IRB-2025-031</c>, "chem" for it cut short; only when exactly one option is named so.
    /// </summary>
    private static IEnumerable<(string Option, int Strength)> ByOwnPart(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        // A number of three digits or more, a code of digits and letters ("12K" of HP Indigo 12K), a word of four letters or more.
        static bool Telling(string part) => part.All(char.IsDigit) ? part.Length >= 3
            : part.Any(char.IsDigit) ? part.Length >= 2 : part.Length >= 4 && !Words.IsStopWord(part);
        var parts = scope.Options.ToDictionary(o => o, o => Words.Tokenize(o).Select(w => w.Lower).ToList());
        // "event build access" where the scope is the "event type" ("Football", "Special Events"): the label's own words
        // name the kind of value, never one value.
        var label = Words.Tokenize(scope.Label).Select(w => w.Stem).ToHashSet(StringComparer.Ordinal);
        var found = new List<(string Option, int Strength)>();
        foreach (var (option, own) in parts)
        {
            if (own.Count < 2) continue;
            var distinctive = own.Where(p => Telling(p) && parts.Where(kv => kv.Key != option).All(kv => !kv.Value.Contains(p))).ToList();
            for (var i = 0; i < words.Count; i++)
            {
                var w = words[i];
                if (ignoredWords?.Contains(i) == true || !Telling(w.Lower) || label.Contains(w.Stem)) continue;
                // "munis" for Municipal: a part cut short, in the plural or not.
                var cut = w.Lower.Length > 4 && w.Lower[^1] == 's' ? w.Lower[..^1] : w.Lower;
                if (distinctive.Any(d => d == w.Lower || !d.All(char.IsDigit) && (Words.Stem(d) == w.Stem
                        || cut.Length >= 4 && d.Length >= cut.Length + 2 && d.StartsWith(cut, StringComparison.Ordinal))))
                    found.Add((option, 1));
            }
            // "the Vireo RSV study" for RSV-405: a part in capitals, written as the catalog writes it, however short.
            var ownText = Words.Tokenize(option).Select(w => w.Text).ToList();
            for (var i = 0; i < words.Count; i++)
                if (ignoredWords?.Contains(i) != true && Words.IsAcronym(words[i]) && ownText.Contains(words[i].Text)
                    && own.Contains(words[i].Lower)
                    && parts.Where(kv => kv.Key != option).All(kv => !kv.Value.Contains(words[i].Lower)))
                    found.Add((option, 1));
            // "on U-200" for U200-Distillation: a part of letters and digits said split or hyphenated.
            foreach (var code in distinctive.Where(d => d.Any(char.IsDigit) && d.Any(char.IsLetter)))
                for (var i = 0; i + 1 < words.Count; i++)
                {
                    var joined = words[i].Lower;
                    for (var k = i + 1; k < Math.Min(words.Count, i + MaxJoinedWords) && joined.Length < code.Length && Words.SideBySide(words[k - 1], words[k]); k++)
                    {
                        joined += words[k].Lower;
                        if (joined == code && !Enumerable.Range(i, k - i + 1).Any(n => ignoredWords?.Contains(n) == true)) found.Add((option, 1));
                    }
                }
            // "the DR servers" for Disaster Recovery: the parts' initials written in capitals. Not a part the option has itself
            // ("XL" of XL 106-6+L, its numbers left out: a part shared by every press, said of another).
            var initials = string.Concat(own.Where(p => !Words.IsStopWord(p)).Select(p => p[0]));
            if (initials.Length >= 2 && !own.Contains(initials) && scope.Options.All(o => !o.Equals(initials, StringComparison.OrdinalIgnoreCase)))
                for (var i = 0; i < words.Count; i++)
                    if (ignoredWords?.Contains(i) != true && Words.IsAcronym(words[i]) && words[i].Lower.TrimEnd('s') == initials)
                        found.Add((option, 1));
            // "the LoL roster" for League of Legends: the initials of every part, a small word's written small between capitals.
            if (own.Any(Words.IsStopWord) && !Words.IsStopWord(own[0]) && !Words.IsStopWord(own[^1]))
            {
                var written = string.Concat(own.Select(p => Words.IsStopWord(p) ? p[0] : char.ToUpperInvariant(p[0])));
                for (var i = 0; i < words.Count; i++)
                    if (ignoredWords?.Contains(i) != true && words[i].Text == written) found.Add((option, 1));
            }
        }
        return found.Select(f => f.Option).Distinct().Count() == 1 ? found : [];
    }

    /// <summary>
    /// An option's word cut short ("maint" for <c>Maintenance</c>), one slip away ("surgcial" for <c>Surgical</c>) or written as
    /// three of its letters ("phx" for <c>Phoenix</c>), when the message word is no everyday English word and exactly one
    /// option is named so.
    /// </summary>
    private static IEnumerable<(string Option, int Strength)> Misspoken(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords)
    {
        var found = new List<(string Option, int Strength)>();
        foreach (var option in scope.Options)
        {
            var own = Words.Tokenize(option).Select(w => w.Lower).Where(p => p.Length >= 5 && p.All(char.IsLetter)).ToList();
            for (var i = 0; i < words.Count; i++)
            {
                var w = words[i].Lower;
                if (ignoredWords?.Contains(i) == true || Words.IsStopWord(w) || !w.All(char.IsLetter) || EnglishWords.Contains(w)) continue;
                if (own.Any(p => w.Length >= 4 && p.Length >= w.Length + 2 && p.StartsWith(w, StringComparison.Ordinal)
                        || w.Length >= 5 && Math.Abs(p.Length - w.Length) <= 1 && Words.EditDistance(p, w) == 1
                        || IsLettersOf(w, p)))
                    found.Add((option, 1));
            }
        }
        return found.Select(f => f.Option).Distinct().Count() == 1 ? found : [];
    }

    // "phx" for Phoenix, "abq" for Albuquerque: three letters, the first the word's, the rest in its order, the last two not
    // side by side in it ("pni" ends in a piece of "phoenix", "ni", and is no shortening of it).
    private static bool IsLettersOf(string said, string part)
    {
        if (said.Length != 3 || part.Length < 6 || said[0] != part[0] || part.Contains(said[1..], StringComparison.Ordinal)) return false;
        var at = 0;
        foreach (var c in said)
        {
            at = part.IndexOf(c, at);
            if (at < 0) return false;
            at++;
        }
        return true;
    }

    // "another account besides sports", "any site other than Dallas": the value named is the one not wanted.
    private static readonly HashSet<string> SetAsideWords = Lexicon.Default.List("setAsideWords");

    private static bool IsSetAside(IReadOnlyList<Word> words, int i)
    {
        // "besides the sports account": a determiner may stand between.
        var at = i > 0 && words[i - 1].Lower is "the" or "our" or "my" ? i - 1 : i;
        return at > 0 && (SetAsideWords.Contains(words[at - 1].Lower) || at > 1 && SetAsideWords.Contains($"{words[at - 2].Lower} {words[at - 1].Lower}"));
    }

    // The one or two words before word i (or before its "the") say the person is leaving what it names ("from", "instead of",
    // "moved me from the poker cage over to high limit").
    private static bool IsLeaving(IReadOnlyList<Word> words, int i)
    {
        var at = i > 0 && words[i - 1].Lower is "the" or "our" or "my" ? i - 1 : i;
        return at > 0 && (LeavingWords.Contains(words[at - 1].Lower) || at > 1 && LeavingWords.Contains($"{words[at - 2].Lower} {words[at - 1].Lower}"));
    }

    /// <summary>The most message words read together as one option ("dev", "2" → "dev-2").</summary>
    private const int MaxJoinedWords = 3;

    // "the U21s" for U21, "the DCs" for DC: a plural "s" on an option of letters and digits or of capitals.
    private static bool IsPluralOf(Word said, Word option) =>
        said.Lower.Length == option.Lower.Length + 1 && said.Lower[^1] == 's' && said.Lower.StartsWith(option.Lower, StringComparison.Ordinal)
        && (option.Lower.Any(char.IsDigit) && option.Lower.Any(char.IsLetter) || Words.IsAcronym(option));

    // "our defensive unit" for "defense", "the financial close" for "Finance", "regional" for "Region": the adjective of an
    // option's noun (-ive, -ial, -al, -ic) names it. Options of four letters or more only, so that short words stay apart.
    private static bool IsAdjectiveOf(Word said, Word option)
    {
        if (option.Stem.Length < 4 || !option.Lower.All(char.IsLetter)) return false;
        foreach (var ending in AdjectiveEndings)
        {
            if (!said.Lower.EndsWith(ending, StringComparison.Ordinal) || said.Lower.Length - ending.Length < 4) continue;
            var noun = said.Lower[..^ending.Length];
            if (noun == option.Stem || Words.Stem(noun) == option.Stem) return true;
        }
        return false;
    }

    private static readonly string[] AdjectiveEndings = ["ive", "ial", "al", "ic"];

    private static string Compact(string text) => new([.. text.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
}
