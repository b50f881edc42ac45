using Dapper;
using IgaBot.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Storage;

/// <summary>
/// Reads the outbox's depth and the age of its oldest pending message every <see cref="Interval"/>, for the gauges
/// <c>igabot.outbox.depth</c>, <c>igabot.outbox.age</c> and <c>igabot.outbox.dead</c> (a gauge's callback must not
/// query a database, so it reports the last reading). Every instance reads the same shared table.
/// </summary>
public sealed partial class OutboxSampler(StorageDatabase database, TimeProvider time, ILogger<OutboxSampler> logger) : BackgroundService
{
    public static TimeSpan Interval { get; } = TimeSpan.FromSeconds(15);

    /// <summary>The last reading (null before the first): pending messages, the oldest one's age, dead messages.</summary>
    public static OutboxReading? Last => OutboxGauges.Last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        OutboxGauges.EnsureCreated();
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            do
            {
                try
                {
                    OutboxGauges.Last = await SampleAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Health reports a database that is away; the gauges keep their last reading.
                    LogSampleFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>Reads the outbox now.</summary>
    public async Task<OutboxReading> SampleAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT
                (SELECT COUNT(*) FROM outbox_messages WHERE status = 'Pending') AS pending,
                (SELECT MIN(created_at) FROM outbox_messages WHERE status = 'Pending') AS oldest,
                (SELECT COUNT(*) FROM outbox_messages WHERE status = 'Dead') AS dead
            """;
        DapperTypeHandlers.Register();
        await using var connection = await database.OpenAsync(ct);
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(sql, cancellationToken: ct));
        var now = time.GetUtcNow();
        var age = row.Oldest is { } oldest ? now - oldest : TimeSpan.Zero;
        return new OutboxReading(row.Pending, age < TimeSpan.Zero ? TimeSpan.Zero : age, row.Dead, now);
    }

    private sealed class Row
    {
        public long Pending { get; set; }
        public DateTimeOffset? Oldest { get; set; }
        public long Dead { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "The outbox could not be sampled for its gauges")]
    private static partial void LogSampleFailed(ILogger logger, Exception e);
}

/// <summary>One reading of the outbox.</summary>
public sealed record OutboxReading(long Pending, TimeSpan OldestAge, long Dead, DateTimeOffset At);

/// <summary>The outbox gauges, made once per process whatever the number of hosts in it.</summary>
internal static class OutboxGauges
{
    private static int _created;

    public static OutboxReading? Last { get; set; }

    public static void EnsureCreated()
    {
        if (Interlocked.Exchange(ref _created, 1) == 1) return;
        IgaTelemetry.CreateGauge("igabot.outbox.depth", () => Last?.Pending ?? 0, "{message}", "Outbox messages waiting to be done (connector calls).");
        IgaTelemetry.CreateGauge("igabot.outbox.age", () => Last?.OldestAge.TotalSeconds ?? 0, "s", "Age of the oldest outbox message waiting.");
        IgaTelemetry.CreateGauge("igabot.outbox.dead", () => Last?.Dead ?? 0, "{message}", "Outbox messages given up (a person must look).");
    }
}
