using System.Text.Json;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// The planner's general English word lists, read once from the embedded <c>Planner/lexicon.json</c>
/// (one file for every list, each with a line saying what it is for). Lists hold lower-case words;
/// <see cref="StemList"/> gives them as stems, <see cref="Groups"/> as groups of stems that mean the same.
/// </summary>
public sealed class Lexicon
{
    private const string ResourceName = "IgaBot.Adapters.Planner.lexicon.json";

    private readonly Dictionary<string, string[]> _lists;
    private readonly Dictionary<string, string[][]> _groups;
    private readonly Dictionary<string, Dictionary<string, string[]>> _maps;

    private Lexicon(Dictionary<string, string[]> lists, Dictionary<string, string[][]> groups, Dictionary<string, Dictionary<string, string[]>> maps)
    {
        _lists = lists;
        _groups = groups;
        _maps = maps;
    }

    /// <summary>A map of words to one word each (a value written as a list gives its first word).</summary>
    public Dictionary<string, string> Map(string name) =>
        MapOf(name).ToDictionary(kv => kv.Key, kv => kv.Value[0], StringComparer.Ordinal);

    /// <summary>A map of words to several words each.</summary>
    public Dictionary<string, string[]> MultiMap(string name) => new(MapOf(name), StringComparer.Ordinal);

    private Dictionary<string, string[]> MapOf(string name) =>
        _maps.TryGetValue(name, out var map) ? map : throw new KeyNotFoundException($"the planner lexicon has no map '{name}'");

    /// <summary>The embedded lexicon.</summary>
    public static Lexicon Default { get; } = Load();

    /// <summary>The words of a list, lower case, as written in the file.</summary>
    public HashSet<string> List(string name) =>
        _lists.TryGetValue(name, out var words) ? new HashSet<string>(words, StringComparer.Ordinal)
            : throw new KeyNotFoundException($"the planner lexicon has no list '{name}'");

    /// <summary>The words of a list as stems (<see cref="Words.Stem"/>).</summary>
    public HashSet<string> StemList(string name) => List(name).Select(Words.Stem).ToHashSet(StringComparer.Ordinal);

    /// <summary>Groups of words that mean the same, as stems.</summary>
    public IReadOnlyList<HashSet<string>> Groups(string name) =>
        _groups.TryGetValue(name, out var groups)
            ? [.. groups.Select(g => g.Select(Words.Stem).ToHashSet(StringComparer.Ordinal))]
            : throw new KeyNotFoundException($"the planner lexicon has no groups '{name}'");

    /// <summary>
    /// Reads a lexicon from JSON text: <c>{"lists": {name: {"about", "words": []}}, "groups": {name: {"about", "groups": [[]]}},
    /// "maps": {name: {"about", "map": {word: word or [words]}}}}</c>.
    /// </summary>
    public static Lexicon Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var lists = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (root.TryGetProperty("lists", out var listNodes))
            foreach (var list in listNodes.EnumerateObject())
                lists[list.Name] = [.. list.Value.GetProperty("words").EnumerateArray().Select(w => w.GetString()!.ToLowerInvariant())];
        var groups = new Dictionary<string, string[][]>(StringComparer.Ordinal);
        if (root.TryGetProperty("groups", out var groupNodes))
            foreach (var group in groupNodes.EnumerateObject())
                groups[group.Name] = [.. group.Value.GetProperty("groups").EnumerateArray()
                    .Select(g => g.EnumerateArray().Select(w => w.GetString()!.ToLowerInvariant()).ToArray())];
        var maps = new Dictionary<string, Dictionary<string, string[]>>(StringComparer.Ordinal);
        if (root.TryGetProperty("maps", out var mapNodes))
            foreach (var map in mapNodes.EnumerateObject())
                maps[map.Name] = map.Value.GetProperty("map").EnumerateObject().ToDictionary(
                    kv => kv.Name.ToLowerInvariant(),
                    kv => kv.Value.ValueKind == JsonValueKind.Array
                        ? kv.Value.EnumerateArray().Select(w => w.GetString()!.ToLowerInvariant()).ToArray()
                        : [kv.Value.GetString()!.ToLowerInvariant()],
                    StringComparer.Ordinal);
        return new Lexicon(lists, groups, maps);
    }

    private static Lexicon Load()
    {
        using var stream = typeof(Lexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the embedded planner lexicon '{ResourceName}' is missing");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
