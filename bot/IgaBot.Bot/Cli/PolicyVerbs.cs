using System.CommandLine;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.Policy;

namespace IgaBot.Bot.Cli;

/// <summary><c>policy explain</c>: what policy would decide for a request, and why.</summary>
internal static class PolicyVerbs
{
    private static readonly Option<string> Requester = new("--requester") { Description = "Who asks.", HelpName = "EMAIL", Required = true };
    private static readonly Option<string> Entitlement = new("--entitlement") { Description = "The entitlement's id in the catalog.", HelpName = "ID", Required = true };
    private static readonly Option<string> For = new("--for") { Description = "Who would hold it, when not the requester.", HelpName = "EMAIL" };
    private static readonly Option<string> Scope = new("--scope") { Description = "The scope option asked for.", HelpName = "S" };
    private static readonly Option<string> Duration = new("--duration") { Description = "How long: an ISO 8601 duration or 'permanent'.", HelpName = "P7D|permanent" };
    private static readonly Option<string> Justification = new("--justification") { Description = "The reason given.", HelpName = "TEXT" };

    public static Command Explain() => CommandLine.Verb("explain",
        "Print the policy decision for a request and the trace of the rules behind it.", ExplainAsync,
        Requester, Entitlement, For, Scope, Duration, Justification);

    private static async Task<int> ExplainAsync(CliContext context)
    {
        var (catalogPath, directoryPath) = CliHost.TenantPaths(context.Overrides);
        var tenant = TenantLoader.LoadOrThrow(catalogPath, directoryPath);

        var requester = Person(tenant, context.Required(Requester), "--requester");
        var beneficiary = context.Value(For) is { } other ? Person(tenant, other, "--for") : requester;
        var entitlementId = context.Required(Entitlement);
        var entitlement = tenant.Catalog.FindEntitlement(entitlementId)
            ?? throw new CliUsageException($"'{entitlementId}' is not an entitlement of the catalog ({catalogPath}).");

        var request = new PolicyRequest(requester, beneficiary, entitlement, context.Value(Scope),
            ParseDuration(context.Value(Duration)), context.Value(Justification));
        // The directory file's access lists are what people hold in the tenant files; the running
        // bot evaluates against its database, which starts from the same lists.
        var decision = PolicyEngine.Evaluate(request, tenant, AccessSnapshot.FromAssignments(tenant.InitialAccess), DateTimeOffset.UtcNow);
        await context.Out.WriteAsync(PolicyDecisionText.Explain(request, decision));
        return 0;
    }

    private static Core.People.Person Person(Core.Tenant tenant, string email, string option) =>
        tenant.Directory.Find(email) ?? throw new CliUsageException($"{option} '{email}' is not in the directory.");

    private static DurationRequest ParseDuration(string? text) =>
        Durations.TryParseRequest(text, out var duration)
            ? duration
            : throw new CliUsageException($"--duration '{text}' is not an ISO 8601 duration (e.g. PT4H, P7D) or 'permanent'.");
}
