using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Core.Policy;

/// <summary>The pieces of a request the conversation fills in.</summary>
public enum Slot { Entitlement, Scope, Duration, Justification, Confirm, Beneficiary }

/// <summary>How long the requester asked for: not said yet, permanently, or a length.</summary>
public sealed record DurationRequest
{
    private DurationRequest(bool stated, TimeSpan? length) => (IsStated, Length) = (stated, length);

    public bool IsStated { get; }
    /// <summary>The length asked for; null when unstated or permanent.</summary>
    public TimeSpan? Length { get; }
    public bool IsPermanent => IsStated && Length is null;

    public static DurationRequest Unstated { get; } = new(false, null);
    public static DurationRequest Permanent { get; } = new(true, null);
    public static DurationRequest Of(TimeSpan length) => new(true, length);
    public static DurationRequest FromNullable(TimeSpan? length) => length is null ? Unstated : Of(length.Value);

    public override string ToString() => !IsStated ? "unstated" : Length is null ? "permanent" : Durations.Describe(Length.Value);
}

/// <summary>What the policy engine is asked to decide.</summary>
public sealed record PolicyRequest(
    Person Requester,
    Person Beneficiary,
    Entitlement Entitlement,
    string? Scope,
    DurationRequest Duration,
    string? Justification);

/// <summary>A held or pending entitlement of one person, as the policy engine sees it.</summary>
public sealed record Holding(string Person, string EntitlementId, string? Scope, DateTimeOffset? ExpiresAt = null)
{
    /// <summary>A holding counts until its expiry instant; at that instant it is gone.</summary>
    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is null || ExpiresAt > now;
}

/// <summary>Everybody's current access and pending requests at the moment of the decision.</summary>
public sealed record AccessSnapshot(IReadOnlyList<Holding> Held, IReadOnlyList<Holding> Pending)
{
    public static AccessSnapshot Empty { get; } = new([], []);

    /// <summary>Permanent holdings from a directory's access lists (email → assignments), nothing pending.</summary>
    public static AccessSnapshot FromAssignments(IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> access) =>
        new([.. access.SelectMany(p => p.Value.Select(a => new Holding(p.Key, a.EntitlementId, a.Scope)))], []);

    public IEnumerable<Holding> HeldBy(string person) =>
        Held.Where(h => PersonKey.Same(h.Person, person));

    public IEnumerable<Holding> PendingFor(string person) =>
        Pending.Where(h => PersonKey.Same(h.Person, person));
}

public enum PolicyOutcome { Denied, AlreadyHeld, NeedsInput, AutoApproved, NeedsApproval }

public enum DenialReason
{
    /// <summary>The access is for someone who is neither the requester nor one of their direct reports (DESIGN §5).</summary>
    NotAReport,
    /// <summary>The beneficiary's department may not hold the entitlement.</summary>
    Ineligible,
    /// <summary>Separation of duties: a conflicting entitlement is held or pending.</summary>
    Conflict,
    /// <summary>Once the requester and the beneficiary are set aside, nobody is left to approve a stage.</summary>
    NoApprover,
}

/// <summary>A slot the requester still has to fill, with the options and limits to offer.</summary>
public sealed record MissingSlot(Slot Slot, string Prompt, IReadOnlyList<string> Options, TimeSpan? Limit = null)
{
    /// <summary>For <see cref="Slot.Duration"/>: the lengths behind <see cref="Options"/>, in the same order (null = permanent).</summary>
    public IReadOnlyList<TimeSpan?> DurationOptions { get; init; } = [];
}

/// <summary>One resolved approval stage: who may decide it (any one of <see cref="Approvers"/>, emails).</summary>
public sealed record StagePlan(int Order, ApprovalStep Step, IReadOnlyList<string> Approvers, string Description)
{
    /// <summary>The catalog steps this stage stands for: more than one when consecutive steps had the same approvers.</summary>
    public IReadOnlyList<ApprovalStep> Steps { get; init; } = [Step];
}

/// <summary>The peer numbers behind a peer-coverage auto-approval (or its refusal).</summary>
public sealed record PeerCoverageFacts(int Peers, int Holders, double Share, double Threshold)
{
    public bool Met => Peers >= PeerCoverage.MinimumPeers && Share >= Threshold;
}

/// <summary>The policy engine's answer, with the human-readable trace of the rules that produced it.</summary>
public sealed record PolicyDecision
{
    public required PolicyOutcome Outcome { get; init; }
    public required IReadOnlyList<string> Trace { get; init; }
    public DenialReason? Denial { get; init; }
    /// <summary>For <see cref="DenialReason.Conflict"/>: the entitlement held or pending that conflicts.</summary>
    public string? ConflictingEntitlementId { get; init; }
    /// <summary>For <see cref="PolicyOutcome.AlreadyHeld"/>: until when (null = permanently).</summary>
    public DateTimeOffset? HeldUntil { get; init; }
    public IReadOnlyList<MissingSlot> Missing { get; init; } = [];
    public IReadOnlyList<StagePlan> Stages { get; init; } = [];
    public PeerCoverageFacts? Peers { get; init; }
    /// <summary>The duration that will be granted (null = permanent); meaningful for approved/pending outcomes.</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>The scope as the catalog spells it (null for unscoped entitlements or when still unknown).</summary>
    public string? Scope { get; init; }

    public string Summary => string.Join(" ", Trace);
}
