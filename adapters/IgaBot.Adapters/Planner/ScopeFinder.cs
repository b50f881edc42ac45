using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Planner;

/// <summary>Finds which of an entitlement's scope options a message names ("the payments team", "OPS project").</summary>
public static class ScopeFinder
{
    // Nouns people put next to a scope value: "the payments team", "the OPS project", "the EU region".
    private static readonly HashSet<string> ScopeNouns =
        ["team", "teams", "project", "projects", "space", "group", "org", "account", "region", "environment", "env", "workspace",
         "repo", "repos", "board", "channel", "site", "unit", "department", "squad", "tenant", "instance", "cluster", "namespace"];

    /// <summary>
    /// The option the text names (the catalog's spelling), or null when it names none or several
    /// equally. Words at <paramref name="ignoredWords"/> (an app's name) are not considered.
    /// </summary>
    public static string? Find(string text, EntitlementScope scope, ISet<int>? ignoredWords = null) =>
        Find(Words.Tokenize(text), scope, ignoredWords);

    public static string? Find(IReadOnlyList<Word> words, EntitlementScope scope, ISet<int>? ignoredWords = null)
    {
        var label = Words.Stem(scope.Label.ToLowerInvariant());
        var hits = new List<(string Option, int Strength)>();
        foreach (var option in scope.Options)
        {
            var phrase = Words.Tokenize(option);
            if (phrase.Count == 0) continue;
            for (var i = 0; i + phrase.Count <= words.Count; i++)
            {
                if (ignoredWords is not null && Enumerable.Range(i, phrase.Count).Any(ignoredWords.Contains)) continue;
                var same = true;
                for (var k = 0; k < phrase.Count && same; k++)
                    same = words[i + k].Lower == phrase[k].Lower || words[i + k].Stem == phrase[k].Stem;
                if (!same) continue;
                var strength = 1;
                var after = i + phrase.Count < words.Count ? words[i + phrase.Count] : (Word?)null;
                var before = i > 0 ? words[i - 1] : (Word?)null;
                if (after is { } a && (a.Stem == label || ScopeNouns.Contains(a.Lower))) strength = 3;
                else if (before is { } b && (b.Stem == label || ScopeNouns.Contains(b.Lower))) strength = 2;
                // Written as in the catalog ("OPS", "platform") beats a lower-case everyday use of the word.
                if (string.Join(" ", words.Skip(i).Take(phrase.Count).Select(w => w.Text)) == option) strength++;
                hits.Add((option, strength));
            }
        }
        if (hits.Count == 0) return null;
        var best = hits.Max(h => h.Strength);
        var top = hits.Where(h => h.Strength == best).Select(h => h.Option).Distinct().ToList();
        return top.Count == 1 ? top[0] : null;
    }
}
