using System.Runtime.CompilerServices;
using System.Text.Json;
using IgaBot.Core.Conversation;
using Microsoft.Extensions.AI;

namespace IgaBot.Core.Agent;

/// <summary>
/// The facts every backend (a language model or the offline planner) gets with a turn, besides the
/// person's words: who is talking (bound by the channel, never taken from the text), the draft request,
/// the open question, a clicked option and what the person said earlier about the same request.
/// It travels as a system message whose text starts with <see cref="Marker"/> followed by JSON, so a
/// model reads it as plain text and the offline planner parses it; user text can never forge it because
/// only system messages are read.
/// </summary>
public sealed record TurnContext
{
    public const string Marker = "Turn context (JSON written by the bot, not by the user):";

    public required ActorView Actor { get; init; }
    public required DraftView Draft { get; init; }
    public Question? OpenQuestion { get; init; }
    /// <summary>How many times in a row the open question has been asked (1 = once).</summary>
    public int TimesAsked { get; init; }
    /// <summary>Set when the person clicked an option; the conversation has already put it into the draft.</summary>
    public SlotChoice? Choice { get; init; }
    /// <summary>What the person said earlier about the request being drafted, oldest first.</summary>
    public IReadOnlyList<string> EarlierMessages { get; init; } = [];
    public required DateTimeOffset Now { get; init; }

    // The context each message was made from, so the offline planner, which looks for it at every step of a turn, does
    // not parse its own JSON back; a message that arrives any other way (a copy, a stored history) is parsed.
    private static readonly ConditionalWeakTable<ChatMessage, TurnContext> Written = new();

    public ChatMessage ToMessage()
    {
        var message = new ChatMessage(ChatRole.System, $"{Marker}\n{JsonSerializer.Serialize(this, AgentJson.Options)}");
        Written.AddOrUpdate(message, this);
        return message;
    }

    /// <summary>The last context among the system messages, or null when there is none.</summary>
    public static TurnContext? Find(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages.Reverse())
        {
            if (message.Role != ChatRole.System) continue;
            // A message whose contents were replaced since (more than the one text, or another text) is read from its text.
            if (Written.TryGetValue(message, out var written) && message.Contents.Count == 1 && message.Text.StartsWith(Marker, StringComparison.Ordinal))
                return written;
            var text = message.Text;
            if (!text.StartsWith(Marker, StringComparison.Ordinal)) continue;
            try { return JsonSerializer.Deserialize<TurnContext>(text[Marker.Length..], AgentJson.Options); }
            catch (JsonException) { return null; }
        }
        return null;
    }
}

public sealed record PersonView(string Email, string Name);

public sealed record ActorView
{
    public required string Email { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Department { get; init; }
    public PersonView? Manager { get; init; }
    /// <summary>The only people the actor may request access for, besides themselves.</summary>
    public IReadOnlyList<PersonView> DirectReports { get; init; } = [];
}

/// <summary>The draft as a backend sees it; <see cref="Duration"/> is ISO 8601, "permanent" or null (not said).</summary>
public sealed record DraftView
{
    public string? EntitlementId { get; init; }
    public string? EntitlementName { get; init; }
    public string? AppId { get; init; }
    public string? Scope { get; init; }
    public string? Duration { get; init; }
    public string? Justification { get; init; }
    /// <summary>Null = the actor.</summary>
    public string? Beneficiary { get; init; }

    public DraftRequest ToDraft() => new()
    {
        EntitlementId = EntitlementId,
        Scope = Scope,
        Duration = AgentJson.ParseDuration(Duration),
        Justification = Justification,
        Beneficiary = Beneficiary,
    };
}
