using IgaBot.Core.Approvals;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.Provisioning;

/// <summary>A claim's name and the outbox messages it holds; the notices written under it join it, so they are renewed (and handed back) with it.</summary>
internal sealed class OutboxClaim(string name, IEnumerable<Guid> ids)
{
    private readonly HashSet<Guid> _ids = [.. ids];

    public OutboxClaim() : this(Guid.NewGuid().ToString("N"), []) { }

    public string Name { get; } = name;

    public Guid[] Ids
    {
        get { lock (_ids) return [.. _ids]; }
    }

    public void Add(Guid id)
    {
        lock (_ids) _ids.Add(id);
    }
}

/// <summary>
/// Writes and delivers the notices of <see cref="NoticeOutbox"/>, the one way a lifecycle notice goes out: the change's
/// transaction writes them held by a claim of this instance (<see cref="EnqueueAsync"/>); right after the commit this
/// instance sends them and marks them done, renewing their lease meanwhile (<see cref="DeliverAfterCommitAsync"/>); when it
/// dies first, the provisioning worker of any instance takes them once the lease runs out (<see cref="DeliverAsync"/>).
/// </summary>
public sealed partial class NoticeDelivery(
    IIgaStore store,
    INotifier notifier,
    IOptions<ProvisioningOptions> options,
    TimeProvider clock,
    ILogger<NoticeDelivery> logger)
{
    private readonly ProvisioningOptions _options = options.Value;

    /// <summary>
    /// Inside the change's transaction: the notice, held by <paramref name="claim"/>. Returns the message when this claim
    /// holds it (to deliver after the commit), null when the same notice was written before (its writer delivers it).
    /// </summary>
    internal async Task<OutboxMessage?> EnqueueAsync(IStoreSession s, OutboxClaim claim, LifecycleNotice notice, string? occasion = null)
    {
        var message = await NoticeOutbox.EnqueueClaimedAsync(s.Outbox, notice, claim.Name, _options.Lease, occasion);
        if (message.ClaimedBy != claim.Name) return null;
        claim.Add(message.Id);
        return message;
    }

    /// <summary>Inside the change's transaction: one notice to each of <paramref name="notices"/>' people (see <see cref="EnqueueAsync"/>).</summary>
    internal async Task<IReadOnlyList<OutboxMessage>> EnqueueAllAsync(IStoreSession s, OutboxClaim claim, IEnumerable<LifecycleNotice> notices,
        string? occasion = null)
    {
        var held = new List<OutboxMessage>();
        foreach (var notice in notices)
        {
            if (await EnqueueAsync(s, claim, notice, occasion) is { } message) held.Add(message);
        }
        return held;
    }

    /// <summary>After the change's commit: sends the notices <paramref name="claim"/> holds, in order, renewing its lease meanwhile.</summary>
    internal Task DeliverAfterCommitAsync(OutboxClaim claim, IReadOnlyList<OutboxMessage> messages) =>
        messages.Count == 0 ? Task.CompletedTask : WhileHeldAsync(claim, async () =>
        {
            foreach (var message in messages) await DeliverAsync(message);
        });

    /// <summary>
    /// Delivers a notice this instance holds and marks it done. Once started it is finished and marked even when the
    /// instance is stopping, so a clean stop never leaves a notice sent but unmarked. A person no channel reaches is
    /// logged and the notice done (as for every notice); a channel that throws is retried with the outbox's backoff.
    /// </summary>
    internal async Task DeliverAsync(OutboxMessage message)
    {
        LifecycleNotice notice;
        bool reached;
        try
        {
            notice = NoticeOutbox.Read(message);
            reached = await notifier.NotifyAsync(notice, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogNoticeFailed(ex, message.Id, message.Attempts);
            await SafeAsync(() => FailAsync(message, ex.Message));
            return;
        }
        if (!reached) LogNoticeUnreachable(notice.Kind, notice.RecipientEmail, message.Id);
        // Should this fail, the lease brings the notice back as a redelivery, which a channel that can look first does not repeat.
        await SafeAsync(() => store.RunAsync(s => s.Outbox.CompleteAsync(message.Id), CancellationToken.None));
    }

    /// <summary>Runs <paramref name="work"/> while renewing the lease of what <paramref name="claim"/> holds (every third of the lease).</summary>
    internal async Task WhileHeldAsync(OutboxClaim claim, Func<Task> work)
    {
        using var working = new CancellationTokenSource();
        var renewal = RenewWhileWorkingAsync(claim, working.Token);
        try
        {
            await work();
        }
        finally
        {
            await working.CancelAsync();
            await renewal;
        }
    }

    private async Task RenewWhileWorkingAsync(OutboxClaim claim, CancellationToken stop)
    {
        var every = _options.Lease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, clock, stop);
                var ids = claim.Ids;
                var renewed = await store.RunAsync(s => s.Outbox.RenewAsync(ids, claim.Name, _options.Lease), stop);
                LogRenewed(renewed, ids.Length);
                if (renewed == 0) return; // all finished (or failed, or taken over): nothing left to hold
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Try again at the next beat: the lease is three beats long.
                LogRenewFailed(ex);
            }
        }
    }

    private async Task FailAsync(OutboxMessage message, string error)
    {
        var failed = await store.RunAsync(s => s.Outbox.FailAsync(message.Id, error, _options.RetryPolicy), CancellationToken.None);
        if (failed.Status == OutboxStatus.Dead) LogNoticeGivenUp(message.Id, $"{error} (gave up after {failed.Attempts} attempts)");
    }

    private async Task SafeAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMarkFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Outbox claim renewed for {Renewed} of its {Claimed} messages")]
    private partial void LogRenewed(int renewed, int claimed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing an outbox claim failed; trying again before the lease runs out")]
    private partial void LogRenewFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivering notice {MessageId} failed (attempt {Attempts}); it is retried")]
    private partial void LogNoticeFailed(Exception ex, Guid messageId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {MessageId} was given up: {Reason}")]
    private partial void LogNoticeGivenUp(Guid messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No channel reached {Person} with the {Kind} notice {MessageId}; it is not sent again")]
    private partial void LogNoticeUnreachable(LifecycleKind kind, string person, Guid messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking a notice failed; its lease brings it back as a redelivery")]
    private partial void LogMarkFailed(Exception ex);
}
