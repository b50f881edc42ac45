using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Agent;

// What the tools return. They are serialized to JSON for the model (AgentJson) and read back by the
// offline planner; every result carries a Message sentence that can be shown as is.

public sealed record EntitlementSummary
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string AppId { get; init; }
    public required string AppName { get; init; }
    public required string Description { get; init; }
    public required string Risk { get; init; }
    public string? ScopeLabel { get; init; }
    public IReadOnlyList<string>? ScopeOptions { get; init; }
    /// <summary>ISO 8601; null = no limit.</summary>
    public string? MaxDuration { get; init; }
    public string? DefaultDuration { get; init; }
    public bool RequiresJustification { get; init; }
    public double? Score { get; init; }
}

public sealed record SearchResult(string Message, IReadOnlyList<EntitlementSummary> Matches);

public sealed record EntitlementDetails
{
    public required string Message { get; init; }
    public EntitlementSummary? Entitlement { get; init; }
    public IReadOnlyList<string> Approvals { get; init; } = [];
    public double? AutoApprovePeerCoverage { get; init; }
    public IReadOnlyList<string> EligibleDepartments { get; init; } = [];
    public IReadOnlyList<string> Conflicts { get; init; } = [];
}

public sealed record HeldAccess(string GrantId, string EntitlementId, string EntitlementName, string AppName, string? Scope, DateTimeOffset GrantedAt, DateTimeOffset? ExpiresAt);

public sealed record OpenRequestView(string RequestId, string EntitlementId, string EntitlementName, string? Scope, string Status, string Beneficiary, string? Duration);

public sealed record MyAccessResult(string Message, IReadOnlyList<HeldAccess> Grants, IReadOnlyList<OpenRequestView> OpenRequests);

public sealed record PeerHolding(string EntitlementId, string EntitlementName, int Holders, double Share);

public sealed record PeerAccessResult
{
    public required string Message { get; init; }
    public string? Title { get; init; }
    public int Peers { get; init; }
    public IReadOnlyList<PeerHolding> Entitlements { get; init; } = [];
    /// <summary>The entitlement most of the peers hold among those asked about, when there is a clear one.</summary>
    public string? UsualChoice { get; init; }
}

public sealed record StageView(int Order, string Description, IReadOnlyList<string> Approvers);

public sealed record MissingView(Slot Slot, string Prompt, IReadOnlyList<QuestionOption> Options);

public sealed record PolicyResult
{
    public required string Message { get; init; }
    /// <summary>Null when nothing was evaluated (unknown entitlement, unreadable argument, beneficiary refused).</summary>
    public PolicyOutcome? Outcome { get; init; }
    public string? EntitlementId { get; init; }
    public string? EntitlementName { get; init; }
    public string? Scope { get; init; }
    /// <summary>What would be granted: ISO 8601 or "permanent".</summary>
    public string? Duration { get; init; }
    public string? Beneficiary { get; init; }
    public IReadOnlyList<MissingView> Missing { get; init; } = [];
    public IReadOnlyList<StageView> Stages { get; init; } = [];
    public DateTimeOffset? HeldUntil { get; init; }
    public IReadOnlyList<string> Trace { get; init; } = [];
}

public sealed record AskResult(string Message, bool Asked, Slot? Slot = null, IReadOnlyList<QuestionOption>? Options = null);

public sealed record SubmitToolResult
{
    public required string Message { get; init; }
    public bool Submitted { get; init; }
    /// <summary>auto_approved, pending_approval or not_submitted.</summary>
    public required string Status { get; init; }
    public string? RequestId { get; init; }
    public IReadOnlyList<string> NextApprovers { get; init; } = [];
}

public sealed record ActionResult(string Message, bool Done);
