using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using IgaBot.Core.Grants;
using IgaBot.Core.Telemetry;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>The revoke lateness and connector instruments, recorded by the real revoke path (sweeper, outbox, connector).</summary>
[NonParallelizable]
public sealed class RevokeTelemetryTests
{
    [Test]
    public async Task AGrantRevokedBySweeperThirtySecondsLate_RecordsThirtySecondsOfLateness_AndTheConnectorCall()
    {
        await using var h = await LifecycleHarness.CreateAsync();
        var grant = await h.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        h.Triggers.Lose(grant.Id);
        var lateness = new ConcurrentQueue<double>();
        var connectorCalls = new ConcurrentQueue<(string Operation, string Outcome)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == IgaTelemetry.Name) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "igabot.revoke.lateness") lateness.Enqueue(value);
        });
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            if (instrument.Name != "igabot.connector.calls") return;
            string? operation = null, outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "operation") operation = tag.Value as string;
                if (tag.Key == "outcome") outcome = tag.Value as string;
            }
            connectorCalls.Enqueue((operation ?? "", outcome ?? ""));
        });
        listener.Start();

        h.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(30));
        await h.Revoker.RevokeOverdueAsync(default);
        await h.Provisioner.RunDueAsync(default);

        Assert.That((await h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(lateness, Is.EqualTo(new[] { 30.0 }));
        Assert.That(connectorCalls, Does.Contain(("revoke", "done")));
    }
}
