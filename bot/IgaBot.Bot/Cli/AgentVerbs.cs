using IgaBot.Adapters.Eval;
using IgaBot.Core;
using IgaBot.Core.Conversation;

namespace IgaBot.Bot.Cli;

/// <summary><c>eval</c> and <c>chat</c>: the agent without any channel.</summary>
internal static class AgentVerbs
{
    public static IReadOnlyList<CliVerb> All { get; } =
    [
        new("eval", "eval --catalog FILE --directory FILE --cases FILE [--json OUT]",
            "Run graded cases through the real conversation and agent; then a line by check; last line: eval: P/N passed, asks exact A/N, over-permission O, wrong person W.", EvalAsync),
        new("chat", "chat --as EMAIL [--catalog FILE --directory FILE]",
            "Talk to the agent in the terminal as a person of the directory (questions as numbered options).", ChatAsync),
    ];

    private static Task<int> EvalAsync(CliContext context)
    {
        var args = context.Args;
        var (catalog, directory) = CliHost.TenantPaths(args);
        // The settings' OpenAI section picks the reasoner, as in the bot: a configured model is evaluated, else the offline planner.
        return EvalRunner.RunAsync(catalog, directory, args.Required("cases"), args.Option("json"), context.Out,
            CliHost.Configuration(args), context.Cancellation);
    }

    private static async Task<int> ChatAsync(CliContext context)
    {
        var email = context.Args.Required("as");
        await using var services = await CliHost.StartServicesAsync(context.Args, syncTenant: true, context.Cancellation);
        if (services.GetRequiredService<ITenantAccessor>().Current.Directory.Find(email) is null)
            throw new CliUsageException($"--as '{email}' is not in the directory.");
        return await ChatRunner.RunAsync(email, services.GetRequiredService<IConversationService>(), Console.In, context.Out, context.Cancellation);
    }
}
