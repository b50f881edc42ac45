using IgaBot.Core.People;

namespace IgaBot.Core.Policy;

/// <summary>
/// Peer coverage (DESIGN §6 rule 7): a person's peers are the other people with exactly their title; an entitlement
/// is covered when, among at least <see cref="MinimumPeers"/> peers, the share holding it (any scope) reaches the threshold.
/// The one place that counts holders, for the policy decision and for what the assistant tells the requester.
/// </summary>
public static class PeerCoverage
{
    /// <summary>With fewer peers than this, their holdings say nothing about what the role needs.</summary>
    public const int MinimumPeers = 2;

    /// <summary>How many of <paramref name="peers"/> hold <paramref name="entitlementId"/> at <paramref name="now"/>.</summary>
    public static int HoldersAmong(IEnumerable<Person> peers, string entitlementId, AccessSnapshot access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentNullException.ThrowIfNull(access);
        return peers.Count(p => access.HeldBy(p.Email).Any(h =>
            string.Equals(h.EntitlementId, entitlementId, StringComparison.OrdinalIgnoreCase) && h.IsActiveAt(now)));
    }

    /// <summary>The share of peers holding it; 0 when there are no peers.</summary>
    public static double Share(int holders, int peers) => peers == 0 ? 0 : (double)holders / peers;

    /// <summary>The numbers behind the rule for one beneficiary and entitlement, against <paramref name="threshold"/>.</summary>
    public static PeerCoverageFacts Measure(PeopleDirectory directory, Person beneficiary, string entitlementId,
        AccessSnapshot access, DateTimeOffset now, double threshold)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(beneficiary);
        var peers = directory.PeersOf(beneficiary).ToList();
        var holders = HoldersAmong(peers, entitlementId, access, now);
        return new PeerCoverageFacts(peers.Count, holders, Share(holders, peers.Count), threshold);
    }
}
