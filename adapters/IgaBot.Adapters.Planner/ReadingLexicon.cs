using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// The word lists the planner reads messages with (commands, sentence shapes of a request, name
/// particles, reason cues), kept in one data file, <c>lexicon.reading.json</c>, each list with a line
/// saying what it is for. Nothing in it names an app or a tenant: it is general English.
/// </summary>
public static class ReadingLexicon
{
    private const string ResourceName = "IgaBot.Adapters.Planner.lexicon.reading.json";

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> Lists = new(Load);
    private static readonly ConcurrentDictionary<string, HashSet<string>> Sets = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Alternations = new(StringComparer.Ordinal);

    /// <summary>The names of the lists.</summary>
    public static IReadOnlyCollection<string> Names => [.. Lists.Value.Keys];

    /// <summary>The entries of a list, as written.</summary>
    public static IReadOnlyList<string> List(string name) =>
        Lists.Value.TryGetValue(name, out var list) ? list : throw new KeyNotFoundException($"lexicon.reading.json has no list '{name}'.");

    /// <summary>The entries of a list as a case-insensitive set.</summary>
    public static HashSet<string> Set(string name) =>
        Sets.GetOrAdd(name, n => new HashSet<string>(List(n), StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// The entries of a list as a regular-expression alternation, longest first, with any run of spaces in
    /// a phrase matching any white space and "'" matching either apostrophe or none ("can't", "cant").
    /// </summary>
    public static string Alternation(string name) =>
        Alternations.GetOrAdd(name, n => "(?:" + string.Join("|", List(n).OrderByDescending(p => p.Length).Select(Phrase)) + ")");

    private static string Phrase(string phrase) =>
        Regex.Replace(Regex.Escape(phrase.Trim()).Replace("'", "['’]?"), @"(?:\\ )+", @"\s+");

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Load()
    {
        using var stream = typeof(ReadingLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var lists = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.GetProperty("lists").EnumerateObject())
        {
            if (!property.Value.TryGetProperty("about", out var about) || about.GetString() is not { Length: > 0 })
                throw new InvalidOperationException($"lexicon.reading.json: list '{property.Name}' says nothing about what it is for.");
            lists[property.Name] = [.. property.Value.GetProperty("words").EnumerateArray().Select(w => w.GetString()!)];
        }
        return lists;
    }
}
