using System.Globalization;
using IgaBot.Core.People;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Agent;

/// <summary>Sentences the tools and the conversation say to people, worded in one place.</summary>
public static class AgentText
{
    public const string WhatICanDo =
        "I can help you get access to the apps in our catalog: tell me what you need to do (for example " +
        "\"I need to read the code in our GitHub repos\" or \"prod AWS logs for 2 days\"). I can also show " +
        "what you have (\"what do I have?\"), what an app offers (\"what can I request in GitHub?\"), " +
        "release access you no longer need, or extend access that is about to end.";

    public static string When(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Length(TimeSpan? duration) => duration is { } d ? $"for {Durations.Describe(d)}" : "permanently";

    /// <summary>The rule that denied the request, as the trace words it (without the rule's name).</summary>
    public static string DenialReason(PolicyDecision decision)
    {
        var line = decision.Trace.Count > 0 ? decision.Trace[^1] : "The policy does not allow this request.";
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        if (colon is > 0 and < 30) line = line[(colon + 2)..];
        const string Suffix = ", so the request is denied";
        var cut = line.IndexOf(Suffix, StringComparison.Ordinal);
        return cut > 0 ? line[..cut] + line[(cut + Suffix.Length)..] : line;
    }

    /// <summary>Why the user may not ask for <paramref name="other"/> (DESIGN §5), worded for the user.</summary>
    public static string NotAReport(Person other) =>
        $"You can ask for access only for yourself or your direct reports, and {other.Name} is not your direct report. {other.Name} can ask for it themselves.";

    /// <summary>Why the request was denied, worded for the user who asked.</summary>
    public static string DenialReason(EvaluatedDecision evaluated) =>
        evaluated.Decision.Denial == Policy.DenialReason.NotAReport ? NotAReport(evaluated.Beneficiary) : DenialReason(evaluated.Decision);

    public static string HeldReason(EvaluatedDecision evaluated)
    {
        var scope = evaluated.Decision.Scope ?? evaluated.Scope;
        var what = scope is null ? evaluated.Entitlement.Name : $"{evaluated.Entitlement.Name} for {scope}";
        var until = evaluated.Decision.HeldUntil is { } at ? $"until {When(at)}" : "permanently";
        return evaluated.ForActor
            ? $"You already have {what}, {until}."
            : $"{evaluated.Beneficiary.Name} already has {what}, {until}.";
    }
}
