using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;

namespace IgaBot.Core.Agent;

/// <summary>Model calls and tokens of one turn.</summary>
public sealed class TurnUsage
{
    private int _calls;
    private long _input;
    private long _output;

    public int Calls => _calls;
    public long InputTokens => _input;
    public long OutputTokens => _output;

    internal void Add(UsageDetails? usage)
    {
        Interlocked.Increment(ref _calls);
        if (usage is null) return;
        Interlocked.Add(ref _input, usage.InputTokenCount ?? 0);
        Interlocked.Add(ref _output, usage.OutputTokenCount ?? 0);
    }
}

/// <summary>
/// Counts model calls and tokens: running totals a test or an admin page can read, and the
/// <c>IgaBot.Agent</c> meter (<c>igabot.agent.model_calls</c>, <c>igabot.agent.tokens</c>) for telemetry.
/// </summary>
public sealed class ModelUsageMeter : IDisposable
{
    public const string MeterName = "IgaBot.Agent";

    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _tokens;
    private long _totalCalls;
    private long _totalInput;
    private long _totalOutput;
    private long _turns;
    private long _fallbacks;

    public ModelUsageMeter(IMeterFactory? meters = null)
    {
        _meter = meters?.Create(MeterName) ?? new Meter(MeterName);
        _calls = _meter.CreateCounter<long>("igabot.agent.model_calls", description: "Chat model calls, tool round trips included.");
        _tokens = _meter.CreateCounter<long>("igabot.agent.tokens", unit: "{token}", description: "Tokens sent to and received from the model.");
    }

    public long ModelCalls => Interlocked.Read(ref _totalCalls);
    public long InputTokens => Interlocked.Read(ref _totalInput);
    public long OutputTokens => Interlocked.Read(ref _totalOutput);
    public long Turns => Interlocked.Read(ref _turns);
    /// <summary>Turns the offline planner answered because the model failed.</summary>
    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    public void Record(string backend, TurnUsage usage)
    {
        Interlocked.Increment(ref _turns);
        Interlocked.Add(ref _totalCalls, usage.Calls);
        Interlocked.Add(ref _totalInput, usage.InputTokens);
        Interlocked.Add(ref _totalOutput, usage.OutputTokens);
        var tag = new KeyValuePair<string, object?>("backend", backend);
        _calls.Add(usage.Calls, tag);
        _tokens.Add(usage.InputTokens, tag, new("direction", "input"));
        _tokens.Add(usage.OutputTokens, tag, new("direction", "output"));
    }

    public void RecordFallback() => Interlocked.Increment(ref _fallbacks);

    public void Dispose() => _meter.Dispose();
}

/// <summary>
/// Counts every call to the inner client (each tool round trip is one) and the tokens it reports; times each call
/// (<see cref="Telemetry.IgaTelemetry.ModelCalls"/>, <see cref="Telemetry.IgaTelemetry.ModelCallDuration"/>) in an activity.
/// </summary>
internal sealed class UsageCountingChatClient(IChatClient inner, TurnUsage usage, string backend = "model") : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var activity = Start();
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            usage.Add(response.Usage);
            outcome = "ok";
            return response;
        }
        finally
        {
            Record(activity, started, outcome);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var activity = Start();
        var started = Stopwatch.GetTimestamp();
        var outcome = "failed";
        try
        {
            UsageDetails? total = null;
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                foreach (var usageContent in update.Contents.OfType<UsageContent>())
                    (total ??= new()).Add(usageContent.Details);
                yield return update;
            }
            usage.Add(total);
            outcome = "ok";
        }
        finally
        {
            Record(activity, started, outcome);
        }
    }

    private Activity? Start()
    {
        var activity = Telemetry.IgaTelemetry.Source.StartActivity("model call", ActivityKind.Client);
        activity?.SetTag("igabot.backend", backend);
        return activity;
    }

    private void Record(Activity? activity, long started, string outcome)
    {
        var tags = new TagList { { "backend", backend }, { "outcome", outcome } };
        Telemetry.IgaTelemetry.ModelCalls.Add(1, tags);
        Telemetry.IgaTelemetry.ModelCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        if (outcome != "ok") activity?.SetStatus(ActivityStatusCode.Error);
    }
}

/// <summary>The model could not answer (unreachable, failing, or rate limited); the offline planner takes the turn.</summary>
public sealed class ModelUnavailableException(string message, bool rateLimited, Exception? inner = null) : Exception(message, inner)
{
    public bool RateLimited { get; } = rateLimited;
}
