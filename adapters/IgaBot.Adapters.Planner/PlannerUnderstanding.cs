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
    private volatile ReadingCache _readings = new(null);

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
            StatesTask = interpretation.Actions.Wanted.Count > 0,
            Need = intent == PlannerIntent.Request ? text.Trim() : "",
        };
    }

    public EntitlementChoice Choose(string need, IReadOnlyList<EntitlementSummary> hits, TurnContext context)
    {
        var interpretation = Interpret(need, context);
        if (interpretation.Entitlement is { } chosen) return new(chosen.Id, [], interpretation.Why, interpretation.NextLevelUp?.Id);
        if (interpretation.Options.Count > 0)
            return new(null, [.. interpretation.Options.Select(o => o.Entitlement.Id)], interpretation.Why);
        return EntitlementChoice.None(interpretation.Why);
    }

    // Not where the message tells what the person holds today ("my login only works for PDX").
    public string? FindScope(string text, Entitlement entitlement)
    {
        if (entitlement.Scope is not { } scope) return null;
        var normalized = search.Index().Normalize(text);
        return Find(text) ?? Find(normalized) ?? Glossed(normalized);

        // As written first; then as the interpreter reads it ("netwrok" is the catalog's "network").
        string? Find(string said)
        {
            var words = Words.Tokenize(said);
            return ScopeFinder.Find(words, scope, MessageReader.WordsInHeldClauses(said, words));
        }

        // "code the AE terms" where the app's description says "adverse events ... to MedDRA".
        string? Glossed(string said)
        {
            var words = Words.Tokenize(said);
            var app = search.Index().Catalog.AppOf(entitlement);
            return ScopeFinder.ByGloss(words, scope, [app.Description, entitlement.Description], MessageReader.WordsInHeldClauses(said, words));
        }
    }

    public string? Answer(Question question, string text, TurnContext context)
    {
        var t = text.Trim();
        if (t.Length == 0) return null;
        var options = question.Options;
        if (options.FirstOrDefault(o => Same(o.Value, t) || Same(o.Label, t)) is { } exact) return exact.Value;

        var draftEntitlement = context.Draft.EntitlementId is { } id ? tenant.Current.Catalog.FindEntitlement(id) : null;
        var answer = AnswerInterpreter.Interpret(question.Slot, t, [.. options.Select(o => o.Label)],
            new AnswerContext { Now = context.Now, ScopeOptions = draftEntitlement?.Scope?.Options ?? [] });
        switch (answer.Kind)
        {
            case AnswerKind.Option:
                return options.FirstOrDefault(o => o.Label == answer.Option)?.Value;
            case AnswerKind.Value:
                return question.Slot switch
                {
                    Slot.Duration => answer.Duration is { IsStated: true } d ? AgentJson.DurationText(d) : null,
                    Slot.Beneficiary when answer.Text == "me" => context.Actor.Email,
                    _ => answer.Text,
                };
            case AnswerKind.Yes:
                return question.Slot == Slot.Confirm ? "yes" : null;
            case AnswerKind.No:
                return question.Slot == Slot.Confirm ? "no" : null;
            case AnswerKind.DontKnow:
                // "I don't know" chooses nothing: the planner explains the question once, then stops (never a silent pick).
                return null;
            case AnswerKind.NotUnderstood:
                return question.Slot == Slot.Entitlement ? EntitlementAnswer(t, options) : null;
            default:
                // A change to another slot, a cancel or a fresh start: the message is read as such, not as an answer.
                return null;
        }
    }

    public bool IsDontKnow(Question question, string text) =>
        AnswerInterpreter.Interpret(question.Slot, text, [.. question.Options.Select(o => o.Label)]).Kind == AnswerKind.DontKnow;

    private string? EntitlementAnswer(string text, IReadOnlyList<QuestionOption> options)
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
            var weights = search.Index().Weights;
            if (best >= weights.WeakMatch && best - second >= weights.Margin) return ranked[0].Entitlement.Id;
        }
        return null;
    }

    private Interpretation Interpret(string text, TurnContext context)
    {
        var key = (context.Actor.Email.ToLowerInvariant(), text, DateOnly.FromDateTime(context.Now.UtcDateTime));
        // Readings name entitlements and people of one tenant: a reloaded tenant (another version) starts afresh,
        // and a reading made with the old one lands in the old, dropped dictionary.
        var current = tenant.Current;
        var cache = _readings;
        if (!ReferenceEquals(cache.Of, current)) _readings = cache = new ReadingCache(current);
        var readings = cache.Readings;
        if (readings.TryGetValue(key, out var known)) return known;
        if (readings.Count > CacheLimit) readings.Clear();
        var interpretation = new RequestInterpreter(search.Index())
            .Interpret(text, new InterpretContext { RequesterEmail = context.Actor.Email, Now = context.Now, People = People(context) });
        readings[key] = interpretation;
        return interpretation;
    }

    private KnownPeople People(TurnContext context) => KnownPeople.For(tenant.Current.Directory, context.Actor.Email, context.Actor.Name);

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\W*(?:actually|make\s+it|change\s+(?:it|that|the\s+\w+)|instead|rather|wait|sorry|correction|no[,!.]\s|oops|let'?s\s+(?:do|say|make\s+it)|(?:can|could)\s+you\s+make\s+it|please\s+make\s+it|i\s+meant)\b|\binstead\b", RegexOptions.IgnoreCase)]
    private static partial Regex CorrectionCue();

    private sealed class ReadingCache(Core.Tenant? of)
    {
        public Core.Tenant? Of { get; } = of;
        public ConcurrentDictionary<(string Actor, string Text, DateOnly Day), Interpretation> Readings { get; } = new();
    }
}
