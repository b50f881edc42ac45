using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Telemetry;
using IgaBot.Core.Tests.Agent;

namespace IgaBot.Core.Tests.Telemetry;

/// <summary>The instruments record what happened, as an OpenTelemetry exporter (here a <see cref="MeterListener"/>) sees it.</summary>
[NonParallelizable]
public sealed class IgaTelemetryTests
{
    private MeterListener _listener = null!;
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();

    [SetUp]
    public void Listen()
    {
        _measurements.Clear();
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IgaTelemetry.Name) listener.EnableMeasurementEvents(instrument);
            },
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _listener.Start();
    }

    [TearDown]
    public void StopListening() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value;
        _measurements.Enqueue((instrument.Name, value, copy));
    }

    private List<(double Value, Dictionary<string, object?> Tags)> Of(string instrument, string tag, string value) =>
        [.. _measurements.Where(m => m.Instrument == instrument && Equals(m.Tags.GetValueOrDefault(tag), value)).Select(m => (m.Value, m.Tags))];

    [Test]
    public async Task ATurn_IsCountedAndTimed_WithItsModelCalls_AndAStrangerIsCountedApart()
    {
        var offline = new ScriptedChatClient().ThenSay("What do you need?");
        var harness = new AgentHarness(AgentHarness.Company(), offline);
        var key = harness.Key with { Channel = "telemetry-test" };

        await harness.Conversation.HandleTurnAsync(key, "jake", TurnInput.FromText("hello"), CancellationToken.None);
        await harness.Conversation.HandleTurnAsync(key, "stranger@example.com", TurnInput.FromText("hello"), CancellationToken.None);

        var turns = Of("igabot.turns", "channel", "telemetry-test");
        Assert.That(turns.Select(t => (t.Value, t.Tags["outcome"])), Is.EquivalentTo(new (double, object?)[] { (1, "answered"), (1, "stranger") }));
        var durations = Of("igabot.turn.duration", "channel", "telemetry-test");
        Assert.That(durations, Has.Count.EqualTo(2));
        Assert.That(durations.Select(d => d.Value), Has.All.GreaterThanOrEqualTo(0).And.LessThan(30));
        Assert.That(Of("igabot.model.calls", "backend", "offline").Select(m => m.Tags["outcome"]), Has.Some.EqualTo("ok"));
        Assert.That(Of("igabot.model.call.duration", "backend", "offline"), Is.Not.Empty);
    }

    [Test]
    public async Task ConnectorCalls_AreCounted_AndFailuresCountAsErrorsByKind()
    {
        var fake = new FakeConnector("telemetry-scim");
        var connector = new InstrumentedConnector(fake);
        var target = new ProvisioningTarget("alice@example.com", "read", null, "readers");

        fake.Next = ConnectorResult.Done("group-1");
        await connector.GrantAsync(target, CancellationToken.None);
        fake.Next = ConnectorResult.Transient("503 from the target");
        await connector.RevokeAsync(target, CancellationToken.None);
        fake.Throw = new HttpRequestException("connection refused");
        Assert.ThrowsAsync<HttpRequestException>(() => connector.RevokeAsync(target, CancellationToken.None));

        var calls = Of("igabot.connector.calls", "connector", "telemetry-scim");
        Assert.That(calls.Select(c => ((string)c.Tags["operation"]!, (string)c.Tags["outcome"]!)),
            Is.EquivalentTo(new[] { ("grant", "done"), ("revoke", "transient"), ("revoke", "exception") }));
        var errors = Of("igabot.connector.errors", "connector", "telemetry-scim");
        Assert.That(errors.Select(e => (string)e.Tags["kind"]!), Is.EquivalentTo(new[] { "transient", "exception" }));
        Assert.That(errors.Select(e => e.Tags["type"]), Has.All.EqualTo("scim"));
        Assert.That(Of("igabot.connector.call.duration", "connector", "telemetry-scim"), Has.Count.EqualTo(3));
    }

    [Test]
    public void RevokeLateness_IsRecordedForGrantsThatRanOut_NotForEarlyReleases()
    {
        var end = new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);
        var grant = new Grant
        {
            Id = Guid.NewGuid(), Person = "alice@example.com", EntitlementId = "read", GrantedAt = end.AddDays(-1), ExpiresAt = end,
            Status = GrantStatus.Revoked, EndReason = "expired",
        };

        IgaTelemetry.RecordRevoked(grant with { EndedAt = end.AddSeconds(2.5) });
        IgaTelemetry.RecordRevoked(grant with { EndedAt = end.AddMilliseconds(-300) });
        IgaTelemetry.RecordRevoked(grant with { EndedAt = end.AddHours(-3), EndReason = "released" });

        var lateness = _measurements.Where(m => m.Instrument == "igabot.revoke.lateness").Select(m => m.Value).ToList();
        Assert.That(lateness, Is.EqualTo(new[] { 2.5, 0 }), "a moment early is on time; a release is no revoke of an ended grant");
    }

    [Test]
    public async Task ATurn_IsTraced_WhenSomeoneListensToTheActivitySource()
    {
        var started = new ConcurrentQueue<Activity>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == IgaTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = started.Enqueue,
        };
        ActivitySource.AddActivityListener(activities);
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient().ThenSay("What do you need?"));

        await harness.Conversation.HandleTurnAsync(harness.Key with { Channel = "trace-test" }, "jake", TurnInput.FromText("hello"), CancellationToken.None);

        var turn = started.Single(a => a.OperationName == "turn" && Equals(a.GetTagItem("igabot.channel"), "trace-test"));
        Assert.That(turn.GetTagItem("igabot.turn.outcome"), Is.EqualTo("answered"));
        Assert.That(started.Where(a => a.OperationName == "model call" && a.ParentSpanId == turn.SpanId), Is.Not.Empty, "model calls are children of the turn");
    }

    private sealed class FakeConnector(string name) : IConnector
    {
        public ConnectorResult Next { get; set; } = ConnectorResult.Done();
        public Exception? Throw { get; set; }
        public string Name => name;
        public string Type => ConnectorTypes.Scim;
        public bool CanListMembers => true;

        public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct) => Answer();
        public Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct) => Answer();
        public Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct) => Task.FromResult<IReadOnlyList<string>>([]);

        private Task<ConnectorResult> Answer() => Throw is { } e ? Task.FromException<ConnectorResult>(e) : Task.FromResult(Next);
    }
}
