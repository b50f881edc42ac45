using IgaBot.Adapters.Lifecycle;
using IgaBot.Bot.Teams;

namespace IgaBot.Bot.Cli;

/// <summary>Administration: grants, requests, and the Teams app package.</summary>
internal static class GrantVerbs
{
    public static IReadOnlyList<CliVerb> All { get; } =
    [
        new("grants list", "grants list [--person EMAIL] [--expiring-within PT1H] [--unmanaged]",
            "List grants with time left: one person's (all), or every active one; --unmanaged: access found at a target that no request explains.", ListGrantsAsync),
        new("grants revoke", "grants revoke ID --reason TEXT",
            "End a grant now (admin); audited, and the holder is told.", RevokeAsync),
        new("requests list", "requests list [--status STATUS]",
            "List requests with their status (Submitted, PendingApproval, Fulfilled, Denied...).", ListRequestsAsync),
        new("teams package", "teams package --bot-id GUID --out FILE.zip",
            "Write the Teams app package (manifest and icons) for a bot registration.", TeamsPackageAsync),
    ];

    private static async Task<int> ListGrantsAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Args, syncTenant: true, context.Cancellation);
        if (context.Args.Flag("unmanaged"))
            return await GrantVerbsRunner.ListUnmanagedAsync(services, context.Out, context.Cancellation);
        return await GrantVerbsRunner.ListGrantsAsync(services, context.Out, context.Error,
            context.Args.Option("person"), context.Args.Option("expiring-within"), context.Cancellation);
    }

    private static async Task<int> RevokeAsync(CliContext context)
    {
        var id = context.Args.Words.Count > 2 ? context.Args.Words[2] : context.Args.Option("id");
        await using var services = await CliHost.StartServicesAsync(context.Args, syncTenant: true, context.Cancellation);
        var actor = $"admin:{Environment.UserName}";
        return await GrantVerbsRunner.RevokeAsync(services, context.Out, context.Error, id, context.Args.Option("reason"), actor, context.Cancellation);
    }

    private static async Task<int> ListRequestsAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Args, syncTenant: true, context.Cancellation);
        return await GrantVerbsRunner.ListRequestsAsync(services, context.Out, context.Error, context.Args.Option("status"), context.Cancellation);
    }

    private static async Task<int> TeamsPackageAsync(CliContext context)
    {
        var output = context.Args.Required("out");
        TeamsAppPackage.Write(context.Args.Required("bot-id"), output);
        await context.Out.WriteLineAsync($"Teams app package written to {output}.");
        return 0;
    }
}
