using System.Text.Json;
using IgaBot.Adapters.Tenant;
using IgaBot.Core.People;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>The tenants under tests/eval (copied to the output's eval/ folder) and their graded cases.</summary>
internal static class EvalTenant
{
    /// <summary>A file of the public eval tenant, or of a tenant in a subfolder ("tailspin/catalog.yaml").</summary>
    public static string EvalPath(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "eval", file);

    public static Core.Tenant Load(string folder = "") =>
        TenantLoader.LoadOrThrow(EvalPath(Path.Combine(folder, "catalog.yaml")), EvalPath(Path.Combine(folder, "directory.yaml")));

    /// <summary>Entitlement id → how many peers (same title) of the person hold it.</summary>
    public static IReadOnlyDictionary<string, int> PeerHoldings(Core.Tenant tenant, string email)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var peer in tenant.Directory.PeersOf(tenant.Directory.Get(email)))
            foreach (var id in tenant.InitialAccess.GetValueOrDefault(peer.Email, []).Select(a => a.EntitlementId).Distinct())
                counts[id] = counts.GetValueOrDefault(id) + 1;
        return counts;
    }

    public static IReadOnlyList<EvalCase> LoadCases(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<EvalCase>(l, Json)!).ToList();

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
}

internal sealed record EvalCase(string Id, string Requester, string Say, Dictionary<string, string>? Answers, EvalExpectation Expect);

internal sealed record EvalExpectation(string Entitlement, string? Scope, string? Status, string? Duration, IReadOnlyList<string>? Asks);
