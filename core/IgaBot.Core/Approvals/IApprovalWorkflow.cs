namespace IgaBot.Core.Approvals;

/// <summary>
/// Where a submitted request goes next. The conversation's submit step creates the request
/// (PendingApproval with its stages, or Approved when policy auto-approved it) and then calls
/// <see cref="StartAsync"/>; the periodic sweep calls <see cref="ResumeAsync"/> so that a crash between
/// the two loses nothing.
/// </summary>
public interface IApprovalWorkflow
{
    /// <summary>
    /// PendingApproval: activates the first stage (when none is active yet) and sends its approvers their cards.
    /// Approved: enqueues the provisioning (or extends the grant in place for an extension request).
    /// Anything else: nothing. Safe to call more than once.
    /// </summary>
    Task StartAsync(Guid requestId, CancellationToken ct);

    /// <summary>
    /// Runs the approval timers (reminder, escalation, expiry) and picks up requests that were created but
    /// never started. Returns how many requests it acted on.
    /// </summary>
    Task<int> ResumeAsync(CancellationToken ct);
}
