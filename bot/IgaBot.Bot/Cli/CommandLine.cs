namespace IgaBot.Bot.Cli;

/// <summary>One verb of the <c>igabot</c> command line.</summary>
public sealed record CliVerb(string Name, string Usage, string Summary, Func<CliContext, Task<int>> RunAsync);

/// <summary>What a verb gets: its arguments, where to write, and the composed services (built on first use).</summary>
public sealed class CliContext(CliArgs args, TextWriter output, TextWriter error, CancellationToken cancellation)
{
    public CliArgs Args { get; } = args;
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public CancellationToken Cancellation { get; } = cancellation;
}

/// <summary>
/// The <c>igabot</c> verbs. Without a verb the executable starts the web host (Program.cs).
/// Exit codes: 0 success, 1 the check failed (invalid catalog, broken audit chain...), 2 bad usage or unreadable input.
/// </summary>
public static class CommandLine
{
    public static IReadOnlyList<CliVerb> Verbs { get; } =
    [
        .. TenantVerbs.All,
        .. PolicyVerbs.All,
        .. AuditVerbs.All,
        .. AgentVerbs.All,
        .. GrantVerbs.All,
        .. DirectoryVerbs.All,
    ];

    /// <summary>True when the arguments name a verb rather than host options (e.g. <c>--urls</c>).</summary>
    public static bool IsVerb(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h");

    /// <summary>The options whose values are files the person names (read or written).</summary>
    private static readonly HashSet<string> FileOptions = new(StringComparer.OrdinalIgnoreCase) { "catalog", "directory", "cases", "json", "out", "anchor" };

    /// <summary>
    /// Where the person typed the command, when that is not the process's working directory: <c>dotnet run</c>
    /// starts a web project in the project's folder (the Web SDK's run working directory) and says so by setting
    /// <c>DOTNET_LAUNCH_PROFILE</c>, while the shell's <c>PWD</c> still names the folder the command was typed in.
    /// Null when the two agree or either is unknown.
    /// </summary>
    public static string? CallerDirectory()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_LAUNCH_PROFILE") is null) return null;
        var pwd = Environment.GetEnvironmentVariable("PWD");
        if (string.IsNullOrEmpty(pwd) || !Path.IsPathRooted(pwd) || !Directory.Exists(pwd)) return null;
        return Path.GetFullPath(pwd) == Path.GetFullPath(Directory.GetCurrentDirectory()) ? null : pwd;
    }

    /// <summary>
    /// Makes the relative file paths of <paramref name="args"/> (<c>--catalog</c>, <c>--cases</c>, <c>--out</c>...) absolute
    /// from <paramref name="callerDirectory"/>, so <c>dotnet run --project bot/IgaBot.Bot -- eval --cases tests/eval/cases.jsonl</c>
    /// reads the file the person sees from where they typed it. Other arguments are left as they are.
    /// </summary>
    public static string[] FromDirectory(string[] args, string? callerDirectory)
    {
        if (callerDirectory is null) return args;
        var result = (string[])args.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            if (!result[i].StartsWith("--", StringComparison.Ordinal)) continue;
            var name = result[i][2..];
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                if (FileOptions.Contains(name[..eq]))
                    result[i] = $"--{name[..eq]}={Rebase(name[(eq + 1)..], callerDirectory)}";
            }
            else if (FileOptions.Contains(name) && i + 1 < result.Length && !result[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                result[i + 1] = Rebase(result[i + 1], callerDirectory);
                i++;
            }
        }
        return result;
    }

    private static string Rebase(string path, string directory) =>
        path.Length == 0 || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var parsed = CliArgs.Parse(args);
        var verb = Verbs
            .Where(v => Matches(v.Name, parsed.Words))
            .MaxBy(v => v.Name.Split(' ').Length);
        if (verb is null)
        {
            if (parsed.Words.Count > 0 && parsed.Words[0] is not ("help" or "--help" or "-h"))
                await error.WriteLineAsync($"Unknown command '{string.Join(' ', parsed.Words)}'.");
            await PrintHelpAsync(parsed.Words.Count > 0 && parsed.Words[0] is "help" or "--help" or "-h" ? output : error);
            return parsed.Words.Count > 0 && parsed.Words[0] is "help" or "--help" or "-h" ? 0 : 2;
        }
        if (parsed.Flag("help"))
        {
            await output.WriteLineAsync($"usage: igabot {verb.Usage}\n{verb.Summary}");
            return 0;
        }
        try
        {
            return await verb.RunAsync(new CliContext(parsed, output, error, ct));
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            await error.WriteLineAsync($"usage: igabot {verb.Usage}");
            return 2;
        }
        catch (Core.InvalidInputException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
    }

    private static bool Matches(string name, IReadOnlyList<string> words)
    {
        var parts = name.Split(' ');
        return words.Count >= parts.Length && parts.Select((p, i) => string.Equals(p, words[i], StringComparison.OrdinalIgnoreCase)).All(x => x);
    }

    private static async Task PrintHelpAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("usage: igabot [verb] [options]   (no verb: start the bot's web host)");
        await writer.WriteLineAsync();
        foreach (var verb in Verbs)
            await writer.WriteLineAsync($"  {verb.Usage,-72} {verb.Summary}");
        await writer.WriteLineAsync();
        await writer.WriteLineAsync("Verbs that read the tenant accept --catalog FILE --directory FILE to override the configured files.");
    }
}
