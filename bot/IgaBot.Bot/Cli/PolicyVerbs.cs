using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.Policy;

namespace IgaBot.Bot.Cli;

/// <summary><c>policy explain</c>: what policy would decide for a request, and why.</summary>
internal static class PolicyVerbs
{
    public static IReadOnlyList<CliVerb> All { get; } =
    [
        new("policy explain",
            "policy explain --requester EMAIL --entitlement ID [--for EMAIL] [--scope S] [--duration P7D|permanent] [--justification TEXT]",
            "Print the policy decision for a request and the trace of the rules behind it.", ExplainAsync),
    ];

    private static async Task<int> ExplainAsync(CliContext context)
    {
        var args = context.Args;
        var (catalogPath, directoryPath) = CliHost.TenantPaths(args);
        var tenant = TenantLoader.LoadOrThrow(catalogPath, directoryPath);

        var requester = Person(tenant, args.Required("requester"), "--requester");
        var beneficiary = args.Option("for") is { } other ? Person(tenant, other, "--for") : requester;
        var entitlementId = args.Required("entitlement");
        var entitlement = tenant.Catalog.FindEntitlement(entitlementId)
            ?? throw new CliUsageException($"'{entitlementId}' is not an entitlement of the catalog ({catalogPath}).");

        var request = new PolicyRequest(requester, beneficiary, entitlement, args.Option("scope"),
            ParseDuration(args.Option("duration")), args.Option("justification"));
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
