using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;

namespace IgaBot.Core.Agent;

/// <summary>An entitlement found for a need, with how well it matched (higher is better, comparable within one search only).</summary>
public sealed record SearchHit(Entitlement Entitlement, double Score);

/// <summary>Finds catalog entitlements for a need in a person's words (semantic search offline, keywords as a floor).</summary>
public interface IEntitlementSearch
{
    /// <param name="query">The need, in the person's words.</param>
    /// <param name="appId">Only this app's entitlements, when set.</param>
    /// <param name="limit">At most this many matches, best first.</param>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string query, string? appId, int limit, CancellationToken ct);
}

/// <summary>One person's access: active grants and open requests (for them or made by them).</summary>
public sealed record PersonAccess(IReadOnlyList<Grant> Grants, IReadOnlyList<AccessRequest> OpenRequests);

/// <summary>Reads who holds what, for the policy engine and for "what do I have?".</summary>
public interface IAccessReader
{
    /// <summary>
    /// What the policy engine needs to decide for <paramref name="beneficiary"/>: their active grants and open requests,
    /// and the active grants of their peers (for peer coverage). Not the whole company's.
    /// </summary>
    Task<AccessSnapshot> SnapshotForAsync(Person beneficiary, PeopleDirectory directory, CancellationToken ct);

    Task<PersonAccess> ForPersonAsync(string email, CancellationToken ct);
}
