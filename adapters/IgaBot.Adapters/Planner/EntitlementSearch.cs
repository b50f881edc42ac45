using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>One ranked search result. <see cref="Why"/> says in words what matched.</summary>
public sealed record EntitlementMatch(Entitlement Entitlement, double Score, string Why)
{
    public required App App { get; init; }
    /// <summary>Cosine similarity of the query and the entitlement's text (app and entitlement name and description).</summary>
    public double Semantic { get; init; }
    /// <summary>IDF-weighted share of the query's words found in the entitlement's text; negative when they hit what it cannot do.</summary>
    public double Lexical { get; init; }
    /// <summary>Share of the words that tell this entitlement apart from its siblings ("Read Only", "Organization Owner") that the query says.</summary>
    public double NameMatch { get; init; }
    public bool AppMentioned { get; init; }
    /// <summary>How well it fits the words of the query, the app mention aside.</summary>
    public double Relevance { get; init; }
    /// <summary>The query's word stems found in the entitlement's text ("not x" for what it rules out).</summary>
    public IReadOnlyList<string> MatchedWords { get; init; } = [];
    /// <summary>The query asks for something the description says it cannot do ("no IAM changes").</summary>
    public bool Contradicted { get; init; }
}

/// <summary>Where a message names an app (its name, its id, its initials, an alias the catalog gives).</summary>
public sealed record AppMention(App App, int FirstWord, int WordCount, string Text);

/// <summary>
/// Semantic + lexical search over the catalog. Build it once per catalog with <see cref="BuildAsync"/>:
/// entitlement embeddings come from the <see cref="IEmbeddingCache"/> when their text is unchanged.
/// Searching is thread-safe; each search embeds the query once.
/// </summary>
public sealed class EntitlementSearch
{

    private readonly Dictionary<string, double> _documentFrequency;
    private readonly double _unknownWordWeight;
    private readonly List<(string[] Phrase, bool CaseSensitive, string Original, App App)> _aliases;

    private EntitlementSearch(AccessCatalog catalog, ITextEmbedder embedder, IReadOnlyList<IndexedEntitlement> entries,
        List<(string[] Phrase, bool CaseSensitive, string Original, App App)> aliases, PlannerWeights weights)
    {
        Weights = weights;
        Catalog = catalog;
        Embedder = embedder;
        Entries = entries;
        _aliases = aliases;
        _documentFrequency = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var e in entries)
            foreach (var stem in e.AllStems)
                _documentFrequency[stem] = _documentFrequency.GetValueOrDefault(stem) + 1;
        _unknownWordWeight = weights.UnknownWordIdfShare * Math.Log(entries.Count + 1.0);
        _scopePhrases = catalog.Apps
            .SelectMany(a => a.Entitlements.SelectMany(e => e.Scope?.Options ?? []).Select(o => (Phrase: Words.Tokenize(o).Select(w => w.Lower).ToArray(), AppId: a.Id)))
            .Where(p => p.Phrase.Length >= 2)
            .ToList();
        Fit = new ActionFit(entries, Lexicon.Default);
        CatalogWords = new CatalogWords(catalog, weights, lower => IsKnownStem(Words.Stem(lower)) || Fit.IsAction(Words.Stem(lower)) || IsAppWord(lower));
    }

    /// <summary>The catalog's words, to read shortened and misspelt forms of them in a message.</summary>
    public CatalogWords CatalogWords { get; }

    /// <summary>The message with the catalog's words put back where it shortened or misspelt them ("k8s", "PR", "dispacth").</summary>
    public string Normalize(string text) => CatalogWords.Normalize(text);

    /// <summary>The fit step over this catalog: which entitlements cover the actions a message asks for.</summary>
    public ActionFit Fit { get; }

    // Scope values of two or more words ("pharmacy-vault") with the app whose entitlement offers them.
    private readonly List<(string[] Phrase, string AppId)> _scopePhrases;

    public AccessCatalog Catalog { get; }
    /// <summary>The numbers every step of the planner weighs with.</summary>
    public PlannerWeights Weights { get; }
    public ITextEmbedder Embedder { get; }
    internal IReadOnlyList<IndexedEntitlement> Entries { get; }

    /// <summary>The text embedded for an entitlement; its hash is the cache key.</summary>
    public static string TextOf(App app, Entitlement entitlement) =>
        $"{app.Name}: {app.Description} {entitlement.Name}: {entitlement.Description}";

    public static async Task<EntitlementSearch> BuildAsync(
        AccessCatalog catalog, ITextEmbedder embedder, IEmbeddingCache cache, CancellationToken cancellationToken, PlannerWeights? weights = null)
    {
        var pairs = catalog.Apps.SelectMany(a => a.Entitlements.Select(e => (App: a, Entitlement: e))).ToList();
        var vectors = await embedder.EmbedCachedAsync(cache, pairs.Select(p => TextOf(p.App, p.Entitlement)).ToList(), cancellationToken);
        var aliases = BuildAliases(catalog);
        // One-word names of an app are dropped from its entitlement names: they say
        // which app, not which entitlement. Words of longer names ("Identity Admin Console") stay.
        var entries = pairs.Select((p, i) => IndexedEntitlement.Create(p.App, p.Entitlement, vectors[i],
            aliases.Where(a => a.App.Id == p.App.Id && a.Phrase.Length == 1).Select(a => Words.Stem(a.Phrase[0])).ToHashSet())).ToList();
        return new EntitlementSearch(catalog, embedder, entries, aliases, weights ?? PlannerWeights.Default);
    }

    /// <summary>Ranks every entitlement for the query, best first.</summary>
    public IReadOnlyList<EntitlementMatch> Search(string query, int limit = int.MaxValue) =>
        Search(query, Embedder.Embed(query), limit);

    /// <summary>Ranks with a query vector the caller already computed (one embedding per message).</summary>
    public IReadOnlyList<EntitlementMatch> Search(string query, float[] queryVector, int limit = int.MaxValue)
    {
        var words = Words.Tokenize(query);
        var mentions = FindApps(words);
        var mentioned = mentions.Select(m => m.App.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var content = Words.ContentStems(words.Where((_, i) => !mentions.Any(m => i >= m.FirstWord && i < m.FirstWord + m.WordCount)
                && !Privileges.IsGivingToSomeone(words, i)))
            .Distinct().ToList();
        var topical = content.Where(s => !Privileges.IsGenericLevelWord(s)).ToList();
        var changing = Privileges.NeedOf(words).Level >= PrivilegeLevel.Write;
        var matches = new List<EntitlementMatch>(Entries.Count);
        foreach (var entry in Entries)
        {
            var semantic = TextEmbeddings.Cosine(queryVector, entry.Vector);
            var (lexical, hits, contradicted) = Lexical(topical, entry, changing);
            var name = NameMatch(content, entry);
            var appMentioned = mentioned.Contains(entry.App.Id);
            // A role name said without its app ("create" ~ "Dashboard Creator") is weak evidence; part of a
            // longer one ("data" of "Data Entry") without its app is none: it would pick the app by a common word.
            var w = Weights;
            var nameWeight = appMentioned ? w.NameWeight
                : entry.DistinctiveNameStems.Count >= 2 ? (name >= 1 ? w.NameWeight : 0)
                : w.NameWeight / 2;
            var relevance = w.SemanticWeight * semantic + w.LexicalWeight * lexical + nameWeight * name;
            var score = relevance + (appMentioned ? w.AppMentionBonus : 0);
            matches.Add(new EntitlementMatch(entry.Entitlement, score, Explain(entry, appMentioned, hits, name, semantic))
            {
                App = entry.App,
                Semantic = semantic,
                Lexical = lexical,
                NameMatch = name,
                AppMentioned = appMentioned,
                Relevance = relevance,
                Contradicted = contradicted,
                MatchedWords = hits,
            });
        }
        return matches.OrderByDescending(m => m.Score).ThenBy(m => Privileges.Breadth(m.Entitlement)).Take(limit).ToList();
    }

    /// <summary>Apps the words name, longest name first at each position ("Amazon Web Services" before "Amazon").</summary>
    public IReadOnlyList<AppMention> FindApps(IReadOnlyList<Word> words)
    {
        var found = new List<AppMention>();
        for (var i = 0; i < words.Count; i++)
        {
            var best = 0;
            foreach (var alias in _aliases)
            {
                if (alias.Phrase.Length < best || i + alias.Phrase.Length > words.Count) continue;
                var ok = true;
                for (var k = 0; k < alias.Phrase.Length && ok; k++)
                    ok = words[i + k].Lower == alias.Phrase[k];
                if (ok && alias.CaseSensitive)
                    ok = string.Join(" ", words.Skip(i).Take(alias.Phrase.Length).Select(w => w.Text)) == alias.Original;
                if (!ok) continue;
                if (alias.Phrase.Length > best) found.RemoveAll(f => f.FirstWord == i);
                best = alias.Phrase.Length;
                if (!found.Any(f => f.FirstWord == i && f.App.Id == alias.App.Id))
                    found.Add(new AppMention(alias.App, i, alias.Phrase.Length, string.Join(" ", words.Skip(i).Take(alias.Phrase.Length).Select(w => w.Text))));
            }
            if (best == 0 && Misspelt(words, i) is { } near)
            {
                found.Add(near);
                best = near.WordCount;
            }
            if (best > 1) i += best - 1;
        }
        // "the pharmacy vault door" names a place that another app grants, not the Pharmacy app.
        found.RemoveAll(f => InsideOtherAppsScope(words, f));
        return found;
    }

    private bool InsideOtherAppsScope(IReadOnlyList<Word> words, AppMention mention)
    {
        foreach (var (phrase, appId) in _scopePhrases)
        {
            if (appId == mention.App.Id) continue;
            var earliest = Math.Max(0, mention.FirstWord + mention.WordCount - phrase.Length);
            for (var start = earliest; start <= mention.FirstWord && start + phrase.Length <= words.Count; start++)
            {
                if (start + phrase.Length < mention.FirstWord + mention.WordCount) continue;
                var same = true;
                for (var k = 0; k < phrase.Length && same; k++) same = words[start + k].Lower == phrase[k];
                if (same) return true;
            }
        }
        return false;
    }

    // An app name written apart ("pay desk" for PayDesk) or with one slip of the keyboard ("Dashbaord",
    // "Ledgre"). Only names of five letters or more, never a word the catalog itself uses, and never a
    // name that must be written with its capitals.
    private AppMention? Misspelt(IReadOnlyList<Word> words, int i)
    {
        var single = _aliases.Where(a => a.Phrase.Length == 1 && !a.CaseSensitive && a.Phrase[0].Length >= 5).ToList();
        if (i + 1 < words.Count)
        {
            var joined = words[i].Lower + words[i + 1].Lower;
            if (single.FirstOrDefault(a => a.Phrase[0] == joined) is { App: not null } split)
                return new AppMention(split.App, i, 2, $"{words[i].Text} {words[i + 1].Text}");
        }
        var w = words[i];
        if (w.Lower.Length < 5 || !w.Lower.All(char.IsLetter) || Words.IsStopWord(w.Lower) || IsKnownStem(w.Stem)) return null;
        var close = single.Where(a => Words.EditDistance(w.Lower, a.Phrase[0]) == 1).Select(a => a.App).DistinctBy(a => a.Id).ToList();
        return close.Count == 1 ? new AppMention(close[0], i, 1, w.Text) : null;
    }

    public IReadOnlyList<AppMention> FindApps(string text) => FindApps(Words.Tokenize(text));

    /// <summary>Whether a lower-case word is part of how some app is named (so it is not a person's name or a scope).</summary>
    public bool IsAppWord(string lower) => _aliases.Any(a => a.Phrase.Contains(lower));

    internal double Idf(string stem) =>
        _documentFrequency.TryGetValue(stem, out var df) ? Math.Log((Entries.Count + 1.0) / (df + 0.5)) : _unknownWordWeight;

    internal bool IsKnownStem(string stem) => _documentFrequency.ContainsKey(stem);

    /// <param name="changing">
    /// The query wants to change things: then a word the description only mentions ("be on an on-call
    /// rotation") counts less than one it lets you change ("edit schedules").
    /// </param>
    internal (double Score, List<string> Hits, bool Contradicted) Lexical(IReadOnlyCollection<string> content, IndexedEntitlement entry, bool changing = false)
    {
        double total = 0, matched = 0, ruledOut = 0, own = 0;
        var hits = new List<string>();
        var scopeOnly = new HashSet<string>();
        foreach (var stem in content)
        {
            var weight = Idf(stem);
            total += weight;
            double m;
            var w = Weights;
            if (entry.NameStems.Contains(stem)) m = w.NameWordCredit;
            else if (entry.DescriptionStems.Contains(stem)) m = changing && !entry.ChangeableStems.Contains(stem) ? w.MentionedWordCredit : w.DescriptionWordCredit;
            else if (entry.NegatedStems.Contains(stem)) m = w.RuledOutWordCredit;
            // A scope value says which team or project, not what is needed there.
            else if (entry.ScopeStems.Contains(stem)) { m = w.ScopeWordCredit; scopeOnly.Add(stem); }
            else if (entry.AppStems.Contains(stem)) m = w.AppWordCredit;
            else continue;
            matched += weight * m;
            if (Privileges.IsActionWord(stem)) { }
            else if (m < 0) ruledOut = Math.Max(ruledOut, weight);
            else if (m >= w.MentionedWordCredit) own = Math.Max(own, weight);
            hits.Add(m < 0 ? "not " + stem : scopeOnly.Contains(stem) ? "scope " + stem : stem);
        }
        // Ruled out when the most specific thing it excludes is at least as specific as the most specific
        // thing it offers (verbs aside; the level takes care of those): "change IAM" vs "no IAM changes",
        // "customer personal data" vs "No raw customer personal data"; but not "query revenue data",
        // where "data" is the vaguest word.
        return (total == 0 ? 0 : matched / total, hits, ruledOut > 0 && ruledOut >= own);
    }

    internal static double NameMatch(IReadOnlyCollection<string> content, IndexedEntitlement entry)
    {
        if (entry.DistinctiveNameStems.Count == 0) return 0;
        var said = entry.DistinctiveNameStems.Count(content.Contains);
        return (double)said / entry.DistinctiveNameStems.Count;
    }

    private static string Explain(IndexedEntitlement entry, bool appMentioned, List<string> hits, double name, double semantic)
    {
        var parts = new List<string>();
        if (appMentioned) parts.Add($"mentions {entry.App.Name}");
        if (name >= 1) parts.Add($"names \"{entry.Entitlement.Name}\"");
        if (hits.Count > 0) parts.Add("words: " + string.Join(", ", hits));
        parts.Add($"meaning {semantic:0.00}");
        return string.Join("; ", parts);
    }

    // How people name an app: its name, its id, its first word and the word every entitlement name
    // starts with ("XYZ" of "XYZ Read", "XYZ Admin"), the initials of a long name. Derived names that the catalog also uses as
    // ordinary lower-case words ("customer", "data") are dropped; app names that are everyday English
    // words must be written with their capitals ("Box", "Teams").
    private static List<(string[] Phrase, bool CaseSensitive, string Original, App App)> BuildAliases(AccessCatalog catalog)
    {
        var ordinary = catalog.Apps
            .SelectMany(a => new[] { a.Description }.Concat(a.Entitlements.Select(e => e.Description)))
            .SelectMany(Words.Tokenize)
            .Where(w => w.Text.Length > 0 && char.IsLower(w.Text[0]))
            .Select(w => w.Lower)
            .ToHashSet(StringComparer.Ordinal);
        bool Distinctive(string lower) => lower.Length >= 2 && !Words.IsStopWord(lower) && !ordinary.Contains(lower) && !EverydayWords.Contains(lower);

        var aliases = new List<(string[] Phrase, bool CaseSensitive, string Original, App App)>();
        void Add(App app, IReadOnlyList<Word> phrase, bool derived)
        {
            if (phrase.Count == 0) return;
            var lower = phrase.Select(w => w.Lower).ToArray();
            if (derived && (lower.Length != 1 || !Distinctive(lower[0]))) return;
            var caseSensitive = lower.Length == 1 && (EverydayWords.Contains(lower[0]) || ordinary.Contains(lower[0]));
            if (aliases.Any(a => a.App.Id == app.Id && a.Phrase.SequenceEqual(lower))) return;
            aliases.Add((lower, caseSensitive, string.Join(" ", phrase.Select(w => w.Text)), app));
        }

        foreach (var app in catalog.Apps)
        {
            var name = Words.Tokenize(app.Name);
            Add(app, name, derived: false);
            // The other names the catalog gives it (optional metadata: "k8s", "the board").
            foreach (var alias in app.Aliases) Add(app, Words.Tokenize(alias), derived: false);
            Add(app, Words.Tokenize(app.Id.Replace('-', ' ').Replace('_', ' ')), derived: true);
            if (name.Count > 1) Add(app, [name[0]], derived: true);
            if (name.Count >= 3 && name.All(w => char.IsUpper(w.Text[0])))
            {
                var initials = string.Concat(name.Select(w => w.Text[0]));
                Add(app, [new Word(initials, initials.ToLowerInvariant(), initials.ToLowerInvariant(), 0, initials.Length)], derived: true);
            }
            // Other names the description gives in brackets: "(Epic, also called Hyperspace)", "(LIS, Sunquest)".
            foreach (var other in BracketedNames(app.Description)) Add(app, other, derived: true);
            var firstWords = app.Entitlements.Select(e => Words.Tokenize(e.Name).FirstOrDefault()).ToList();
            if (firstWords.Count > 0 && firstWords.All(w => w.Text is not null && w.Lower == firstWords[0].Lower))
                Add(app, [firstWords[0]], derived: true);
        }

        // What kind of app it is, from the start of its description ("Finance ERP - ...", "HR system of
        // record"): people say "the finance system" or "the HR tool" rather than the product's name. A
        // kind word shared by two apps names neither.
        var kinds = catalog.Apps.ToDictionary(a => a.Id, a => KindWords(a.Description).ToHashSet(), StringComparer.Ordinal);
        var shared = kinds.Values.SelectMany(k => k).GroupBy(k => k.Lower).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        var scopeValues = catalog.Entitlements.SelectMany(e => e.Scope?.Options ?? []).Select(o => o.ToLowerInvariant()).ToHashSet();
        foreach (var app in catalog.Apps)
        {
            foreach (var kind in kinds[app.Id].Where(k => !shared.Contains(k.Lower)))
            {
                foreach (var noun in KindNouns)
                    Add(app, [kind, new Word(noun, noun, Words.Stem(noun), 0, noun.Length)], derived: false);
                // An acronym of a kind ("CRM", "ERP") is a name on its own, unless it is also a scope ("HR" project).
                if (kind.Text.Length >= 2 && kind.Text.All(char.IsUpper) && !scopeValues.Contains(kind.Lower))
                    Add(app, [kind], derived: true);
            }
        }
        return aliases;
    }

    // The capitalised words of an app description's brackets, one name per part between commas ("also called" and
    // "or" dropped): how the catalog says people also call the app. Parts of two words or more name nothing here.
    private static IEnumerable<IReadOnlyList<Word>> BracketedNames(string description)
    {
        foreach (System.Text.RegularExpressions.Match bracket in System.Text.RegularExpressions.Regex.Matches(description, @"\(([^()]*)\)"))
        {
            foreach (var part in bracket.Groups[1].Value.Split([',', ';', '/']))
            {
                var words = Words.Tokenize(part).Where(w => !Words.IsStopWord(w.Lower) && w.Lower is not ("also" or "called" or "known" or "aka")).ToList();
                if (words.Count == 1 && char.IsUpper(words[0].Text[0])) yield return words;
            }
        }
    }

    // Nouns that stand for "the app" in "the finance system", "the design tool".
    private static readonly HashSet<string> KindNouns = Lexicon.Default.List("appKindNouns");

    private static IEnumerable<Word> KindWords(string description)
    {
        var head = System.Text.RegularExpressions.Regex.Split(description,
            @"\s[-–—]\s|[:;,.()]|\s(?:used|with|for|of|on|outside|that|which|where|to|in|at|from|by)\s", System.Text.RegularExpressions.RegexOptions.IgnoreCase)[0];
        // "Acme's cloud accounts": the owner's name says whose, not what kind.
        head = System.Text.RegularExpressions.Regex.Replace(head, @"\w+['’]s\b", " ");
        return Words.Tokenize(head).Where(w => w.Lower.Length >= 2 && !Words.IsStopWord(w.Lower) && !KindNouns.Contains(w.Lower)
            && !Privileges.IsActionWord(w.Stem));
    }

    // Product names that are also everyday words; such an alias counts only when capitalised as in the catalog.
    private static readonly HashSet<string> EverydayWords = Lexicon.Default.List("everydayProductWords");
}

/// <summary>What the search knows about one entitlement: its vector and its words by role.</summary>
internal sealed record IndexedEntitlement(
    App App,
    Entitlement Entitlement,
    float[] Vector,
    HashSet<string> NameStems,
    HashSet<string> DistinctiveNameStems,
    HashSet<string> DescriptionStems,
    HashSet<string> NegatedStems,
    HashSet<string> ScopeStems,
    HashSet<string> AppStems,
    HashSet<string> ChangeableStems,
    PrivilegeLevel Capability)
{
    /// <summary>The verbs its description (or <c>actions</c>) grants and rules out.</summary>
    public GrantedActions Actions { get; init; } = GrantedActions.None;

    public IEnumerable<string> AllStems => NameStems.Concat(DescriptionStems).Concat(NegatedStems).Concat(ScopeStems).Concat(AppStems).Distinct();

    private static readonly HashSet<string> Negations = Lexicon.Default.List("negations");

    public static IndexedEntitlement Create(App app, Entitlement e, float[] vector, HashSet<string> aliasStems)
    {
        var name = Words.ContentStems(e.Name).Where(s => !aliasStems.Contains(s)).ToHashSet();
        // Words every sibling's name shares (the app's name) say nothing about which one is meant.
        var siblings = app.Entitlements.Where(s => s.Id != e.Id).Select(s => Words.ContentStems(s.Name).ToHashSet()).ToList();
        var distinctive = siblings.Count == 0
            ? name.ToHashSet()
            : name.Where(s => !siblings.All(sib => sib.Contains(s))).ToHashSet();
        var positive = new HashSet<string>();
        var negated = new HashSet<string>();
        var changeable = new HashSet<string>();
        foreach (var sentence in e.Description.Split(['.', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            var isNegated = false;
            // A clause without a verb of its own continues the previous one ("Create and edit accounts, contacts and opportunities").
            var changes = false;
            foreach (var clause in System.Text.RegularExpressions.Regex.Split(sentence, @"\s[-–—]\s|[,:()]"))
            {
                var words = Words.Tokenize(clause);
                var level = Privileges.NeedOf(words).Level;
                if (level != PrivilegeLevel.Unknown) changes = level >= PrivilegeLevel.Write;
                foreach (var w in words)
                {
                    if (Negations.Contains(w.Lower)) { isNegated = true; continue; }
                    foreach (var stem in Words.ContentStems([w]))
                    {
                        (isNegated ? negated : positive).Add(stem);
                        if (changes && !isNegated) changeable.Add(stem);
                    }
                }
            }
        }
        negated.ExceptWith(positive);
        var scope = e.Scope is null ? new HashSet<string>()
            : Words.ContentStems(string.Join(" ", e.Scope.Options.Prepend(e.Scope.Label))).ToHashSet();
        var appStems = Words.ContentStems(app.Name + " " + app.Description).ToHashSet();
        return new IndexedEntitlement(app, e, vector, name, distinctive, positive, negated, scope, appStems, changeable, Privileges.CapabilityOf(e))
        {
            Actions = EntitlementActions.Of(e),
        };
    }
}
