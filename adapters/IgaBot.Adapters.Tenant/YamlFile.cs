using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace IgaBot.Adapters.Tenant;

/// <summary>A text value from a tenant file with the line it was written on.</summary>
internal sealed record Located(string Value, int Line)
{
    public override string ToString() => Value;
}

/// <summary>Collects problems from both files so that they can all be reported at once.</summary>
internal sealed class ProblemList
{
    private readonly List<TenantProblem> _problems = [];

    public int Count => _problems.Count;

    public void Add(string file, int line, string message) => _problems.Add(new(file, line, message));

    /// <summary>The problems file by file (in the order given), each file's by line.</summary>
    public IReadOnlyList<TenantProblem> Sorted(params string[] fileOrder) =>
        _problems.OrderBy(p => Array.IndexOf(fileOrder, p.File)).ThenBy(p => p.Line).ToList();
}

/// <summary>
/// One tenant YAML file parsed into nodes, with typed reads that report what is wrong (at the
/// node's line) instead of throwing. Every read returns null when the value is absent or unusable,
/// so the caller can carry on and find the next problem.
/// </summary>
internal sealed class YamlFile
{
    private readonly ProblemList _problems;

    private YamlFile(string path, ProblemList problems, YamlMappingNode? root)
    {
        Path = path;
        _problems = problems;
        Root = root;
    }

    public string Path { get; }

    /// <summary>The top-level mapping; null when the file is missing, broken or not a mapping.</summary>
    public YamlMappingNode? Root { get; }

    public static YamlFile Read(string path, ProblemList problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var why = e is FileNotFoundException or DirectoryNotFoundException ? "file not found" : $"cannot read the file: {e.Message}";
            problems.Add(path, 0, why);
            return new(path, problems, null);
        }
        return FromText(path, text, problems);
    }

    /// <summary>A file's text read elsewhere (the published tenant in the database), reported under <paramref name="path"/>.</summary>
    public static YamlFile FromText(string path, string text, ProblemList problems) => new(path, problems, Parse(path, text, problems));

    private static YamlMappingNode? Parse(string path, string text, ProblemList problems)
    {
        var parser = new Parser(new StringReader(text));
        var stream = new YamlStream();
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            problems.Add(path, LineOf(e.Start), $"broken YAML: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet gives up this way when the file ends inside an unclosed [ ] or { }; the
            // last event it read is where that collection began.
            problems.Add(path, parser.Current is null ? 1 : LineOf(parser.Current.Start),
                "broken YAML: a list or mapping that starts here is never closed (missing ']' or '}'?)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            problems.Add(path, 1, "the file is empty");
            return null;
        }
        if (stream.Documents.Count > 1)
            problems.Add(path, LineOf(stream.Documents[1].RootNode.Start), "only one YAML document is expected (remove the extra '---')");
        if (stream.Documents[0].RootNode is YamlMappingNode root) return root;
        problems.Add(path, LineOf(stream.Documents[0].RootNode.Start), "the file must be a mapping of top-level keys");
        return null;
    }

    public static int LineOf(YamlNode node) => LineOf(node.Start);

    private static int LineOf(Mark mark) => (int)Math.Min(mark.Line, int.MaxValue);

    public void Problem(int line, string message) => _problems.Add(Path, line, message);

    public void Problem(YamlNode node, string message) => Problem(LineOf(node), message);

    /// <summary>Reports keys the format does not know: a typo such as <c>maxDurration</c> would otherwise silently drop a limit.</summary>
    public void RejectUnknownKeys(YamlMappingNode map, string what, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            if (!known.Contains(name, StringComparer.Ordinal))
                Problem(key, $"unknown field '{name}' in {what} (expected one of: {string.Join(", ", known)})");
        }
    }

    public YamlNode? Value(YamlMappingNode map, string key)
    {
        var node = map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;
        return node is null || IsNull(node) ? null : node;
    }

    public Located? RequiredText(YamlMappingNode map, string key, string what)
    {
        var text = OptionalText(map, key, what);
        if (text is null && Value(map, key) is null) Problem(map, $"{what} has no '{key}'");
        return text;
    }

    public Located? OptionalText(YamlMappingNode map, string key, string what) =>
        Value(map, key) is { } node ? Text(node, $"'{key}' of {what}") : null;

    /// <summary>A non-empty scalar, trimmed; anything else is reported.</summary>
    public Located? Text(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar)
        {
            Problem(node, $"{what} must be a single value, not a {(node is YamlSequenceNode ? "list" : "mapping")}");
            return null;
        }
        var value = scalar.Value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            Problem(node, $"{what} is empty");
            return null;
        }
        return new(value, LineOf(node));
    }

    public IReadOnlyList<Located>? TextList(YamlMappingNode map, string key, string what) =>
        Value(map, key) is { } node ? TextList(node, $"'{key}' of {what}") : null;

    /// <summary>A list of non-empty scalars; null (reported) when the node is not a list, absent when it is YAML null.</summary>
    public IReadOnlyList<Located>? TextList(YamlNode node, string what)
    {
        if (IsNull(node)) return null;
        if (node is not YamlSequenceNode list)
        {
            Problem(node, $"{what} must be a list, e.g. [a, b]");
            return null;
        }
        return list.Children.Select(item => Text(item, $"an entry of {what}")).OfType<Located>().ToList();
    }

    public YamlMappingNode? Mapping(YamlMappingNode map, string key, string what)
    {
        if (Value(map, key) is not { } node) return null;
        if (node is YamlMappingNode mapping) return mapping;
        Problem(node, $"'{key}' of {what} must be a mapping, e.g. {{name: value}}");
        return null;
    }

    /// <summary>The items of a list that must hold mappings; items that are not are reported and skipped.</summary>
    public IReadOnlyList<YamlMappingNode>? MappingList(YamlMappingNode map, string key, string what)
    {
        if (Value(map, key) is not { } node) return null;
        if (node is not YamlSequenceNode list)
        {
            Problem(node, $"'{key}' of {what} must be a list");
            return null;
        }
        var items = new List<YamlMappingNode>();
        foreach (var item in list.Children)
        {
            if (item is YamlMappingNode mapping) items.Add(mapping);
            else Problem(item, $"each entry of '{key}' must be a mapping of fields");
        }
        return items;
    }

    public bool? Boolean(YamlMappingNode map, string key, string what)
    {
        if (Value(map, key) is not { } node) return null;
        if (Text(node, $"'{key}' of {what}") is not { } text) return null;
        if (bool.TryParse(text.Value, out var value)) return value;
        Problem(node, $"'{key}' of {what} must be true or false, not '{text.Value}'");
        return null;
    }

    public double? Number(YamlMappingNode map, string key, string what)
    {
        if (Value(map, key) is not { } node) return null;
        if (Text(node, $"'{key}' of {what}") is not { } text) return null;
        if (double.TryParse(text.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        Problem(node, $"'{key}' of {what} must be a number, not '{text.Value}'");
        return null;
    }

    // YAML's plain null spellings; a quoted 'null' is the text "null".
    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };
}
