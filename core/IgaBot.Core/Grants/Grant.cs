namespace IgaBot.Core.Grants;

public enum GrantStatus { Active, Revoking, Revoked, RevokeFailed }

/// <summary>Access a person holds. Never deleted: an ended grant keeps who ended it, when and why.</summary>
public sealed record Grant
{
    public required Guid Id { get; init; }
    public required string Person { get; init; }
    public required string EntitlementId { get; init; }
    public string? Scope { get; init; }
    public required DateTimeOffset GrantedAt { get; init; }
    /// <summary>The source of truth for expiry; null = permanent.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
    public required GrantStatus Status { get; init; }
    public Guid? RequestId { get; init; }
    /// <summary>What the connector knows this membership by (e.g. the target group), for revocation.</summary>
    public string? ConnectorRef { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? EndedBy { get; init; }
    public string? EndReason { get; init; }
}
