using System.Text.Json;
using IgaBot.Core.Agent;
using IgaBot.Core.Audit;
using IgaBot.Core.Storage;

namespace IgaBot.Core.Conversation;

/// <summary>Dialog state as JSON in the store's conversation table, versioned for optimistic concurrency.</summary>
public sealed class StoreDialogStateStore(IIgaStore store) : IDialogStateStore
{
    public async Task<VersionedDialogState> LoadAsync(ConversationKey conversation, CancellationToken ct)
    {
        var stored = await store.ReadAsync(s => s.Conversations.GetAsync(conversation.ToString()), ct);
        if (stored is null) return new(DialogState.Empty, 0);
        return new(Read(stored.Json), stored.Version);
    }

    public Task<long> SaveAsync(ConversationKey conversation, DialogState state, long expectedVersion, IReadOnlyList<AuditEntry> audit, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(state, AgentJson.Options);
        return store.RunAsync(async s =>
        {
            var version = await s.Conversations.SaveAsync(conversation.ToString(), json, expectedVersion);
            foreach (var entry in audit) await s.Audit.AppendAsync(entry);
            return version;
        }, ct);
    }

    // State written by an older version that no longer reads starts the conversation afresh rather than failing every turn.
    private static DialogState Read(string json)
    {
        try { return JsonSerializer.Deserialize<DialogState>(json, AgentJson.Options) ?? DialogState.Empty; }
        catch (JsonException) { return DialogState.Empty; }
    }
}
