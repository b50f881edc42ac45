using System.Text.Json;
using IgaBot.Core.Budgets;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.Agent;

/// <summary>Settings of the agent loop.</summary>
public sealed class AgentOptions
{
    /// <summary>Model round trips per turn (each may call tools); the last one is made without tools.</summary>
    public int MaxToolIterations { get; set; } = 10;
}

/// <summary>
/// The chat backends behind the agent: the offline planner (always there) and, when configured, a
/// language model. <paramref name="Model"/> is the raw provider client; the runner adds function
/// invocation and usage counting around whichever backend handles a turn.
/// </summary>
public sealed record AgentBackends(IChatClient Offline, IChatClient? Model = null, string ModelName = "offline");

/// <summary>What the conversation hands the agent for one turn.</summary>
public sealed record AgentTurnInput(ConversationKey Conversation, Person Actor, DialogState State, string Text, SlotChoice? Choice);

/// <summary>The agent's answer: the settled turn, the text to say and which backend produced it.</summary>
public sealed record AgentTurnResult(AgentTurn Turn, string Text, string Backend);

/// <summary>
/// Runs one turn: binds the tools to the turn's actor, sends the system prompt, the turn context, the
/// short history and the user's words through function invocation to the model, or to the offline
/// planner. When the model fails (down, HTTP 429, timeout) the user is told so and the offline planner
/// handles the turn from the same starting state: the failed attempt's draft is thrown away, and a
/// failure after a request was stored reports that request instead of starting over.
/// </summary>
public sealed partial class AgentRunner(
    ITenantAccessor tenant,
    AgentServices services,
    AgentBackends backends,
    ModelUsageMeter meter,
    IOptions<AgentOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    ITurnBudget? budget = null)
{
    private readonly ILogger _log = loggers.CreateLogger<AgentRunner>();
    private readonly ITurnBudget _budget = budget ?? UnlimitedTurnBudget.Instance;

    public const string OfflineBackend = "offline";

    public async Task<AgentTurnResult> RunAsync(AgentTurnInput input, CancellationToken ct)
    {
        if (backends.Model is { } model)
        {
            var attempt = NewTurn(input);
            try
            {
                // Every model call of the turn is taken from the person's model-call budget first.
                return await RunWithAsync(new BudgetedChatClient(model, _budget, input.Actor.Email), backends.ModelName, attempt, input, ct);
            }
            catch (SlowDownException spent) when (!attempt.HasSideEffects)
            {
                // The person's model budget is spent: the offline planner answers, as when the provider is rate limited.
                LogModelBudgetSpent(_log, input.Conversation.ToString(), spent.RetryAfter);
                meter.RecordFallback();
                var offline = await RunWithAsync(backends.Offline, OfflineBackend, NewTurn(input), input, ct);
                return offline with { Text = $"{spent.Message}\n{offline.Text}".TrimEnd() };
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                var rateLimited = ex is ModelUnavailableException { RateLimited: true };
                LogModelFailed(_log, ex, input.Conversation.ToString(), backends.ModelName, rateLimited);
                if (attempt.HasSideEffects)
                {
                    // The request is stored: report it rather than running the turn again.
                    attempt.Finish();
                    return new AgentTurnResult(attempt, attempt.Outcome!.Reason, backends.ModelName);
                }
                meter.RecordFallback();
                var notice = rateLimited
                    ? "The AI model is rate limited right now, so the built-in assistant answered instead."
                    : "The AI model could not be reached, so the built-in assistant answered instead.";
                var offline = await RunWithAsync(backends.Offline, OfflineBackend, NewTurn(input), input, ct);
                return offline with { Text = $"{notice}\n{offline.Text}".TrimEnd() };
            }
        }
        return await RunWithAsync(backends.Offline, OfflineBackend, NewTurn(input), input, ct);
    }

    private AgentTurn NewTurn(AgentTurnInput input) => new(tenant.Current, input.Actor, input.State, time.GetUtcNow());

    private async Task<AgentTurnResult> RunWithAsync(IChatClient backend, string backendName, AgentTurn turn, AgentTurnInput input, CancellationToken ct)
    {
        var usage = new TurnUsage();
        var client = new ChatClientBuilder(backend)
            .UseFunctionInvocation(loggers, f =>
            {
                f.MaximumIterationsPerRequest = Math.Max(2, options.Value.MaxToolIterations);
                f.AllowConcurrentInvocation = false;
                f.IncludeDetailedErrors = false;
                f.FunctionInvoker = InvokeToolAsync;
            })
            .Use(inner => new UsageCountingChatClient(inner, usage, backendName))
            .Build();
        var chatOptions = new ChatOptions
        {
            Tools = new AccessTools(turn, services).AsAITools(typedResults: backendName == OfflineBackend),
            ToolMode = ChatToolMode.Auto,
            AllowMultipleToolCalls = false,
        };
        try
        {
            var response = await client.GetResponseAsync(Messages(turn, input), chatOptions, ct);
            turn.Finish();
            return new AgentTurnResult(turn, response.Text.Trim(), backendName);
        }
        finally
        {
            meter.Record(backendName, usage);
            LogUsage(_log, input.Conversation.ToString(), backendName, usage.Calls, usage.InputTokens, usage.OutputTokens);
        }
    }

    /// <summary>
    /// Calls a tool; arguments the model got wrong (missing, of the wrong type or shape) are refused with a sentence that
    /// says which, so the model can correct itself, instead of an exception (which would give it only "Function failed").
    /// </summary>
    private async ValueTask<object?> InvokeToolAsync(FunctionInvocationContext context, CancellationToken ct)
    {
        try
        {
            return await context.Function.InvokeAsync(context.Arguments, ct);
        }
        catch (InvalidInputException ex)
        {
            // Our own refusals are sentences meant to be read.
            LogToolArgumentsRefused(_log, context.Function.Name, ex.GetType().Name);
            return $"Refused: {ex.Message}";
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or InvalidCastException or NotSupportedException)
        {
            LogToolArgumentsRefused(_log, context.Function.Name, ex.GetType().Name);
            // The binder's own words name the missing parameter ("... for the required parameter 'entitlementId'").
            var why = ex is ArgumentException a && a.Message.Split(" (Parameter", 2)[0] is { Length: > 0 and < 300 } said
                ? said.TrimEnd('.')
                : "an argument has the wrong type or shape";
            return $"Refused: the arguments of {context.Function.Name} do not match its parameters: {why}. " +
                "Call it again with the documented arguments and types.";
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a call to tool {Tool}: its arguments did not bind ({Error})")]
    private static partial void LogToolArgumentsRefused(ILogger logger, string tool, string error);

    private static List<ChatMessage> Messages(AgentTurn turn, AgentTurnInput input)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, AgentPrompt.System), Context(turn, input).ToMessage() };
        foreach (var line in input.State.History)
            messages.Add(new ChatMessage(line.Role == DialogLine.User ? ChatRole.User : ChatRole.Assistant, line.Text));
        messages.Add(new ChatMessage(ChatRole.User, input.Text));
        return messages;
    }

    private static TurnContext Context(AgentTurn turn, AgentTurnInput input)
    {
        var directory = turn.Tenant.Directory;
        var actor = turn.Actor;
        var draft = turn.Draft;
        var entitlement = draft.EntitlementId is { } id ? turn.Tenant.Catalog.FindEntitlement(id) : null;
        return new TurnContext
        {
            Actor = new ActorView
            {
                Email = actor.Email,
                Name = actor.Name,
                Title = actor.Title,
                Department = actor.Department,
                Manager = directory.ManagerOf(actor) is { } manager ? new PersonView(manager.Email, manager.Name) : null,
                DirectReports = [.. BeneficiaryRule.OthersFor(directory, actor).Select(p => new PersonView(p.Email, p.Name))],
            },
            Draft = new DraftView
            {
                EntitlementId = entitlement?.Id,
                EntitlementName = entitlement?.Name,
                AppId = entitlement?.AppId,
                Scope = draft.Scope,
                Duration = AgentJson.DurationText(draft.Duration),
                Justification = draft.Justification,
                Beneficiary = draft.Beneficiary,
            },
            OpenQuestion = input.State.OpenQuestion,
            TimesAsked = input.State.OpenQuestion is null ? 0 : input.State.TimesAsked,
            Choice = input.Choice,
            EarlierMessages = input.State.RequestMessages,
            Now = turn.Now,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent turn {Conversation} via {Backend}: {ModelCalls} model calls, {InputTokens} input tokens, {OutputTokens} output tokens")]
    private static partial void LogUsage(ILogger logger, string conversation, string backend, int modelCalls, long inputTokens, long outputTokens);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {Conversation}: the person's model-call budget is spent for {RetryAfter}; the offline planner takes the turn")]
    private static partial void LogModelBudgetSpent(ILogger logger, string conversation, TimeSpan retryAfter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Model} failed in conversation {Conversation} (rate limited: {RateLimited}); the offline planner takes the turn")]
    private static partial void LogModelFailed(ILogger logger, Exception exception, string conversation, string model, bool rateLimited);
}

/// <summary>Takes one unit of the person's model-call budget before each call to the model (each tool round trip is one).</summary>
internal sealed class BudgetedChatClient(IChatClient inner, ITurnBudget budget, string personEmail) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await budget.EnsureAsync(BudgetKind.ModelCall, personEmail, cancellationToken);
        return await base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await budget.EnsureAsync(BudgetKind.ModelCall, personEmail, cancellationToken);
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            yield return update;
    }
}
