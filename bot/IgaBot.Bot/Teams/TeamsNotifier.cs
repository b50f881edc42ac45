using System.Net;
using System.Runtime.ExceptionServices;
using System.Security.Claims;
using System.Text.Json.Nodes;
using IgaBot.Bot.Teams.Cards;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Teams;

/// <summary>
/// Reaches people in Teams by proactive message: into the 1:1 chat the bot already has with them,
/// or by opening one when Teams has told the bot their user id and tenant. Someone the bot cannot
/// reach (never seen, or blocked the bot) gets false, so the workflow can escalate. Transient
/// failures of the Bot Connector (5xx, network) are thrown so the calling job retries.
/// </summary>
public sealed class TeamsNotifier : INotifier
{
    private readonly CloudAdapter _adapter;
    private readonly ITeamsReferenceStore _references;
    private readonly ISentCardStore _sentCards;
    private readonly ITenantAccessor _tenant;
    private readonly TimeProvider _time;
    private readonly ILogger<TeamsNotifier> _logger;
    private readonly string? _appId;

    internal TeamsNotifier(
        CloudAdapter adapter,
        ITeamsReferenceStore references,
        ISentCardStore sentCards,
        ITenantAccessor tenant,
        IOptions<TeamsOptions> options,
        TimeProvider time,
        ILogger<TeamsNotifier> logger)
    {
        _adapter = adapter;
        _references = references;
        _sentCards = sentCards;
        _tenant = tenant;
        _time = time;
        _logger = logger;
        _appId = string.IsNullOrWhiteSpace(options.Value.MicrosoftAppId) ? null : options.Value.MicrosoftAppId;
    }

    public async Task<bool> SendApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct)
    {
        var teamsIds = await _references.TeamsIdsOfAsync(view.Approvers, ct);
        var card = ApprovalCards.Render(view, approverEmail, _tenant.Current.Directory, teamsIds);
        var key = SentCard.ApprovalKey(view.RequestId, view.StageOrder);

        var earlier = (await _sentCards.FindAsync(key, ct))
            .FirstOrDefault(c => PersonKey.Same(c.RecipientEmail, approverEmail));
        if (earlier is not null && await TryUpdateAsync(earlier, card, ct)) return true;

        return await SendAsync(approverEmail, TeamsActivities.CardMessage(card, ApprovalSummary(view)), key, ct);
    }

    /// <summary>
    /// Updates the approver's card and posts a short text message under it in the same chat: a new
    /// message is what makes Teams notify. The text has no buttons, so the card stays the one place to
    /// decide. A card that never arrived (or can no longer be updated) is sent anew instead.
    /// </summary>
    public async Task<bool> RemindApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct)
    {
        var teamsIds = await _references.TeamsIdsOfAsync(view.Approvers, ct);
        var card = ApprovalCards.Render(view, approverEmail, _tenant.Current.Directory, teamsIds);
        var key = SentCard.ApprovalKey(view.RequestId, view.StageOrder);
        var earlier = (await _sentCards.FindAsync(key, ct))
            .FirstOrDefault(c => PersonKey.Same(c.RecipientEmail, approverEmail));
        if (earlier is null || !await TryUpdateAsync(earlier, card, ct))
            return await SendAsync(approverEmail, TeamsActivities.CardMessage(card, ApprovalSummary(view)), key, ct);

        var reminder = (Activity)TeamsActivities.PlainText(ReminderText(view, earlier.SentAt));
        try
        {
            await ContinueAsync(earlier.Conversation, (turn, token) => PostAsync(turn, reminder, token), ct);
            return true;
        }
        catch (ErrorResponseException e) when (IsUnreachable(e))
        {
            _logger.LogWarning("Could not remind {Email} in Teams: {Status}", approverEmail, (int?)e.Response?.StatusCode);
            return false;
        }
    }

    public async Task UpdateApprovalAsync(ApprovalView view, CancellationToken ct)
    {
        var copies = await _sentCards.FindAsync(SentCard.ApprovalKey(view.RequestId, view.StageOrder), ct);
        var teamsIds = view.Decision is null ? await _references.TeamsIdsOfAsync(view.Approvers, ct) : [];
        foreach (var copy in copies)
        {
            var card = ApprovalCards.Render(view, copy.RecipientEmail, _tenant.Current.Directory, teamsIds);
            await TryUpdateAsync(copy, card, ct);
        }
    }

    public Task<bool> NotifyAsync(LifecycleNotice notice, CancellationToken ct) =>
        SendAsync(notice.RecipientEmail, TeamsActivities.CardMessage(LifecycleCards.Render(notice), notice.Text), key: null, ct);

    public async Task<bool> SendManualTaskAsync(ManualTaskView task, CancellationToken ct)
    {
        var card = ManualTaskCards.Render(task);
        var key = SentCard.TaskKey(task.TaskId);
        var earlier = (await _sentCards.FindAsync(key, ct))
            .FirstOrDefault(c => PersonKey.Same(c.RecipientEmail, task.OwnerEmail));
        if (earlier is not null && await TryUpdateAsync(earlier, card, ct)) return true;
        return await SendAsync(task.OwnerEmail, TeamsActivities.CardMessage(card, task.Text), key, ct);
    }

    public async Task<bool> SendMoverReviewAsync(MoverReviewView review, CancellationToken ct)
    {
        var card = MoverReviewCards.Render(review);
        var key = SentCard.ReviewKey(review.ReviewId);
        var earlier = (await _sentCards.FindAsync(key, ct))
            .FirstOrDefault(c => PersonKey.Same(c.RecipientEmail, review.ReviewerEmail));
        if (earlier is not null && await TryUpdateAsync(earlier, card, ct)) return true;
        return await SendAsync(review.ReviewerEmail, TeamsActivities.CardMessage(card, $"Review {review.PersonName}'s access after their move"), key, ct);
    }

    public Task<bool> SendJoinerWelcomeAsync(JoinerWelcomeView welcome, CancellationToken ct) =>
        SendAsync(welcome.RecipientEmail, TeamsActivities.CardMessage(JoinerWelcomeCards.Render(welcome), welcome.Text), key: null, ct);

    private static string ApprovalSummary(ApprovalView view) => $"{view.RequesterName} asks for {view.EntitlementName} in {view.AppName}";

    /// <summary>Plain text (never markdown): it names the requester and the entitlement as they were written.</summary>
    private static string ReminderText(ApprovalView view, DateTimeOffset cardSentAt) =>
        $"🔔 Reminder: {view.RequesterName} is still waiting for your decision on {view.EntitlementName} in {view.AppName}" +
        $"{(PersonKey.Same(view.RequesterEmail, view.BeneficiaryEmail) ? "" : $" for {view.BeneficiaryName}")}. " +
        $"The request card from {cardSentAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC, above, is up to date: approve or deny it there.";

    private async Task<bool> SendAsync(string email, IMessageActivity activity, string? key, CancellationToken ct)
    {
        var message = (Activity)activity;
        try
        {
            if (await _references.FindPersonalAsync(email, ct) is { } chat)
            {
                string? activityId = null;
                await ContinueAsync(chat, async (turn, token) => activityId = await PostAsync(turn, message, token), ct);
                await RememberAsync(key, email, chat, activityId, ct);
                return true;
            }

            // Opening a chat needs the bot's own credentials (there is no app id in Development).
            if (_appId is not null && await _references.FindLatestForPersonAsync(email, ct) is { UserId: { } userId, TenantId: { } tenantId } seen)
                return await OpenChatAndSendAsync(_appId, email, seen, userId, tenantId, message, key, ct);

            _logger.LogWarning("Cannot reach {Email} in Teams: the bot has no chat with them and has never seen them in a team", email);
            return false;
        }
        catch (ErrorResponseException e) when (IsUnreachable(e))
        {
            _logger.LogWarning("Cannot reach {Email} in Teams: {Status} {ErrorCode}", email, (int?)e.Response?.StatusCode, e.Body?.Error?.Code);
            return false;
        }
    }

    private async Task<bool> OpenChatAndSendAsync(string appId, string email, TeamsReference seen, string userId, string tenantId, Activity message, string? key, CancellationToken ct)
    {
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount(seen.BotId, seen.BotName),
            Members = [new ChannelAccount(userId)],
            TenantId = tenantId,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(tenantId) },
        };
        TeamsReference? chat = null;
        string? activityId = null;
        Exception? failure = null;
        await _adapter.CreateConversationAsync(appId, seen.ChannelId, seen.ServiceUrl, audience: null, parameters,
            async (turn, token) =>
            {
                try
                {
                    chat = seen with
                    {
                        ConversationId = turn.Activity.Conversation.Id,
                        ConversationType = "personal",
                        SeenAt = _time.GetUtcNow(),
                    };
                    await _references.SaveAsync(chat, token);
                    activityId = await PostAsync(turn, message, token);
                }
                catch (Exception e) { failure = e; }
            }, ct);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
        if (chat is null) return false;
        await RememberAsync(key, email, chat, activityId, ct);
        return true;
    }

    private async Task<bool> TryUpdateAsync(SentCard sent, JsonObject card, CancellationToken ct)
    {
        var update = (Activity)TeamsActivities.CardMessage(card, null);
        update.Id = sent.ActivityId;
        try
        {
            await ContinueAsync(sent.Conversation, (turn, token) => turn.UpdateActivityAsync(update, token), ct);
            return true;
        }
        catch (ErrorResponseException e) when (IsUnreachable(e) || e.Response?.StatusCode == HttpStatusCode.NotFound)
        {
            _logger.LogWarning("Could not update card {CardKey} sent to {Email}: {Status}", sent.Key, sent.RecipientEmail, (int?)e.Response?.StatusCode);
            return false;
        }
    }

    /// <summary>
    /// Runs a proactive turn and lets its failure reach the caller: left alone, the adapter would
    /// hand it to OnTurnError and the caller would believe the card was delivered.
    /// </summary>
    private async Task ContinueAsync(TeamsReference chat, Func<ITurnContext, CancellationToken, Task> work, CancellationToken ct)
    {
        Exception? failure = null;
        await _adapter.ContinueConversationAsync(BotIdentity(), chat.ToBotReference(), audience: null,
            async (turn, token) =>
            {
                try { await work(turn, token); }
                catch (Exception e) { failure = e; }
            }, ct);
        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Posts a new message to the conversation (not a reply to the made-up id of a proactive turn); returns its id.</summary>
    private static async Task<string?> PostAsync(ITurnContext turn, Activity message, CancellationToken ct)
    {
        message.ApplyConversationReference(turn.Activity.GetConversationReference());
        message.ReplyToId = null;
        var response = await turn.TurnState.Get<IConnectorClient>().Conversations.SendToConversationAsync(message, ct);
        return response?.Id;
    }

    private async Task RememberAsync(string? key, string email, TeamsReference chat, string? activityId, CancellationToken ct)
    {
        if (key is null || string.IsNullOrEmpty(activityId)) return;
        await _sentCards.SaveAsync(new SentCard
        {
            Key = key,
            RecipientEmail = email,
            ActivityId = activityId,
            Conversation = chat,
            SentAt = _time.GetUtcNow(),
        }, ct);
    }

    /// <summary>
    /// The bot's own identity for proactive turns. Without an app id (Development only) the
    /// adapter sends unauthenticated, which the Bot Framework Emulator accepts.
    /// </summary>
    private ClaimsIdentity BotIdentity() => _appId is null
        ? new ClaimsIdentity()
        : new ClaimsIdentity(
        [
            new Claim(AuthenticationConstants.AudienceClaim, _appId),
            new Claim(AuthenticationConstants.AppIdClaim, _appId),
        ]);

    /// <summary>Blocked the bot (403 MessageWritesBlocked), removed from the tenant, or the chat is gone.</summary>
    private static bool IsUnreachable(ErrorResponseException e) =>
        e.Response?.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized;
}
