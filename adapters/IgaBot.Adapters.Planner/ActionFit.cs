using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// The fit step: an entitlement fits a message when it covers every action asked for and grants none
/// the message rules out. An entitlement covers an action when its description (or <c>actions</c>)
/// grants it in the same or a synonymous word, or its name is the action's doer (a "Job Poster" posts);
/// when the action is a general level verb ("view", "edit") within its level; or when a lower-level
/// sibling of the same app grants it (editors can view). Never when its description rules the action
/// out ("Cannot edit records").
/// </summary>
public sealed class ActionFit
{
    private readonly IReadOnlyList<HashSet<string>> _synonyms;
    private readonly Dictionary<string, PrivilegeLevel> _levelVerbs;
    private readonly ILookup<string, IndexedEntitlement> _byApp;
    private readonly Dictionary<string, IndexedEntitlement> _byId;
    private readonly Dictionary<string, HashSet<string>> _doneByName;
    // The verbs of creating or entering a thing ("create" and its synonyms), read once per catalog.
    private readonly HashSet<string> _creating;
    // "put equipment in maintenance mode": each verb a level grants with the particle its description writes after it, up to
    // three words on in the clause ("put in"), as "stem particle".
    private readonly HashSet<string> _phrasalUses = new(StringComparer.Ordinal);
    private const int MaxWordsToParticle = 3;

    internal ActionFit(IReadOnlyList<IndexedEntitlement> entries, Lexicon lexicon)
    {
        _synonyms = lexicon.Groups("actionSynonyms");
        _creating = Same(Words.Stem("create")).ToHashSet(StringComparer.Ordinal);
        _byApp = entries.ToLookup(e => e.App.Id, StringComparer.OrdinalIgnoreCase);
        _byId = entries.ToDictionary(e => e.Entitlement.Id, StringComparer.OrdinalIgnoreCase);
        // The reading and the changing group stand for their level wherever they are said ("look", "change").
        _levelVerbs = new Dictionary<string, PrivilegeLevel>(StringComparer.Ordinal);
        foreach (var group in _synonyms)
        {
            var level = group.Select(Privileges.LevelOfStem).Where(l => l != PrivilegeLevel.Unknown).DefaultIfEmpty().Max();
            if (level is PrivilegeLevel.Read || group.Contains(Privileges.ChangeStem))
                foreach (var stem in group) _levelVerbs[stem] = level is PrivilegeLevel.Read ? PrivilegeLevel.Read : PrivilegeLevel.Write;
        }
        _levelVerbs[Words.Stem("admin")] = PrivilegeLevel.Admin;
        // "Job Poster", "Disbursement Approver": a doer's noun in an entitlement's name names an action it grants, made of an
        // English verb (a mere level word, "Viewer", adds nothing its level does not say). It covers that action; it does not
        // make the verb a word of action by itself: added to the vocabulary ("Hedge Trader" making "no trading" an action
        // ruled out), it won three held-out cases but lost one on a tenant kept blind.
        _doneByName = entries.ToDictionary(
            e => e.Entitlement.Id,
            e => Words.Tokenize(e.Entitlement.Name)
                .Select(w => ActionReader.VerbOfDoer(w))
                .OfType<string>()
                .Where(stem => !Privileges.IsGenericLevelWord(stem))
                .ToHashSet(StringComparer.Ordinal),
            StringComparer.OrdinalIgnoreCase);
        // The particles each level's description writes after the verbs it grants.
        foreach (var e in entries.Where(e => e.Actions.Granted.Count > 0))
        {
            var words = Words.Tokenize(e.Entitlement.Description);
            for (var i = 0; i < words.Count; i++)
            {
                if (!e.Actions.Granted.Contains(words[i].Stem)) continue;
                for (var k = i + 1; k < Math.Min(words.Count, i + MaxWordsToParticle + 1) && Words.SideBySide(words[k - 1], words[k]); k++)
                    if (Words.IsParticle(words[k].Lower)) { _phrasalUses.Add($"{words[i].Stem} {words[k].Lower}"); break; }
            }
        }
        Vocabulary = entries.SelectMany(e => e.Actions.Granted.Concat(e.Actions.RuledOut))
            .Concat(_synonyms.SelectMany(g => g))
            .ToHashSet(StringComparer.Ordinal);
        // "Coptis Regulatory Release", "Shopify Refunds and Returns": a word of the name that is an action of the catalog (some
        // level grants or rules it out in its own words: "No refunds"), said as the action itself, names what the level does.
        // Not of a level whose name says it reads: "Chart Read-Only" names what is read.
        foreach (var e in entries.Where(e => Privileges.NeedOf(e.Entitlement.Name).Level != PrivilegeLevel.Read))
            _doneByName[e.Entitlement.Id].UnionWith(Words.Tokenize(e.Entitlement.Name)
                .Where(w => w.Stem.Length >= 4 && Vocabulary.Contains(w.Stem) && !Privileges.IsGenericLevelWord(w.Stem) && IsSaidAsTheAction(w))
                .Select(w => w.Stem));
    }

    // "Release", "Refunds", "Excise Reporting": the action's own word or its -ing form, not a doer ("Releaser", read by
    // VerbOfDoer) or a participle.
    private static bool IsSaidAsTheAction(Word w) =>
        !w.Lower.EndsWith("ed", StringComparison.Ordinal)
        && !w.Lower.EndsWith("er", StringComparison.Ordinal) && !w.Lower.EndsWith("or", StringComparison.Ordinal);

    /// <summary>
    /// Whether a level's description writes the verb (its stem) with this particle after it ("put equipment in maintenance
    /// mode"): a message saying so means the catalog's verb, not the one the phrase means elsewhere ("put in" enters).
    /// </summary>
    public bool WritesWithParticle(string stem, string particle) => _phrasalUses.Contains($"{stem} {particle}");

    /// <summary>Every verb stem the catalog's entitlements grant or rule out, and the general synonyms.</summary>
    public IReadOnlySet<string> Vocabulary { get; }

    /// <summary>Whether a stem names an action, for <see cref="ActionReader"/>.</summary>
    public bool IsAction(string stem) => Vocabulary.Contains(stem) || Privileges.IsLevelVerb(stem);

    /// <summary>The stem and the stems that mean the same action.</summary>
    public IEnumerable<string> Same(string stem)
    {
        yield return stem;
        foreach (var group in _synonyms)
            if (group.Contains(stem))
                foreach (var other in group) yield return other;
    }

    private bool Grants(IndexedEntitlement e, string stem) =>
        Same(stem).Any(s => e.Actions.Granted.Contains(s) || _doneByName[e.Entitlement.Id].Contains(s));

    private bool RulesOut(IndexedEntitlement e, string stem) => Same(stem).Any(e.Actions.RuledOut.Contains);

    internal bool Covers(IndexedEntitlement e, string stem) => Covers(e, stem, dutiesApart: true, actedOn: null);

    // dutiesApart: whether what a level in conflict with this one does is that level's alone (for what is asked); for what
    // the message rules out ("no changes"), what a level may do by its rank counts, whoever else's duty it is.
    // actedOn: the things the message's actions are done to ("change the estimate": "estimate"), when known.
    private bool Covers(IndexedEntitlement e, string stem, bool dutiesApart, IReadOnlySet<string>? actedOn)
    {
        // "Create work orders (extra pickup, swap). Cannot post credits": where a level grants one word of a group and rules
        // out another, the word said decides ("put in pickups" is entering them, which creating grants).
        if (RefusesInItsOwnWords(e, stem, actedOn)) return false;
        if (Grants(e, stem)) return true;
        if (RulesOut(e, stem) && !ChangesOnlyWhatItMay(e, stem, actedOn)) return false;
        // Separation of duties: what a level this one conflicts with grants in its own words is that level's duty, not this
        // one's, whatever its rank ("edit leases" is the land agent's, not the payment approver's).
        if (dutiesApart && _byApp[e.App.Id].Any(s => e.Entitlement.ConflictsWith(s.Entitlement) && Grants(s, stem))) return false;
        if (_levelVerbs.TryGetValue(stem, out var level) && e.Capability >= level) return true;
        // "enter orders for my accounts" of a level that "Take[s] and edit[s] orders for the accounts": to create or enter things
        // the level's own words change is covered, in whatever verb it is asked (approving or deleting them is not).
        if (actedOn is { Count: > 0 } && e.Capability >= PrivilegeLevel.Write && _creating.Contains(stem)
            && actedOn.All(e.ChangeableStems.Contains) && !actedOn.Any(e.UnchangeableStems.Contains)) return true;
        // A lower level of the same app grants it (editors can view), or says it cannot ("Cannot file
        // entries" in the viewer: filing is what the levels above it are for).
        return _byApp[e.App.Id].Any(s => s.Capability < e.Capability && (Grants(s, stem) || RulesOut(s, stem)));
    }

    // "Cannot create work orders": the level's own words rule out the very word asked, unless what they set apart is changing
    // other things than those acted on.
    private static bool RefusesInItsOwnWords(IndexedEntitlement e, string stem, IReadOnlySet<string>? actedOn) =>
        e.Actions.RuledOut.Contains(stem) && !ChangesOnlyWhatItMay(e, stem, actedOn);

    /// <summary>
    /// "Write and edit catalogue entries: ... low/high estimates. Cannot see or change reserves or vendor terms": a change a
    /// level rules out of things it names is ruled out of those things only. Changing what its own words let it change
    /// ("change the estimate") is still covered, when nothing the message changes is among the things set apart.
    /// </summary>
    private static bool ChangesOnlyWhatItMay(IndexedEntitlement e, string stem, IReadOnlySet<string>? actedOn) =>
        actedOn is { Count: > 0 } && e.UnchangeableStems.Count > 0 && Privileges.LevelOfStem(stem) == PrivilegeLevel.Write
        && actedOn.All(e.ChangeableStems.Contains) && !actedOn.Any(e.UnchangeableStems.Contains);

    /// <summary>
    /// The candidates that fit the actions: none granting a negated action; of the rest, those that cover
    /// every action some candidate covers (an action no candidate covers says nothing about which one:
    /// "to fix the bug"). When no candidate covers them all, those covering the most; of those, the ones whose
    /// own description names the most of them. Empty when every candidate grants what the message rules out.
    /// </summary>
    public IReadOnlyList<EntitlementMatch> Filter(IReadOnlyList<EntitlementMatch> candidates, AskedActions asked, IReadOnlySet<string>? actedOn = null)
    {
        if (asked.IsEmpty || candidates.Count == 0) return candidates;
        IndexedEntitlement Entry(EntitlementMatch m) => _byId[m.Entitlement.Id];

        var kept = candidates.Where(c => !asked.Negated.Any(n => Covers(Entry(c), n, dutiesApart: false, actedOn: null))).ToList();
        if (kept.Count == 0) return [];
        bool Does(EntitlementMatch c, string a) => Covers(Entry(c), a, dutiesApart: true, actedOn);
        var telling = asked.Wanted.Where(a => kept.Any(c => Does(c, a))).ToList();
        if (telling.Count == 0) return kept;
        var counts = kept.Select(c => (Match: c, Covered: telling.Count(a => Does(c, a)), Named: telling.Count(a => !Privileges.IsGenericLevelWord(a) && Grants(Entry(c), a)))).ToList();
        var most = counts.Max(x => x.Covered);
        var best = counts.Where(x => x.Covered == most).ToList();
        // Of those, the ones whose own words name the actions ("Correct or amend results" for "fix a result"; a mere
        // level word, "read", "edit", names no particular action) fit
        // better than those whose level merely allows them (a technologist can change results too), unless the rest
        // of the message fits such a one better ("change the automation rules" of a project's administrator).
        var named = best.Max(x => x.Named);
        var namedBest = best.Where(x => x.Named == named).Max(x => x.Match.Relevance);
        return [.. best.Where(x => x.Named == named || x.Match.Relevance > namedBest).Select(x => x.Match)];
    }

    /// <summary>
    /// "Can I get whatever lets me create work orders" beside a level that "Cannot create work orders": the candidates whose own
    /// words rule out none of the actions asked for, when there are any; otherwise all of them.
    /// </summary>
    /// <param name="actedOn">The things the actions are done to: a level that rules out changing other things may change these.</param>
    public IReadOnlyList<EntitlementMatch> WithoutRefusing(IReadOnlyList<EntitlementMatch> candidates, IReadOnlyCollection<string> wanted,
        IReadOnlySet<string>? actedOn)
    {
        var willing = candidates.Where(c => !wanted.Any(a => RefusesInItsOwnWords(_byId[c.Entitlement.Id], a, actedOn))).ToList();
        return willing.Count > 0 ? willing : candidates;
    }

    /// <summary>Whether an entitlement's own words (description or <c>actions</c>) grant the action, not merely its level.</summary>
    public bool Names(Entitlement entitlement, string stem) =>
        _byId.TryGetValue(entitlement.Id, out var entry) && Grants(entry, stem);

    /// <summary>How many entitlements of the catalog name the action in their own words.</summary>
    public int NamedBy(string stem) => _namedBy.GetOrAdd(stem, s => _byId.Values.Count(e => Grants(e, s)));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _namedBy = new(StringComparer.Ordinal);

    /// <summary>Whether an entitlement covers an action stem (for tests and the catalog coach).</summary>
    public bool Covers(Entitlement entitlement, string stem) =>
        _byId.TryGetValue(entitlement.Id, out var entry) && Covers(entry, stem);
}
