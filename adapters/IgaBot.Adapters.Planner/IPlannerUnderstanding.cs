using IgaBot.Core.Agent;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Planner;

/// <summary>What a message is about, for the offline planner.</summary>
public enum PlannerIntent { Request, ListMyAccess, BrowseApp, Cancel, StartOver, Help, Thanks, OffTopic, Release, Extend }

/// <summary>The offline reading of one message: its intent and the request slots it states.</summary>
public sealed record PlannerReading
{
    public required PlannerIntent Intent { get; init; }
    public DurationRequest Duration { get; init; } = DurationRequest.Unstated;
    public string? Justification { get; init; }
    /// <summary>The app the message names, if any (catalog id).</summary>
    public string? AppId { get; init; }
    /// <summary>The person the access is for, as written (name or email), when not the speaker.</summary>
    public string? Beneficiary { get; init; }
    /// <summary>"actually make it 3 days": the message changes a value given before.</summary>
    public bool IsCorrection { get; init; }
    /// <summary>The message says a task ("to file a report"), not only an app or a level.</summary>
    public bool StatesTask { get; init; }
    /// <summary>The words to search the catalog with (the need, without greetings and filler).</summary>
    public string Need { get; init; } = "";
}

/// <summary>The least-privileged entitlement for a need, or the candidates to ask about, or nothing.</summary>
/// <param name="NextLevelUpId">The level to ask for instead when the person already holds the chosen one, if any.</param>
public sealed record EntitlementChoice(string? ChosenId, IReadOnlyList<string> OptionIds, string Why, string? NextLevelUpId = null)
{
    public static EntitlementChoice None(string why) => new(null, [], why);
}

/// <summary>
/// The offline planner's understanding of words (intent, slots, the entitlement choice, typed answers).
/// The planner decides what to do with it; this only reads.
/// </summary>
public interface IPlannerUnderstanding
{
    PlannerReading Read(string text, TurnContext context);

    /// <summary>Picks among catalog search hits for <paramref name="need"/>: one entitlement, an ambiguity to ask about, or none.</summary>
    EntitlementChoice Choose(string need, IReadOnlyList<EntitlementSummary> hits, TurnContext context);

    /// <summary>The scope option a message names for <paramref name="entitlement"/>, if any.</summary>
    string? FindScope(string text, Entitlement entitlement);

    /// <summary>
    /// Reads a typed answer to <paramref name="question"/>: an option value (entitlement id, scope, ISO duration,
    /// "permanent", yes/no, an email) or the text itself for a justification; null when the text does not answer it.
    /// </summary>
    string? Answer(Question question, string text, TurnContext context);

    /// <summary>"I don't know", "not sure", "skip": the person cannot answer the question.</summary>
    bool IsDontKnow(Question question, string text);
}
