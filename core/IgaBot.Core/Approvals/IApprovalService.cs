namespace IgaBot.Core.Approvals;

public enum ApprovalAction { Approve, Deny, ApproveShorter }

/// <summary>A click on an approval card. The actor is the authenticated channel user, never card data.</summary>
public sealed record ApprovalCommand(
    Guid RequestId,
    int StageOrder,
    string ActorEmail,
    ApprovalAction Action,
    string? Reason = null,
    TimeSpan? ShorterDuration = null);

/// <summary>
/// Whether the decision counted. When it did not (not an approver, already decided, expired), the
/// message says why and <see cref="View"/> shows the request's true state.
/// </summary>
public sealed record ApprovalResult(bool Accepted, string Message, ApprovalView View);

/// <summary>Decisions on approval stages and on manual provisioning tasks.</summary>
public interface IApprovalService
{
    Task<ApprovalResult> DecideAsync(ApprovalCommand command, CancellationToken ct);

    Task<ApprovalView?> GetViewAsync(Guid requestId, int stageOrder, CancellationToken ct);

    /// <summary>
    /// The approval card a person asked to see (a card refresh, a decision that needs one more input), counted as a
    /// click of theirs. Null when there is no such request or stage. Throws <see cref="ForbiddenException"/> with
    /// <see cref="ApprovalViews.NotYours"/> for anyone but the requester, the beneficiary and the request's approvers.
    /// </summary>
    async Task<ApprovalView?> GetViewForAsync(Guid requestId, int stageOrder, string viewerEmail, CancellationToken ct)
    {
        var view = await GetViewAsync(requestId, stageOrder, ct);
        if (view is not null && !view.MaySee(viewerEmail)) throw new ForbiddenException(ApprovalViews.NotYours);
        return view;
    }

    /// <summary>The app owner answered a manual task: done = true (Done) or false (Can't do, with a reason).</summary>
    Task<ManualTaskView> CompleteManualTaskAsync(Guid taskId, string actorEmail, bool done, string? reason, CancellationToken ct);
}
