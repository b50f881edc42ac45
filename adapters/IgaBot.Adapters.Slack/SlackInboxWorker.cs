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
/// order; different people's in parallel, and a person whose turn is slow holds up nobody else:
/// a free slot takes the next person's item at once. Items are claimed first (see <see cref="ISlackInbox.ClaimAsync"/>),
/// so instances sharing the database never work on the same item; claims are renewed while the work
/// goes on and given back on stopping. A failing item is retried with back-off, then given up and the
/// person is told.
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
    private DateTimeOffset _lastRenewal = DateTimeOffset.MinValue;

    /// <summary>Who this worker is in the inbox's claims: one per process start.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.InboxClaimLeaseSeconds);

    // Wakes often enough to renew the claims in time.
    private TimeSpan Poll => Lease / 3 < IdlePoll ? Lease / 3 : IdlePoll;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Whose items are being worked on: their later items wait, so one person's come in order.
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        Task? wake = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var finished in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList()) running.Remove(finished);
                    await RenewIfDueAsync(running.Count, stoppingToken);
                    await StartDueAsync(running, stoppingToken);
                    wake ??= signal.WaitAsync(Poll, stoppingToken);
                    // Something new arrived, the poll interval passed, or a slot came free.
                    await Task.WhenAny(running.Values.Append(wake));
                    if (wake.IsCompleted)
                    {
                        var woken = wake;
                        wake = null;
                        await woken;
                    }
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
        finally
        {
            // Stopping cancelled the turns in progress; their items stay pending, free for the next start or another instance.
            await Task.WhenAll(running.Values);
            try { await inbox.ReleaseClaimsAsync(WorkerId, CancellationToken.None); }
            catch (Exception e) { LogClaimsNotReleased(logger, e); }
        }
    }

    private async Task RenewIfDueAsync(int running, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (running == 0 || now - _lastRenewal < Lease / 3) return;
        await inbox.RenewClaimsAsync(WorkerId, now + Lease, ct);
        _lastRenewal = now;
    }

    /// <summary>Handles the items due now and waits until they are done; returns how many were taken.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        var taken = await StartDueAsync(running, ct);
        await Task.WhenAll(running.Values);
        await inbox.ReleaseClaimsAsync(WorkerId, CancellationToken.None);
        return taken;
    }

    /// <summary>Starts the due items of people not already being worked on, as far as there are free slots.</summary>
    private async Task<int> StartDueAsync(Dictionary<string, Task> running, CancellationToken ct)
    {
        if (running.Count >= options.Value.InboxConcurrency) return 0;
        var now = time.GetUtcNow();
        if (now - _lastPurge > TimeSpan.FromHours(1))
        {
            await inbox.PurgeFinishedAsync(now - KeepFinished, ct);
            _lastPurge = now;
        }
        // At most one item per free slot: what is claimed is started at once, not held back from other instances.
        var due = await inbox.ClaimAsync(WorkerId, Lease, now, options.Value.InboxConcurrency - running.Count, ct);
        var taken = 0;
        foreach (var person in due.GroupBy(i => i.UserId ?? ""))
        {
            // Everything claimed is started (a claimed item left aside would be renewed and never done); a person
            // still being worked on here (their claim ran out meanwhile) gets the new items after the current ones.
            List<SlackInboxItem> items = [.. person];
            running[person.Key] = HandleInOrderAsync(running.GetValueOrDefault(person.Key), items, ct);
            taken += items.Count;
        }
        return taken;
    }

    private async Task HandleInOrderAsync(Task? before, List<SlackInboxItem> items, CancellationToken ct)
    {
        await Task.Yield(); // the caller goes on starting other people's items
        if (before is not null) await before; // never throws: see below
        try
        {
            foreach (var item in items) await HandleAsync(item, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // stopping: what is left stays pending for the next start
        }
        catch (Exception e)
        {
            // Recording the outcome failed (database away): the items are still pending and come again.
            LogOutcomeNotRecorded(logger, e);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Slack inbox claims of a stopping worker could not be given back; other instances take the items when the claims run out")]
    private static partial void LogClaimsNotReleased(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "The outcome of a Slack inbox item could not be recorded; it stays pending")]
    private static partial void LogOutcomeNotRecorded(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack inbox item {ItemId} ({Kind}) failed on attempt {Attempt}; given up: {GivenUp}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception e, Guid itemId, SlackInboxKind kind, int attempt, bool givenUp);
}
