namespace IgaBot.Core.Storage;

/// <summary>A conversation's persisted state (the draft request and the open question) as JSON, with its version.</summary>
public sealed record ConversationState(string ConversationId, string Json, long Version, DateTimeOffset UpdatedAt);

/// <summary>Per-conversation dialog state with optimistic concurrency, so a restart or a second replica loses nothing.</summary>
public interface IConversationStore
{
    Task<ConversationState?> GetAsync(string conversationId);

    /// <summary>
    /// Saves the state if it is still at <paramref name="expectedVersion"/> (0 = not stored yet) and returns the
    /// new version; <see cref="ConflictException"/> when another turn saved it first.
    /// </summary>
    Task<long> SaveAsync(string conversationId, string json, long expectedVersion);

    /// <summary>Forgets the state (the conversation ended); true when there was one.</summary>
    Task<bool> DeleteAsync(string conversationId);
}

/// <summary>Channel names used for conversation references.</summary>
public static class ChannelNames
{
    public const string Teams = "teams";
    public const string Slack = "slack";
    public const string DirectLine = "directline";

    public static IReadOnlyList<string> All { get; } = [Teams, Slack, DirectLine];
}

/// <summary>
/// What a channel needs to message a person proactively, as the channel's own JSON, with its version (1 when first
/// stored, one more on every save).
/// </summary>
public sealed record ConversationReference(string Person, string Channel, string Json, DateTimeOffset UpdatedAt, long Version = 1);

/// <summary>Conversation references per person and channel (<see cref="ChannelNames"/>), for proactive messages.</summary>
public interface IConversationReferenceStore
{
    /// <summary>Stores or replaces the reference; <see cref="InvalidInputException"/> for an unknown channel.</summary>
    Task UpsertAsync(string person, string channel, string json);

    /// <summary>
    /// Saves the reference if it is still at <paramref name="expectedVersion"/> (0 = not stored yet) and returns the new
    /// version; <see cref="ConflictException"/> when another instance saved it first (read it again and redo the change).
    /// </summary>
    Task<long> SaveAsync(string person, string channel, string json, long expectedVersion);

    Task<ConversationReference?> GetAsync(string person, string channel);

    /// <summary>All channels through which the person can be reached, most recently seen first.</summary>
    Task<IReadOnlyList<ConversationReference>> ListForPersonAsync(string person);
}
