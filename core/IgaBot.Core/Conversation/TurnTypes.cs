using IgaBot.Core.Policy;

namespace IgaBot.Core.Conversation;

/// <summary>
/// One turn from a person: free text, or a structured choice made by clicking an option
/// (a channel renders <see cref="Question.Options"/> as buttons and sends back the slot and value).
/// </summary>
public sealed record TurnInput(string? Text, SlotChoice? Choice = null)
{
    public static TurnInput FromText(string text) => new(text);
    public static TurnInput FromChoice(Slot slot, string value) => new(null, new SlotChoice(slot, value));
}

public sealed record SlotChoice(Slot Slot, string Value);

/// <summary>An option offered for a question. <see cref="Value"/> goes back in a <see cref="SlotChoice"/>.</summary>
public sealed record QuestionOption(string Value, string Label, string? Hint = null);

/// <summary>What the bot still needs to know, with the options to offer (empty = free text).</summary>
public sealed record Question(Slot Slot, string Prompt, IReadOnlyList<QuestionOption> Options);

public enum OutcomeKind { Submitted, AutoApproved, Denied, AlreadyHasAccess, Cancelled, Released, ExtensionSubmitted }

/// <summary>How a request ended in this conversation, with the explanation to show.</summary>
public sealed record Outcome
{
    public required OutcomeKind Kind { get; init; }
    public required string EntitlementId { get; init; }
    public required string EntitlementName { get; init; }
    public required string AppName { get; init; }
    public string? Scope { get; init; }
    /// <summary>Null = permanent.</summary>
    public TimeSpan? Duration { get; init; }
    public Guid? RequestId { get; init; }
    public Guid? GrantId { get; init; }
    /// <summary>Why (denial reason, auto-approval reason, who approves next).</summary>
    public required string Reason { get; init; }
    public IReadOnlyList<string> Trace { get; init; } = [];
    /// <summary>For pending requests: the approvers of the first stage (emails).</summary>
    public IReadOnlyList<string> NextApprovers { get; init; } = [];
    /// <summary>For already-held access: until when (null = permanently).</summary>
    public DateTimeOffset? HeldUntil { get; init; }
    public string Beneficiary { get; init; } = "";
}

/// <summary>The bot's answer to a turn: text, plus at most one question or one outcome.</summary>
public sealed record TurnReply(string Text, Question? Question = null, Outcome? Outcome = null);
