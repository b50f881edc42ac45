using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.People;

namespace IgaBot.Core.Storage;

/// <summary>Grants: the access people hold. Never deleted; an ended grant keeps who ended it, when and why.</summary>
public interface IGrantStore
{
    Task CreateAsync(Grant grant, AuditEntry audit);

    Task<Grant?> GetAsync(Guid id);

    /// <summary>A person's Active grants.</summary>
    Task<IReadOnlyList<Grant>> ListActiveForPersonAsync(string person);

    /// <summary>The Active grants of these people (the policy engine's beneficiary and peers), not the whole company's.</summary>
    Task<IReadOnlyList<Grant>> ListActiveForPeopleAsync(IReadOnlyCollection<string> people);

    /// <summary>All of a person's grants, ended ones included, newest first.</summary>
    Task<IReadOnlyList<Grant>> ListForPersonAsync(string person);

    /// <summary>Every Active grant.</summary>
    Task<IReadOnlyList<Grant>> ListActiveAsync();

    /// <summary>Active grants whose expiry falls in (<paramref name="after"/>, <paramref name="until"/>], soonest first.</summary>
    Task<IReadOnlyList<Grant>> ListExpiringAsync(DateTimeOffset after, DateTimeOffset until);

    /// <summary>Active grants with <c>expires_at &lt;= now</c>: the sweeper revokes these.</summary>
    Task<IReadOnlyList<Grant>> ListOverdueAsync(DateTimeOffset now);

    /// <summary>
    /// Guarded status change: Active→Revoking, Revoking→Revoked or RevokeFailed, RevokeFailed→Revoking (retry).
    /// <paramref name="endedBy"/>/<paramref name="reason"/> are recorded when given; Revoked sets ended_at.
    /// <see cref="ConflictException"/> when the grant is no longer in <paramref name="expected"/>.
    /// </summary>
    Task<Grant> ChangeStatusAsync(Guid id, GrantStatus expected, GrantStatus next, AuditEntry audit, string? endedBy = null, string? reason = null);

    /// <summary>Moves the expiry of an Active grant (null = permanent); <see cref="ConflictException"/> when it is not Active.</summary>
    Task<Grant> ExtendAsync(Guid id, DateTimeOffset? expiresAt, AuditEntry audit);

    /// <summary>
    /// Imports one entry of the directory's initial access as a permanent Active grant, once ever per
    /// person + entitlement + scope: returns null when it was imported before (even if revoked since).
    /// </summary>
    Task<Grant?> ImportInitialAsync(string person, AccessAssignment access, AuditEntry audit);
}
