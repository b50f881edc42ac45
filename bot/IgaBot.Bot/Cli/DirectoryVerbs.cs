using IgaBot.Adapters.Identity;

namespace IgaBot.Bot.Cli;

/// <summary>The directory from an identity source (<c>Directory:Source</c>).</summary>
internal static class DirectoryVerbs
{
    public static IReadOnlyList<CliVerb> All { get; } =
    [
        new("directory sync", "directory sync [--dry-run]",
            "Read people and existing access from Directory:Source and print joiners, movers, leavers, access found and lost; without --dry-run, apply them.",
            SyncAsync),
    ];

    private static async Task<int> SyncAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Args, syncTenant: true, context.Cancellation);
        return await DirectoryVerbsRunner.SyncAsync(services, context.Out, context.Error, context.Args.Flag("dry-run"), context.Cancellation);
    }
}
