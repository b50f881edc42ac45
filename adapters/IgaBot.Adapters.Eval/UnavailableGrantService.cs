using IgaBot.Core.Grants;

namespace IgaBot.Adapters.Eval;

/// <summary>The eval host's grant service (it composes the agent without the grant lifecycle): releasing and extending say they are not available.</summary>
internal sealed class UnavailableGrantService : IGrantService
{
    public Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct) =>
        Task.FromResult(new GrantActionResult(GrantActionOutcome.Unavailable,
            "Releasing access is not available in this installation yet; please ask the app owner to remove it."));

    public Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct) =>
        Task.FromResult(new GrantActionResult(GrantActionOutcome.Unavailable,
            "Extending access is not available in this installation yet; please request the access again when it ends."));
}
