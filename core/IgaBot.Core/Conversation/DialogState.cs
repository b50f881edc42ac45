using IgaBot.Core.Policy;

namespace IgaBot.Core.Conversation;

/// <summary>
/// The request being worked out in a conversation. Values are what the requester said or picked,
/// as last evaluated by the policy engine; the beneficiary is null when the requester asks for themselves.
/// </summary>
public sealed record DraftRequest
{
    public static DraftRequest Empty { get; } = new();

    public string? EntitlementId { get; init; }
    public string? Scope { get; init; }
    public DurationRequest Duration { get; init; } = DurationRequest.Unstated;
    public string? Justification { get; init; }
    /// <summary>Email of the person the access is for, when not the requester (a direct report).</summary>
    public string? Beneficiary { get; init; }

    public bool IsEmpty => EntitlementId is null && Scope is null && !Duration.IsStated && Justification is null && Beneficiary is null;
}

/// <summary>One line of the short history kept per conversation.</summary>
public sealed record DialogLine(string Role, string Text)
{
    public const string User = "user";
    public const string Bot = "bot";
}

/// <summary>
/// What a conversation remembers between turns, persisted as JSON (see <see cref="IDialogStateStore"/>)
/// so that a restart or another replica continues where the last turn stopped.
/// </summary>
public sealed record DialogState
{
    public const int HistoryLimit = 12;
    public const int RequestMessageLimit = 6;

    public static DialogState Empty { get; } = new();

    public DraftRequest Draft { get; init; } = DraftRequest.Empty;
    /// <summary>The question the bot asked last and is waiting for an answer to.</summary>
    public Question? OpenQuestion { get; init; }
    /// <summary>How many times in a row <see cref="OpenQuestion"/>'s slot has been asked (a guard against loops).</summary>
    public int TimesAsked { get; init; }
    /// <summary>The last lines of the conversation, oldest first.</summary>
    public IReadOnlyList<DialogLine> History { get; init; } = [];
    /// <summary>What the requester said since the current draft began, oldest first (slots may be stated before the entitlement is known).</summary>
    public IReadOnlyList<string> RequestMessages { get; init; } = [];
}

/// <summary>A stored dialog state with the version it was read at (0 = nothing stored yet).</summary>
public sealed record VersionedDialogState(DialogState State, long Version);

/// <summary>Where dialog state lives between turns. Saves are optimistic: a stale version is refused.</summary>
public interface IDialogStateStore
{
    Task<VersionedDialogState> LoadAsync(ConversationKey conversation, CancellationToken ct);

    /// <summary>
    /// Saves the state if it is still at <paramref name="expectedVersion"/>, together with the audit entries
    /// of the turn (one transaction). Throws <see cref="ConflictException"/> when another turn saved first.
    /// </summary>
    Task<long> SaveAsync(ConversationKey conversation, DialogState state, long expectedVersion, IReadOnlyList<Audit.AuditEntry> audit, CancellationToken ct);
}
