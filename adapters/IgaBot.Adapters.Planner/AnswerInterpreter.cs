using System.Text.RegularExpressions;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Planner;

public enum AnswerKind
{
    /// <summary>One of the offered options (<see cref="SlotAnswer.Option"/>, spelled as offered).</summary>
    Option,
    /// <summary>A value that is not one of the options: a typed duration, a reason, a person.</summary>
    Value,
    Yes,
    No,
    /// <summary>"I don't know": the slot stays empty.</summary>
    DontKnow,
    /// <summary>A change to another slot than the one asked ("actually make it 3 days"); <see cref="SlotAnswer.Slot"/> says which.</summary>
    Change,
    Cancel,
    StartOver,
    NotUnderstood,
}

/// <summary>What a typed answer to an open question meant.</summary>
public sealed record SlotAnswer(AnswerKind Kind, Slot Slot)
{
    /// <summary>The offered option chosen, exactly as offered.</summary>
    public string? Option { get; init; }
    /// <summary>For duration answers (an option or a typed value).</summary>
    public DurationRequest? Duration { get; init; }
    /// <summary>Free text: a reason, a person, or the scope as typed.</summary>
    public string? Text { get; init; }

    public override string ToString() => $"{Kind} {Slot} {Option ?? Duration?.ToString() ?? Text}".TrimEnd();
}

/// <summary>Optional facts that help read an answer.</summary>
public sealed record AnswerContext
{
    public static AnswerContext Empty { get; } = new();
    /// <summary>For "until Friday".</summary>
    public DateTimeOffset? Now { get; init; }
    /// <summary>The entitlement's scope options, to notice "actually for the payments team" while another slot is asked.</summary>
    public IReadOnlyList<string> ScopeOptions { get; init; } = [];
}

/// <summary>
/// Reads a typed answer to the question the bot asked: "the read-only one", "2", "option 2",
/// "the second", "2 weeks", "platform", "yep", "no", "I don't know", or a change to another slot
/// ("actually make it 3 days").
/// </summary>
public static partial class AnswerInterpreter
{
    [GeneratedRegex(@"^(?:yes|y|yeah|yea|yep|yup|ya|yas|sure|ok|okay|k|confirm|confirmed|correct|right|that'?s\s+right|go\s+ahead|do\s+it|submit(?:\s+it)?|please\s+do|sounds\s+good|looks\s+good|lgtm|absolutely|affirmative|of\s+course|definitely|perfect|fine|good|great|send\s+it|go|go\s+for\s+it|please|yes\s+please|👍|✅)(?:\s+(?:please|thanks|thank\s+you|that'?s\s+(?:right|correct|fine)|go\s+ahead|do\s+it|submit\s+it|send\s+it))*$", RegexOptions.IgnoreCase)]
    private static partial Regex Yes();

    [GeneratedRegex(@"^(?:no|n|nope|nah|naw|not\s+really|no\s+thanks?|no\s+thank\s+you|don'?t|do\s+not|negative|not\s+now|not\s+yet|wrong|incorrect|that'?s\s+wrong|👎|❌)(?:\s+(?:thanks|thank\s+you|please|that'?s\s+wrong))*$", RegexOptions.IgnoreCase)]
    private static partial Regex No();

    [GeneratedRegex(@"^(?:(?:(?:i\s+)?(?:really\s+|honestly\s+)?(?:don'?t|do\s+not|dont)\s+know|i\s+have\s+no\s+idea|(?:i'?m\s+)?not\s+(?:really\s+)?sure|unsure|no\s+idea|no\s+clue|(?:i\s+)?can'?t\s+say)(?:\s+(?:which|what|how|about|yet|really|honestly|sorry)\b(?:[\s,]+\w+){0,3})?|idk|dunno|(?:i'?d\s+|i\s+would\s+)?(?:rather|prefer)\s+not(?:\s+to)?(?:\s+(?:say|tell|share|answer|disclose|explain|go\s+into\s+(?:it|that|details)))?|no\s+comment|not\s+telling|(?:i\s+)?can'?t\s+(?:tell|share|disclose)(?:\s+(?:you|that|it))?|skip(?:\s+(?:it|this|that))?|pass|n/?a|none|nothing|no\s+reason|whatever|you\s+(?:decide|choose|pick)|up\s+to\s+you|no\s+preference|either(?:\s+one)?|any(?:\s+one)?|anything|doesn'?t\s+matter)(?:[\s,]+(?:sorry|really|honestly|yet|for\s+now|right\s+now|at\s+the\s+moment|thanks))*$", RegexOptions.IgnoreCase)]
    private static partial Regex DontKnow();

    [GeneratedRegex(@"\b(?:actually|instead|make\s+it|change(?:\s+(?:it|that|the\s+\w+))?\s+to|rather|switch\s+(?:it\s+)?to|on\s+second\s+thought|wait|correction|sorry|i\s+meant|no\s*,|update\s+(?:it|the\s+\w+)\s+to)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ChangeCue();

    [GeneratedRegex(@"^(?:the\s+)?(?:option|number|no\.?|#|choice)?\s*#?\s*(?<n>\d{1,2})(?:\s*(?:st|nd|rd|th))?(?:\s+(?:one|option|please|pls))*$", RegexOptions.IgnoreCase)]
    private static partial Regex Index();

    [GeneratedRegex(@"^(?:the\s+)?(?<ord>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|1st|2nd|3rd|4th|5th|6th)(?:\s+(?:one|option|choice|please|pls))*$", RegexOptions.IgnoreCase)]
    private static partial Regex Ordinal();

    [GeneratedRegex(@"^(?:the\s+)?(?:default|usual|standard|recommended|suggested|normal)(?:\s+(?:one|option|duration|please|pls))*$", RegexOptions.IgnoreCase)]
    private static partial Regex Default();

    [GeneratedRegex(@"^(?:the\s+)?(?:narrowest|lowest|least|smallest|minimal|minimum|basic|most\s+basic|least\s+privileged?)(?:\s+(?:one|option|level|access|role|please|pls))*$", RegexOptions.IgnoreCase)]
    private static partial Regex Narrowest();

    // Fillers around an answer: "um, I'd go with", "let's say", "please", "thanks".
    [GeneratedRegex(@"^(?:(?:um+|uh+|hmm+|well|ok(?:ay)?|so|yes|yeah|i\s+think|i\s+guess|probably|maybe|let'?s\s+(?:say|go\s+with|do)|i'?d\s+(?:say|go\s+with|like|prefer|take)|i\s+(?:want|need|choose|pick|prefer|select|would\s+like)|go\s+with|give\s+me|pick|choose|select|take|please|just)[\s,:-]+)+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingFiller();

    [GeneratedRegex(@"[\s,]+(?:please|pls|thanks|thank\s+you|thx|one|option|then)?[\s!.?]*$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFiller();

    /// <summary>Reads <paramref name="text"/> as the answer to <paramref name="slot"/>, offered with <paramref name="options"/>.</summary>
    public static SlotAnswer Interpret(Slot slot, string text, IReadOnlyList<string> options, AnswerContext? context = null)
    {
        context ??= AnswerContext.Empty;
        var raw = text.Trim();
        var t = Clean(raw);
        if (t.Length == 0) return new SlotAnswer(AnswerKind.NotUnderstood, slot);

        if (slot == Slot.Confirm && !ChangeCue().IsMatch(raw))
        {
            if (Yes().IsMatch(t)) return new SlotAnswer(AnswerKind.Yes, slot);
            if (No().IsMatch(t)) return new SlotAnswer(AnswerKind.No, slot);
        }
        switch (IntentClassifier.Classify(raw))
        {
            case Intent.Cancel: return new SlotAnswer(AnswerKind.Cancel, slot);
            case Intent.StartOver: return new SlotAnswer(AnswerKind.StartOver, slot);
        }
        if (DontKnow().IsMatch(t)) return new SlotAnswer(AnswerKind.DontKnow, slot);

        if (ChangeOfAnotherSlot(slot, raw, context) is { } change) return change;

        switch (slot)
        {
            case Slot.Confirm:
                return new SlotAnswer(AnswerKind.NotUnderstood, slot);
            case Slot.Duration:
                return DurationAnswer(t, raw, options, context);
            case Slot.Justification:
                // Only punctuation, or words to the bot about its own process, give approvers no reason.
                var reason = Reason(raw);
                return JustificationFinder.HasSubstance(reason) && !JustificationFinder.IsInstructionToTheBot(reason)
                    ? new SlotAnswer(AnswerKind.Value, slot) { Text = reason }
                    : new SlotAnswer(AnswerKind.NotUnderstood, slot);
        }

        var index = MatchOption(t, options, narrowestFirst: slot == Slot.Entitlement);
        if (index >= 0) return new SlotAnswer(AnswerKind.Option, slot) { Option = options[index] };
        if (Yes().IsMatch(t)) return options.Count == 1 ? new SlotAnswer(AnswerKind.Option, slot) { Option = options[0] } : new SlotAnswer(AnswerKind.Yes, slot);
        if (No().IsMatch(t)) return new SlotAnswer(AnswerKind.No, slot);
        if (slot == Slot.Beneficiary)
        {
            if (Regex.IsMatch(t, @"^(?:me|myself|for\s+me|it'?s\s+for\s+me|i\s+am|me\s+myself)$", RegexOptions.IgnoreCase))
                return new SlotAnswer(AnswerKind.Value, slot) { Text = "me" };
            var who = BeneficiaryFinder.Find(raw)?.Text ?? Regex.Replace(t, @"^(?:it'?s\s+)?(?:for\s+)?", "", RegexOptions.IgnoreCase).Trim();
            return who.Length > 0 ? new SlotAnswer(AnswerKind.Value, slot) { Text = who } : new SlotAnswer(AnswerKind.NotUnderstood, slot);
        }
        return new SlotAnswer(AnswerKind.NotUnderstood, slot);
    }

    /// <summary>
    /// The index of the option the text picks, or -1: exact text, "2", "option 2", "the second",
    /// "the last", or the option whose words the text uses ("the read-only one" → "Salesforce Read Only").
    /// </summary>
    public static int MatchOption(string text, IReadOnlyList<string> options, bool narrowestFirst = false)
    {
        if (options.Count == 0) return -1;
        var t = Clean(text);
        for (var i = 0; i < options.Count; i++)
            if (string.Equals(Clean(options[i]), t, StringComparison.OrdinalIgnoreCase)) return i;
        var idx = Index().Match(t);
        if (idx.Success)
        {
            var n = int.Parse(idx.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            return n >= 1 && n <= options.Count ? n - 1 : -1;
        }
        var ord = Ordinal().Match(t);
        if (ord.Success)
        {
            var n = ord.Groups["ord"].Value.ToLowerInvariant() switch
            {
                "first" or "1st" => 1, "second" or "2nd" => 2, "third" or "3rd" => 3, "fourth" or "4th" => 4, "fifth" or "5th" => 5,
                "sixth" or "6th" => 6, "seventh" => 7, "eighth" => 8, "ninth" => 9, "tenth" => 10, _ => options.Count,
            };
            return n <= options.Count ? n - 1 : -1;
        }
        if (narrowestFirst && Narrowest().IsMatch(t)) return 0;

        var said = Words.ContentStems(t).ToHashSet();
        if (said.Count == 0) return -1;
        var scored = options.Select((o, i) =>
        {
            var offered = Words.ContentStems(o.Replace('-', ' ').Replace('_', ' ')).ToHashSet();
            var common = said.Count(offered.Contains);
            return (Index: i, Common: common, Cover: offered.Count == 0 ? 0 : (double)common / offered.Count);
        }).Where(s => s.Common > 0).OrderByDescending(s => s.Common).ThenByDescending(s => s.Cover).ToList();
        if (scored.Count == 0) return -1;
        if (scored.Count > 1 && scored[1].Common == scored[0].Common && Math.Abs(scored[1].Cover - scored[0].Cover) < 1e-9) return -1;
        return scored[0].Index;
    }

    private static SlotAnswer DurationAnswer(string t, string raw, IReadOnlyList<string> options, AnswerContext context)
    {
        var index = Index().IsMatch(t) || Ordinal().IsMatch(t) ? MatchOption(t, options) : -1;
        if (index < 0 && Default().IsMatch(t) && options.Count > 0) index = 0;
        if (index >= 0)
            return new SlotAnswer(AnswerKind.Option, Slot.Duration) { Option = options[index], Duration = ParseOption(options[index], context) };
        DurationRequest? duration = DurationParser.TryParseAnswer(t, out var whole, context.Now) ? whole : DurationParser.Find(raw, context.Now)?.Duration;
        if (duration is null)
        {
            // An option typed in other words ("the 3 day one").
            var byWords = MatchOption(t, options);
            return byWords >= 0
                ? new SlotAnswer(AnswerKind.Option, Slot.Duration) { Option = options[byWords], Duration = ParseOption(options[byWords], context) }
                : new SlotAnswer(AnswerKind.NotUnderstood, Slot.Duration);
        }
        var same = options.FirstOrDefault(o => ParseOption(o, context) is { } d && d.IsStated && d.Length == duration.Length);
        return same is not null
            ? new SlotAnswer(AnswerKind.Option, Slot.Duration) { Option = same, Duration = duration }
            : new SlotAnswer(AnswerKind.Value, Slot.Duration) { Duration = duration };
    }

    private static DurationRequest? ParseOption(string option, AnswerContext context)
    {
        if (DurationParser.TryParseAnswer(option, out var d, context.Now)) return d;
        // Options may carry a note: "1 day (default)", "7 days - the maximum".
        return DurationParser.Find(option, context.Now)?.Duration;
    }

    private static SlotAnswer? ChangeOfAnotherSlot(Slot slot, string raw, AnswerContext context)
    {
        var cue = ChangeCue().IsMatch(raw);
        if (slot != Slot.Duration)
        {
            var onlyDuration = DurationParser.TryParseAnswer(raw, out var whole, context.Now);
            var mention = DurationParser.Find(raw, context.Now);
            if (onlyDuration || (cue && mention is not null))
                return new SlotAnswer(AnswerKind.Change, Slot.Duration) { Duration = onlyDuration ? whole : mention!.Duration };
        }
        if (slot != Slot.Scope && context.ScopeOptions.Count > 0 && cue)
        {
            var scope = context.ScopeOptions.FirstOrDefault(o => ScopeFinder.Find(raw, new IgaBot.Core.Catalog.EntitlementScope("scope", [o])) is not null);
            if (scope is not null) return new SlotAnswer(AnswerKind.Change, Slot.Scope) { Option = scope };
        }
        return null;
    }

    private static string Reason(string raw)
    {
        var r = Regex.Replace(raw.Trim(), @"^(?:it'?s\s+|that'?s\s+|this\s+is\s+)?(?:because\s+(?:of\s+)?|since\s+|as\s+|reason\s*:\s*|justification\s*:\s*)", "", RegexOptions.IgnoreCase);
        return r.Trim().TrimEnd('.', '!').Trim();
    }

    private static string Clean(string text)
    {
        var t = text.Trim().Trim('"', '\'', '“', '”').Trim();
        t = LeadingFiller().Replace(t, "");
        t = TrailingFiller().Replace(t, "");
        return t.Trim().TrimEnd('.', '!', '?', ',').Trim();
    }
}
