using System.CommandLine;
using IgaBot.Adapters.Identity;

namespace IgaBot.Bot.Cli;

/// <summary>The directory from an identity source (<c>Directory:Source</c>).</summary>
internal static class DirectoryVerbs
{
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print what would change; change nothing." };

    public static Command Sync() => CommandLine.Verb("sync",
        "Read people and existing access from Directory:Source and print joiners, movers, leavers, access found and lost; without --dry-run, apply them.",
        SyncAsync, DryRun);

    private static async Task<int> SyncAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: true, context.Cancellation);
        return await DirectoryVerbsRunner.SyncAsync(services, context.Out, context.Error, context.Value(DryRun), context.Cancellation);
    }
}
