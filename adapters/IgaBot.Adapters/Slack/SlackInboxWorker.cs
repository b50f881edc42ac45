using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Slack;

/// <summary>Wakes the inbox worker when something was added.</summary>
public sealed class SlackInboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); }
        catch (SemaphoreFullException) { /* already signalled */ }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// Works off the inbox: on start-up everything still pending (what a stopped process had
/// acknowledged but not finished), then whatever arrives. One person's items are handled in
/// order; different people's in parallel. A failing item is retried with back-off, then given up
/// and the person is told.
/// </summary>
public sealed partial class SlackInboxWorker(
    ISlackInbox inbox,
    SlackInboxSignal signal,
    SlackInboxProcessor processor,
    TimeProvider time,
    IOptions<SlackOptions> options,
    ILogger<SlackInboxWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan KeepFinished = TimeSpan.FromDays(2);
    private DateTimeOffset _lastPurge = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var handled = await RunOnceAsync(stoppingToken);
                if (handled == 0) await signal.WaitAsync(IdlePoll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The inbox itself failed (database away): wait and try again rather than stop the channel.
                LogInboxFailure(logger, e);
                try { await Task.Delay(IdlePoll, time, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
    }

    /// <summary>Handles the items due now; returns how many were taken.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (now - _lastPurge > TimeSpan.FromHours(1))
        {
            await inbox.PurgeFinishedAsync(now - KeepFinished, ct);
            _lastPurge = now;
        }
        var due = await inbox.PendingAsync(now, 100, ct);
        if (due.Count == 0) return 0;
        var byPerson = due.GroupBy(i => i.UserId ?? "").ToList();
        await Parallel.ForEachAsync(byPerson,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.InboxConcurrency, CancellationToken = ct },
            async (items, token) =>
            {
                foreach (var item in items) await HandleAsync(item, token);
            });
        return due.Count;
    }

    private async Task HandleAsync(SlackInboxItem item, CancellationToken ct)
    {
        try
        {
            await processor.ProcessAsync(item, ct);
            await inbox.MarkDoneAsync(item.Id, time.GetUtcNow(), CancellationToken.None);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // stopping: the item stays pending for the next start
        }
        catch (Exception e)
        {
            var attempt = item.Attempts + 1;
            var giveUp = attempt >= options.Value.InboxMaxAttempts;
            var now = time.GetUtcNow();
            DateTimeOffset? retryAt = giveUp ? null : now + TimeSpan.FromSeconds(Math.Pow(4, attempt));
            LogAttemptFailed(logger, e, item.Id, item.Kind, attempt, giveUp);
            await inbox.MarkAttemptFailedAsync(item.Id, $"{e.GetType().Name}: {e.Message}", now, retryAt, CancellationToken.None);
            if (giveUp) await processor.TellFailureAsync(item, CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The Slack inbox could not be read")]
    private static partial void LogInboxFailure(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack inbox item {ItemId} ({Kind}) failed on attempt {Attempt}; given up: {GivenUp}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception e, Guid itemId, SlackInboxKind kind, int attempt, bool givenUp);
}
