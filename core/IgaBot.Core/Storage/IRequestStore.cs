using IgaBot.Core.Audit;
using IgaBot.Core.Requests;

namespace IgaBot.Core.Storage;

/// <summary>An approver's decision on one stage: <see cref="StageStatus.Approved"/> or <see cref="StageStatus.Denied"/>.</summary>
public sealed record StageDecision(StageStatus Outcome, string DecidedBy, string? Reason = null, TimeSpan? ApprovedDuration = null);

/// <summary>Access requests and their approval stages. Nothing here deletes; statuses only move by guarded updates.</summary>
public interface IRequestStore
{
    /// <summary>Stores a new request with its stages (orders must be distinct and belong to the request).</summary>
    Task CreateAsync(AccessRequest request, IReadOnlyList<ApprovalStage> stages, AuditEntry audit);

    Task<AccessRequest?> GetAsync(Guid id);

    /// <summary>The stages of a request in order.</summary>
    Task<IReadOnlyList<ApprovalStage>> GetStagesAsync(Guid requestId);

    /// <summary>Requests in one status, oldest first.</summary>
    Task<IReadOnlyList<AccessRequest>> ListByStatusAsync(RequestStatus status);

    /// <summary>Requests a person made or is the beneficiary of, newest first.</summary>
    Task<IReadOnlyList<AccessRequest>> ListByPersonAsync(string person);

    /// <summary>Open requests (Draft to Provisioning) for a beneficiary, oldest first.</summary>
    Task<IReadOnlyList<AccessRequest>> ListOpenForBeneficiaryAsync(string beneficiary);

    /// <summary>Every open request, for the policy's view of pending access.</summary>
    Task<IReadOnlyList<AccessRequest>> ListOpenAsync();

    /// <summary>Stages waiting for a decision right now, with the ids of their requests.</summary>
    Task<IReadOnlyList<ApprovalStage>> ListPendingStagesAsync();

    /// <summary>
    /// Moves the request from <paramref name="expected"/> to <paramref name="next"/> (and records <paramref name="outcome"/>
    /// when given). Throws <see cref="ConflictException"/> when the request is no longer in <paramref name="expected"/>,
    /// <see cref="InvalidInputException"/> when it does not exist.
    /// </summary>
    Task<AccessRequest> TransitionAsync(Guid id, RequestStatus expected, RequestStatus next, AuditEntry audit, string? outcome = null);

    /// <summary>Decides a stage that is Pending; <see cref="ConflictException"/> when it was decided, expired or not yet active.</summary>
    Task<ApprovalStage> DecideStageAsync(Guid requestId, int order, StageDecision decision, AuditEntry audit);

    /// <summary>Makes a Waiting stage Pending (its timers start at <see cref="IStoreSession.Now"/>).</summary>
    Task<ApprovalStage> ActivateStageAsync(Guid requestId, int order, AuditEntry audit);

    /// <summary>
    /// Counts a reminder sent for a Pending stage that has had <paramref name="expectedRemindersSent"/> so far;
    /// <see cref="ConflictException"/> when the stage was decided or another instance counted a reminder first.
    /// </summary>
    Task<ApprovalStage> RecordReminderAsync(Guid requestId, int order, int expectedRemindersSent, AuditEntry audit);

    /// <summary>
    /// Hands a Pending stage that was not escalated yet to new approvers (marks it escalated and restarts its timers);
    /// <see cref="ConflictException"/> when it was decided or already escalated (by another instance).
    /// </summary>
    Task<ApprovalStage> EscalateStageAsync(Guid requestId, int order, IReadOnlyList<string> approvers, AuditEntry audit);

    /// <summary>
    /// Records that <paramref name="approver"/>'s card for the stage was delivered now (the channel accepted it), for the
    /// approval analytics. The first delivery per stage and approver is kept; returns false when one was already
    /// recorded. <paramref name="escalated"/>: the card went out after the stage was escalated. Not audited: it changes
    /// no decision, and the audit trail records the stage's activation and escalation already.
    /// </summary>
    Task<bool> RecordDeliveryAsync(Guid requestId, int order, string approver, bool escalated);

    /// <summary>
    /// Hands a Waiting or Pending stage to other approvers (an approver left the directory) without touching its timers
    /// or its escalation; <see cref="ConflictException"/> when the stage is decided or its approvers are no longer
    /// <paramref name="expected"/> (someone else changed them first).
    /// </summary>
    Task<ApprovalStage> ReassignStageAsync(Guid requestId, int order, IReadOnlyList<string> expected, IReadOnlyList<string> approvers, AuditEntry audit);

    /// <summary>Marks every Waiting or Pending stage of the request Expired (when the request ends without them); returns how many.</summary>
    Task<int> ExpireOpenStagesAsync(Guid requestId);
}
