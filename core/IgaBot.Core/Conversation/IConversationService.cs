namespace IgaBot.Core.Conversation;

/// <summary>Identifies one conversation: the channel ("teams", "slack", "directline", "cli") and its id there.</summary>
public sealed record ConversationKey(string Channel, string Id)
{
    public override string ToString() => $"{Channel}:{Id}";
}

/// <summary>
/// The channel-neutral clarification conversation. Channels resolve who is talking (an email of the
/// directory) and hand over each turn; the reply says what to show. State is persisted per conversation.
/// </summary>
public interface IConversationService
{
    Task<TurnReply> HandleTurnAsync(ConversationKey conversation, string actorEmail, TurnInput input, CancellationToken ct);
}
