using System.CommandLine;
using System.CommandLine.Help;

namespace IgaBot.Bot.Cli;

/// <summary>What a verb gets: the parsed command line, where to write, and the cancellation of the run.</summary>
public sealed class CliContext(ParseResult parsed, TextWriter output, TextWriter error, CancellationToken cancellation)
{
    public ParseResult Parsed { get; } = parsed;
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The files and database the command line names instead of the configured ones.</summary>
    public CliOverrides Overrides => new(
        Parsed.GetValue(CommandLine.CatalogOption), Parsed.GetValue(CommandLine.DirectoryOption), Parsed.GetValue(CommandLine.DatabaseOption));

    public T? Value<T>(Option<T> option) => Parsed.GetValue(option);

    public T? Value<T>(Argument<T> argument) => Parsed.GetValue(argument);

    /// <summary>A required option's value; the parser already refused a missing one, this also refuses an empty one.</summary>
    public string Required(Option<string> option) =>
        Parsed.GetValue(option) is { Length: > 0 } value ? value : throw new CliUsageException($"{option.Name} is required.");
}

/// <summary><c>--catalog</c>, <c>--directory</c> and <c>--database</c>, which override Iga:CatalogPath, Iga:DirectoryPath and Database:ConnectionString.</summary>
public sealed record CliOverrides(string? Catalog = null, string? Directory = null, string? Database = null);

/// <summary>The command line was not understood; the message says what to fix. Exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>
/// The <c>igabot</c> verbs, parsed by System.CommandLine. Without a verb the executable starts the web host (Program.cs).
/// Exit codes: 0 success, 1 the check failed (invalid catalog, broken audit chain...), 2 bad usage or unreadable input.
/// </summary>
public static class CommandLine
{
    public static readonly Option<string> CatalogOption = new("--catalog")
    {
        Description = "The catalog file instead of Iga:CatalogPath.", HelpName = "FILE", Recursive = true,
    };

    public static readonly Option<string> DirectoryOption = new("--directory")
    {
        Description = "The directory file instead of Iga:DirectoryPath.", HelpName = "FILE", Recursive = true,
    };

    public static readonly Option<string> DatabaseOption = new("--database")
    {
        Description = "The database connection string instead of Database:ConnectionString.", HelpName = "CONNECTION", Recursive = true,
    };

    /// <summary>Every verb, by its words (<c>catalog validate</c>), under one root.</summary>
    private static readonly RootCommand Root = BuildRoot();

    /// <summary>Response files (<c>@file</c>) are off: an argument that starts with @ is taken as it is.</summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    private static RootCommand BuildRoot()
    {
        var root = new RootCommand("igabot: the access-provisioning bot. Without a verb it starts the bot's web host.")
        {
            CatalogOption, DirectoryOption, DatabaseOption,
        };
        Group(root, "catalog", "The tenant files.", TenantVerbs.Validate(), TenantVerbs.Coach());
        Group(root, "policy", "What policy decides.", PolicyVerbs.Explain());
        Group(root, "audit", "The audit log.", AuditVerbs.Verify(), AuditVerbs.Anchor(), AuditVerbs.Export());
        root.Add(AgentVerbs.Eval());
        root.Add(AgentVerbs.Chat());
        Group(root, "grants", "Grants.", GrantVerbs.List(), GrantVerbs.Revoke());
        Group(root, "requests", "Requests.", GrantVerbs.ListRequests());
        Group(root, "teams", "The Teams app.", GrantVerbs.TeamsPackage());
        Group(root, "directory", "The directory from an identity source.", DirectoryVerbs.Sync());
        return root;
    }

    private static void Group(RootCommand root, string name, string description, params Command[] verbs)
    {
        var group = new Command(name, description);
        foreach (var verb in verbs) group.Add(verb);
        root.Add(group);
    }

    /// <summary>A verb's command: its words, summary and options, run with a <see cref="CliContext"/>.</summary>
    internal static Command Verb(string name, string summary, Func<CliContext, Task<int>> run, params Symbol[] symbols)
    {
        var command = new Command(name, summary);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option: command.Add(option); break;
                case Argument argument: command.Add(argument); break;
            }
        }
        command.SetAction((parsed, ct) => run(new CliContext(parsed, parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, ct)));
        return command;
    }

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
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            await PrintHelpAsync(output);
            return 0;
        }

        var parsed = Root.Parse(args, Parsing);
        var command = parsed.CommandResult.Command;
        if (command.Action is null)
        {
            // No verb reached: an unknown word, or a group such as 'catalog' without its verb.
            await error.WriteLineAsync($"Unknown command '{string.Join(' ', args.TakeWhile(a => !a.StartsWith('-')))}'.");
            await PrintHelpAsync(error);
            return 2;
        }

        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var problem in parsed.Errors)
                await error.WriteLineAsync($"error: {problem.Message}");
            await error.WriteLineAsync($"usage: igabot {Usage(command)}");
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(invocation, ct);
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            await error.WriteLineAsync($"usage: igabot {Usage(command)}");
            return 2;
        }
        catch (Core.InvalidInputException ex)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 2;
        }
    }

    /// <summary>Every verb with its usage line (<see cref="Usage"/>), for <c>igabot help</c> and an unknown command.</summary>
    private static async Task PrintHelpAsync(TextWriter writer)
    {
        await writer.WriteLineAsync("usage: igabot [verb] [options]   (no verb: start the bot's web host)");
        await writer.WriteLineAsync();
        foreach (var verb in Verbs(Root))
            await writer.WriteLineAsync($"  {Usage(verb),-72} {verb.Description}");
        await writer.WriteLineAsync();
        await writer.WriteLineAsync("Verbs that read the tenant accept --catalog FILE --directory FILE to override the configured files;");
        await writer.WriteLineAsync("the ones that use the database accept --database CONNECTION. 'igabot VERB --help' describes a verb's options.");
    }

    private static IEnumerable<Command> Verbs(Command command) =>
        command.Action is not null ? [command] : command.Subcommands.SelectMany(Verbs);

    /// <summary>"policy explain --requester EMAIL --entitlement ID [--for EMAIL] ...": a verb's words, arguments and own options.</summary>
    internal static string Usage(Command verb)
    {
        var words = new List<string>();
        for (Symbol? s = verb; s is Command c && c is not RootCommand; s = s.Parents.FirstOrDefault())
            words.Insert(0, c.Name);
        foreach (var argument in verb.Arguments.Where(a => !a.Hidden))
            words.Add(argument.Arity.MinimumNumberOfValues == 0 ? $"[{argument.HelpName ?? argument.Name}]" : argument.HelpName ?? argument.Name);
        foreach (var option in verb.Options.Where(o => !o.Hidden && o is not HelpOption))
        {
            var text = option.ValueType == typeof(bool) ? option.Name : $"{option.Name} {option.HelpName ?? "VALUE"}";
            words.Add(option.Required ? text : $"[{text}]");
        }
        return string.Join(' ', words);
    }
}
