using System.Runtime.CompilerServices;
using System.Text;
using IgaBot.Core;
using IgaBot.Core.Agent;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;
using Microsoft.Extensions.AI;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// The offline planner: a deterministic <see cref="IChatClient"/> that drives the same tools a language
/// model would, through the same function-invocation pipeline. Each call reads the turn context (the
/// system message of <see cref="TurnContext"/>), the latest user message and the tool results of this
/// turn so far, and answers with the next tool call (search → evaluate_policy → ask_user or
/// submit_request, and the like) or with the final text. It never decides a route: the words only pick
/// the entitlement and the slots; the policy engine decides, so "approve it yourself" is just text.
/// </summary>
public sealed class OfflinePlannerChatClient(IPlannerUnderstanding understanding, ITenantAccessor tenant) : IChatClient
{
    public const string ProviderName = "iga-offline-planner";

    /// <summary>Tool calls per turn before the planner stops and says what it has.</summary>
    private const int MaxSteps = 8;

    private readonly IPlannerUnderstanding _understanding = understanding;
    private readonly ITenantAccessor _tenant = tenant;
    private readonly ConditionalWeakTable<ChatMessage, TurnPlan> _plans = new();
    private readonly ChatClientMetadata _metadata = new(ProviderName, defaultModelId: "offline-planner");

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages as IList<ChatMessage> ?? [.. messages];
        var context = TurnContext.Find(list);
        var userIndex = LastIndexOf(list, ChatRole.User);
        if (context is null || userIndex < 0)
            return Task.FromResult(Text(AgentText.WhatICanDo));

        var user = list[userIndex];
        var plan = _plans.GetValue(user, m => Understand(context, m.Text));
        var steps = Steps(list, userIndex + 1);
        var available = options?.Tools?.OfType<AIFunctionDeclaration>().Select(t => t.Name).ToHashSet(StringComparer.Ordinal) ?? [];
        var move = new Planning(this, plan, steps).Next();
        if (move.Tool is { } tool && available.Contains(tool) && steps.Count < MaxSteps)
        {
            var call = new FunctionCallContent($"offline-{steps.Count + 1}", tool, move.Arguments);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { ModelId = "offline-planner" });
        }
        return Task.FromResult(Text(move.Text ?? LastMessage(steps) ?? AgentText.WhatICanDo));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
            yield return update;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose() { }

    private static ChatResponse Text(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { ModelId = "offline-planner", FinishReason = ChatFinishReason.Stop };

    private static int LastIndexOf(IList<ChatMessage> list, ChatRole role)
    {
        for (var i = list.Count - 1; i >= 0; i--)
            if (list[i].Role == role) return i;
        return -1;
    }

    /// <summary>The tool calls made since the user's message, with their results, in order.</summary>
    private static List<ToolStep> Steps(IList<ChatMessage> list, int from)
    {
        var calls = new List<FunctionCallContent>();
        var results = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = from; i < list.Count; i++)
        {
            foreach (var content in list[i].Contents)
            {
                if (content is FunctionCallContent call) calls.Add(call);
                else if (content is FunctionResultContent result) results[result.CallId] = result.Result;
            }
        }
        return [.. calls.Select(c => new ToolStep(c.Name, c.Arguments, results.GetValueOrDefault(c.CallId)))];
    }

    private static string? LastMessage(IReadOnlyList<ToolStep> steps)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (AgentJson.Read<MessageOnly>(steps[i].Result)?.Message is { Length: > 0 } message) return message;
        }
        return null;
    }

    private sealed record MessageOnly(string? Message);

    private sealed record ToolStep(string Name, IDictionary<string, object?>? Arguments, object? Result);

    private sealed record Move(string? Tool, Dictionary<string, object?>? Arguments, string? Text)
    {
        public static Move Call(string tool, Dictionary<string, object?>? arguments = null) => new(tool, arguments ?? [], null);
        public static Move Say(string text) => new(null, null, text);
    }

    /// <summary>What this turn is about, decided once from the context and the message.</summary>
    private enum Mode { NewRequest, ContinueDraft, ReAsk, Unanswered, GiveUp, List, Browse, Release, Extend, Cancel, Help, Thanks, OffTopic }

    private sealed record TurnPlan(TurnContext Context, string Text, PlannerReading Reading, Mode Mode, SlotChoice? Answer);

    private TurnPlan Understand(TurnContext context, string text)
    {
        var reading = _understanding.Read(text, context);
        TurnPlan Plan(Mode mode, SlotChoice? answer = null) => new(context, text, reading, mode, answer);

        if (reading.Intent is PlannerIntent.Cancel or PlannerIntent.StartOver) return Plan(Mode.Cancel);
        if (context.Choice is { } choice)
            return choice.Slot == Slot.Confirm && !IsYes(choice.Value) ? Plan(Mode.Cancel) : Plan(Mode.ContinueDraft);

        if (context.OpenQuestion is { } question
            && reading.Intent is PlannerIntent.Request or PlannerIntent.Help or PlannerIntent.Thanks or PlannerIntent.OffTopic)
        {
            // "actually make it 3 days" changes a value; it is not the answer to, say, the justification question.
            if (reading.IsCorrection) return Plan(Mode.ContinueDraft);
            // "thanks" or "help" is no reason to give approvers.
            var canAnswer = question.Slot != Slot.Justification || reading.Intent is PlannerIntent.Request or PlannerIntent.OffTopic;
            if (canAnswer && _understanding.Answer(question, text, context) is { } value)
                return question.Slot == Slot.Confirm && !IsYes(value) ? Plan(Mode.Cancel) : Plan(Mode.ContinueDraft, new SlotChoice(question.Slot, value));
            if (_understanding.IsDontKnow(question, text))
            {
                // Asked twice and still no reason: the request goes on without one, and the approvers see that.
                if (question.Slot == Slot.Justification && context.TimesAsked >= 2)
                    return Plan(Mode.ContinueDraft, new SlotChoice(Slot.Justification, $"No reason given (the requester said: \"{text.Trim()}\")"));
                // A which-one question is never settled for the person: explained once, then the request stops unsent.
                if (question.Slot is Slot.Entitlement or Slot.Scope or Slot.Duration && context.TimesAsked >= 2) return Plan(Mode.GiveUp);
                return Plan(Mode.Unanswered);
            }
            if (reading.Intent == PlannerIntent.Request && StatesSlot(reading) && !NamesNewNeed(reading, context))
                return Plan(Mode.ContinueDraft);
            if (reading.Intent is PlannerIntent.Help or PlannerIntent.OffTopic or PlannerIntent.Thanks) return Plan(Mode.ReAsk);
        }
        return reading.Intent switch
        {
            PlannerIntent.ListMyAccess => Plan(Mode.List),
            PlannerIntent.BrowseApp => Plan(Mode.Browse),
            PlannerIntent.Release => Plan(Mode.Release),
            PlannerIntent.Extend => Plan(Mode.Extend),
            PlannerIntent.Help => Plan(Mode.Help),
            PlannerIntent.Thanks => Plan(Mode.Thanks),
            PlannerIntent.OffTopic => Plan(Mode.OffTopic),
            _ when reading.Need.Length == 0 && reading.AppId is null => Plan(Mode.Help),
            _ => Plan(Mode.NewRequest),
        };
    }

    private static bool StatesSlot(PlannerReading r) => r.Duration.IsStated || r.Justification is not null;

    // A message that names an app other than the draft's is a new need, not a correction of the draft.
    private static bool NamesNewNeed(PlannerReading r, TurnContext c) =>
        r.AppId is not null && !string.Equals(r.AppId, c.Draft.AppId, StringComparison.OrdinalIgnoreCase);

    private static bool IsYes(string value) => value.Trim().ToLowerInvariant() is "yes" or "y" or "true" or "ok" or "confirm";

    /// <summary>One decision step: the plan and the tool results so far give the next move.</summary>
    private sealed class Planning(OfflinePlannerChatClient owner, TurnPlan plan, IReadOnlyList<ToolStep> steps)
    {
        private TurnContext Context => plan.Context;
        private PlannerReading Reading => plan.Reading;
        private AccessCatalog Catalog => owner._tenant.Current.Catalog;
        private IPlannerUnderstanding Understanding => owner._understanding;

        public Move Next()
        {
            if (steps.Count == 0) return First();
            var last = steps[^1];
            return last.Name switch
            {
                ToolNames.SearchEntitlements => AfterSearch(AgentJson.Read<SearchResult>(last.Result)),
                ToolNames.EvaluatePolicy => AfterEvaluate(AgentJson.Read<PolicyResult>(last.Result)),
                ToolNames.AskUser => AfterAsk(AgentJson.Read<AskResult>(last.Result)),
                ToolNames.ListMyAccess => AfterList(AgentJson.Read<MyAccessResult>(last.Result)),
                ToolNames.SubmitRequest => Move.Say(HeldBefore() + (LastMessage(steps) ?? "Done.")),
                ToolNames.ClearDraft => Move.Say(plan.Mode switch
                {
                    Mode.Cancel => "OK, I've dropped that request; nothing was submitted. Tell me whenever you need something.",
                    Mode.GiveUp => $"Without knowing {Unknown(Context.OpenQuestion?.Slot)} I can't send the request, so I've stopped here: " +
                        "nothing was submitted. When you know (your manager or the app's owner can tell you), ask me again.",
                    _ => AgentJson.Read<ActionResult>(last.Result)?.Message ?? "Done.",
                }),
                _ => Move.Say(LastMessage(steps) ?? "Done."),
            };
        }

        private Move First() => plan.Mode switch
        {
            Mode.Cancel or Mode.GiveUp => Move.Call(ToolNames.ClearDraft),
            Mode.ContinueDraft => ContinueDraft(),
            Mode.ReAsk or Mode.Unanswered => ReAsk(Context.OpenQuestion!),
            Mode.List or Mode.Release or Mode.Extend => Move.Call(ToolNames.ListMyAccess),
            Mode.Browse when Reading.AppId is { } app => Move.Call(ToolNames.SearchEntitlements, new() { ["query"] = "", ["app"] = app }),
            Mode.Browse => Move.Say($"Which app? I know {string.Join(", ", Catalog.Apps.Select(a => a.Name))}."),
            Mode.Help => Move.Say(AgentText.WhatICanDo),
            Mode.Thanks => Move.Say("You're welcome! Tell me whenever you need access to something."),
            Mode.OffTopic => Move.Say(OffTopic),
            _ => Search(Reading.Need, Reading.AppId),
        };

        private const string OffTopic =
            "I can't help with that: I only handle access to the company's apps (requesting, checking, releasing or " +
            "extending it). For other problems, please contact the IT help desk. If you need access to something, " +
            "tell me what you need to do.";

        private Move Search(string need, string? appId)
        {
            var args = new Dictionary<string, object?> { ["query"] = need.Length > 0 ? need : plan.Text };
            if (appId is not null) args["app"] = appId;
            return Move.Call(ToolNames.SearchEntitlements, args);
        }

        private Move ReAsk(Question question) => Move.Call(ToolNames.AskUser, new()
        {
            ["slot"] = question.Slot.ToString().ToLowerInvariant(),
            ["prompt"] = question.Prompt,
            ["options"] = question.Options.Select(o => o.Value).ToArray(),
        });

        private Move ContinueDraft()
        {
            var draft = Context.Draft;
            var entitlementId = plan.Answer is { Slot: Slot.Entitlement } answer ? answer.Value : draft.EntitlementId;
            if (entitlementId is null)
            {
                if (Context.OpenQuestion is { Slot: Slot.Entitlement } question && plan.Answer is null && !Reading.IsCorrection
                    && Reading.Need.Length == 0)
                    return ReAsk(question);
                var need = string.Join(" ", Context.EarlierMessages.Append(plan.Text));
                var reading = Understanding.Read(need, Context);
                return Search(reading.Need.Length > 0 ? reading.Need : need, reading.AppId ?? Reading.AppId);
            }
            return Evaluate(entitlementId, continuing: true);
        }

        private Move AfterSearch(SearchResult? result)
        {
            if (result is null) return Move.Say("The catalog search failed; please try again.");
            if (plan.Mode == Mode.Browse) return Move.Say(Browse(result));
            if (result.Matches.Count == 0)
                return Move.Say($"I couldn't find anything in the catalog that fits that. {AgentText.WhatICanDo}");

            var choice = Understanding.Choose(NeedSoFar, result.Matches, Context);
            if (choice.ChosenId is { } chosen) return Evaluate(chosen, continuing: plan.Mode == Mode.ContinueDraft);
            if (choice.OptionIds.Count == 1) return Evaluate(choice.OptionIds[0], continuing: plan.Mode == Mode.ContinueDraft);
            // An open choice may be settled by what the person holds: "my DCS login only works for PDX, can you add SEA to it"
            // is the level held at another place; "I can't get into the safety system to file a report" is the level held
            // already. Their current access says which (read once, then asked). Only for themselves: the tool lists the
            // requester's access, not a beneficiary's.
            if (choice.OptionIds.Count > 1 && Reading.Beneficiary is null && !BeneficiaryFinder.SpeaksOfSomeoneElse(plan.Text)
                && !steps.Any(s => s.Name == ToolNames.ListMyAccess))
                return Move.Call(ToolNames.ListMyAccess);
            if (choice.OptionIds.Count > 1) return AskWhich(choice.OptionIds);
            return Move.Say($"I'm not sure which access fits that{(choice.Why.Length > 0 ? $" ({choice.Why})" : "")}. " +
                "Could you say what you need to do, and in which app?");
        }

        private Move AskWhich(IReadOnlyList<string> ids) => Move.Call(ToolNames.AskUser, new()
        {
            ["slot"] = "entitlement",
            ["prompt"] = EntitlementPrompt(ids),
            ["options"] = ids.ToArray(),
        });

        // After the person's access was read for an open choice: where a place is named, the one option held elsewhere that
        // offers it is the access to add the place to; otherwise the one option held is the access meant (and the answer may
        // be that it is held already) when the message says a task it does; of two levels of one app, the broader when the
        // narrower is held and no task is said. Several held, or none: the question stands.
        private Move ChooseByHeldAccess(MyAccessResult result)
        {
            if (ChoiceOfTheLastSearch() is not { } choice) return Move.Say("The catalog search failed; please try again.");
            var ids = choice.OptionIds;
            var held = ids.Where(id => result.Grants.Any(g => string.Equals(g.EntitlementId, id, StringComparison.OrdinalIgnoreCase))).ToList();
            var offeringThePlace = ids.Where(id => Catalog.FindEntitlement(id) is { } e && Understanding.FindScope(plan.Text, e) is not null)
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            // Without a place, only a task said ("to file a report") points at the level held: "I need Snowflake access" from
            // one who holds a level of it asks for another.
            var meant = offeringThePlace.Count > 0 ? held.Where(offeringThePlace.Contains).ToList()
                : Reading.StatesTask ? held : [];
            if (meant is [var only]) return Evaluate(only, continuing: plan.Mode == Mode.ContinueDraft);
            // "need the big queue for a month" from one who holds the standard queue: of two levels of one app, where the one held
            // is the narrower and no task it does is said, the other is what is asked for (as when the narrowest fit is held).
            if (offeringThePlace.Count == 0 && !Reading.StatesTask && ids.Count == 2 && held is [var narrower]
                && ids.Single(id => !string.Equals(id, narrower, StringComparison.OrdinalIgnoreCase)) is var other
                && Catalog.FindEntitlement(narrower) is { } heldLevel && Catalog.FindEntitlement(other) is { } otherLevel
                && heldLevel.AppId == otherLevel.AppId && Privileges.Breadth(otherLevel) > Privileges.Breadth(heldLevel))
                return Evaluate(other, continuing: plan.Mode == Mode.ContinueDraft);
            return ids.Count > 1 ? AskWhich(ids) : Move.Say("I'm not sure which access fits that. Could you say what you need to do, and in which app?");
        }

        private string EntitlementPrompt(IReadOnlyList<string> ids)
        {
            var apps = ids.Select(id => Catalog.FindEntitlement(id)?.AppId).Distinct().ToList();
            return apps is [{ } appId] && Catalog.FindApp(appId) is { } app
                ? $"{app.Name} has several levels of access. Which one do you need?"
                : "Several kinds of access could fit. Which one do you need?";
        }

        private Move Evaluate(string entitlementId, bool continuing)
        {
            if (Catalog.FindEntitlement(entitlementId) is not { } entitlement)
                return Move.Say($"I couldn't find '{entitlementId}' in the catalog.");
            var slots = continuing ? ContinuedSlots(entitlement) : NewSlots(entitlement);
            // Stop rather than loop when the same evaluation already ran in this turn.
            if (steps.Count(s => s.Name == ToolNames.EvaluatePolicy) >= 2)
                return Move.Say(LastMessage(steps) ?? "I couldn't settle this request; please try again.");
            var args = new Dictionary<string, object?> { ["entitlementId"] = entitlement.Id };
            if (slots.Scope is not null) args["scope"] = slots.Scope;
            if (AgentJson.DurationText(slots.Duration) is { } duration) args["duration"] = duration;
            if (slots.Justification is not null) args["justification"] = slots.Justification;
            if (slots.Beneficiary is not null) args["beneficiary"] = slots.Beneficiary;
            return Move.Call(ToolNames.EvaluatePolicy, args);
        }

        private sealed record Slots(string? Scope, DurationRequest Duration, string? Justification, string? Beneficiary);

        // A fresh request: only what this message says counts.
        private Slots NewSlots(Entitlement entitlement) => new(
            Understanding.FindScope(plan.Text, entitlement),
            Reading.Duration,
            Reading.Justification,
            Reading.Beneficiary);

        // An answer or a correction: the answer, then this message, then the draft, then what was said before.
        private Slots ContinuedSlots(Entitlement entitlement)
        {
            var draft = Context.Draft;
            var sameEntitlement = string.Equals(draft.EntitlementId, entitlement.Id, StringComparison.OrdinalIgnoreCase);
            var earlier = Context.EarlierMessages.Reverse().Select(m => (Text: m, Reading: Understanding.Read(m, Context))).ToList();
            var answer = plan.Answer;

            // A reason given as an answer is free text ("post-sale collections rush at the dock"): a place it mentions in
            // passing does not replace the one already chosen.
            var scope = answer is { Slot: Slot.Scope } ? answer.Value
                : answer is { Slot: Slot.Justification } && sameEntitlement && draft.Scope is not null ? draft.Scope
                : Understanding.FindScope(plan.Text, entitlement)
                ?? (sameEntitlement ? draft.Scope : null)
                ?? earlier.Select(e => Understanding.FindScope(e.Text, entitlement)).FirstOrDefault(s => s is not null);

            var duration = answer is { Slot: Slot.Duration } && DurationParser.TryParse(answer.Value, out var answered) ? answered
                : SaidBesideTheAnswer(answer).IsStated ? SaidBesideTheAnswer(answer)
                : draft.Duration is { } d && AgentJson.ParseDuration(d).IsStated ? AgentJson.ParseDuration(d)
                : earlier.Select(e => e.Reading.Duration).FirstOrDefault(x => x.IsStated) ?? DurationRequest.Unstated;

            var justification = answer is { Slot: Slot.Justification } ? answer.Value
                : Reading.Justification ?? draft.Justification
                ?? earlier.Select(e => e.Reading.Justification).FirstOrDefault(j => j is not null);

            var beneficiary = answer is { Slot: Slot.Beneficiary } ? answer.Value
                : draft.Beneficiary ?? Reading.Beneficiary ?? earlier.Select(e => e.Reading.Beneficiary).FirstOrDefault(b => b is not null);

            return new(scope, duration, justification, beneficiary);
        }

        // A place picked or typed from the options ("Red Hills 3D") is a name, not a length: only what is said beside it counts
        // (a click says nothing beside it: the text is the option's label).
        private DurationRequest SaidBesideTheAnswer(SlotChoice? answer)
        {
            if (Context.Choice is not null) return DurationRequest.Unstated;
            var at = answer is { Slot: Slot.Scope, Value: var place } ? plan.Text.IndexOf(place, StringComparison.OrdinalIgnoreCase) : -1;
            if (at < 0) return Reading.Duration;
            var beside = plan.Text.Remove(at, answer!.Value.Length);
            return DurationParser.Find(beside, Context.Now)?.Duration ?? DurationRequest.Unstated;
        }

        private Move AfterEvaluate(PolicyResult? result)
        {
            if (result is null) return Move.Say("I couldn't check the policy; please try again.");
            switch (result.Outcome)
            {
                case PolicyOutcome.NeedsInput when result.Missing.Count > 0:
                    var missing = result.Missing[0];
                    return Move.Call(ToolNames.AskUser, new()
                    {
                        ["slot"] = missing.Slot.ToString().ToLowerInvariant(),
                        ["prompt"] = missing.Prompt,
                        ["options"] = missing.Options.Select(o => o.Value).ToArray(),
                    });
                case PolicyOutcome.AutoApproved or PolicyOutcome.NeedsApproval:
                    return Move.Call(ToolNames.SubmitRequest);
                case PolicyOutcome.AlreadyHeld when NextLevelUp(result) is { } up:
                    return Evaluate(up, continuing: plan.Mode == Mode.ContinueDraft);
                default:
                    return Move.Say(result.Message);
            }
        }

        // The level chosen as the narrowest that could do the job is held already: one who holds it and still asks needs
        // the level up, when the planner found one that fits as well (only for a level it chose itself, once per turn).
        private string? NextLevelUp(PolicyResult held)
        {
            if (steps.Count(s => s.Name == ToolNames.EvaluatePolicy) != 1 || plan.Answer?.Slot == Slot.Entitlement || Context.Choice?.Slot == Slot.Entitlement) return null;
            var choice = ChoiceOfTheLastSearch();
            return string.Equals(choice?.ChosenId, held.EntitlementId, StringComparison.OrdinalIgnoreCase) ? choice!.NextLevelUpId : null;
        }

        // What a request continued over several messages asks is all of them together.
        private string NeedSoFar => plan.Mode == Mode.ContinueDraft ? string.Join(" ", Context.EarlierMessages.Append(plan.Text)) : plan.Text;

        // The choice made of this turn's catalog search, made again where a later step needs it; null when no search ran.
        private EntitlementChoice? ChoiceOfTheLastSearch() =>
            steps.LastOrDefault(s => s.Name == ToolNames.SearchEntitlements) is { } search && AgentJson.Read<SearchResult>(search.Result) is { } found
                ? Understanding.Choose(NeedSoFar, found.Matches, Context)
                : null;

        // "You already have Viewer, permanently. ...": said first when the request went one level up from access held.
        private string HeldBefore()
        {
            var held = steps.Where(s => s.Name == ToolNames.EvaluatePolicy).Select(s => AgentJson.Read<PolicyResult>(s.Result))
                .FirstOrDefault(r => r?.Outcome == PolicyOutcome.AlreadyHeld);
            return held is null ? "" : $"{held.Message} What you asked needs more than that, so this request is for the next level up. ";
        }

        private Move AfterAsk(AskResult? result)
        {
            if (result is null || !result.Asked) return Move.Say(result?.Message ?? "I couldn't ask that; please try again.");
            if (plan.Mode is Mode.Unanswered) return Move.Say(WhyItIsNeeded(result.Slot));
            if (plan.Mode is Mode.ReAsk)
                return Move.Say(Reading.Intent switch
                {
                    PlannerIntent.OffTopic => "I didn't catch that as an answer. I can only help with access; to go on with your request, " +
                        "answer the question below (or say \"cancel\").",
                    PlannerIntent.Thanks => "You're welcome. One more thing before I can send your request:",
                    _ => "I'm still working on your request (say \"cancel\" to drop it).",
                });
            if (result.Slot == Slot.Entitlement) return Move.Say("");
            var evaluated = steps.Select(s => s.Name == ToolNames.EvaluatePolicy ? AgentJson.Read<PolicyResult>(s.Result) : null).LastOrDefault(r => r is not null);
            if (evaluated?.EntitlementName is not { } name) return Move.Say("");
            if (steps.Any(s => s.Name == ToolNames.SearchEntitlements))
                return Move.Say($"{HeldBefore()}The access that fits is {name}.");
            return Move.Say(plan.Answer?.Slot == Slot.Entitlement || Context.Choice?.Slot == Slot.Entitlement ? $"OK, {name}." : "");
        }

        private string WhyItIsNeeded(Slot? slot) => slot switch
        {
            Slot.Justification => "The approvers need a reason to decide; a short sentence is enough, for example the task or the ticket it is for.",
            Slot.Scope => "This access is granted for one of these only, so I need to know which; I won't pick one for you.",
            Slot.Entitlement => "These let you do different things, and asking for more than you need is a risk, so I won't pick one for you. " +
                "They are listed lowest risk first: pick the one that covers what you need to do (or say \"cancel\").",
            Slot.Duration => DefaultDurationHint(),
            _ => "I need this to send the request; pick an option or type your answer (or say \"cancel\").",
        };

        // The default length, when the entitlement has one, is offered as an explicit choice, never taken silently.
        private string DefaultDurationHint()
        {
            var entitlement = Context.Draft.EntitlementId is { } id ? Catalog.FindEntitlement(id) : null;
            const string Why = "This access ends on its own after the time you choose, so I need a length from you; I won't pick one for you.";
            return entitlement?.DefaultDuration is { } usual
                ? $"{Why} If you're unsure, the usual length for {entitlement.Name} is {Durations.Describe(usual)}: say \"the default\" to take it."
                : $"{Why} Pick the shortest that covers your task; you can ask to extend it later.";
        }

        private static string Unknown(Slot? slot) => slot switch
        {
            Slot.Entitlement => "which access you need",
            Slot.Scope => "which one it is for",
            Slot.Duration => "for how long you need it",
            _ => "that",
        };

        private Move AfterList(MyAccessResult? result)
        {
            if (result is null) return Move.Say("I couldn't read your access; please try again.");
            if (plan.Mode == Mode.List) return Move.Say(ListText(result));
            if (plan.Mode is Mode.NewRequest or Mode.ContinueDraft) return ChooseByHeldAccess(result);

            var candidates = MatchGrants(result.Grants);
            if (candidates.Count == 0)
                return Move.Say(result.Grants.Count == 0
                    ? "You don't hold any access from the catalog."
                    : $"I couldn't tell which access you mean. {ListText(result)}");
            if (candidates.Count > 1)
                return Move.Say($"Which one? {string.Join("; ", candidates.Select(Describe))}.");
            var grant = candidates[0];
            if (plan.Mode == Mode.Release)
                return Move.Call(ToolNames.RevokeMyAccess, new() { ["entitlementOrGrant"] = grant.GrantId });
            if (!Reading.Duration.IsStated || Reading.Duration.Length is null)
                return Move.Say($"For how much longer do you need {Describe(grant)}? Say for example \"extend it by 1 week\".");
            return Move.Call(ToolNames.ExtendAccess, new()
            {
                ["entitlementOrGrant"] = grant.GrantId,
                ["duration"] = AgentJson.DurationText(Reading.Duration),
            });
        }

        private List<HeldAccess> MatchGrants(IReadOnlyList<HeldAccess> grants)
        {
            var words = Tokens(plan.Text);
            var scored = grants
                .Select(g =>
                {
                    var entitlement = Catalog.FindEntitlement(g.EntitlementId);
                    var appHit = Reading.AppId is not null && string.Equals(entitlement?.AppId, Reading.AppId, StringComparison.OrdinalIgnoreCase);
                    var nameHits = Tokens(g.EntitlementName).Count(words.Contains);
                    var scopeHit = g.Scope is not null && words.Contains(g.Scope.ToLowerInvariant());
                    return (Grant: g, Score: (appHit ? 2 : 0) + nameHits + (scopeHit ? 1 : 0));
                })
                .Where(x => x.Score > 0)
                .OrderByDescending(x => x.Score)
                .ToList();
            if (scored.Count == 0) return [];
            var best = scored[0].Score;
            return [.. scored.Where(x => x.Score == best).Select(x => x.Grant)];
        }

        private static HashSet<string> Tokens(string text) =>
            new(text.ToLowerInvariant().Split([' ', ',', '.', '-', '\'', '?', '!', '(', ')'], StringSplitOptions.RemoveEmptyEntries)
                .Where(w => w.Length > 2 && w is not "the" and not "and" and not "access" and not "for" and not "my"));

        private static string Describe(HeldAccess g) =>
            $"{g.EntitlementName}{(g.Scope is { } s ? $" for {s}" : "")} ({(g.ExpiresAt is { } at ? $"until {AgentText.When(at)}" : "permanent")})";

        private static string ListText(MyAccessResult result)
        {
            var text = new StringBuilder();
            if (result.Grants.Count == 0) text.Append("You don't hold any access from the catalog.");
            else
            {
                text.Append("You have:");
                foreach (var g in result.Grants) text.Append($"\n- {g.AppName}: {Describe(g)}");
            }
            if (result.OpenRequests.Count > 0)
            {
                text.Append("\nOpen requests:");
                foreach (var r in result.OpenRequests)
                    text.Append($"\n- {r.EntitlementName}{(r.Scope is { } s ? $" for {s}" : "")}: {r.Status}");
            }
            return text.ToString();
        }

        private string Browse(SearchResult result)
        {
            var app = Reading.AppId is { } id ? Catalog.FindApp(id) : null;
            var text = new StringBuilder(app is null ? "You can request:" : $"In {app.Name} you can request:");
            foreach (var e in result.Matches)
            {
                text.Append($"\n- {e.Name} ({e.Id}): {e.Description}");
                if (e.ScopeLabel is not null) text.Append($" Per {e.ScopeLabel}: {string.Join(", ", e.ScopeOptions ?? [])}.");
                if (e.MaxDuration is { } max && Durations.TryParseIso(max, out var limit)) text.Append($" At most {Durations.Describe(limit)}.");
            }
            text.Append("\nTell me what you need to do and I'll pick the right one.");
            return text.ToString();
        }
    }
}
