using System.Diagnostics;
using IgaBot.Core.Provisioning;

namespace IgaBot.Core.Telemetry;

/// <summary>
/// Counts and times every call of a connector (<see cref="IgaTelemetry.ConnectorCalls"/>, errors, duration) and wraps it
/// in an activity; the answer is the inner connector's, unchanged. The registry wraps each connector it makes.
/// </summary>
public sealed class InstrumentedConnector(IConnector inner) : IConnector
{
    /// <summary>The connector doing the work.</summary>
    public IConnector Inner { get; } = inner;

    public string Name => Inner.Name;
    public string Type => Inner.Type;
    public bool CanListMembers => Inner.CanListMembers;

    public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct) =>
        CallAsync("grant", () => Inner.GrantAsync(target, ct));

    public Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct) =>
        CallAsync("revoke", () => Inner.RevokeAsync(target, ct));

    public async Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct)
    {
        using var activity = Start("list");
        var started = Stopwatch.GetTimestamp();
        try
        {
            var members = await Inner.ListMembersAsync(group, ct);
            Record("list", "ok", started);
            return members;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var kind = e is ConnectorException ce ? Kind(ce.Failure.Outcome) : "exception";
            Record("list", kind, started, error: kind);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private async Task<ConnectorResult> CallAsync(string operation, Func<Task<ConnectorResult>> call)
    {
        using var activity = Start(operation);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call();
            var outcome = Kind(result.Outcome);
            Record(operation, outcome, started, result.Outcome is ConnectorOutcome.Transient or ConnectorOutcome.Permanent ? outcome : null);
            activity?.SetTag("igabot.connector.outcome", outcome);
            if (result.Outcome is ConnectorOutcome.Transient or ConnectorOutcome.Permanent) activity?.SetStatus(ActivityStatusCode.Error, outcome);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var kind = e is ConnectorException ce ? Kind(ce.Failure.Outcome) : "exception";
            Record(operation, kind, started, error: kind);
            activity?.SetStatus(ActivityStatusCode.Error, e.GetType().Name);
            throw;
        }
    }

    private Activity? Start(string operation)
    {
        var activity = IgaTelemetry.Source.StartActivity($"connector {operation}", ActivityKind.Client);
        activity?.SetTag("igabot.connector", Name);
        activity?.SetTag("igabot.connector.type", Type);
        return activity;
    }

    private void Record(string operation, string outcome, long started, string? error = null)
    {
        var tags = new TagList { { "connector", Name }, { "type", Type }, { "operation", operation } };
        IgaTelemetry.ConnectorCallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        if (error is not null)
        {
            var errorTags = tags;
            errorTags.Add("kind", error);
            IgaTelemetry.ConnectorErrors.Add(1, errorTags);
        }
        tags.Add("outcome", outcome);
        IgaTelemetry.ConnectorCalls.Add(1, tags);
    }

    private static string Kind(ConnectorOutcome outcome) => outcome.ToString().ToLowerInvariant();
}
