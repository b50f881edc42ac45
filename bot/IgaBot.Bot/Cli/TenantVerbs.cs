using IgaBot.Adapters.Tenant;
using IgaBot.Core;

namespace IgaBot.Bot.Cli;

/// <summary>Verbs about the tenant files: <c>catalog validate</c>.</summary>
internal static class TenantVerbs
{
    public static IReadOnlyList<CliVerb> All { get; } =
    [
        new("catalog validate", "catalog validate [--catalog FILE --directory FILE]",
            "Check the catalog and directory files; print every problem with file and line.", ValidateAsync),
    ];

    private static async Task<int> ValidateAsync(CliContext context)
    {
        var (catalog, directory) = CliHost.TenantPaths(context.Args);
        var result = TenantLoader.Load(catalog, directory);
        if (result.Tenant is { } tenant)
        {
            await context.Out.WriteLineAsync(
                $"OK: {tenant.Catalog.Apps.Count} apps, {tenant.Catalog.Entitlements.Count()} entitlements, " +
                $"{tenant.Directory.People.Count} people ({catalog}, {directory}).");
            return 0;
        }
        foreach (var problem in result.Problems)
            await context.Out.WriteLineAsync(problem.ToString());
        await context.Out.WriteLineAsync($"{result.Problems.Count} problem{(result.Problems.Count == 1 ? "" : "s")}: nothing was loaded.");
        return 1;
    }
}
