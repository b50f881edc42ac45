using IgaBot.Core.People;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Adapters.Identity;

/// <summary>
/// What <c>igabot directory sync [--dry-run]</c> does over the composed services: prints the difference and, without
/// --dry-run, applies it. Exit codes: 0 done (or nothing to do), 1 the source failed or was refused (nothing changed),
/// 2 no identity source is configured.
/// </summary>
public static class DirectoryVerbsRunner
{
    public static async Task<int> SyncAsync(IServiceProvider services, TextWriter output, TextWriter error, bool dryRun, CancellationToken ct)
    {
        var report = await services.GetRequiredService<DirectorySync>().RunAsync(dryRun, ct);
        var text = DirectorySync.Format(report);
        switch (report.Outcome)
        {
            case DirectorySyncOutcome.Applied or DirectorySyncOutcome.DryRun:
                await output.WriteAsync(text);
                return 0;
            case DirectorySyncOutcome.NotConfigured:
                await error.WriteLineAsync($"error: {report.Problem} Set {DirectoryOptions.Section}:Source to an entra, okta or scim connector to sync people.");
                return 2;
            default:
                await output.WriteAsync(text);
                await error.WriteLineAsync($"error: {report.Problem}.");
                return 1;
        }
    }
}
