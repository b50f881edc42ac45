using IgaBot.Core.Agent;
using IgaBot.Core.Catalog;

namespace IgaBot.Core.Tests.Agent;

/// <summary>
/// A search for the core tests, which have no embedding model: scores entitlements by the words they share with the
/// query (name and app name count more than the description).
/// </summary>
internal sealed class KeywordEntitlementSearch(ITenantAccessor tenant) : IEntitlementSearch
{
    private static readonly HashSet<string> Ignored = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "to", "in", "on", "of", "for", "and", "or", "i", "me", "my", "we", "our", "need", "want",
        "access", "please", "can", "could", "get", "give", "have", "be", "is", "it", "with", "some", "do", "would", "like",
    };

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string query, string? appId, int limit, CancellationToken ct)
    {
        var words = Words(query);
        var catalog = tenant.Current.Catalog;
        IReadOnlyList<SearchHit> matches = [.. catalog.Entitlements
            .Where(e => appId is null || string.Equals(e.AppId, appId, StringComparison.OrdinalIgnoreCase))
            .Select(e => new SearchHit(e, Score(words, e, catalog.AppOf(e))))
            .Where(m => m.Score > 0 || appId is not null)
            .OrderByDescending(m => m.Score)
            .ThenBy(m => m.Entitlement.Risk)
            .Take(Math.Max(1, limit))];
        return Task.FromResult(matches);
    }

    private static double Score(HashSet<string> query, Entitlement e, App app)
    {
        if (query.Count == 0) return 0;
        double Overlap(string text, double weight) => Words(text).Count(query.Contains) * weight;
        return (Overlap(e.Name, 2) + Overlap(app.Name, 2) + Overlap(app.Id, 2) + Overlap(e.Description, 1)) / query.Count;
    }

    private static HashSet<string> Words(string text) =>
        new(text.Split([' ', ',', '.', '-', '/', '(', ')', ':', ';', '\'', '"', '?', '!'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.ToLowerInvariant())
            .Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w)
            .Where(w => !Ignored.Contains(w)), StringComparer.OrdinalIgnoreCase);
}
