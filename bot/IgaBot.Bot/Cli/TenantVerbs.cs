using System.CommandLine;
using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;

namespace IgaBot.Bot.Cli;

/// <summary>Verbs about the tenant files: <c>catalog validate</c>, <c>catalog coach</c>.</summary>
internal static class TenantVerbs
{
    public static Command Validate() => CommandLine.Verb("validate",
        "Check the catalog and directory files; print every problem with file and line.", ValidateAsync);

    public static Command Coach() => CommandLine.Verb("coach",
        "List what a planner cannot tell apart in the catalog, each with a fix an admin can make in the file.", CoachAsync);

    private static async Task<int> CoachAsync(CliContext context)
    {
        var (catalog, directory) = CliHost.TenantPaths(context.Overrides);
        var result = TenantLoader.Load(catalog, directory);
        if (result.Tenant is not { } tenant)
        {
            foreach (var problem in result.Problems)
                await context.Out.WriteLineAsync(problem.ToString());
            await context.Out.WriteLineAsync($"The catalog does not load ({result.Problems.Count} problem{(result.Problems.Count == 1 ? "" : "s")}); run catalog validate.");
            return 1;
        }
        var findings = new CatalogCoach(MiniLmTextEmbedder.Shared).Review(tenant.Catalog, context.Cancellation);
        foreach (var finding in findings)
        {
            await context.Out.WriteLineAsync(finding.Block());
            await context.Out.WriteLineAsync();
        }
        await context.Out.WriteLineAsync(findings.Count == 0
            ? $"No findings: a planner can tell every app, entitlement and scope option of {catalog} apart."
            : $"{findings.Count} finding{(findings.Count == 1 ? "" : "s")} in {catalog} ({tenant.Catalog.Apps.Count} apps, {tenant.Catalog.Entitlements.Count()} entitlements).");
        return 0;
    }

    private static async Task<int> ValidateAsync(CliContext context)
    {
        var (catalog, directory) = CliHost.TenantPaths(context.Overrides);
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
