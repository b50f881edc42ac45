using System.Buffers;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>One ranked search result. <see cref="Why"/> says in words what matched.</summary>
public sealed record EntitlementMatch(Entitlement Entitlement, double Score)
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

    /// <summary>What matched, in words; written when read, since most matches of a search are never shown.</summary>
    public string Why
    {
        get
        {
            var parts = new List<string>();
            if (AppMentioned) parts.Add($"mentions {App.Name}");
            if (NameMatch >= 1) parts.Add($"names \"{Entitlement.Name}\"");
            if (MatchedWords.Count > 0) parts.Add("words: " + string.Join(", ", MatchedWords));
            parts.Add($"meaning {Semantic:0.00}");
            return string.Join("; ", parts);
        }
    }
}

/// <summary>Where a message names an app (its name, its id, its initials, an alias the catalog gives).</summary>
public sealed record AppMention(App App, int FirstWord, int WordCount, string Text);

/// <summary>
/// Semantic + lexical search over the catalog. Build it once per catalog with <see cref="BuildAsync"/>:
/// entitlement embeddings come from the <see cref="IEmbeddingCache"/> when their text is unchanged.
/// Searching is thread-safe; a query's text is encoded once (<see cref="Embedder"/> remembers recent ones).
/// </summary>
/// <remarks>
/// The vectors live in one contiguous matrix. A search with a limit scores every entitlement cheaply (one dot
/// product each, plus the words of the query looked up in an inverted index from word stem to entitlements),
/// then scores in full, and explains, only the few that can reach the top: the ranking is the same as scoring
/// everything in full.
/// </remarks>
public sealed partial class EntitlementSearch
{
    // How far the cheap score (float dot product) may be from the full one (cosine in double) and still be kept
    // for full scoring: far more than the rounding of 384 floats, far less than any weight.
    private const double CheapScoreSlack = 1e-4;

    private readonly Dictionary<string, double> _documentFrequency;
    private readonly double _unknownWordWeight;
    private readonly List<(string[] Phrase, bool CaseSensitive, string Original, App App)> _aliases;
    // The aliases by their first word, in catalog order, so finding apps looks only at the ones a word can start.
    private readonly Dictionary<string, List<int>> _aliasesByFirstWord;
    private readonly HashSet<string> _aliasWords;
    // One-word aliases a misspelling may stand for: those of five letters or more that need no capitals.
    private readonly Dictionary<string, List<int>> _misspellableByWord;
    // Each misspellable alias word and the words one letter shorter: two words one edit apart share one of them.
    private readonly Dictionary<string, List<string>> _byDeletion;

    private readonly float[] _matrix;
    private readonly float[] _inverseNorms;
    private readonly int _dimensions;
    // Word stem → the entitlements whose text has it, with the part of the text it is in.
    private readonly Dictionary<string, List<(int Entry, WordRole Role)>> _postings;
    // Word stem → the entitlements whose distinctive name words include it.
    private readonly Dictionary<string, List<int>> _namePostings;
    private readonly Dictionary<string, List<int>> _entriesByApp;
    // How many distinctive name words each entitlement has, by row: read for thousands of entitlements a search.
    private readonly int[] _distinctiveNameWords;

    private EntitlementSearch(AccessCatalog catalog, ITextEmbedder embedder, IReadOnlyList<IndexedEntitlement> entries, float[] matrix, int dimensions,
        List<(string[] Phrase, bool CaseSensitive, string Original, App App)> aliases, PlannerWeights weights)
    {
        Weights = weights;
        Catalog = catalog;
        Embedder = embedder as CachingTextEmbedder ?? new CachingTextEmbedder(embedder);
        Entries = entries;
        _offered = new(() => entries.ToDictionary<IndexedEntitlement, Entitlement, HashSet<string>>(e => e.Entitlement,
            e => e.NameStems.Concat(e.DescriptionStems).ToHashSet(StringComparer.Ordinal), ReferenceEqualityComparer.Instance));
        _aliases = aliases;
        _namingWords = new(() => NamingWordsOf(catalog));
        _mixedCaseWords = new(() => MixedCaseWordsOf(catalog));
        _matrix = matrix;
        _dimensions = dimensions;
        _inverseNorms = new float[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var norm = MathF.Sqrt(TensorPrimitives.Dot(Row(i), Row(i)));
            _inverseNorms[i] = norm == 0 ? 0 : 1 / norm;
        }

        _aliasesByFirstWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        _aliasWords = new HashSet<string>(StringComparer.Ordinal);
        _misspellableByWord = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        _byDeletion = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var a = 0; a < aliases.Count; a++)
        {
            var phrase = aliases[a].Phrase;
            (_aliasesByFirstWord.TryGetValue(phrase[0], out var list) ? list : _aliasesByFirstWord[phrase[0]] = []).Add(a);
            _aliasWords.UnionWith(phrase);
            if (phrase.Length != 1 || aliases[a].CaseSensitive || phrase[0].Length < 5) continue;
            if (_misspellableByWord.TryGetValue(phrase[0], out var same))
            {
                same.Add(a);
                continue;
            }
            _misspellableByWord[phrase[0]] = [a];
            foreach (var key in DeletionKeys(phrase[0]))
                (_byDeletion.TryGetValue(key, out var words) ? words : _byDeletion[key] = []).Add(phrase[0]);
        }

        _documentFrequency = new Dictionary<string, double>(StringComparer.Ordinal);
        _postings = new Dictionary<string, List<(int, WordRole)>>(StringComparer.Ordinal);
        _namePostings = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        _entriesByApp = new Dictionary<string, List<int>>(StringComparer.OrdinalIgnoreCase);
        _distinctiveNameWords = new int[entries.Count];
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            foreach (var stem in e.AllStems)
            {
                _documentFrequency[stem] = _documentFrequency.GetValueOrDefault(stem) + 1;
                (_postings.TryGetValue(stem, out var list) ? list : _postings[stem] = []).Add((i, RoleOf(e, stem)));
            }
            _distinctiveNameWords[i] = e.DistinctiveNameStems.Count;
            foreach (var stem in e.DistinctiveNameStems)
                (_namePostings.TryGetValue(stem, out var list) ? list : _namePostings[stem] = []).Add(i);
            (_entriesByApp.TryGetValue(e.App.Id, out var ofApp) ? ofApp : _entriesByApp[e.App.Id] = []).Add(i);
        }
        _unknownWordWeight = weights.UnknownWordIdfShare * Math.Log(entries.Count + 1.0);
        _scopePhrases = catalog.Apps
            .SelectMany(a => a.Entitlements.SelectMany(e => e.Scope?.Options ?? []).Select(o => (Phrase: Words.Tokenize(o).Select(w => w.Lower).ToArray(), AppId: a.Id)))
            .Where(p => p.Phrase.Length >= 2)
            .ToList();
        _scopeWords = catalog.Entitlements.SelectMany(e => e.Scope?.Options ?? []).SelectMany(Words.Tokenize)
            .Where(w => !Words.IsStopWord(w.Lower)).Select(w => w.Lower).ToHashSet(StringComparer.Ordinal);
        Fit = new ActionFit(entries, Lexicon.Default);
        CatalogWords = new CatalogWords(catalog, weights, lower => IsKnownStem(Words.Stem(lower)) || Fit.IsAction(Words.Stem(lower)) || IsAppWord(lower));
    }

    /// <summary>The catalog's words, to read shortened and misspelt forms of them in a message.</summary>
    public CatalogWords CatalogWords { get; }

    /// <summary>The message with the catalog's words put back where it shortened or misspelt them ("k8s", "PR", "dispacth").</summary>
    public string Normalize(string text, IReadOnlyList<(int Index, int Length)>? kept = null) => CatalogWords.Normalize(text, kept);

    /// <summary>The fit step over this catalog: which entitlements cover the actions a message asks for.</summary>
    public ActionFit Fit { get; }

    // Scope values of two or more words ("pharmacy-vault") with the app whose entitlement offers them.
    private readonly List<(string[] Phrase, string AppId)> _scopePhrases;

    // Every word of every scope value ("mercy" of "Mercy Hospital Expansion").
    private readonly HashSet<string> _scopeWords;

    /// <summary>Whether a lower-case word is a word of some scope value ("Riverside" of "Riverside Garage"): a place or project, not a person.</summary>
    public bool IsScopeWord(string lower) => _scopeWords.Contains(lower);

    public AccessCatalog Catalog { get; }
    /// <summary>The numbers every step of the planner weighs with.</summary>
    public PlannerWeights Weights { get; }
    /// <summary>Encodes queries, remembering the last few so a text is encoded once however many steps search for it.</summary>
    public ITextEmbedder Embedder { get; }
    internal IReadOnlyList<IndexedEntitlement> Entries { get; }

    /// <summary>The text embedded for an entitlement; its hash is the cache key.</summary>
    public static string TextOf(App app, Entitlement entitlement) =>
        $"{app.Name}: {app.Description} {entitlement.Name}: {entitlement.Description}";

    public static async Task<EntitlementSearch> BuildAsync(
        AccessCatalog catalog, ITextEmbedder embedder, IEmbeddingCache cache, CancellationToken cancellationToken, PlannerWeights? weights = null)
    {
        var pairs = catalog.Apps.SelectMany(a => a.Entitlements.Select(e => (App: a, Entitlement: e))).ToList();
        // The catalog's texts go to the encoder itself: they are cached in the store, not among recent queries.
        var encoder = embedder is CachingTextEmbedder caching ? caching.Inner : embedder;
        var vectors = await encoder.EmbedCachedAsync(cache, pairs.Select(p => TextOf(p.App, p.Entitlement)).ToList(), cancellationToken);
        var dimensions = vectors.Length == 0 ? 0 : vectors[0].Length;
        var matrix = new float[vectors.Length * dimensions];
        for (var i = 0; i < vectors.Length; i++)
        {
            if (vectors[i].Length != dimensions) throw new ArgumentException("Vectors of different models cannot be compared.");
            vectors[i].CopyTo(matrix, i * dimensions);
        }
        var aliases = BuildAliases(catalog);
        // One-word names of an app are dropped from its entitlement names: they say
        // which app, not which entitlement. Words of longer names ("Identity Admin Console") stay.
        var oneWordNames = aliases.Where(a => a.Phrase.Length == 1)
            .GroupBy(a => a.App.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(a => Words.Stem(a.Phrase[0])).ToHashSet(), StringComparer.Ordinal);
        var entries = pairs.Select((p, i) => IndexedEntitlement.Create(p.App, p.Entitlement, i,
            oneWordNames.TryGetValue(p.App.Id, out var names) ? names : [])).ToList();
        // A name of one telling word that other apps' descriptions use as an everyday word ("Reinsurance Accounting"
        // beside billing's "customer accounts") does not name this entitlement when a message says the word. A noun of
        // the same verb is another word: "commission adjustments" leave the "Adjuster" named.
        var describedBy = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var e in entries)
            foreach (var stem in Words.Tokenize(e.Entitlement.Description).Where(w => e.DescriptionStems.Contains(w.Stem)).Select(w => Words.InflectionStem(w.Lower)))
                (describedBy.TryGetValue(stem, out var apps) ? apps : describedBy[stem] = new(StringComparer.OrdinalIgnoreCase)).Add(e.App.Id);
        // With its app said ("editor on the twitch channel"), the word still names it when no sibling's name has it: the app
        // says which one is meant ("Viewer" of "Viewer (limited)" beside "Viewer" tells neither).
        var byApp = entries.ToLookup(e => e.App.Id, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < entries.Count; i++)
            if (entries[i].DistinctiveNameStems is { Count: 1 } one && describedBy.TryGetValue(one.First(), out var users) && users.Any(a => !a.Equals(entries[i].App.Id, StringComparison.OrdinalIgnoreCase)))
            {
                var own = entries[i];
                var told = !byApp[own.App.Id].Any(e => e.Row != own.Row && e.NameStems.Contains(one.First()));
                entries[i] = own with { DistinctiveNameStems = [], NameStemsWithItsApp = told ? one : [] };
            }
        return new EntitlementSearch(catalog, embedder, entries, matrix, dimensions, aliases, weights ?? PlannerWeights.Default);
    }

    private ReadOnlySpan<float> Row(int entry) => _matrix.AsSpan(entry * _dimensions, _dimensions);

    /// <summary>Ranks every entitlement for the query, best first.</summary>
    public IReadOnlyList<EntitlementMatch> Search(string query, int limit = int.MaxValue) =>
        Search(query, Embedder.Embed(query), limit);

    /// <summary>Ranks with a query vector the caller already computed (one embedding per message).</summary>
    /// <param name="appId">Only this app's entitlements, when given.</param>
    public IReadOnlyList<EntitlementMatch> Search(string query, float[] queryVector, int limit = int.MaxValue, string? appId = null)
    {
        if (queryVector.Length != _dimensions && Entries.Count > 0) throw new ArgumentException("Vectors of different models cannot be compared.");
        var q = new Query(this, query);
        IEnumerable<int> candidates;
        if (appId is not null)
            candidates = _entriesByApp.TryGetValue(appId, out var ofApp) ? ofApp : [];
        else if (limit >= Entries.Count)
            candidates = Enumerable.Range(0, Entries.Count);
        else
            candidates = Contenders(q, queryVector, Math.Max(1, limit));
        // Catalog order, then a stable sort: ties keep the catalog's order.
        return candidates.Order().Select(i => Match(q, queryVector, Entries[i]))
            .OrderByDescending(m => m.Score).ThenBy(m => Privileges.Breadth(m.Entitlement)).Take(limit).ToList();
    }

    /// <summary>
    /// "needs to be read on to Halberd": a word and a particle the catalog writes as one hyphenated term ("Read-on"), with
    /// the index of the word and the term's stem.
    /// </summary>
    public IEnumerable<(int Index, string Stem)> CompoundsIn(IReadOnlyList<Word> words)
    {
        for (var i = 0; i + 1 < words.Count; i++)
            if (Words.IsParticle(words[i + 1].Lower) && words[i + 1].Start - words[i].End <= 1
                && Words.CompoundStem(words[i].Lower, words[i + 1].Lower) is var compound && _postings.ContainsKey(compound))
                yield return (i, compound);
    }

    /// <summary>What a search needs to know about the query's words, read once.</summary>
    private sealed class Query
    {
        public Query(EntitlementSearch search, string text)
        {
            var words = Words.Tokenize(text);
            var mentions = search.FindApps(text);
            Mentioned = mentions.Select(m => m.App.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var kept = Enumerable.Range(0, words.Count).Where(i => !mentions.Any(m => i >= m.FirstWord && i < m.FirstWord + m.WordCount)
                && !Privileges.IsGivingToSomeone(words, i) && !Words.IsRecordPrefix(words, i)).ToList();
            Content = Words.ContentStems(kept.Select(i => words[i])).Distinct().ToList();
            foreach (var i in kept)
                foreach (var stem in Words.ContentStems([words[i]]))
                    (Positions.TryGetValue(stem, out var at) ? at : Positions[stem] = []).Add(i);
            foreach (var (i, compound) in search.CompoundsIn(words))
                if (kept.Contains(i) && !Content.Contains(compound))
                {
                    Content.Add(compound);
                    Positions[compound] = [i];
                }
            Topical = Content.Where(s => !Privileges.IsGenericLevelWord(s)).ToList();
            // "the weekly carrier settlement approvals" says the name "Carrier Settlement Approver": the noun of the act names
            // its doer in a name, though the two are no one word for the search.
            // The content itself unless such a noun adds a verb (a copy only then).
            Naming = Content;
            foreach (var i in kept)
                if (Words.VerbOfAlNoun(words[i]) is { } verb && !Naming.Contains(verb))
                {
                    if (ReferenceEquals(Naming, Content)) Naming = [.. Content];
                    Naming.Add(verb);
                    Positions[verb] = [i];
                }
            Changing = Privileges.NeedOf(words).Level >= PrivilegeLevel.Write;
            NarrowedBy = NarrowingWords(words, kept);
            // "refunds with no receipt", "no-receipt refunds": things the message itself says are lacking.
            for (var i = 1; i < words.Count; i++)
            {
                var before = i > 1 && words[i - 1].Lower is "a" or "an" or "the" ? i - 2 : i - 1;
                if (EntitlementActions.NounNegations.Contains(words[before].Lower))
                    Lacking.UnionWith(Words.ContentStems([words[i]]));
            }
        }

        /// <summary>What the message says is lacking ("no receipt"): a level that works without it agrees, it does not contradict.</summary>
        public HashSet<string> Lacking { get; } = new(StringComparer.Ordinal);

        // "aggregate numbers": each thing said only ever with a word before it that narrows it, with those words.
        private static Dictionary<string, HashSet<string>> NarrowingWords(IReadOnlyList<Word> words, IReadOnlyList<int> kept)
        {
            var narrowed = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var alone = new HashSet<string>(StringComparer.Ordinal);
            foreach (var i in kept)
            {
                var before = i > 0 && Words.SideBySide(words[i - 1], words[i]) && Words.ContentStems([words[i - 1]]).ToList() is [var one] && !Privileges.IsActionWord(one) ? one : null;
                foreach (var stem in Words.ContentStems([words[i]]))
                    if (before is null) alone.Add(stem);
                    else (narrowed.TryGetValue(stem, out var set) ? set : narrowed[stem] = new HashSet<string>(StringComparer.Ordinal)).Add(before);
            }
            foreach (var stem in alone) narrowed.Remove(stem);
            return narrowed;
        }

        public HashSet<string> Mentioned { get; }
        /// <summary>The content stems, with the verbs of nouns made of them ("approvals": "approv"), for name matching.</summary>
        public List<string> Naming { get; }
        public List<string> Content { get; }
        /// <summary>Where each content stem is said, by word index.</summary>
        public Dictionary<string, List<int>> Positions { get; } = new(StringComparer.Ordinal);
        public List<string> Topical { get; }
        public bool Changing { get; }
        /// <summary>The things the message only ever says with a word narrowing them ("aggregate numbers"), with those words.</summary>
        public Dictionary<string, HashSet<string>> NarrowedBy { get; }
    }

    private EntitlementMatch Match(Query q, float[] queryVector, IndexedEntitlement entry)
    {
        var semantic = TextEmbeddings.Cosine(queryVector, Row(entry.Row));
        var (lexical, hits, contradicted) = Lexical(q.Topical, entry, q.Changing, q.NarrowedBy, q.Lacking);
        var appMentioned = q.Mentioned.Contains(entry.App.Id);
        var name = NameMatch(q.Naming, appMentioned && entry.NameStemsWithItsApp.Count > 0 ? entry.NameStemsWithItsApp : entry.DistinctiveNameStems, q.Positions);
        var relevance = Weights.SemanticWeight * semantic + Weights.LexicalWeight * lexical + NameWeight(entry.DistinctiveNameStems.Count, appMentioned, name) * name;
        var score = relevance + (appMentioned ? Weights.AppMentionBonus : 0);
        return new EntitlementMatch(entry.Entitlement, score)
        {
            App = entry.App,
            Semantic = semantic,
            Lexical = lexical,
            NameMatch = name,
            AppMentioned = appMentioned,
            Relevance = relevance,
            Contradicted = contradicted,
            MatchedWords = hits,
        };
    }

    // A role name said without its app ("create" ~ "Dashboard Creator") is weak evidence; part of a
    // longer one ("data" of "Data Entry") without its app is none: it would pick the app by a common word.
    private double NameWeight(int distinctiveNameWords, bool appMentioned, double name) =>
        appMentioned ? Weights.NameWeight
        : distinctiveNameWords >= 2 ? (name >= 1 ? Weights.NameWeight : 0)
        : Weights.NameWeight / 2;

    /// <summary>
    /// The entitlements that can be among the best <paramref name="limit"/>: each scored cheaply (a float dot product
    /// for the meaning, the inverted index for the words), and kept when that score comes within a hair of the
    /// <paramref name="limit"/>-th best. An entitlement none of the query's words hit scores by meaning alone.
    /// </summary>
    private List<int> Contenders(Query q, float[] queryVector, int limit)
    {
        var n = Entries.Count;
        var w = Weights;
        var scores = ArrayPool<double>.Shared.Rent(n);
        var said = ArrayPool<int>.Shared.Rent(n);
        try
        {
            // A rented array holds whatever its last user left.
            Array.Clear(said, 0, n);
            var queryNorm = MathF.Sqrt(TensorPrimitives.Dot(queryVector, queryVector));
            ScoreMeanings(_matrix, _dimensions, _inverseNorms, queryVector, queryNorm == 0 ? 0 : w.SemanticWeight / queryNorm, scores.AsSpan(0, n));

            // The words: the same credits as Lexical, added up from the postings of each query word.
            var total = q.Topical.Sum(Idf);
            if (total != 0)
            {
                var credits = Enum.GetValues<WordRole>().Select(role => Credit(role, q.Changing)).ToArray();
                foreach (var stem in q.Topical)
                    if (_postings.TryGetValue(stem, out var postings))
                        AddWords(postings, credits, w.LexicalWeight * Idf(stem) / total, scores);
                // A thing a level rules out only as narrowed ("phone numbers"), said narrowed otherwise ("aggregate numbers"),
                // is not ruled out there (see IndexedEntitlement.RulesOut): credited as Lexical does.
                foreach (var stem in q.NarrowedBy.Keys)
                    if (_postings.TryGetValue(stem, out var postings) && q.Topical.Contains(stem))
                        foreach (var (entry, role) in postings)
                            if (role == WordRole.RuledOut && !Entries[entry].RulesOut(stem, q.Topical, q.NarrowedBy))
                            {
                                var instead = Entries[entry].ScopeStems.Contains(stem) ? credits[(int)WordRole.Scope]
                                    : Entries[entry].AppStems.Contains(stem) ? credits[(int)WordRole.App] : 0;
                                scores[entry] += w.LexicalWeight * Idf(stem) / total * (instead - credits[(int)WordRole.RuledOut]);
                            }
            }
            var mentioned = new HashSet<int>();
            foreach (var id in q.Mentioned)
                if (_entriesByApp.TryGetValue(id, out var ofApp))
                    foreach (var entry in ofApp)
                        if (mentioned.Add(entry)) scores[entry] += w.AppMentionBonus;
            var named = new List<int>();
            foreach (var stem in q.Content)
                if (_namePostings.TryGetValue(stem, out var naming))
                    foreach (var entry in naming)
                        if (said[entry]++ == 0) named.Add(entry);
            foreach (var entry in named)
            {
                var distinctive = _distinctiveNameWords[entry];
                var name = (double)said[entry] / distinctive;
                scores[entry] += NameWeight(distinctive, mentioned.Count > 0 && mentioned.Contains(entry), name) * name;
                said[entry] = 0;
            }
            return NearTheTop(scores.AsSpan(0, n), limit, CheapScoreSlack);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(said);
        }
    }

    // The hot loops are compiled optimised at once: the first searches after a start are not slower.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScoreMeanings(float[] matrix, int dimensions, float[] inverseNorms, float[] query, double scale, Span<double> scores)
    {
        for (var i = 0; i < scores.Length; i++)
            scores[i] = scale * inverseNorms[i] * TensorPrimitives.Dot(new ReadOnlySpan<float>(matrix, i * dimensions, dimensions), query);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddWords(List<(int Entry, WordRole Role)> postings, double[] credits, double weight, double[] scores)
    {
        foreach (var (entry, role) in CollectionsMarshal.AsSpan(postings))
            scores[entry] += weight * credits[(int)role];
    }

    // The indices whose score is within the slack of the limit-th best, in index order.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<int> NearTheTop(ReadOnlySpan<double> scores, int limit, double slack)
    {
        var best = new PriorityQueue<int, double>(limit + 1);
        for (var i = 0; i < scores.Length; i++)
        {
            if (best.Count < limit) best.Enqueue(i, scores[i]);
            else if (scores[i] > scores[best.Peek()]) best.EnqueueDequeue(i, scores[i]);
        }
        var threshold = scores[best.Peek()] - slack;
        var near = new List<int>(limit * 2);
        for (var i = 0; i < scores.Length; i++)
            if (scores[i] >= threshold) near.Add(i);
        return near;
    }

    private double Credit(WordRole role, bool changing) => role switch
    {
        WordRole.Name => Weights.NameWordCredit,
        WordRole.ChangeableDescription => Weights.DescriptionWordCredit,
        WordRole.Description => changing ? Weights.MentionedWordCredit : Weights.DescriptionWordCredit,
        WordRole.RuledOut => Weights.RuledOutWordCredit,
        WordRole.Scope => Weights.ScopeWordCredit,
        _ => Weights.AppWordCredit,
    };

    // The first part of an entitlement's text a stem is found in, in the order Lexical looks.
    private static WordRole RoleOf(IndexedEntitlement entry, string stem) =>
        entry.NameStems.Contains(stem) ? WordRole.Name
        : entry.DescriptionStems.Contains(stem) ? (entry.ChangeableStems.Contains(stem) ? WordRole.ChangeableDescription : WordRole.Description)
        : entry.NegatedStems.Contains(stem) ? WordRole.RuledOut
        : entry.ScopeStems.Contains(stem) ? WordRole.Scope
        : WordRole.App;

    private enum WordRole : byte { Name, ChangeableDescription, Description, RuledOut, Scope, App }

    // The word and each word one letter shorter.
    private static IEnumerable<string> DeletionKeys(string word)
    {
        yield return word;
        for (var i = 0; i < word.Length; i++) yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
    }

    /// <summary>Apps the words name, longest name first at each position ("Amazon Web Services" before "Amazon").</summary>
    public IReadOnlyList<AppMention> FindApps(IReadOnlyList<Word> words)
    {
        var found = new List<AppMention>();
        for (var i = 0; i < words.Count; i++)
        {
            var best = 0;
            foreach (var a in _aliasesByFirstWord.TryGetValue(words[i].Lower, out var starting) ? starting : [])
            {
                var alias = _aliases[a];
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
        // "per MOC-2304", "(MOC-2288)": an app's initials written before a record's number name that record, not the app asked for.
        found.RemoveAll(f => IsRecordNumber(words, f));
        return found.Select(f => SiblingNamedNearby(words, f) is { } sibling ? f with { App = sibling } : f).ToList();
    }

    // "override rights in the CRD compliance module" for the apps "Charles River IMS" (crd) and "Charles River Compliance"
    // (crd-compliance): the words said name one app, and a word close by that only a sibling app's name holds says it is the
    // sibling (one whose name or id also holds the words said).
    private App? SiblingNamedNearby(IReadOnlyList<Word> words, AppMention mention)
    {
        var said = words.Skip(mention.FirstWord).Take(mention.WordCount).Select(w => w.Lower).ToList();
        var own = _namingWords.Value[mention.App.Id];
        var near = Enumerable.Range(Math.Max(0, mention.FirstWord - SiblingWordReach), mention.WordCount + 2 * SiblingWordReach)
            .Where(i => i < words.Count && (i < mention.FirstWord || i >= mention.FirstWord + mention.WordCount))
            .Select(i => words[i].Lower).ToHashSet(StringComparer.Ordinal);
        var siblings = _namingWords.Value.Where(b => b.Key != mention.App.Id && said.All(b.Value.Contains)
            && b.Value.Any(w => !own.Contains(w) && !Words.IsStopWord(w) && near.Contains(w))).ToList();
        return siblings is [var only] ? Catalog.FindApp(only.Key) : null;
    }

    private const int SiblingWordReach = 4;

    /// <summary>
    /// Whether the mention says the app by its name, its id or an alias the catalog gives ("Intacct", "sage-intacct"), rather
    /// than only by a word read from its description ("AP" of "General ledger and AP/AR").
    /// </summary>
    public bool SaysItsName(AppMention mention)
    {
        var own = _namingWords.Value[mention.App.Id].Concat(mention.App.Aliases.SelectMany(a => Words.Tokenize(a)).Select(w => w.Lower)).ToList();
        // A name written apart ("pay desk") or with a slip of the keyboard ("Ledgre") is still the name.
        var said = Words.Tokenize(mention.Text).Select(w => w.Lower).Where(w => !Words.IsStopWord(w)).ToList();
        return own.Contains(string.Concat(said))
            || said.All(w => own.Any(o => o == w || w.Length >= 5 && Words.EditDistance(o, w) == 1));
    }

    // Each app's naming words (its name's words and its id's parts), read once per catalog: every message's app mentions look at them.
    private readonly Lazy<Dictionary<string, HashSet<string>>> _namingWords;

    private static Dictionary<string, HashSet<string>> NamingWordsOf(AccessCatalog catalog) => catalog.Apps.ToDictionary(a => a.Id,
        a => Words.Tokenize(a.Name).Select(w => w.Lower).Concat(a.Id.Split('-', '_')).ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);

    private static bool IsRecordNumber(IReadOnlyList<Word> words, AppMention mention) =>
        mention.WordCount == 1 && Words.IsRecordPrefix(words, mention.FirstWord);

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
    // "Ledgre"). Only names of five letters or more, never a word the catalog itself uses or an everyday word
    // ("Price" is a person, not PRIME), and never a name that must be written with its capitals.
    private AppMention? Misspelt(IReadOnlyList<Word> words, int i)
    {
        // "send jobs to it in Site Flow" is no "InSite": a function word written small is that word, not half of a name.
        if (i + 1 < words.Count && !(Words.IsStopWord(words[i].Lower) && words[i].Text.All(char.IsLower)))
        {
            var joined = words[i].Lower + words[i + 1].Lower;
            if (_misspellableByWord.TryGetValue(joined, out var split))
                return new AppMention(_aliases[split[0]].App, i, 2, $"{words[i].Text} {words[i + 1].Text}");
        }
        var w = words[i];
        if (w.Lower.Length < 5 || !w.Lower.All(char.IsLetter) || Words.IsStopWord(w.Lower) || IsKnownStem(w.Stem) || EnglishWords.Contains(w.Lower)) return null;
        var close = DeletionKeys(w.Lower)
            .SelectMany(key => _byDeletion.TryGetValue(key, out var near) ? near : [])
            .Distinct(StringComparer.Ordinal)
            .Where(name => Words.EditDistance(w.Lower, name) == 1)
            .SelectMany(name => _misspellableByWord[name].Select(a => _aliases[a].App))
            .DistinctBy(a => a.Id).Take(2).ToList();
        return close.Count == 1 ? new AppMention(close[0], i, 1, w.Text) : null;
    }

    /// <summary>The apps the text names, read with what the words alone do not show: hyphens and what is set aside.</summary>
    public IReadOnlyList<AppMention> FindApps(string text)
    {
        var words = Words.Tokenize(text);
        return FindApps(words).Where(m => !IsPartOfAHyphenatedWord(text, words, m) && !IsSetAside(text, words[m.FirstWord])).ToList();
    }

    // "a pass-up on the 7": an everyday word written small and joined by a hyphen to another is part of that word, not the
    // app "Trapeze PASS".
    private static bool IsPartOfAHyphenatedWord(string text, IReadOnlyList<Word> words, AppMention m)
    {
        if (m.WordCount != 1) return false;
        var w = words[m.FirstWord];
        return w.Text.All(char.IsLower) && EnglishWords.Contains(w.Lower)
            && (w.End + 1 < text.Length && text[w.End] == '-' && char.IsLetter(text[w.End + 1])
                || w.Start >= 2 && text[w.Start - 1] == '-' && char.IsLetter(text[w.Start - 2]));
    }

    // "push the alert myself instead of calling BOCC every time": an app named in what the person would rather not do is not
    // the one asked for. Nor is one the thing sought is said not to be in ("need a 1998 decree, its not in odyssey"); a person
    // who is not in it ("I'm not in Odyssey yet") asks for it.
    private static bool IsSetAside(string text, Word first)
    {
        var clauseStart = text.LastIndexOfAny(['.', '!', '?', ';', ','], Math.Max(0, first.Start - 1)) + 1;
        var before = text[clauseStart..first.Start];
        return SetAsideBefore.IsMatch(before) || NotFoundIn().IsMatch(before);
    }

    private static readonly System.Text.RegularExpressions.Regex SetAsideBefore =
        new($@"\b{ReadingLexicon.Alternation("appSetAsideBefore")}\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Compiled);

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(?:it|its|it['’]s|that|that['’]s|this|they|they['’]re|which)\s+(?:(?:is|are|was|were)\s+not|(?:is|are|was|were)n['’]?t|not)\s+(?:in|on|from)\s+(?:the\s+)?$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex NotFoundIn();

    /// <summary>
    /// The app a word of the catalog's own jargon names: a coined word, one the catalog writes with capitals inside ("LookML")
    /// or one run together from two English words ("gamelift", "wishlist"), that is itself no English word, no word of access,
    /// no scope value and no app's name, and that only one app's texts hold, when the search also ranks that app among the
    /// best. A rare English word ("attrition") is no jargon. Null when no such word is said, or when two point at different apps.
    /// </summary>
    /// <param name="words">The words that ask.</param>
    /// <param name="searchedApps">The apps of the best matches of the search: the jargon must name one of them.</param>
    public App? AppOfJargon(IReadOnlyList<Word> words, IReadOnlySet<string> searchedApps)
    {
        App? found = null;
        foreach (var w in words)
        {
            if (w.Lower.Length < 4 || !w.Lower.All(char.IsLetter) || EnglishWords.Contains(w.Lower) || IsScopeWord(w.Lower) || IsAppWord(w.Lower)
                || Privileges.IsActionWord(w.Stem) || Privileges.IsGenericLevelWord(w.Stem) || !_postings.TryGetValue(w.Stem, out var postings)
                || !(_mixedCaseWords.Value.Contains(w.Lower) || IsRunTogether(w.Lower)) || IntentClassifier.HasStrongAccessCue(w.Text)) continue;
            var apps = postings.Where(p => p.Item2 is not (WordRole.RuledOut or WordRole.Scope)).Select(p => Entries[p.Item1].App.Id)
                .Distinct(StringComparer.Ordinal).ToList();
            if (apps is not [var only] || !searchedApps.Contains(only)) continue;
            if (found is not null && found.Id != only) return null;
            found = Catalog.FindApp(only);
        }
        return found;
    }

    // "gamelift", "wishlists": two English words of three letters or more run together (a plural "s" kept on the second).
    private static bool IsRunTogether(string lower)
    {
        var word = lower.Length > 6 && lower[^1] == 's' && !EnglishWords.Contains(lower[..^1]) ? lower[..^1] : lower;
        for (var k = 3; k <= word.Length - 3; k++)
            if (EnglishWords.Contains(word[..k]) && EnglishWords.Contains(word[k..])) return true;
        return false;
    }

    // The catalog's words written with capitals inside ("LookML", "GameLift"), in lower case, read once per catalog.
    private readonly Lazy<HashSet<string>> _mixedCaseWords;

    private static HashSet<string> MixedCaseWordsOf(AccessCatalog catalog) => catalog.Apps
        .SelectMany(a => new[] { a.Name, a.Description }.Concat(a.Entitlements.SelectMany(e => new[] { e.Name, e.Description })))
        .SelectMany(t => Words.Tokenize(t ?? ""))
        .Where(w => w.Text.Skip(1).Any(char.IsUpper) && w.Text.Any(char.IsLower))
        .Select(w => w.Lower).ToHashSet(StringComparer.Ordinal);

    /// <summary>Whether a lower-case word is part of how some app is named (so it is not a person's name or a scope).</summary>
    public bool IsAppWord(string lower) => _aliasWords.Contains(lower);

    internal double Idf(string stem) =>
        _documentFrequency.TryGetValue(stem, out var df) ? Math.Log((Entries.Count + 1.0) / (df + 0.5)) : _unknownWordWeight;

    internal bool IsKnownStem(string stem) => _documentFrequency.ContainsKey(stem);

    /// <summary>Whether the entitlement's name or description offers any of the stems (words it says it cannot do aside).</summary>
    internal bool Offers(Entitlement entitlement, IReadOnlySet<string> stems) => OfferedStems(entitlement).Overlaps(stems);

    /// <summary>The stems the entitlement's own name and description offer (not the app's; words it says it cannot do aside).</summary>
    internal IReadOnlySet<string> OfferedStems(Entitlement entitlement) =>
        _offered.Value.TryGetValue(entitlement, out var stems) ? stems : new HashSet<string>();

    // Built on first use: most messages never ask.
    private readonly Lazy<Dictionary<Entitlement, HashSet<string>>> _offered;

    /// <param name="changing">
    /// The query wants to change things: then a word the description only mentions ("be on an on-call
    /// rotation") counts less than one it lets you change ("edit schedules").
    /// </param>
    /// <param name="narrowedBy">The things the message only says with a word before them ("aggregate numbers"), with those words.</param>
    internal (double Score, List<string> Hits, bool Contradicted) Lexical(IReadOnlyCollection<string> content, IndexedEntitlement entry, bool changing = false,
        IReadOnlyDictionary<string, HashSet<string>>? narrowedBy = null, IReadOnlySet<string>? lacking = null)
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
            // "return a pump with no receipt" of "process refunds without a receipt": both say it is lacking.
            else if (lacking?.Contains(stem) == true && entry.NegatedStems.Contains(stem)) m = w.DescriptionWordCredit;
            else if (entry.RulesOut(stem, content, narrowedBy)) m = !changing && entry.UnchangeableStems.Contains(stem) ? w.MentionedWordCredit : w.RuledOutWordCredit;
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

    // The share of the entitlement's distinctive name words the message says. Words of a name are said together: "Service
    // Agent" is not named by "the bag agents ... the service desk", so name words said apart count as one.
    internal static double NameMatch(IReadOnlyCollection<string> content, IReadOnlyCollection<string> nameStems, IReadOnlyDictionary<string, List<int>>? positions = null)
    {
        if (nameStems.Count == 0) return 0;
        var said = nameStems.Where(content.Contains).ToList();
        if (said.Count >= 2 && positions is not null && !SaidTogether(said, positions)) return 1.0 / nameStems.Count;
        return (double)said.Count / nameStems.Count;
    }

    // Whether one occurrence of each stem falls within a phrase or two ("clerk for order entry", "the usage decisions in
    // SAP for the Durham batches"): at most twice their number and four more words apart.
    private static bool SaidTogether(IReadOnlyList<string> stems, IReadOnlyDictionary<string, List<int>> positions)
    {
        if (!stems.All(positions.ContainsKey)) return true;
        var span = 2 * stems.Count + 4;
        return positions[stems[0]].Any(start => stems.All(s => positions[s].Any(p => Math.Abs(p - start) <= span)));
    }

    /// <summary>
    /// "c7" for Commerce7, "d365" for Dynamics 365 (and for Microsoft Dynamics 365): a name that ends in a number is said by
    /// the first letter of its word, or of its last words, and the number.
    /// </summary>
    internal static IEnumerable<string> NumberedShortNames(IReadOnlyList<Word> name)
    {
        if (name is [var one] && NumberedWord().Match(one.Lower) is { Success: true } m)
            yield return m.Groups[1].Value[0] + m.Groups[2].Value;
        else if (name.Count >= 2 && name[^1].Lower.All(char.IsDigit) && name.SkipLast(1).All(w => w.Lower.Length >= 2 && w.Lower.All(char.IsLetter)))
        {
            yield return string.Concat(name.SkipLast(1).Select(w => w.Lower[0])) + name[^1].Lower;
            if (name.Count >= 3) yield return name[^2].Lower[0] + name[^1].Lower;
        }
    }

    // The initials of a name, and of the name before an edition written in capitals ("FE" of "Financial Edge NXT").
    private static IEnumerable<string> InitialsOf(IReadOnlyList<Word> name)
    {
        if (name.Count >= 2) yield return string.Concat(name.Select(w => char.ToUpperInvariant(w.Text[0])));
        if (name.Count >= 3 && IsEdition(name[^1].Text)) yield return string.Concat(name.Take(name.Count - 1).Select(w => char.ToUpperInvariant(w.Text[0])));
    }

    // A word of the name after its product's words, written in capitals as an edition is ("NXT", "ONE"), not an initialism of
    // words the name also spells out.
    private static bool IsEdition(string text) => text.Length is >= 2 and <= 4 && text.All(char.IsUpper);

    // "Time & Expense": two capitalised words joined by an ampersand; the groups are their first letters.
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(\p{Lu})\p{Ll}{2,}\s*&\s*(\p{Lu})\p{Ll}{2,}\b")]
    private static partial System.Text.RegularExpressions.Regex JoinedByAmpersand();

    [System.Text.RegularExpressions.GeneratedRegex(@"^([a-z]{3,})(\d+)$")]
    private static partial System.Text.RegularExpressions.Regex NumberedWord();

    // How people name an app: its name, its id, its first word and the word every entitlement name
    // starts with ("XYZ" of "XYZ Read", "XYZ Admin"), the initials of a long name. Derived names that the catalog also uses as
    // ordinary lower-case words ("customer", "data") are dropped; app names that are everyday English
    // words must be written with their capitals ("Box", "Teams").
    private static List<(string[] Phrase, bool CaseSensitive, string Original, App App)> BuildAliases(AccessCatalog catalog)
    {
        var ordinary = catalog.Apps
            .SelectMany(a => new[] { a.Description }.Concat(a.Entitlements.Select(e => e.Description)))
            .SelectMany(Words.Tokenize)
            .Where(w => w.Text.Length > 0 && char.IsLower(w.Text[0]) && !w.Text.Any(char.IsUpper))
            .Select(w => w.Lower)
            .ToHashSet(StringComparer.Ordinal);
        bool Distinctive(string lower) => lower.Length >= 2 && !Words.IsStopWord(lower) && !ordinary.Contains(lower) && !EverydayWords.Contains(lower);

        var aliases = new List<(string[] Phrase, bool CaseSensitive, string Original, App App)>();
        var known = new HashSet<(string AppId, string Phrase)>();
        void Add(App app, IReadOnlyList<Word> phrase, bool derived)
        {
            if (phrase.Count == 0) return;
            var lower = phrase.Select(w => w.Lower).ToArray();
            if (derived && (lower.Length != 1 || !Distinctive(lower[0])))
            {
                // "StoreFront" of "EFI MarketDirect StoreFront", though the catalog also writes "storefronts" small: written with
                // the capitals inside it, the word is the name.
                if (lower.Length == 1 && IsCamelCase(phrase[0].Text) && !Words.IsStopWord(lower[0])) AddCapitalised(app, phrase[0]);
                return;
            }
            var caseSensitive = lower.Length == 1 && (EverydayWords.Contains(lower[0]) || ordinary.Contains(lower[0]));
            if (!known.Add((app.Id, string.Join('\u001f', lower)))) return;
            aliases.Add((lower, caseSensitive, string.Join(" ", phrase.Select(w => w.Text)), app));
        }
        void AddCapitalised(App app, Word word)
        {
            if (known.Add((app.Id, word.Lower))) aliases.Add(([word.Lower], true, word.Text, app));
        }
        // Of a name of capitalised words, its initials; of a two-word name of everyday words ("AD" for Active Directory, not
        // "HO" for a brand such as Hyland OnBase), only written in capitals, as two letters in lower case are too often a word.
        void AddInitials(App app, IReadOnlyList<Word> words)
        {
            if (words.Count < 2 || !words.All(w => char.IsUpper(w.Text[0]) && char.IsLetter(w.Text[0]))) return;
            var initials = string.Concat(words.Select(w => w.Text[0]));
            var initialsWord = new Word(initials, initials.ToLowerInvariant(), initials.ToLowerInvariant(), 0, initials.Length);
            if (words.Count >= 3) Add(app, [initialsWord], derived: true);
            else if (words.All(w => EnglishWords.Contains(w.Lower)) && !FunctionWords.Contains(initialsWord.Lower)
                && Distinctive(initialsWord.Lower)) AddCapitalised(app, initialsWord);
        }

        var appsUsing = new Lazy<Dictionary<string, int>>(() => AppsUsingEachWord(catalog));
        // Each app's name in lower case, its words joined by one space, read once for every app's shortened name.
        var lowerNames = new Lazy<Dictionary<string, string>>(() => catalog.Apps.ToDictionary(a => a.Id,
            a => string.Join(' ', Words.Tokenize(a.Name).Select(w => w.Lower)), StringComparer.Ordinal));
        var leadingPartCounts = new Lazy<Dictionary<string, int>>(() => catalog.Apps
            .SelectMany(a => Words.Tokenize(a.Name).Select(w => LeadingPart(w.Text)).OfType<string>().Distinct(StringComparer.Ordinal))
            .GroupBy(p => p, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal));
        foreach (var app in catalog.Apps)
        {
            var name = Words.Tokenize(app.Name);
            Add(app, name, derived: false);
            // "iLottery Back Office" of "iLottery Back Office (NeoGames)": what a name adds in brackets is left out when said.
            var unbracketed = System.Text.RegularExpressions.Regex.Replace(app.Name, @"\s*\([^()]*\)", "").Trim();
            if (unbracketed.Length > 0 && unbracketed != app.Name) Add(app, Words.Tokenize(unbracketed), derived: false);
            // The other names the catalog gives it (optional metadata: "k8s", "the board").
            foreach (var alias in app.Aliases) Add(app, Words.Tokenize(alias), derived: false);
            Add(app, Words.Tokenize(app.Id.Replace('-', ' ').Replace('_', ' ')), derived: true);
            if (name.Count > 1) Add(app, [name[0]], derived: true);
            // "Ad Manager" of "Google Ad Manager": the product's name without its maker's, two words or more, written with its
            // capitals as the catalog writes them, where no other app's name holds those words.
            if (name.Count >= 3 && name.Skip(1).All(w => char.IsUpper(w.Text[0])) && string.Join(' ', name.Skip(1).Select(w => w.Lower)) is var product
                && lowerNames.Value.All(o => o.Key == app.Id || !o.Value.Contains(product, StringComparison.Ordinal))
                && known.Add((app.Id, string.Join('\u001f', name.Skip(1).Select(w => w.Lower)))))
                aliases.Add(([.. name.Skip(1).Select(w => w.Lower)], true, string.Join(" ", name.Skip(1).Select(w => w.Text)), app));
            // "CSRA" for Claroty Secure Remote Access; "FE" of "Financial Edge NXT", "RE" of "Raiser's Edge NXT": the initials of
            // the name, and of the name before an edition written in capitals.
            AddInitials(app, name);
            if (name.Count >= 3 && IsEdition(name[^1].Text)) AddInitials(app, [.. name.Take(name.Count - 1)]);
            // "T&E" of "Bullhorn Time & Expense": two words joined by "&" in the name are said by their initials around it.
            foreach (System.Text.RegularExpressions.Match joined in JoinedByAmpersand().Matches(app.Name))
            {
                var pair = $"{joined.Groups[1].Value} {joined.Groups[2].Value}";
                if (known.Add((app.Id, pair.ToLowerInvariant().Replace(' ', '\u001f'))))
                    aliases.Add(([joined.Groups[1].Value.ToLowerInvariant(), joined.Groups[2].Value.ToLowerInvariant()], true, pair, app));
            }
            foreach (var shortName in NumberedShortNames(name)) Add(app, [new Word(shortName, shortName, shortName, 0, shortName.Length)], derived: true);
            // Other names the description gives in brackets: "(Epic, also called Hyperspace)", "(LIS, Sunquest)".
            foreach (var other in BracketedNames(app)) Add(app, other, derived: true);
            foreach (var part in RunTogetherNames(name, leadingPartCounts.Value)) Add(app, [part], derived: true);
            // "p4" of p4-read, p4-write and p4-admin: the start every entitlement id of the app shares is the catalog's own
            // short name for the app. Three letters or fewer only in capitals, as an abbreviation ("PC", not "my pc").
            if (SharedIdPrefix(app) is { } prefix)
            {
                if (prefix.Length > 3 || !prefix.All(char.IsLetter)) Add(app, [new Word(prefix, prefix, Words.Stem(prefix), 0, prefix.Length)], derived: true);
                // "RE" of re-viewer and re-admin in "Raiser's Edge NXT": a prefix that is also the name's initials is its short name,
                // in capitals, though it is an everyday word.
                else if (Distinctive(prefix) || InitialsOf(name).Contains(prefix.ToUpperInvariant()))
                    AddCapitalised(app, new Word(prefix.ToUpperInvariant(), prefix, Words.Stem(prefix), 0, prefix.Length));
            }
            var firstWords = app.Entitlements.Select(e => Words.Tokenize(e.Name).FirstOrDefault()).ToList();
            if (firstWords.Count > 0 && firstWords.All(w => w.Text is not null && w.Lower == firstWords[0].Lower))
                Add(app, [firstWords[0]], derived: true);
            // "DCS" of "Altéa DCS Check-in Agent" and "Altéa DCS Supervisor": an abbreviation that names several of the app's
            // entitlements and nothing of any other app is what people call the app.
            foreach (var acronym in SharedAcronyms(app, appsUsing)) AddCapitalised(app, acronym);
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

    // "StoreFront", "MarketDirect": a capital after the first letter, among small letters (not "PASS", not "Store").
    private static bool IsCamelCase(string text) => text.Length >= 4 && text.Skip(1).Any(char.IsUpper) && text.Any(char.IsLower);

    // The capitalised words of an app description's brackets, one name per part between commas ("also called" and
    // "or" dropped): how the catalog says people also call the app. Parts of two words or more name nothing here, and
    // neither does a word one of the app's entitlements is named by ("(VEE)" beside "MDM VEE Analyst"): that word says
    // which entitlement, not which app.
    private static IEnumerable<IReadOnlyList<Word>> BracketedNames(App app)
    {
        var entitlementNames = app.Entitlements.SelectMany(e => Words.Tokenize(e.Name)).Select(w => w.Lower).ToHashSet(StringComparer.Ordinal);
        foreach (System.Text.RegularExpressions.Match bracket in System.Text.RegularExpressions.Regex.Matches(app.Description, @"\(([^()]*)\)"))
        {
            foreach (var part in bracket.Groups[1].Value.Split([',', ';', '/']))
            {
                // "also called", "formerly", "aka": the lower-case words around a name say how it relates, they are not the name.
                var words = Words.Tokenize(part).Where(w => !Words.IsStopWord(w.Lower) && !(char.IsLower(w.Text[0]) && EnglishWords.Contains(w.Lower))
                    && w.Lower is not ("also" or "called" or "known" or "aka")).ToList();
                if (words.Count == 1 && char.IsUpper(words[0].Text[0]) && !entitlementNames.Contains(words[0].Lower)) yield return words;
            }
        }
    }


    // "BarraOne" and "Barra" for MSCI BarraOne: a word run together from capitalised parts is a product's own name, said
    // without the words around it; and people shorten it to its first part, when that part is a name of its own (four
    // letters or more, not an English word, not the first part of another app's name).
    private static IEnumerable<Word> RunTogetherNames(IReadOnlyList<Word> name, Dictionary<string, int> leadingPartCounts)
    {
        foreach (var word in name)
        {
            if (LeadingPart(word.Text) is not { } part) continue;
            if (name.Count > 1) yield return word;
            if (part.Length < 4 || leadingPartCounts.GetValueOrDefault(part) != 1 || EnglishWords.Contains(part) || Words.IsStopWord(part)) continue;
            var text = word.Text[..part.Length];
            yield return new Word(text, part, Words.Stem(part), 0, text.Length);
        }
    }

    // The first part (before a '-' or '_') that the ids of all of an app's entitlements share, when it has two or more.
    private static string? SharedIdPrefix(App app)
    {
        if (app.Entitlements.Count < 2) return null;
        var prefixes = app.Entitlements.Select(e => e.Id.Split('-', '_') is [var first, _, ..] ? first.ToLowerInvariant() : null).Distinct().ToList();
        return prefixes is [{ } only] && only.Any(char.IsLetter) ? only : null;
    }

    // The lower-case first part of a word run together from capitalised parts ("barra" of "BarraOne"), or null.
    private static string? LeadingPart(string word)
    {
        if (word.Length < 2 || !char.IsUpper(word[0])) return null;
        for (var i = 1; i < word.Length; i++)
        {
            if (!char.IsLetter(word[i])) return null;
            if (char.IsUpper(word[i])) return char.IsLower(word[i - 1]) ? word[..i].ToLowerInvariant() : null;
        }
        return null;
    }

    // Acronyms (two to five capitals) in the names of at least two of the app's entitlements that no other app's name,
    // description or entitlements use.
    private static IEnumerable<Word> SharedAcronyms(App app, Lazy<Dictionary<string, int>> appsUsing)
    {
        var inNames = app.Entitlements.SelectMany(e => Words.Tokenize(e.Name).Where(w => Words.IsAcronym(w) && w.Text.Length <= 5).DistinctBy(w => w.Lower))
            .GroupBy(w => w.Lower).Where(g => g.Count() >= 2).Select(g => g.First()).ToList();
        // Only this app's own text uses it (the count of apps using each word is read once per catalog, when first needed).
        return inNames.Where(w => appsUsing.Value.GetValueOrDefault(w.Lower) == 1);
    }

    // Each lower-case word of the catalog and how many apps' texts (name, description, entitlements) use it.
    private static Dictionary<string, int> AppsUsingEachWord(AccessCatalog catalog) =>
        catalog.Apps
            .SelectMany(a => Words.Tokenize(a.Name + " " + a.Description + " " + string.Join(" ", a.Entitlements.Select(e => e.Name + " " + e.Description)))
                .Select(w => w.Lower).Distinct(StringComparer.Ordinal))
            .GroupBy(w => w, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static readonly HashSet<string> FunctionWords = Lexicon.Default.List("functionWords");

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

/// <summary>What the search knows about one entitlement: its row in the search's vectors and its words by role.</summary>
internal sealed record IndexedEntitlement(
    App App,
    Entitlement Entitlement,
    int Row,
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

    /// <summary>
    /// The one telling word of its name where other apps' descriptions use it as an everyday word ("Editor" beside "everything
    /// an Editor can do" of another app): it names the level only when its app is said too.
    /// </summary>
    public HashSet<string> NameStemsWithItsApp { get; init; } = [];

    /// <summary>Things its description says may not be changed ("Cannot edit records"): to one only looking, they are its own.</summary>
    public HashSet<string> UnchangeableStems { get; init; } = [];

    /// <summary>
    /// Things ruled out only ever with a word before them ("no names, phone numbers or exact addresses"), each with those
    /// words: what the level excludes is "phone numbers", not every kind of number.
    /// </summary>
    public IReadOnlyDictionary<string, HashSet<string>> RuledOutOnlyAfter { get; init; } = NothingNarrowed;

    // Most levels rule out nothing narrowed: one empty table for them all (benchmark catalogs hold 100,000 levels).
    private static readonly IReadOnlyDictionary<string, HashSet<string>> NothingNarrowed = new Dictionary<string, HashSet<string>>();

    public IEnumerable<string> AllStems => NameStems.Concat(DescriptionStems).Concat(NegatedStems).Concat(ScopeStems).Concat(AppStems).Distinct();

    /// <summary>
    /// Whether the level rules out what the message says with this stem. Not when both narrow it, the message by words the
    /// level's texts never use and the level by words the message never says: "aggregate numbers" is not "no ... phone
    /// numbers" ("HD dash cam footage" is "no full footage" of a level that speaks of dash cams).
    /// </summary>
    public bool RulesOut(string stem, IReadOnlyCollection<string> content, IReadOnlyDictionary<string, HashSet<string>>? narrowedBy = null) =>
        NegatedStems.Contains(stem)
        && !(RuledOutOnlyAfter.TryGetValue(stem, out var levelSays) && narrowedBy is not null && narrowedBy.TryGetValue(stem, out var messageSays)
             && !levelSays.Any(content.Contains) && !messageSays.Any(Knows));

    private bool Knows(string stem) =>
        NameStems.Contains(stem) || DescriptionStems.Contains(stem) || NegatedStems.Contains(stem) || AppStems.Contains(stem);

    public static IndexedEntitlement Create(App app, Entitlement e, int row, HashSet<string> aliasStems)
    {
        var name = Words.ContentStems(e.Name).Where(s => !aliasStems.Contains(s)).ToHashSet();
        // "Read-In", "Write-offs": a term of the catalog written with a hyphen is a word of its own too.
        name.UnionWith(Words.HyphenatedCompounds(e.Name));
        // Words every sibling's name shares (the app's name) say nothing about which one is meant.
        var siblings = app.Entitlements.Where(s => s.Id != e.Id).Select(s => Words.ContentStems(s.Name).ToHashSet()).ToList();
        var distinctive = siblings.Count == 0
            ? name.ToHashSet()
            : name.Where(s => !siblings.All(sib => sib.Contains(s))).ToHashSet();
        var positive = new HashSet<string>();
        var negated = new HashSet<string>();
        var changeable = new HashSet<string>();
        var unchangeable = new HashSet<string>();
        var ruledOutAfter = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var ruledOutAlone = new HashSet<string>(StringComparer.Ordinal);
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
                // "Cannot edit records": what may not be changed may still be seen.
                var changeRuledOut = false;
                string? before = null;
                foreach (var w in words)
                {
                    if (EntitlementActions.NegatesInDescription(w.Lower)) { isNegated = true; before = null; continue; }
                    if (isNegated && Privileges.LevelOfStem(w.Stem) == PrivilegeLevel.Write) changeRuledOut = true;
                    var stems = Words.ContentStems([w]).ToList();
                    foreach (var stem in stems)
                    {
                        (isNegated ? negated : positive).Add(stem);
                        if (changes && !isNegated) changeable.Add(stem);
                        if (changeRuledOut && !Privileges.IsActionWord(stem)) unchangeable.Add(stem);
                        if (!isNegated) continue;
                        if (before is null) ruledOutAlone.Add(stem);
                        else (ruledOutAfter.TryGetValue(stem, out var set) ? set : ruledOutAfter[stem] = new HashSet<string>(StringComparer.Ordinal)).Add(before);
                    }
                    // The word before a thing ruled out narrows it ("phone numbers"); a verb ("cannot approve invoices") does not.
                    before = stems.Count == 1 && !Privileges.IsActionWord(stems[0]) ? stems[0] : null;
                }
            }
        }
        positive.UnionWith(Words.HyphenatedCompounds(e.Description));
        negated.ExceptWith(positive);
        unchangeable.IntersectWith(negated);
        var scope = e.Scope is null ? new HashSet<string>()
            : Words.ContentStems(string.Join(" ", e.Scope.Options.Prepend(e.Scope.Label))).ToHashSet();
        var appStems = Words.ContentStems(app.Name + " " + app.Description).ToHashSet();
        return new IndexedEntitlement(app, e, row, name, distinctive, positive, negated, scope, appStems, changeable, Privileges.CapabilityOf(e))
        {
            Actions = EntitlementActions.Of(e),
            UnchangeableStems = unchangeable,
            RuledOutOnlyAfter = ruledOutAfter.Where(p => !ruledOutAlone.Contains(p.Key) && negated.Contains(p.Key))
                .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal) is { Count: > 0 } narrowed ? narrowed : NothingNarrowed,
        };
    }
}
