using System.Diagnostics;
using IgaBot.Core.Telemetry;
using IgaBot.Core.Agent;
using IgaBot.Core.Budgets;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.Conversation;

/// <summary>
/// The clarification dialog: loads the conversation's state, applies a clicked option to the draft,
/// lets the agent run the turn, and saves the new state with the version it read (optimistic
/// concurrency across replicas). The reply's <see cref="TurnReply.Text"/> is what to say; a question's
/// prompt is carried separately in <see cref="Question.Prompt"/> and is not repeated in the text.
/// </summary>
public sealed partial class ConversationService(
    IDialogStateStore states,
    AgentRunner agent,
    ITenantAccessor tenant,
    ILogger<ConversationService> log,
    ITurnBudget? budget = null) : IConversationService
{
    private readonly ITurnBudget _budget = budget ?? UnlimitedTurnBudget.Instance;

    public const int MaxTextLength = 2000;

    /// <summary>The same slot is asked at most this many times in a row before the request is dropped.</summary>
    public const int MaxAsksOfOneSlot = 3;

    public async Task<TurnReply> HandleTurnAsync(ConversationKey conversation, string actorEmail, TurnInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(input);
        using var activity = IgaTelemetry.Source.StartActivity("turn");
        activity?.SetTag("igabot.channel", conversation.Channel);
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var actor = tenant.Current.Directory.Find(actorEmail ?? "");
            if (actor is null)
            {
                outcome = "stranger";
                return new TurnReply("I can't find you in the company directory, so I can't handle access for you. Please ask IT to add you.");
            }
            var reply = await HandleKnownAsync(conversation, actor, input, ct);
            outcome = "answered";
            return reply;
        }
        finally
        {
            var tags = new TagList { { "channel", conversation.Channel }, { "outcome", outcome } };
            IgaTelemetry.Turns.Add(1, tags);
            IgaTelemetry.TurnDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
            activity?.SetTag("igabot.turn.outcome", outcome);
            if (outcome == "failed") activity?.SetStatus(ActivityStatusCode.Error);
        }
    }

    private async Task<TurnReply> HandleKnownAsync(ConversationKey conversation, Person actor, TurnInput input, CancellationToken ct)
    {

        var verdict = await _budget.TryTakeAsync(BudgetKind.Turn, actor.Email, ct);
        if (!verdict.Allowed)
        {
            // Nothing runs and nothing changes. A clicked option replaces its card, so the question comes back with it.
            LogSlowDown(log, conversation.ToString(), verdict.RetryAfter);
            var open = input.Choice is null ? null : (await states.LoadAsync(conversation, ct)).State.OpenQuestion;
            return new TurnReply(SlowDown.Text(BudgetKind.Turn, verdict.RetryAfter), open);
        }

        for (var attempt = 1; ; attempt++)
        {
            var stored = await states.LoadAsync(conversation, ct);
            var prepared = Prepare(stored.State, input, actor);
            if (prepared.Refusal is { } refusal) return refusal;

            var result = await agent.RunAsync(new AgentTurnInput(conversation, actor, prepared.State, prepared.Text, input.Choice), ct);
            var (reply, next) = Settle(prepared.State, prepared.Text, result);
            try
            {
                await states.SaveAsync(conversation, next, stored.Version, result.Turn.Audit, ct);
                return reply;
            }
            catch (ConflictException) when (attempt == 1 && !result.Turn.HasSideEffects)
            {
                LogConflict(log, conversation.ToString(), "retrying the turn on the newer state");
            }
            catch (ConflictException)
            {
                // What the turn did outside the conversation is real and reported; the other turn's state stays.
                LogConflict(log, conversation.ToString(), "keeping the other turn's state");
                return reply;
            }
        }
    }

    private sealed record Prepared(DialogState State, string Text, TurnReply? Refusal = null);

    private Prepared Prepare(DialogState state, TurnInput input, Person actor)
    {
        if (input.Choice is { } choice)
        {
            var question = state.OpenQuestion;
            var option = question is not null && question.Slot == choice.Slot
                ? question.Options.FirstOrDefault(o => SameText(o.Value, choice.Value)) ?? question.Options.FirstOrDefault(o => SameText(o.Label, choice.Value))
                : null;
            if (option is null)
            {
                var text = question is null
                    ? "That choice belongs to an earlier question that is closed now. Tell me what you need."
                    : "That option is not one I offered for this question; pick one of these.";
                return new(state, "", new TurnReply(text, question));
            }
            var draft = Apply(state.Draft, choice.Slot, option.Value, actor);
            return new(state with { Draft = draft }, option.Label);
        }

        var words = input.Text?.Trim() ?? "";
        if (words.Length == 0)
            return new(state, "", new TurnReply(state.OpenQuestion is null ? "Tell me what access you need." : "", state.OpenQuestion));
        if (words.Length > MaxTextLength) words = words[..MaxTextLength];
        return new(state, words);
    }

    private DraftRequest Apply(DraftRequest draft, Slot slot, string value, Person actor)
    {
        var catalog = tenant.Current.Catalog;
        return slot switch
        {
            Slot.Entitlement when catalog.FindEntitlement(value) is Entitlement e => draft with
            {
                EntitlementId = e.Id,
                Scope = SameText(draft.EntitlementId, e.Id) ? draft.Scope : null,
            },
            Slot.Scope => draft with { Scope = value },
            Slot.Duration when DurationParser.TryParse(value, out var duration) => draft with { Duration = duration },
            Slot.Justification => draft with { Justification = value },
            Slot.Beneficiary => draft with { Beneficiary = PersonKey.Same(value, actor.Email) ? null : value },
            _ => draft,
        };
    }

    private static (TurnReply Reply, DialogState Next) Settle(DialogState start, string userText, AgentTurnResult result)
    {
        var turn = result.Turn;
        var question = turn.Asked;
        var text = result.Text;
        var draft = turn.Draft;
        var dropped = false;
        if (question is not null && start.OpenQuestion?.Slot == question.Slot && start.TimesAsked >= MaxAsksOfOneSlot && !turn.HasSideEffects)
        {
            // Asking the same thing again and again helps nobody: drop the request and say so.
            text = $"I still don't have the {question.Slot.ToString().ToLowerInvariant()} after asking {start.TimesAsked + 1} times, " +
                "so I've dropped this request; nothing was submitted. Tell me again what you need whenever you're ready.";
            question = null;
            draft = DraftRequest.Empty;
            dropped = true;
        }
        if (question is not null && text.Contains(question.Prompt, StringComparison.Ordinal))
            text = text.Replace(question.Prompt, "", StringComparison.Ordinal).Trim();
        if (text.Length == 0 && question is null)
            text = turn.Outcome?.Reason ?? AgentText.WhatICanDo;

        var open = question ?? (turn.DraftTouched || turn.Outcome is not null || dropped ? null : start.OpenQuestion);
        var timesAsked = open is null ? 0
            : question is null ? start.TimesAsked
            : start.OpenQuestion?.Slot == question.Slot ? start.TimesAsked + 1 : 1;
        var said = question is null ? text : string.Join("\n", new[] { text, question.Prompt }.Where(s => s.Length > 0));
        var history = start.History.Append(new DialogLine(DialogLine.User, userText)).Append(new DialogLine(DialogLine.Bot, said))
            .TakeLast(DialogState.HistoryLimit).ToList();
        var ended = turn.Outcome is not null || (turn.DraftTouched && draft.IsEmpty) || dropped;
        var requestMessages = ended || (draft.IsEmpty && open is null)
            ? []
            : start.RequestMessages.Append(userText).TakeLast(DialogState.RequestMessageLimit).ToList();

        var next = new DialogState
        {
            Draft = draft,
            OpenQuestion = open,
            TimesAsked = timesAsked,
            History = history,
            RequestMessages = requestMessages,
        };
        return (new TurnReply(text, question, turn.Outcome), next);
    }

    /// <summary>Option values and catalog ids: compared without regard to case.</summary>
    private static bool SameText(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Conversation}: turn refused by the person's turn budget for {RetryAfter}")]
    private static partial void LogSlowDown(ILogger logger, string conversation, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {Conversation} was changed by another turn meanwhile; {Resolution}")]
    private static partial void LogConflict(ILogger logger, string conversation, string resolution);
}
