namespace IgaBot.Adapters.Planner;

/// <summary>The outcome of choosing among an app's entitlements: one entitlement, or options to ask about.</summary>
public sealed record Choice(EntitlementMatch? Chosen, IReadOnlyList<EntitlementMatch> Options, string Why)
{
    public bool IsAmbiguous => Chosen is null && Options.Count > 1;
}

/// <summary>
/// Picks the narrowest entitlement that does what the request says. A request that names no need
/// ("I need Salesforce access") gets options, narrowest first; a stated level ("read-only", "admin")
/// or a clear need decides; of two that fit about equally well, the narrower wins; an admin-level
/// entitlement is only chosen when the request asks for administration or clearly describes it.
/// </summary>
public static class LeastPrivilegeChooser
{
    /// <summary>How close two relevance scores are to count as "about equally good".</summary>
    public const double Margin = 0.08;

    /// <param name="candidates">The entitlements of the app(s) the request is about, with their search scores.</param>
    /// <param name="need">The level the request's words ask for.</param>
    /// <param name="needStated">Whether the request says anything about what it needs beyond the app's name.</param>
    public static Choice Choose(IReadOnlyList<EntitlementMatch> candidates, NeedLevel need, bool needStated)
    {
        if (candidates.Count == 0) return new Choice(null, [], "nothing in the catalog matches");
        var narrowestFirst = candidates.OrderBy(c => Privileges.Breadth(c.Entitlement)).ThenByDescending(Relevance).ToList();
        if (candidates.Count == 1) return new Choice(candidates[0], [], $"the only entitlement of {candidates[0].App.Name}");
        if (!needStated && need.Level == PrivilegeLevel.Unknown)
            return new Choice(null, narrowestFirst, "the request names the app but not what is needed");

        // Named outright ("GitHub Organization Owner", "read-only", "ACCOUNTADMIN") and not contradicting the level asked for.
        var named = candidates
            .Where(c => c.NameMatch >= 1 && Fits(c, need))
            .OrderByDescending(Relevance).ThenBy(c => Privileges.Breadth(c.Entitlement)).ToList();
        if (named.Count > 0) return new Choice(named[0], [], $"names \"{named[0].Entitlement.Name}\"");

        var doesTheJob = candidates.Where(c => Fits(c, need) && !c.Contradicted).ToList();
        if (doesTheJob.Count == 0) doesTheJob = candidates.Where(c => !c.Contradicted).ToList();
        if (doesTheJob.Count == 0) doesTheJob = candidates.ToList();
        var best = doesTheJob.Max(Relevance);
        // Administration only when asked for, or when it is clearly the best description of the need.
        if (need.Level != PrivilegeLevel.Admin)
        {
            var nonAdmin = doesTheJob.Where(c => Capability(c) != PrivilegeLevel.Admin || c.NameMatch >= 0.5).ToList();
            var adminWinsClearly = doesTheJob.Any(c => Capability(c) == PrivilegeLevel.Admin && Relevance(c) >= best - 1e-9 && c.Lexical > 0.25
                && doesTheJob.Where(o => o != c).All(o => Relevance(o) < best - Margin));
            if (!adminWinsClearly)
            {
                if (nonAdmin.Count == 0) return new Choice(null, narrowestFirst, "only administration would fit, and the request does not ask for it");
                doesTheJob = nonAdmin;
                best = doesTheJob.Max(Relevance);
            }
        }
        var leader = doesTheJob.OrderByDescending(Relevance).First();
        var close = doesTheJob.Where(c => Relevance(c) >= best - MarginBelow(leader, c))
            .OrderBy(c => Privileges.Breadth(c.Entitlement)).ThenByDescending(Relevance).ToList();
        if (close.Count == 1) return new Choice(close[0], [], $"best fit for the need ({close[0].Why})");
        if (need.Level != PrivilegeLevel.Unknown)
            return new Choice(close[0], [], $"the narrowest of {close.Count} that fit a {need.Level.ToString().ToLowerInvariant()} need");
        return new Choice(null, close, "several entitlements fit the request about equally");
    }

    /// <summary>How much better a riskier entitlement must fit than a safer one to be preferred: more for each risk step.</summary>
    public static double MarginBelow(EntitlementMatch leader, EntitlementMatch other) =>
        Margin + RiskStepMargin * Math.Max(0, (int)leader.Entitlement.Risk - (int)other.Entitlement.Risk);

    public const double RiskStepMargin = 0.05;

    /// <summary>How well an entitlement fits the words of the request, app mention aside.</summary>
    public static double Relevance(EntitlementMatch m) => m.Score - (m.AppMentioned ? EntitlementSearch.AppMentionBonus : 0);

    private static PrivilegeLevel Capability(EntitlementMatch m) => Privileges.CapabilityOf(m.Entitlement);

    private static bool Fits(EntitlementMatch m, NeedLevel need) =>
        need.ReadOnlyStated ? Capability(m) == PrivilegeLevel.Read : need.Level == PrivilegeLevel.Unknown || Capability(m) >= need.Level;
}
