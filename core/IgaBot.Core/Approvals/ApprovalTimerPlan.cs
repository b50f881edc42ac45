using IgaBot.Core.Requests;

namespace IgaBot.Core.Approvals;

public enum ApprovalTimerAction { None, Remind, Escalate, Expire }

/// <summary>
/// What an undecided stage's timers call for at <c>now</c>. A pure function of the stored stage, so the
/// periodic sweep can run it as often as it likes and a restart loses nothing.
/// </summary>
public static class ApprovalTimerPlan
{
    public static ApprovalTimerAction Decide(AccessRequest request, ApprovalStage stage, ApprovalTimersOptions timers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stage);
        ArgumentNullException.ThrowIfNull(timers);
        if (request.Status != RequestStatus.PendingApproval) return ApprovalTimerAction.None;
        if (now >= ExpiresAt(request, timers)) return ApprovalTimerAction.Expire;
        if (stage.Status != StageStatus.Pending || stage.ActivatedAt is not { } since) return ApprovalTimerAction.None;
        var waited = now - since;
        // Escalation restarts the stage's clock (activated_at) and its reminder count, so the managers
        // get their own reminder; a stage escalates once.
        if (!stage.Escalated && waited >= timers.EscalateAfter) return ApprovalTimerAction.Escalate;
        if (stage.RemindersSent == 0 && waited >= timers.ReminderAfter) return ApprovalTimerAction.Remind;
        return ApprovalTimerAction.None;
    }

    /// <summary>When a request still undecided expires: <see cref="ApprovalTimersOptions.ExpireAfter"/> after it was submitted.</summary>
    public static DateTimeOffset ExpiresAt(AccessRequest request, ApprovalTimersOptions timers) => request.CreatedAt + timers.ExpireAfter;
}
