using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace IgaBot.Core.Telemetry;

/// <summary>
/// IgaBot's own instruments: the <c>IgaBot</c> meter and activity source. They record whether or not anything listens;
/// the host exports them by OTLP only when an endpoint is configured. Metric names follow OpenTelemetry's conventions
/// (dotted, seconds for durations); tags stay low-cardinality (channel, backend, connector, operation, outcome), never
/// a person or a text.
/// </summary>
public static class IgaTelemetry
{
    public const string Name = "IgaBot";

    public static ActivitySource Source { get; } = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Conversation turns, by channel and outcome (<c>answered</c>, <c>stranger</c>, <c>failed</c>).</summary>
    public static Counter<long> Turns { get; } = Meter.CreateCounter<long>("igabot.turns", "{turn}", "Conversation turns handled.");

    /// <summary>How long a turn took, from the person's words to the reply (the reasoner and the state save).</summary>
    public static Histogram<double> TurnDuration { get; } = Meter.CreateHistogram<double>("igabot.turn.duration", "s", "Duration of a conversation turn.");

    /// <summary>Calls to a chat backend (tool round trips included), by backend and outcome (<c>ok</c>, <c>failed</c>).</summary>
    public static Counter<long> ModelCalls { get; } = Meter.CreateCounter<long>("igabot.model.calls", "{call}", "Chat backend calls.");

    public static Histogram<double> ModelCallDuration { get; } = Meter.CreateHistogram<double>("igabot.model.call.duration", "s", "Duration of a chat backend call.");

    /// <summary>Connector calls (grant, revoke, list), by connector, type, operation and outcome.</summary>
    public static Counter<long> ConnectorCalls { get; } = Meter.CreateCounter<long>("igabot.connector.calls", "{call}", "Connector calls.");

    /// <summary>Connector calls that failed (transient, permanent, or an exception), by connector, type, operation and kind.</summary>
    public static Counter<long> ConnectorErrors { get; } = Meter.CreateCounter<long>("igabot.connector.errors", "{error}", "Connector calls that failed.");

    public static Histogram<double> ConnectorCallDuration { get; } = Meter.CreateHistogram<double>("igabot.connector.call.duration", "s", "Duration of a connector call.");

    /// <summary>How long after its end a grant that ran out was revoked at the target (0 when on time).</summary>
    public static Histogram<double> RevokeLateness { get; } = Meter.CreateHistogram<double>("igabot.revoke.lateness", "s", "Time from a grant's end to its revocation.");

    /// <summary>
    /// Directory syncs by outcome (<c>applied</c>, <c>refused</c>, <c>source_failed</c>): alert on the last two, a source
    /// that failed or answered something implausible (nothing was changed).
    /// </summary>
    public static Counter<long> DirectorySyncs { get; } = Meter.CreateCounter<long>("igabot.directory.syncs", "{sync}", "Directory syncs from the identity source, by outcome.");

    /// <summary>Adds observable gauges to the <c>IgaBot</c> meter (the outbox sampler's depth and age).</summary>
    public static ObservableGauge<T> CreateGauge<T>(string name, Func<T> observe, string unit, string description) where T : struct =>
        Meter.CreateObservableGauge(name, observe, unit, description);

    /// <summary>The end reason of a grant that ran out (<see cref="Grants.GrantRevoker"/>).</summary>
    public const string ExpiredReason = "expired";

    /// <summary>Records the lateness of a grant revoked because it ran out (not one released or revoked by an admin).</summary>
    public static void RecordRevoked(Grants.Grant grant)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.EndReason != ExpiredReason || grant.ExpiresAt is not { } end || grant.EndedAt is not { } ended) return;
        // A trigger may fire a moment early (clock jitter): that is on time.
        RevokeLateness.Record(Math.Max(0, (ended - end).TotalSeconds));
    }
}
