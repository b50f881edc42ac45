namespace IgaBot.Core.Storage;

/// <summary>The directory sync's row: which source the people table was last synced from, its state, and a version that grows per sync.</summary>
public sealed record DirectorySyncState(string Source, string? SourceState, long Version, DateTimeOffset SyncedAt);

/// <summary>A stored set of directory changes, waiting for (or done with) delivery to the lifecycle handlers.</summary>
public sealed record StoredChangeSet(Guid Id, string Source, string ChangesJson, DateTimeOffset CreatedAt, int Attempts, DateTimeOffset? DeliveredAt, string? LastError);

/// <summary>
/// Access found at a target system that no grant explained: the grant the sync made for it (kind <c>existing</c>,
/// permanent), and whether a past request explains it (<see cref="Unmanaged"/> when none does).
/// </summary>
public sealed record ExistingAccess(Guid GrantId, string Person, string EntitlementId, string? Scope, string Connector, string Group,
    bool Unmanaged, DateTimeOffset FoundAt, DateTimeOffset? LostAt);

/// <summary>A grant that holds (or is being revoked from) an entitlement: the sync's view of what is already known.</summary>
public sealed record KnownGrant(Guid GrantId, string Person, string EntitlementId, string? Scope, string Status);

/// <summary>
/// What the directory sync keeps: its state (under the tenant sync lock, so syncs and tenant publications never interleave),
/// the change sets still to deliver (written in the transaction that changes the directory), and existing access.
/// </summary>
public interface IDirectorySyncStore
{
    /// <summary>Takes the tenant sync lock (held until the transaction ends) and reads the state; null before the first sync.</summary>
    Task<DirectorySyncState?> LockAndGetStateAsync();

    /// <summary>The version only (cheap to poll): 0 before the first sync.</summary>
    Task<long> GetVersionAsync();

    /// <summary>Records a sync from <paramref name="source"/> with its new state; returns the new version.</summary>
    Task<long> SaveStateAsync(string source, string? sourceState);

    Task AddChangeSetAsync(Guid id, string source, string changesJson);

    /// <summary>Change sets not yet delivered, oldest first.</summary>
    Task<IReadOnlyList<StoredChangeSet>> ListUndeliveredAsync();

    Task MarkDeliveredAsync(Guid id);

    Task MarkDeliveryFailedAsync(Guid id, string error);

    Task AddExistingAccessAsync(ExistingAccess access);

    /// <summary>Existing access whose grant is still held (not lost), oldest first.</summary>
    Task<IReadOnlyList<ExistingAccess>> ListHeldExistingAccessAsync();

    Task MarkExistingAccessLostAsync(Guid grantId);

    /// <summary>Grants Active, Revoking or RevokeFailed: access the bot already knows about.</summary>
    Task<IReadOnlyList<KnownGrant>> ListKnownGrantsAsync();

    /// <summary>The status of the newest request for this person, entitlement and scope that was approved or is being provisioned, or null.</summary>
    Task<string?> ExplainingRequestStatusAsync(string person, string entitlementId, string? scope);
}
