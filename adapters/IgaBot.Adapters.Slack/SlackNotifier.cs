using IgaBot.Core.Approvals;
using IgaBot.Core.People;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Delivers approvals, lifecycle notices and manual tasks as Slack direct messages, remembers where
/// each updatable message went, and updates every copy in place after a decision. A person who
/// cannot be reached gives false, never an exception, so the workflow can escalate.
/// </summary>
public sealed partial class SlackNotifier(
    SlackPeople people,
    SlackApiClient api,
    ISlackSentMessages sent,
    SlackHome home,
    TimeProvider time,
    ILogger<SlackNotifier> logger) : INotifier
{
    public static string ApprovalSubject(Guid requestId, int stage) => $"approval:{requestId:N}:{stage}";

    public static string TaskSubject(Guid taskId) => $"task:{taskId:N}";

    public static string ReviewSubject(Guid reviewId) => $"review:{reviewId:N}";

    public async Task<bool> SendApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct)
    {
        var delivered = await SendOrUpdateAsync(ApprovalSubject(view.RequestId, view.StageOrder), approverEmail,
            SlackMessages.Approval(view, approverEmail), ct);
        if (delivered) await home.PublishForEmailAsync(approverEmail, ct);
        return delivered;
    }

    /// <summary>
    /// Updates the approver's approval message and posts a new DM pointing at it: an update alone notifies
    /// nobody. The reminder has no buttons, so the approval message stays the only one to decide on; one
    /// that never reached the approver is sent now instead.
    /// </summary>
    public async Task<bool> RemindApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct)
    {
        var subject = ApprovalSubject(view.RequestId, view.StageOrder);
        var existing = (await sent.FindAsync(subject, ct))
            .FirstOrDefault(m => PersonKey.Same(m.RecipientEmail, approverEmail));
        if (existing is null) return await SendApprovalAsync(approverEmail, view, ct);
        try
        {
            await api.UpdateMessageAsync(existing.Channel, existing.Ts, SlackMessages.Approval(view, approverEmail), ct);
            var link = await PermalinkAsync(existing, ct);
            await api.PostMessageAsync(existing.Channel, SlackMessages.ApprovalReminder(view, link), null, ct);
        }
        catch (Exception e) when (IsDeliveryFailure(e, ct))
        {
            LogNotDelivered(logger, e, subject + " reminder", approverEmail);
            return false;
        }
        await home.PublishForEmailAsync(approverEmail, ct);
        return true;
    }

    public async Task UpdateApprovalAsync(ApprovalView view, CancellationToken ct)
    {
        foreach (var message in await sent.FindAsync(ApprovalSubject(view.RequestId, view.StageOrder), ct))
        {
            try
            {
                await api.UpdateMessageAsync(message.Channel, message.Ts, SlackMessages.Approval(view, message.RecipientEmail), ct);
            }
            catch (Exception e) when (IsDeliveryFailure(e, ct))
            {
                LogNotUpdated(logger, e, message.Subject, message.RecipientEmail);
            }
            await home.PublishForEmailAsync(message.RecipientEmail, ct);
        }
    }

    /// <summary>The metadata event type of the notices delivered from the outbox.</summary>
    public const string NoticeEventType = "igabot_notice";

    /// <summary>How many of a direct message's latest messages a redelivered notice is looked for among.</summary>
    private const int RedeliveryWindow = 100;

    /// <summary>
    /// Posts the notice as a direct message. A notice from the outbox (<see cref="LifecycleNotice.DeliveryKey"/>) carries
    /// its key as message metadata; when it is a redelivery the direct message is searched for that key first, and a
    /// notice already there is not posted again. Such a notice's transient failures are thrown, for the outbox to retry.
    /// </summary>
    public async Task<bool> NotifyAsync(LifecycleNotice notice, CancellationToken ct)
    {
        var metadata = notice.DeliveryKey is { } key ? new SlackMessageMetadata(NoticeEventType, key) : null;
        try
        {
            var channel = await OpenDirectMessageAsync(notice.RecipientEmail, ct);
            if (channel is null) return false;
            if (metadata is not null && notice.Redelivery && await AlreadyPostedAsync(channel, metadata, ct))
            {
                LogAlreadyDelivered(logger, metadata.Key, notice.RecipientEmail);
                return true;
            }
            await api.PostMessageAsync(channel, SlackMessages.Lifecycle(notice) with { Metadata = metadata }, null, ct);
        }
        catch (Exception e) when (IsDeliveryFailure(e, ct) && !(metadata is not null && IsTransient(e)))
        {
            LogNotDelivered(logger, e, notice.Kind.ToString(), notice.RecipientEmail);
            return false;
        }
        await home.PublishForEmailAsync(notice.RecipientEmail, ct);
        return true;
    }

    /// <summary>Whether the message is in the direct message already; when Slack cannot say (no <c>im:history</c>), it is sent again.</summary>
    private async Task<bool> AlreadyPostedAsync(string channel, SlackMessageMetadata metadata, CancellationToken ct)
    {
        try
        {
            return await api.FindMessageAsync(channel, metadata, RedeliveryWindow, ct) is not null;
        }
        catch (SlackApiException e) when (!IsTransient(e))
        {
            LogCannotLook(logger, e, metadata.Key);
            return false;
        }
    }

    /// <summary>A failure that may pass: the network, a timeout, Slack's 5xx or rate limit after the client's own retries.</summary>
    private static bool IsTransient(Exception e) =>
        e is HttpRequestException or OperationCanceledException
        || e is SlackApiException { Error: var error } && (error.StartsWith("http_5", StringComparison.Ordinal) || error is "http_429" or "ratelimited" or "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout");

    public Task<bool> SendManualTaskAsync(ManualTaskView task, CancellationToken ct) =>
        SendOrUpdateAsync(TaskSubject(task.TaskId), task.OwnerEmail, SlackMessages.ManualTask(task), ct);

    public Task<bool> SendMoverReviewAsync(MoverReviewView review, CancellationToken ct) =>
        SendOrUpdateAsync(ReviewSubject(review.ReviewId), review.ReviewerEmail, SlackMessages.MoverReview(review), ct);

    public async Task<bool> SendJoinerWelcomeAsync(JoinerWelcomeView welcome, CancellationToken ct)
    {
        try
        {
            var channel = await OpenDirectMessageAsync(welcome.RecipientEmail, ct);
            if (channel is null) return false;
            await api.PostMessageAsync(channel, SlackMessages.Welcome(welcome), null, ct);
            return true;
        }
        catch (Exception e) when (IsDeliveryFailure(e, ct))
        {
            LogNotDelivered(logger, e, "welcome", welcome.RecipientEmail);
            return false;
        }
    }

    private async Task<bool> SendOrUpdateAsync(string subject, string recipientEmail, SlackMessage message, CancellationToken ct)
    {
        try
        {
            var existing = (await sent.FindAsync(subject, ct))
                .FirstOrDefault(m => PersonKey.Same(m.RecipientEmail, recipientEmail));
            if (existing is not null)
            {
                await api.UpdateMessageAsync(existing.Channel, existing.Ts, message, ct);
                return true;
            }
            var channel = await OpenDirectMessageAsync(recipientEmail, ct);
            if (channel is null) return false;
            var posted = await api.PostMessageAsync(channel, message, null, ct);
            await sent.AddAsync(new SlackSentMessage(subject, recipientEmail, posted.Channel, posted.Ts, time.GetUtcNow()), ct);
            return true;
        }
        catch (Exception e) when (IsDeliveryFailure(e, ct))
        {
            LogNotDelivered(logger, e, subject, recipientEmail);
            return false;
        }
    }

    /// <summary>The message's link, or null: a reminder without a link still reaches the approver.</summary>
    private async Task<Uri?> PermalinkAsync(SlackSentMessage message, CancellationToken ct)
    {
        try
        {
            return await api.GetPermalinkAsync(message.Channel, message.Ts, ct);
        }
        catch (Exception e) when (IsDeliveryFailure(e, ct))
        {
            LogNoPermalink(logger, e, message.Subject);
            return null;
        }
    }

    private async Task<string?> OpenDirectMessageAsync(string email, CancellationToken ct)
    {
        var userId = await people.FindSlackUserIdAsync(email, ct);
        if (userId is null)
        {
            LogNotInSlack(logger, email);
            return null;
        }
        return await api.OpenDirectMessageAsync(userId, ct);
    }

    private static bool IsDeliveryFailure(Exception e, CancellationToken ct) =>
        e is SlackApiException or HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack message {Subject} for {Recipient} was not delivered")]
    private static partial void LogNotDelivered(ILogger logger, Exception e, string subject, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack message {Subject} for {Recipient} was not updated")]
    private static partial void LogNotUpdated(ILogger logger, Exception e, string subject, string recipient);

    [LoggerMessage(Level = LogLevel.Information, Message = "No link to Slack message {Subject}; the reminder goes without one")]
    private static partial void LogNoPermalink(ILogger logger, Exception e, string subject);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notice {Key} for {Recipient} is in Slack already; not posted again")]
    private static partial void LogAlreadyDelivered(ILogger logger, string key, string recipient);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot look for notice {Key} in Slack (does the app have im:history?); posting it again")]
    private static partial void LogCannotLook(ILogger logger, Exception e, string key);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Email} has no Slack account that IgaBot can find")]
    private static partial void LogNotInSlack(ILogger logger, string email);
}
