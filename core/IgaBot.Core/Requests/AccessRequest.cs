namespace IgaBot.Core.Requests;

public enum RequestStatus
{
    Draft,
    Submitted,
    PendingApproval,
    Approved,
    Provisioning,
    Fulfilled,
    Denied,
    Cancelled,
    Expired,
    Failed,
}

/// <summary>A request for one entitlement for one beneficiary. Never deleted; its status only moves forward.</summary>
public sealed record AccessRequest
{
    public required Guid Id { get; init; }
    public required string Requester { get; init; }
    public required string Beneficiary { get; init; }
    public required string EntitlementId { get; init; }
    public string? Scope { get; init; }
    /// <summary>The duration asked for (null = permanent).</summary>
    public TimeSpan? Duration { get; init; }
    public string? Justification { get; init; }
    public required RequestStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>The policy trace shown to the requester and the approvers.</summary>
    public string Trace { get; init; } = "";
    /// <summary>When set, approval extends this grant in place instead of creating a new one.</summary>
    public Guid? ExtendsGrantId { get; init; }
    /// <summary>The reason of a denial, cancellation or failure.</summary>
    public string? Outcome { get; init; }

    public bool IsOpen => RequestTransitions.IsOpen(Status);
}

public enum StageStatus { Waiting, Pending, Approved, Denied, Expired }

/// <summary>One approval stage of a request. Any one of <see cref="Approvers"/> decides it.</summary>
public sealed record ApprovalStage
{
    public required Guid RequestId { get; init; }
    public required int Order { get; init; }
    /// <summary>The catalog step this stage comes from (manager, owner, group:NAME).</summary>
    public required string Step { get; init; }
    public required IReadOnlyList<string> Approvers { get; init; }
    public required StageStatus Status { get; init; }
    public DateTimeOffset? ActivatedAt { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Reason { get; init; }
    /// <summary>Set when an approver approved a shorter duration than asked.</summary>
    public TimeSpan? ApprovedDuration { get; init; }
    public int RemindersSent { get; init; }
    public bool Escalated { get; init; }
}
