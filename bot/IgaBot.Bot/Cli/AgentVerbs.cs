using System.CommandLine;
using IgaBot.Adapters.Eval;
using IgaBot.Core;
using IgaBot.Core.Conversation;

namespace IgaBot.Bot.Cli;

/// <summary><c>eval</c> and <c>chat</c>: the agent without any channel.</summary>
internal static class AgentVerbs
{
    private static readonly Option<string> Cases = new("--cases") { Description = "The graded cases, one JSON object a line.", HelpName = "FILE", Required = true };
    private static readonly Option<string> Json = new("--json") { Description = "Also write the results as JSON.", HelpName = "OUT" };
    private static readonly Option<string> As = new("--as") { Description = "The person of the directory to talk as.", HelpName = "EMAIL", Required = true };

    public static Command Eval() => CommandLine.Verb("eval",
        "Run graded cases through the real conversation and agent; then a line by check; last line: eval: P/N passed, asks exact A/N, over-permission O, wrong person W.",
        EvalAsync, Cases, Json);

    public static Command Chat() => CommandLine.Verb("chat",
        "Talk to the agent in the terminal as a person of the directory (questions as numbered options).", ChatAsync, As);

    private static Task<int> EvalAsync(CliContext context)
    {
        var (catalog, directory) = CliHost.TenantPaths(context.Overrides);
        // The settings' OpenAI section picks the reasoner, as in the bot: a configured model is evaluated, else the offline planner.
        return EvalRunner.RunAsync(catalog, directory, context.Required(Cases), context.Value(Json), context.Out,
            CliHost.Configuration(context.Overrides), context.Cancellation);
    }

    private static async Task<int> ChatAsync(CliContext context)
    {
        var email = context.Required(As);
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: true, context.Cancellation);
        if (services.GetRequiredService<ITenantAccessor>().Current.Directory.Find(email) is null)
            throw new CliUsageException($"--as '{email}' is not in the directory.");
        return await ChatRunner.RunAsync(email, services.GetRequiredService<IConversationService>(), Console.In, context.Out, context.Cancellation);
    }
}
