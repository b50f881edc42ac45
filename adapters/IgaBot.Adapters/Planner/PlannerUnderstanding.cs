using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using IgaBot.Core;
using IgaBot.Core.Agent;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// <see cref="IPlannerUnderstanding"/> over the planner's <see cref="RequestInterpreter"/> (intent, the
/// least-privileged entitlement or the options to ask about, durations, reasons, scopes, beneficiaries)
/// plus the reading of typed answers to the open question ("the read-only one", "2 weeks", "platform", "yes").
/// </summary>
public sealed partial class PlannerUnderstanding(ITenantAccessor tenant, SemanticEntitlementSearch search) : IPlannerUnderstanding
{
    private const int CacheLimit = 512;
    private readonly ConcurrentDictionary<(string Actor, string Text, DateOnly Day), Interpretation> _readings = new();

    public PlannerReading Read(string text, TurnContext context)
    {
        var interpretation = Interpret(text, context);
        var intent = interpretation.Intent switch
        {
            Intent.ListMyAccess => PlannerIntent.ListMyAccess,
            Intent.BrowseCatalog => PlannerIntent.BrowseApp,
            Intent.Release => PlannerIntent.Release,
            Intent.Extend => PlannerIntent.Extend,
            Intent.Cancel => PlannerIntent.Cancel,
            Intent.StartOver => PlannerIntent.StartOver,
            Intent.Help or Intent.Greeting => PlannerIntent.Help,
            Intent.Thanks => PlannerIntent.Thanks,
            Intent.OffTopic => PlannerIntent.OffTopic,
            _ => PlannerIntent.Request,
        };
        var draftEntitlement = context.Draft.EntitlementId is { } id ? tenant.Current.Catalog.FindEntitlement(id) : null;
        var namesScope = draftEntitlement is not null && FindScope(text, draftEntitlement) is not null;
        // "actually make it 3 days" alone does not read as a request; its duration still counts as a correction.
        var duration = interpretation.Duration.IsStated ? interpretation.Duration
            : DurationParser.Find(text, context.Now)?.Duration ?? DurationRequest.Unstated;
        var correction = CorrectionCue().IsMatch(text) && (duration.IsStated || namesScope);
        return new PlannerReading
        {
            Intent = correction && intent == PlannerIntent.OffTopic ? PlannerIntent.Request : intent,
            Duration = correction ? duration : interpretation.Duration,
            Justification = interpretation.Justification,
            AppId = interpretation.App?.Id,
            Beneficiary = interpretation.Beneficiary?.Text,
            IsCorrection = correction,
            Need = intent == PlannerIntent.Request ? text.Trim() : "",
        };
    }

    public EntitlementChoice Choose(string need, IReadOnlyList<EntitlementSummary> hits, TurnContext context)
    {
        var interpretation = Interpret(need, context);
        if (interpretation.Entitlement is { } chosen) return new(chosen.Id, [], interpretation.Why);
        if (interpretation.Options.Count > 0)
            return new(null, [.. interpretation.Options.Select(o => o.Entitlement.Id)], interpretation.Why);
        return EntitlementChoice.None(interpretation.Why);
    }

    public string? FindScope(string text, Entitlement entitlement) =>
        entitlement.Scope is { } scope ? ScopeFinder.Find(text, scope) : null;

    public string? Answer(Question question, string text, TurnContext context)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        var options = question.Options;
        if (options.FirstOrDefault(o => Same(o.Value, t) || Same(o.Label, t)) is { } exact) return exact.Value;
        if (Ordinal(t, options.Count) is { } index) return options[index].Value;

        return question.Slot switch
        {
            Slot.Entitlement => EntitlementAnswer(t, options, context),
            Slot.Scope => options.Count == 0 ? t
                : ScopeFinder.Find(t, new EntitlementScope("", [.. options.Select(o => o.Value)])),
            Slot.Duration => DurationAnswer(t, options, context),
            Slot.Justification => t,
            Slot.Confirm => Yes().IsMatch(t) ? "yes" : No().IsMatch(t) ? "no" : null,
            Slot.Beneficiary => Me().IsMatch(t) ? context.Actor.Email
                : options.FirstOrDefault(o => t.Contains(o.Label, StringComparison.OrdinalIgnoreCase) || t.Contains(o.Value, StringComparison.OrdinalIgnoreCase))?.Value,
            _ => null,
        };
    }

    private string? EntitlementAnswer(string text, IReadOnlyList<QuestionOption> options, TurnContext context)
    {
        var catalog = tenant.Current.Catalog;
        var offered = options.Select(o => catalog.FindEntitlement(o.Value)).OfType<Entitlement>().ToList();
        if (offered.Count == 0) return null;
        var named = offered.Where(e => text.Contains(e.Name, StringComparison.OrdinalIgnoreCase) || text.Contains(e.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        if (named.Count == 1) return named[0].Id;

        // "the read-only one", "I need to edit": the level the words ask for, when one option gives exactly it.
        var level = Privileges.NeedOf(text).Level;
        if (level != PrivilegeLevel.Unknown)
        {
            var fitting = offered.Where(e => Privileges.CapabilityOf(e) == level).ToList();
            if (fitting.Count == 1) return fitting[0].Id;
        }

        // Otherwise what the words describe, when one option clearly matches better than the others.
        var ids = offered.Select(e => e.Id).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ranked = search.Index().Search(text).Where(m => ids.Contains(m.Entitlement.Id)).ToList();
        if (ranked.Count > 0)
        {
            var best = LeastPrivilegeChooser.Relevance(ranked[0]);
            var second = ranked.Count > 1 ? LeastPrivilegeChooser.Relevance(ranked[1]) : 0;
            if (best >= RequestInterpreter.WeakMatch && best - second >= LeastPrivilegeChooser.Margin) return ranked[0].Entitlement.Id;
        }

        // "I don't know": the narrowest option; the policy and the approvers still decide.
        return DontKnow().IsMatch(text) ? offered.MinBy(Privileges.Breadth)!.Id : null;
    }

    private static string? DurationAnswer(string text, IReadOnlyList<QuestionOption> options, TurnContext context)
    {
        if (DurationParser.TryParseAnswer(text, out var duration, context.Now) && duration.IsStated)
            return AgentJson.DurationText(duration);
        if (DurationParser.Find(text, context.Now) is { } mention && mention.Duration.IsStated && CorrectionCue().IsMatch(text))
            return AgentJson.DurationText(mention.Duration);
        // "I don't know": the first option, which is the entitlement's default when it has one.
        return DontKnow().IsMatch(text) && options.Count > 0 ? options[0].Value : null;
    }

    private Interpretation Interpret(string text, TurnContext context)
    {
        var key = (context.Actor.Email.ToLowerInvariant(), text, DateOnly.FromDateTime(context.Now.UtcDateTime));
        if (_readings.TryGetValue(key, out var known)) return known;
        if (_readings.Count > CacheLimit) _readings.Clear();
        var interpretation = new RequestInterpreter(search.Index())
            .Interpret(text, new InterpretContext { RequesterEmail = context.Actor.Email, Now = context.Now });
        _readings[key] = interpretation;
        return interpretation;
    }

    private static int? Ordinal(string text, int count)
    {
        var t = text.Trim().TrimEnd('.', '!').ToLowerInvariant();
        int? index = t switch
        {
            "1" or "first" or "the first" or "the first one" or "first one" => 0,
            "2" or "second" or "the second" or "the second one" or "second one" => 1,
            "3" or "third" or "the third" or "the third one" or "third one" => 2,
            "4" or "fourth" or "the fourth one" => 3,
            "last" or "the last" or "the last one" or "last one" => count - 1,
            _ => null,
        };
        return index is { } i && i >= 0 && i < count ? i : null;
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\W*(?:actually|make\s+it|change\s+(?:it|that|the\s+\w+)|instead|rather|wait|sorry|correction|no[,!.]\s|oops|let'?s\s+(?:do|say|make\s+it)|(?:can|could)\s+you\s+make\s+it|please\s+make\s+it|i\s+meant)\b|\binstead\b", RegexOptions.IgnoreCase)]
    private static partial Regex CorrectionCue();

    [GeneratedRegex(@"^\W*(?:i\s+)?(?:don'?t\s+know|do\s+not\s+know|dunno|not\s+sure|no\s+idea|unsure|whatever|any(?:thing|\s+one)?|doesn'?t\s+matter|you\s+(?:choose|pick|decide))\b", RegexOptions.IgnoreCase)]
    private static partial Regex DontKnow();

    [GeneratedRegex(@"^\W*(?:yes|yeah|yep|yup|sure|ok(?:ay)?|confirm(?:ed)?|go\s+ahead|do\s+it|please\s+do|correct|right|y)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Yes();

    [GeneratedRegex(@"^\W*(?:no|nope|nah|don'?t|do\s+not|stop|n)\b", RegexOptions.IgnoreCase)]
    private static partial Regex No();

    [GeneratedRegex(@"^\W*(?:me|myself|for\s+me|i\s+am|it'?s\s+for\s+me)\W*$", RegexOptions.IgnoreCase)]
    private static partial Regex Me();
}
