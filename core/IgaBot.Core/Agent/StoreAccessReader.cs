using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;

namespace IgaBot.Core.Agent;

/// <summary>Who holds what, read from the store: active grants and open requests.</summary>
public sealed class StoreAccessReader(IIgaStore store) : IAccessReader
{
    public Task<AccessSnapshot> SnapshotForAsync(Person beneficiary, PeopleDirectory directory, CancellationToken ct) =>
        store.ReadAsync(s => StoreAccess.SnapshotForAsync(s, beneficiary, directory), ct);

    public Task<PersonAccess> ForPersonAsync(string email, CancellationToken ct) =>
        store.ReadAsync(async s =>
        {
            var grants = await s.Grants.ListActiveForPersonAsync(email);
            var requests = await s.Requests.ListByPersonAsync(email);
            return new PersonAccess(grants, [.. requests.Where(r => r.IsOpen)]);
        }, ct);
}

/// <summary>The policy engine's view of access inside a store transaction.</summary>
public static class StoreAccess
{
    /// <summary>The beneficiary's active grants and open requests, and their peers' active grants: what the policy engine reads.</summary>
    public static async Task<AccessSnapshot> SnapshotForAsync(IStoreSession session, Person beneficiary, PeopleDirectory directory)
    {
        var people = directory.PeersOf(beneficiary).Select(p => p.Email).Append(beneficiary.Email).ToList();
        var grants = await session.Grants.ListActiveForPeopleAsync(people);
        var open = await session.Requests.ListOpenForBeneficiaryAsync(beneficiary.Email);
        return new AccessSnapshot(
            [.. grants.Where(g => g.Status == GrantStatus.Active).Select(g => new Holding(g.Person, g.EntitlementId, g.Scope, g.ExpiresAt))],
            [.. open.Where(r => r.ExtendsGrantId is null).Select(r => new Holding(r.Beneficiary, r.EntitlementId, r.Scope))]);
    }
}
