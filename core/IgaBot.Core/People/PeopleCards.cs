namespace IgaBot.Core.People;

/// <summary>One grant on a mover's review card.</summary>
public sealed record MoverReviewItemView
{
    public required Guid GrantId { get; init; }
    public required string EntitlementName { get; init; }
    public required string AppName { get; init; }
    public string? Scope { get; init; }
    public required string Why { get; init; }
    public required bool Ineligible { get; init; }
    /// <summary>What "Keep" keeps it until.</summary>
    public required DateTimeOffset KeepUntil { get; init; }
    /// <summary>Null while unanswered (the card shows Keep / Revoke); otherwise what happened, shown instead of the buttons.</summary>
    public string? Outcome { get; init; }
}

/// <summary>
/// The review card a mover's new manager gets: who moved, what changed, and each grant to keep until a date or revoke.
/// Channel-neutral; Teams renders it as an Adaptive Card, Slack as Block Kit, the playground through Web Chat.
/// </summary>
public sealed record MoverReviewView
{
    public required Guid ReviewId { get; init; }
    public required string ReviewerEmail { get; init; }
    public required string PersonEmail { get; init; }
    public required string PersonName { get; init; }
    public required string PersonTitle { get; init; }
    public required string ChangeText { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required bool Open { get; init; }
    public required IReadOnlyList<MoverReviewItemView> Items { get; init; }
}

/// <summary>A click on a review card. The actor is the authenticated channel user, never card data.</summary>
public sealed record MoverReviewCommand(Guid ReviewId, Guid GrantId, string ActorEmail, bool Keep);

/// <summary>Whether the answer counted; when it did not, <see cref="Message"/> says why. <see cref="View"/> is the card as it stands.</summary>
public sealed record MoverReviewResult(bool Accepted, string Message, MoverReviewView View);

/// <summary>An entitlement most of a joiner's peers hold, offered with one click.</summary>
public sealed record JoinerSuggestion
{
    public required string EntitlementId { get; init; }
    public required string EntitlementName { get; init; }
    public required string AppName { get; init; }
    public required int Holders { get; init; }
    public required int Peers { get; init; }
    /// <summary>
    /// What the click says to the bot as the joiner: an ordinary request in words, so it goes through the
    /// conversation, the agent and the policy like any other (no shortcut around policy).
    /// </summary>
    public required string RequestText { get; init; }

    public double Coverage => Peers == 0 ? 0 : (double)Holders / Peers;
}

/// <summary>The welcome a joiner gets: the access most people with their title hold.</summary>
public sealed record JoinerWelcomeView
{
    public required string RecipientEmail { get; init; }
    public required string PersonName { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<JoinerSuggestion> Suggestions { get; init; }

    public string Text => Suggestions.Count == 0
        ? $"Welcome, {PersonName}! Tell me whenever you need access to something."
        : $"Welcome, {PersonName}! Most people who are {Title} have the access below; click one to ask for it (the usual approvals apply).";
}
