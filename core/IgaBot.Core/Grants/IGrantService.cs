namespace IgaBot.Core.Grants;

/// <summary>What a holder (or an admin) can do with a grant from a channel: release it now or ask to extend it.</summary>
public interface IGrantService
{
    /// <summary>Revokes the actor's own grant now.</summary>
    Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct);

    /// <summary>Starts an extension request through policy (it extends the same grant in place when approved).</summary>
    Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct);
}
