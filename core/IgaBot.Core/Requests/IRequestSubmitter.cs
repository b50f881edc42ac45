using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Requests;

/// <summary>A request as the requester finally asks for it. The requester is the authenticated person of the turn.</summary>
public sealed record SubmitCommand(
    Person Requester,
    Person Beneficiary,
    Entitlement Entitlement,
    string? Scope,
    DurationRequest Duration,
    string? Justification);

/// <summary>
/// What submitting did. <see cref="Request"/> is null when nothing was created: the policy decision
/// was not an approval outcome (see <see cref="Decision"/>) or an equal request is already open
/// (see <see cref="Duplicate"/>); <see cref="Refusal"/> says why in a sentence.
/// </summary>
public sealed record SubmitResult
{
    public required PolicyDecision Decision { get; init; }
    public AccessRequest? Request { get; init; }
    public IReadOnlyList<ApprovalStage> Stages { get; init; } = [];
    public AccessRequest? Duplicate { get; init; }
    public string? Refusal { get; init; }

    public bool Created => Request is not null;
}

/// <summary>
/// Turns a request into stored state: re-runs the policy engine on the current access and acts only on
/// its decision: AutoApproved → an Approved request, NeedsApproval → a PendingApproval request with its
/// resolved stages; anything else creates nothing. The request, its stages and the audit row commit in
/// one transaction; afterwards the request is handed to the approval/provisioning workflow. It never
/// grants anything by itself.
/// </summary>
public interface IRequestSubmitter
{
    Task<SubmitResult> SubmitAsync(SubmitCommand command, CancellationToken ct);
}

/// <summary>
/// Starts the work that follows a stored request (notify approvers, or provision an approved one).
/// Called after the submit transaction commits; an implementation must be safe to retry.
/// </summary>
public interface IRequestWorkflow
{
    Task StartAsync(AccessRequest request, IReadOnlyList<ApprovalStage> stages, CancellationToken ct);
}
