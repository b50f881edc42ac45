namespace IgaBot.Bot.Cli;

/// <summary>
/// The parsed command line of a verb: <c>igabot policy explain --requester a@b --duration P7D</c>.
/// Options are <c>--name value</c> or <c>--name=value</c>; a flag without value is "true".
/// </summary>
public sealed class CliArgs
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    private CliArgs(IReadOnlyList<string> words) => Words = words;

    /// <summary>The verb words and positional arguments, in order (options removed).</summary>
    public IReadOnlyList<string> Words { get; }

    public static CliArgs Parse(IReadOnlyList<string> args)
    {
        var words = new List<string>();
        var parsed = new CliArgs(words);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                words.Add(arg);
                continue;
            }
            var name = arg[2..];
            var eq = name.IndexOf('=');
            if (eq >= 0)
                parsed._options[name[..eq]] = name[(eq + 1)..];
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                parsed._options[name] = args[++i];
            else
                parsed._options[name] = "true";
        }
        return parsed;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _options.TryGetValue(name, out var v) && !string.Equals(v, "false", StringComparison.OrdinalIgnoreCase);

    public string Required(string name) =>
        Option(name) is { Length: > 0 } value ? value : throw new CliUsageException($"--{name} is required.");

    /// <summary>Options given on the command line, to hand to the configuration (e.g. --catalog overrides Iga:CatalogPath).</summary>
    public IEnumerable<string> OptionNames => _options.Keys;
}

/// <summary>The command line was not understood; the message says what to fix. Exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
