namespace IgaBot.Core.People;

/// <summary>How a reviewed grant ended up: the new manager's answer, or what the due date did to it.</summary>
public enum ReviewDecision { Keep, Revoke, AutoRevoked, KeptUnanswered }

/// <summary>One grant a mover's new manager is asked about, and why.</summary>
public sealed record MoverReviewItem
{
    public required Guid GrantId { get; init; }
    public required string EntitlementId { get; init; }
    public string? Scope { get; init; }
    /// <summary>The new department may not hold it (the policy engine's eligibility rule): revoked when the review goes unanswered.</summary>
    public required bool Ineligible { get; init; }
    /// <summary>The old manager approved it.</summary>
    public required bool ApprovedByOldManager { get; init; }
    /// <summary>The reason shown on the card (the policy's eligibility line, or who approved it).</summary>
    public required string Why { get; init; }
    public ReviewDecision? Decision { get; init; }
    public DateTimeOffset? KeepUntil { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
}

/// <summary>
/// The review of a mover's access by their new manager: one per person and move, answered item by item with
/// Keep until a date or Revoke; unanswered by <see cref="DueAt"/>, the ineligible items are revoked.
/// </summary>
public sealed record MoverReview
{
    public required Guid Id { get; init; }
    public required string Person { get; init; }
    /// <summary>The new manager: the only person who may answer.</summary>
    public required string Reviewer { get; init; }
    /// <summary>What identifies the move (before and after), so a move delivered twice is reviewed once.</summary>
    public required string ChangeKey { get; init; }
    /// <summary>What changed, in words ("department Engineering → Sales").</summary>
    public required string ChangeText { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public required IReadOnlyList<MoverReviewItem> Items { get; init; }

    public bool IsOpen => ClosedAt is null;
}

/// <summary>Movers' reviews, kept after they close. Every change is a guarded update, so two clicks or two nodes count once.</summary>
public interface IMoverReviewStore
{
    /// <summary>Stores a new review with its items; false when the person already has a review for this move.</summary>
    Task<bool> AddAsync(MoverReview review, CancellationToken ct);

    Task<MoverReview?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>The reviews of a person, newest first.</summary>
    Task<IReadOnlyList<MoverReview>> ListForPersonAsync(string person, CancellationToken ct);

    /// <summary>Records the decision on an item still unanswered; false when it was answered already.</summary>
    Task<bool> DecideAsync(Guid reviewId, Guid grantId, ReviewDecision decision, DateTimeOffset? keepUntil, string decidedBy,
        DateTimeOffset at, CancellationToken ct);

    /// <summary>Closes an open review; false when it was closed already (by another node).</summary>
    Task<bool> CloseAsync(Guid id, DateTimeOffset at, CancellationToken ct);

    /// <summary>Open reviews whose due date has passed, oldest first.</summary>
    Task<IReadOnlyList<MoverReview>> ListDueAsync(DateTimeOffset now, CancellationToken ct);
}

/// <summary>Joiners welcomed, so that a joiner reported twice is welcomed once.</summary>
public interface IJoinerWelcomeLedger
{
    /// <summary>Records the welcome; false when the person was welcomed before.</summary>
    Task<bool> TryRecordAsync(string person, DateTimeOffset at, IReadOnlyList<string> suggestions, CancellationToken ct);
}
