using System.CommandLine;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Bot.Teams;

namespace IgaBot.Bot.Cli;

/// <summary>Administration: grants, requests, and the Teams app package.</summary>
internal static class GrantVerbs
{
    private static readonly Option<string> Person = new("--person") { Description = "Only this person's grants (all of them).", HelpName = "EMAIL" };
    private static readonly Option<string> ExpiringWithin = new("--expiring-within") { Description = "Only grants ending within this ISO 8601 duration.", HelpName = "PT1H" };
    private static readonly Option<bool> Unmanaged = new("--unmanaged") { Description = "Access found at a target that no request explains." };
    private static readonly Argument<string> Id = new("ID") { Description = "The grant's id.", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<string> IdOption = new("--id") { Description = "The grant's id (instead of ID).", Hidden = true };
    private static readonly Option<string> Reason = new("--reason") { Description = "Why, for the audit log and the holder.", HelpName = "TEXT" };
    private static readonly Option<string> Status = new("--status") { Description = "Only requests in this status.", HelpName = "STATUS" };
    private static readonly Option<string> BotId = new("--bot-id") { Description = "The bot registration's app id.", HelpName = "GUID", Required = true };
    private static readonly Option<string> Out = new("--out") { Description = "The package to write.", HelpName = "FILE.zip", Required = true };

    public static Command List() => CommandLine.Verb("list",
        "List grants with time left: one person's (all), or every active one; --unmanaged: access found at a target that no request explains.",
        ListGrantsAsync, Person, ExpiringWithin, Unmanaged);

    public static Command Revoke() => CommandLine.Verb("revoke", "End a grant now (admin); audited, and the holder is told.", RevokeAsync, Id, IdOption, Reason);

    public static Command ListRequests() => CommandLine.Verb("list",
        "List requests with their status (Submitted, PendingApproval, Fulfilled, Denied...).", ListRequestsAsync, Status);

    public static Command TeamsPackage() => CommandLine.Verb("package",
        "Write the Teams app package (manifest and icons) for a bot registration.", TeamsPackageAsync, BotId, Out);

    private static async Task<int> ListGrantsAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: true, context.Cancellation);
        if (context.Value(Unmanaged))
            return await GrantVerbsRunner.ListUnmanagedAsync(services, context.Out, context.Cancellation);
        return await GrantVerbsRunner.ListGrantsAsync(services, context.Out, context.Error,
            context.Value(Person), context.Value(ExpiringWithin), context.Cancellation);
    }

    private static async Task<int> RevokeAsync(CliContext context)
    {
        var id = context.Value(Id) ?? context.Value(IdOption);
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: true, context.Cancellation);
        var actor = $"admin:{Environment.UserName}";
        return await GrantVerbsRunner.RevokeAsync(services, context.Out, context.Error, id, context.Value(Reason), actor, context.Cancellation);
    }

    private static async Task<int> ListRequestsAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: true, context.Cancellation);
        return await GrantVerbsRunner.ListRequestsAsync(services, context.Out, context.Error, context.Value(Status), context.Cancellation);
    }

    private static async Task<int> TeamsPackageAsync(CliContext context)
    {
        var output = context.Required(Out);
        TeamsAppPackage.Write(context.Required(BotId), output);
        await context.Out.WriteLineAsync($"Teams app package written to {output}.");
        return 0;
    }
}
