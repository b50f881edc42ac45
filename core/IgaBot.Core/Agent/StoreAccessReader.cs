using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;

namespace IgaBot.Core.Agent;

/// <summary>Who holds what, read from the store: active grants and open requests.</summary>
public sealed class StoreAccessReader(IIgaStore store) : IAccessReader
{
    public Task<AccessSnapshot> SnapshotAsync(CancellationToken ct) =>
        store.RunAsync(s => StoreAccess.SnapshotAsync(s), ct);

    public Task<PersonAccess> ForPersonAsync(string email, CancellationToken ct) =>
        store.RunAsync(async s =>
        {
            var grants = await s.Grants.ListActiveForPersonAsync(email);
            var requests = await s.Requests.ListByPersonAsync(email);
            return new PersonAccess(grants, [.. requests.Where(r => r.IsOpen)]);
        }, ct);
}

/// <summary>The policy engine's view of access inside a store transaction.</summary>
public static class StoreAccess
{
    public static async Task<AccessSnapshot> SnapshotAsync(IStoreSession session)
    {
        var grants = await session.Grants.ListActiveAsync();
        var open = await session.Requests.ListOpenAsync();
        return new AccessSnapshot(
            [.. grants.Where(g => g.Status == GrantStatus.Active).Select(g => new Holding(g.Person, g.EntitlementId, g.Scope, g.ExpiresAt))],
            [.. open.Where(r => r.ExtendsGrantId is null).Select(r => new Holding(r.Beneficiary, r.EntitlementId, r.Scope))]);
    }
}
