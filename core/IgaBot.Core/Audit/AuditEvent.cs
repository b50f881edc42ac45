namespace IgaBot.Core.Audit;

/// <summary>What to record: who did what to which subject, with optional detail.</summary>
public sealed record AuditEntry(string Actor, string Action, string Subject, string? Detail = null);

/// <summary>A stored audit row: hash = SHA-256(canonical(event) || previous hash), or HMAC-SHA256 with the audit key when <see cref="Keyed"/>.</summary>
public sealed record AuditEvent
{
    public required long Sequence { get; init; }
    public required DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Subject { get; init; }
    public string? Detail { get; init; }
    public required string PreviousHash { get; init; }
    public required string Hash { get; init; }

    /// <summary>The per-row marker: written with <c>Audit:Key</c> set, so its hash is keyed (see <see cref="AuditChain"/>).</summary>
    public bool Keyed { get; init; }
}
