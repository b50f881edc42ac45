using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>One thing in a catalog that a planner cannot tell apart, with the change an admin can make.</summary>
/// <param name="Kind">A short stable name of the kind of finding (close-siblings, shared-action, scope-like-app, common-word-app, no-action, same-app-words).</param>
/// <param name="Where">The app and entitlement ids concerned.</param>
public sealed record CoachFinding(string Kind, string What, IReadOnlyList<string> Where, string Why, string Fix)
{
    public string Block() => string.Join(Environment.NewLine,
        $"[{Kind}] {What}",
        $"  where: {string.Join(", ", Where)}",
        $"  why:   {Why}",
        $"  fix:   {Fix}");
}

/// <summary>The limits above which two texts count as too close.</summary>
/// <param name="SiblingCosine">MiniLM cosine of two sibling descriptions at or above which they read alike.</param>
/// <param name="SiblingWordOverlap">Share of content words two sibling descriptions have in common (Jaccard) at or above which they read alike.</param>
/// <param name="SharedActionCosine">MiniLM cosine two siblings sharing an action verb must reach to be about the same things.</param>
public sealed record CoachThresholds(double SiblingCosine = 0.80, double SiblingWordOverlap = 0.45, double SharedActionCosine = 0.45)
{
    public static CoachThresholds Default { get; } = new();
}

/// <summary>
/// <c>igabot catalog coach</c>: reads a catalog the way a planner must (names and descriptions, with
/// MiniLM for meaning) and lists what it cannot tell apart, each with a suggested fix an admin can make
/// in the catalog file: sibling entitlements whose descriptions are too close, an action verb several
/// siblings share with no "cannot"/"read-only" line between them, a scope option that looks like another
/// app, an app named by a common word, an entitlement whose description names no action, apps that
/// share name words.
/// </summary>
public sealed partial class CatalogCoach(ITextEmbedder embedder, CoachThresholds? thresholds = null)
{
    private readonly CoachThresholds _limits = thresholds ?? CoachThresholds.Default;

    // Verbs that say what access lets a person do. A description naming none of them says where access
    // leads but not what it allows ("Access to the billing system"). "access" itself is not an action.
    private static readonly HashSet<string> ActionVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "acknowledge", "add", "adjust", "amend", "annotate", "apply", "authorize", "authorise", "charge", "classify", "collect",
        "connect", "correct", "dispatch", "dispense", "escalate", "fix", "inspect", "join", "look", "maintain", "prepare",
        "receive", "reconcile", "refund", "reprocess", "resend", "resolve", "scan", "transmit",
        "administer", "analyze", "analyse", "approve", "archive", "assign", "audit", "book", "browse", "build", "cancel",
        "change", "check", "clone", "close", "comment", "commit", "configure", "control", "create", "debug", "delete",
        "deploy", "design", "disable", "download", "edit", "enable", "enter", "execute", "export", "file", "grant",
        "import", "install", "invite", "issue", "launch", "list", "lock", "log", "manage", "merge", "modify", "monitor",
        "move", "open", "order", "own", "pay", "place", "post", "prescribe", "print", "provision", "publish", "pull",
        "purchase", "push", "query", "read", "reassign", "record", "release", "remove", "rename", "reply", "report",
        "request", "reset", "restart", "restore", "review", "revoke", "rotate", "run", "schedule", "search", "see",
        "send", "set", "share", "ship", "sign", "start", "stop", "submit", "suspend", "sync", "test", "track", "transfer",
        "transition", "trigger", "triage", "unlock", "update", "upload", "use", "view", "void", "watch", "work", "write",
    };

    // Markers that draw a line between levels: what one cannot do, or that it only reads.
    private static readonly string[] DistinctionMarkers =
        ["cannot", "can't", "can not", "not ", "no ", "without", "read-only", "read only", "view-only", "view only", "only"];

    // Everyday words that, as an app's whole name, are said in requests about other things ("my team", "slack time").
    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "access", "account", "admin", "app", "base", "board", "book", "box", "build", "calendar", "cart", "case", "chat",
        "check", "cloud", "code", "connect", "core", "data", "desk", "direct", "docs", "drive", "edge", "file", "files",
        "flow", "forms", "gateway", "guide", "hub", "link", "mail", "map", "maps", "meet", "monitor", "notes", "office",
        "one", "pay", "people", "pilot", "plan", "planner", "point", "portal", "post", "pulse", "record", "records",
        "report", "reports", "share", "shop", "sign", "slack", "space", "stage", "store", "stream", "suite", "sync",
        "system", "table", "tasks", "team", "teams", "time", "track", "vault", "view", "wave", "work", "workday", "zoom",
    };

    // Words too general to say which app is meant when two apps share them.
    private static readonly HashSet<string> NameFillers = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "of", "for", "a", "an", "app", "application", "tool", "service", "services", "platform", "online", "web",
        "system", "systems", "access",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "any", "are", "as", "at", "be", "by", "can", "each", "every", "for", "from", "in", "into", "is",
        "it", "its", "of", "on", "or", "our", "the", "their", "them", "this", "to", "with", "your", "all", "also",
    };

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"^(cannot|can't|not|no|without|never)$", RegexOptions.IgnoreCase)]
    private static partial Regex Negation();

    // Where a clause ends: punctuation, or a dash between spaces ("Admin role - manage users"), not "read-only".
    [GeneratedRegex(@"[.;:,!?()\[\]/]|\s[-–—]+\s")]
    private static partial Regex ClauseBreak();

    // Words after which a verb still heads its clause ("create and edit", "lets you approve", "can merge").
    private static readonly HashSet<string> ClauseJoiners = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "to", "can", "may", "also", "then", "you", "&",
    };

    // Endings of inflected verbs and what to put back: views, approved, merging, copies.
    private static readonly (string Suffix, string Add)[] Inflections =
        [("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e")];

    public IReadOnlyList<CoachFinding> Review(AccessCatalog catalog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var findings = new List<CoachFinding>();
        var vectors = Vectors(catalog, cancellationToken);
        findings.AddRange(CloseSiblings(catalog, vectors));
        findings.AddRange(SharedActions(catalog, vectors));
        findings.AddRange(NoActions(catalog));
        findings.AddRange(ScopesLikeApps(catalog));
        findings.AddRange(CommonWordApps(catalog));
        findings.AddRange(AppsSharingNameWords(catalog));
        return findings;
    }

    private Dictionary<string, float[]> Vectors(AccessCatalog catalog, CancellationToken ct)
    {
        var entitlements = catalog.Entitlements.ToList();
        var vectors = entitlements.Count == 0 ? [] : embedder.Embed([.. entitlements.Select(e => e.Description)], ct);
        return entitlements.Select((e, i) => (e.Id, Vector: vectors[i])).ToDictionary(x => x.Id, x => x.Vector, StringComparer.Ordinal);
    }

    private IEnumerable<CoachFinding> CloseSiblings(AccessCatalog catalog, Dictionary<string, float[]> vectorOf)
    {
        foreach (var app in catalog.Apps)
            for (var i = 0; i < app.Entitlements.Count; i++)
                for (var j = i + 1; j < app.Entitlements.Count; j++)
                {
                    var (a, b) = (app.Entitlements[i], app.Entitlements[j]);
                    var cosine = TextEmbeddings.Cosine(vectorOf[a.Id], vectorOf[b.Id]);
                    var overlap = Jaccard(ContentWords(a.Description), ContentWords(b.Description));
                    if (cosine < _limits.SiblingCosine || overlap < _limits.SiblingWordOverlap) continue;
                    yield return new CoachFinding("close-siblings",
                        string.Create(CultureInfo.InvariantCulture,
                            $"{app.Name}: the descriptions of \"{a.Name}\" and \"{b.Name}\" read alike (meaning {cosine:0.00}, shared words {overlap:0.00})"),
                        [$"app {app.Id}", $"entitlements {a.Id}, {b.Id}"],
                        "a planner matches a request to a description; when two levels read alike it must ask which one, or it picks the lower one and the person comes back.",
                        $"say what one can do that the other cannot, e.g. \"{HigherOf(a, b).Name}: ... ; {LowerOf(a, b).Name} cannot ...\".");
                }
    }

    private IEnumerable<CoachFinding> SharedActions(AccessCatalog catalog, Dictionary<string, float[]> vectorOf)
    {
        foreach (var app in catalog.Apps)
        {
            if (app.Entitlements.Count < 2) continue;
            var actions = app.Entitlements.ToDictionary(e => e.Id, e => Actions(e.Description), StringComparer.Ordinal);
            var verbs = actions.Values.SelectMany(v => v).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal);
            foreach (var verb in verbs)
            {
                var sharing = app.Entitlements.Where(e => actions[e.Id].Contains(verb)).ToList();
                if (sharing.Count < 2 || sharing.Any(e => MarksDistinction(e.Description))) continue;
                // Siblings that share a verb about different things ("create invoices", "create vendors") are told apart by those things.
                var closest = sharing.SelectMany((a, i) => sharing.Skip(i + 1).Select(b => TextEmbeddings.Cosine(vectorOf[a.Id], vectorOf[b.Id]))).Max();
                if (closest < _limits.SharedActionCosine) continue;
                yield return new CoachFinding("shared-action",
                    string.Create(CultureInfo.InvariantCulture,
                        $"{app.Name}: \"{verb}\" is an action of {string.Join(", ", sharing.Select(e => $"\"{e.Name}\""))} alike (descriptions {closest:0.00} alike)"),
                    [$"app {app.Id}", $"entitlements {string.Join(", ", sharing.Select(e => e.Id))}"],
                    $"a request to {verb} fits every one of them, and no description says what the lower one cannot do, so the planner cannot tell whether a higher level is needed.",
                    $"name the action only the higher level grants (e.g. \"{LowerOf(sharing).Name} cannot ...\"), or add `actions:` to each entitlement.");
            }
        }
    }

    private static IEnumerable<CoachFinding> NoActions(AccessCatalog catalog)
    {
        foreach (var app in catalog.Apps)
            foreach (var entitlement in app.Entitlements)
            {
                if (Actions(entitlement.Description).Count > 0) continue;
                yield return new CoachFinding("no-action",
                    $"{app.Name}: the description of \"{entitlement.Name}\" names no action",
                    [$"app {app.Id}", $"entitlement {entitlement.Id}"],
                    "people ask for access by what they want to do; with no action named, the planner can match only the name and cannot check that this level covers what was asked.",
                    "start the description with what a holder can do (view, edit, approve, deploy ...), or add `actions:`.");
            }
    }

    private static IEnumerable<CoachFinding> ScopesLikeApps(AccessCatalog catalog)
    {
        foreach (var app in catalog.Apps)
            foreach (var entitlement in app.Entitlements)
            {
                if (entitlement.Scope is not { } scope) continue;
                foreach (var option in scope.Options)
                {
                    var other = catalog.Apps.FirstOrDefault(o => o.Id != app.Id && LooksLike(option, o));
                    if (other is null) continue;
                    yield return new CoachFinding("scope-like-app",
                        $"{app.Name}: the {scope.Label} option \"{option}\" of \"{entitlement.Name}\" looks like the app \"{other.Name}\"",
                        [$"app {app.Id}", $"entitlement {entitlement.Id}", $"app {other.Id}"],
                        $"a request that says \"{option}\" may be read as asking for {other.Name}, and the access lands in the wrong app.",
                        $"rename the option (e.g. \"{option}-{Slug(scope.Label)}\") or give it `aliases:` that say what it is in {app.Name}.");
                }
            }
    }

    private static IEnumerable<CoachFinding> CommonWordApps(AccessCatalog catalog)
    {
        foreach (var app in catalog.Apps)
        {
            var words = NameWords(app.Name);
            if (words.Count == 0 || !words.All(CommonWords.Contains)) continue;
            yield return new CoachFinding("common-word-app",
                $"the app name \"{app.Name}\" is an everyday word",
                [$"app {app.Id}"],
                $"people say \"{app.Name.ToLowerInvariant()}\" about other things; a planner may take such a message as a request for {app.Name}, or miss the app when it is meant.",
                $"add `aliases:` with the names people use for it (e.g. \"{app.Name} app\"), and say in its description what it is.");
        }
    }

    private static IEnumerable<CoachFinding> AppsSharingNameWords(AccessCatalog catalog)
    {
        var apps = catalog.Apps;
        for (var i = 0; i < apps.Count; i++)
            for (var j = i + 1; j < apps.Count; j++)
            {
                var shared = NameWords(apps[i].Name).Intersect(NameWords(apps[j].Name), StringComparer.OrdinalIgnoreCase)
                    .Where(w => !NameFillers.Contains(w)).ToList();
                if (shared.Count == 0) continue;
                yield return new CoachFinding("same-app-words",
                    $"the apps \"{apps[i].Name}\" and \"{apps[j].Name}\" share the name word{(shared.Count == 1 ? "" : "s")} {string.Join(", ", shared.Select(w => $"\"{w}\""))}",
                    [$"apps {apps[i].Id}, {apps[j].Id}"],
                    $"a request that says only \"{shared[0]}\" fits both apps; the planner must ask, or picks one.",
                    "name each app by what sets it apart, or add `aliases:` with the words people use for each.");
            }
    }

    // ---- text helpers ----------------------------------------------------------------------------

    /// <summary>
    /// The action verbs that head a clause of a description ("View dashboards; create and edit alerts",
    /// "Admin role - manage users"), not counting those it negates ("cannot edit") nor verbs used as nouns
    /// inside a clause ("comment on merge requests").
    /// </summary>
    internal static HashSet<string> Actions(string description)
    {
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var clauses = ClauseBreak().Split(description);
        for (var clauseIndex = 0; clauseIndex < clauses.Length; clauseIndex++)
        {
            var words = Words(clauses[clauseIndex]);
            for (var i = 0; i < words.Count; i++)
            {
                if (VerbOf(words[i]) is not { } verb) continue;
                var previous = i == 0 ? null : words[i - 1].ToLowerInvariant();
                if (previous is not null && Negation().IsMatch(previous)) continue;
                // A clause may open with "Views ..."; after a joiner or in a list only the plain form is a verb
                // ("create and edit"), an inflected one is a noun ("dashboards, monitors and logs").
                var plain = string.Equals(words[i], verb, StringComparison.OrdinalIgnoreCase) || words[i].EndsWith("-only", StringComparison.OrdinalIgnoreCase);
                if (i == 0 ? (clauseIndex == 0 || plain) : plain && ClauseJoiners.Contains(previous!)) found.Add(verb);
            }
        }
        return found;
    }

    /// <summary>The base verb a word is a form of (views, viewed, viewing, read-only), or null.</summary>
    private static string? VerbOf(string word)
    {
        var w = word.ToLowerInvariant();
        var dash = w.IndexOf('-');
        if (dash > 0 && w[(dash + 1)..] is "only") w = w[..dash];
        if (ActionVerbs.Contains(w)) return w;
        foreach (var (suffix, add) in Inflections)
            if (w.Length > suffix.Length + 2 && w.EndsWith(suffix, StringComparison.Ordinal) && ActionVerbs.Contains(w[..^suffix.Length] + add))
                return w[..^suffix.Length] + add;
        return null;
    }

    private static bool MarksDistinction(string description)
    {
        var text = " " + description.ToLowerInvariant() + " ";
        return DistinctionMarkers.Any(m => text.Contains(m.EndsWith(' ') ? " " + m : m, StringComparison.Ordinal));
    }

    private static bool LooksLike(string option, App app)
    {
        var o = Squash(option);
        if (o.Length < 3) return false;
        if (o == Squash(app.Id) || o == Squash(app.Name)) return true;
        return NameWords(app.Name).Any(w => w.Length >= 4 && !CommonWords.Contains(w) && !NameFillers.Contains(w)
            && (Squash(w) == o || (o.Length >= 5 && Distance(Squash(w), o) <= 1)));
    }

    private static List<string> Words(string text) => [.. WordPattern().Matches(text).Select(m => m.Value)];

    private static List<string> NameWords(string name) =>
        [.. Words(name).Select(w => w.ToLowerInvariant()).Where(w => !StopWords.Contains(w))];

    private static HashSet<string> ContentWords(string text) =>
        new(Words(text).Select(w => w.ToLowerInvariant()).Where(w => !StopWords.Contains(w)), StringComparer.Ordinal);

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0) return 1;
        var common = a.Count(b.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    private static string Squash(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text) if (char.IsLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
        return sb.ToString();
    }

    private static string Slug(string text) => string.Join('-', Words(text).Select(w => w.ToLowerInvariant()));

    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }

    private static (int, int) Rank(Entitlement e) => ((int)e.Risk, e.Approvals.Count);

    private static Entitlement HigherOf(Entitlement a, Entitlement b) => Rank(b).CompareTo(Rank(a)) > 0 ? b : a;

    private static Entitlement LowerOf(Entitlement a, Entitlement b) => HigherOf(a, b) == a ? b : a;

    private static Entitlement LowerOf(IReadOnlyList<Entitlement> list) => list.OrderBy(Rank).First();
}
