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
    ];

    /// <summary>True when the arguments name a verb rather than host options (e.g. <c>--urls</c>).</summary>
    public static bool IsVerb(string[] args) =>
        args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h");

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
