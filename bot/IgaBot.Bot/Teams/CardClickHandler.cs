using System.Net;
using System.Text.Json.Nodes;
using IgaBot.Bot.Teams.Cards;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Budgets;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using Microsoft.Extensions.Logging;

namespace IgaBot.Bot.Teams;

/// <summary>What a click produced: a card to put in place of the clicked one, a short message, or a refusal of malformed data.</summary>
internal sealed record CardClickResult(JsonObject? Card, string? Message, HttpStatusCode? Error = null)
{
    /// <summary>
    /// A new message to post below the clicked card, which stays as it is (a welcome's suggestion opens a conversation
    /// turn; the other suggestions must stay clickable): <see cref="FollowCard"/> when the reply needs a card, else text.
    /// </summary>
    public string? FollowText { get; init; }
    public JsonObject? FollowCard { get; init; }

    public static CardClickResult Replace(JsonObject card) => new(card, null);
    public static CardClickResult Say(string message) => new(null, message);
    public static CardClickResult Refuse(string message) => new(null, message, HttpStatusCode.BadRequest);
}

/// <summary>
/// Turns a card click into a call on the services, for the person the activity authenticated
/// (never a person named in card data), and renders the answer as the card that replaces the clicked one.
/// </summary>
internal sealed class CardClickHandler(
    IConversationService conversation,
    IApprovalService approvals,
    IGrantService grants,
    ITenantAccessor tenant,
    ITeamsReferenceStore references,
    ILogger<CardClickHandler> logger,
    MoverReviews? reviews = null)
{
    public async Task<CardClickResult> HandleAsync(CardClick action, Person actor, ConversationKey key, CancellationToken ct)
    {
        try
        {
            return action.Verb switch
            {
                CardVerbs.Answer => await AnswerAsync(action, actor, key, ct),
                CardVerbs.Approve => await DecideAsync(action, actor, ApprovalAction.Approve, ct),
                CardVerbs.Deny => await DecideAsync(action, actor, ApprovalAction.Deny, ct),
                CardVerbs.ApproveShorter => await DecideAsync(action, actor, ApprovalAction.ApproveShorter, ct),
                CardVerbs.RefreshApproval => await RefreshApprovalAsync(action, actor, ct),
                CardVerbs.TaskDone => await CompleteTaskAsync(action, actor, done: true, ct),
                CardVerbs.TaskCannot => await CompleteTaskAsync(action, actor, done: false, ct),
                CardVerbs.Release => await ReleaseAsync(action, actor, ct),
                CardVerbs.Extend => await ExtendAsync(action, actor, ct),
                CardVerbs.ReviewKeep => await ReviewAsync(action, actor, keep: true, ct),
                CardVerbs.ReviewRevoke => await ReviewAsync(action, actor, keep: false, ct),
                CardVerbs.WelcomeRequest => await RequestSuggestedAsync(action, actor, key, ct),
                _ => CardClickResult.Refuse($"This button ('{action.Verb}') is not one IgaBot knows."),
            };
        }
        catch (Exception e) when (e is ForbiddenException or ConflictException or InvalidInputException or SlowDownException)
        {
            // The services refuse with a sentence meant for the person (a slow-down included): show it, change nothing.
            logger.LogInformation("Card action {Verb} by {Actor} refused: {Reason}", action.Verb, actor.Email, e.Message);
            return CardClickResult.Say(e.Message);
        }
    }

    private async Task<CardClickResult> AnswerAsync(CardClick action, Person actor, ConversationKey key, CancellationToken ct)
    {
        if (!ConversationCards.TryParseSlot(action.GetString("slot"), out var slot) || action.GetString("value") is not { } value)
            return CardClickResult.Refuse("This answer button is missing its question or its value.");
        var reply = await conversation.HandleTurnAsync(key, actor.Email, TurnInput.FromChoice(slot, value), ct);
        return CardClickResult.Replace(ConversationCards.Reply(reply, tenant.Current.Directory));
    }

    private async Task<CardClickResult> DecideAsync(CardClick action, Person actor, ApprovalAction kind, CancellationToken ct)
    {
        if (action.GetGuid("requestId") is not { } requestId || action.GetInt("stage") is not { } stage)
            return CardClickResult.Refuse("This approval card does not say which request it is about.");

        var reason = action.GetString("reason");
        TimeSpan? shorter = null;
        if (kind == ApprovalAction.Deny && reason is null)
            return await ShowCurrentAsync(requestId, stage, actor, "Please give a reason: the requester will see it.", ct);
        if (kind == ApprovalAction.ApproveShorter)
        {
            if (!Durations.TryParseIso(action.GetString("duration"), out var duration) || duration <= TimeSpan.Zero)
                return await ShowCurrentAsync(requestId, stage, actor, "Please pick how long to approve it for.", ct);
            shorter = duration;
        }

        var result = await approvals.DecideAsync(new ApprovalCommand(requestId, stage, actor.Email, kind, reason, shorter), ct);
        logger.LogInformation("Approval {Action} on {RequestId} stage {Stage} by {Actor}: accepted {Accepted}",
            kind, requestId, stage, actor.Email, result.Accepted);
        return await RenderApprovalAsync(result.View, actor, result.Accepted ? null : result.Message, ct);
    }

    private async Task<CardClickResult> RefreshApprovalAsync(CardClick action, Person actor, CancellationToken ct)
    {
        if (action.GetGuid("requestId") is not { } requestId || action.GetInt("stage") is not { } stage)
            return CardClickResult.Refuse("This approval card does not say which request it is about.");
        return await ShowCurrentAsync(requestId, stage, actor, notice: null, ct);
    }

    private async Task<CardClickResult> ShowCurrentAsync(Guid requestId, int stage, Person actor, string? notice, CancellationToken ct)
    {
        ApprovalView? view;
        try
        {
            view = await approvals.GetViewForAsync(requestId, stage, actor.Email, ct);
        }
        catch (ForbiddenException)
        {
            return NotYours(requestId, actor);
        }
        return view is null
            ? CardClickResult.Replace(LifecycleCards.Answered("Access request", "This request no longer exists."))
            : await RenderApprovalAsync(view, actor, notice, ct);
    }

    private async Task<CardClickResult> RenderApprovalAsync(ApprovalView view, Person actor, string? notice, CancellationToken ct)
    {
        // A refused decision comes back with the request's view: only its requester, beneficiary and approvers see that.
        if (!view.MaySee(actor.Email)) return NotYours(view.RequestId, actor);
        var teamsIds = view.Decision is null ? await references.TeamsIdsOfAsync(view.Approvers, ct) : [];
        return CardClickResult.Replace(ApprovalCards.Render(view, actor.Email, tenant.Current.Directory, teamsIds, notice));
    }

    private CardClickResult NotYours(Guid requestId, Person actor)
    {
        logger.LogWarning("{Actor} asked for the approval card of request {RequestId}, which is not theirs to see", actor.Email, requestId);
        return CardClickResult.Replace(LifecycleCards.Answered("Access request", ApprovalViews.NotYours));
    }

    private async Task<CardClickResult> CompleteTaskAsync(CardClick action, Person actor, bool done, CancellationToken ct)
    {
        if (action.GetGuid("taskId") is not { } taskId)
            return CardClickResult.Refuse("This task card does not say which task it is about.");
        var reason = action.GetString("reason");
        if (!done && reason is null) return CardClickResult.Say("Please say what stops you: the requester will see it.");
        var task = await approvals.CompleteManualTaskAsync(taskId, actor.Email, done, reason, ct);
        logger.LogInformation("Manual task {TaskId} answered by {Actor}: done {Done}", taskId, actor.Email, done);
        return CardClickResult.Replace(ManualTaskCards.Render(task));
    }

    private async Task<CardClickResult> ReviewAsync(CardClick action, Person actor, bool keep, CancellationToken ct)
    {
        if (action.GetGuid("reviewId") is not { } reviewId || action.GetGuid("grantId") is not { } grantId)
            return CardClickResult.Refuse("This review card does not say which access it is about.");
        if (reviews is null) return CardClickResult.Say("Access reviews are not set up on this bot.");
        var result = await reviews.DecideAsync(new MoverReviewCommand(reviewId, grantId, actor.Email, keep), ct);
        logger.LogInformation("Review {ReviewId} grant {GrantId} answered by {Actor} (keep {Keep}): accepted {Accepted}",
            reviewId, grantId, actor.Email, keep, result.Accepted);
        return CardClickResult.Replace(MoverReviewCards.Render(result.View, result.Accepted ? null : result.Message));
    }

    /// <summary>A welcome's suggestion: the joiner asks for it in words, through the conversation and policy like any request.</summary>
    private async Task<CardClickResult> RequestSuggestedAsync(CardClick action, Person actor, ConversationKey key, CancellationToken ct)
    {
        if (action.GetString("entitlementId") is not { } id || tenant.Current.Catalog.FindEntitlement(id) is not { } entitlement)
            return CardClickResult.Say("That access is no longer in the catalog; tell me what you need instead.");
        var reply = await conversation.HandleTurnAsync(key, actor.Email, TurnInput.FromText(JoinerWelcome.RequestTextFor(entitlement)), ct);
        return CardClickResult.Say($"Asking for {entitlement.Name}.") with
        {
            FollowText = reply.Text,
            FollowCard = ConversationCards.NeedsCard(reply) ? ConversationCards.Reply(reply, tenant.Current.Directory) : null,
        };
    }

    private async Task<CardClickResult> ReleaseAsync(CardClick action, Person actor, CancellationToken ct)
    {
        if (action.GetGuid("grantId") is not { } grantId)
            return CardClickResult.Refuse("This card does not say which access it is about.");
        var sentence = (await grants.ReleaseAsync(grantId, actor.Email, ct)).Message;
        return CardClickResult.Replace(LifecycleCards.Answered(action.GetString("title"), sentence));
    }

    private async Task<CardClickResult> ExtendAsync(CardClick action, Person actor, CancellationToken ct)
    {
        if (action.GetGuid("grantId") is not { } grantId)
            return CardClickResult.Refuse("This card does not say which access it is about.");
        if (!Durations.TryParseIso(action.GetString("extension"), out var extension) || extension <= TimeSpan.Zero)
            return CardClickResult.Say("Please pick how much longer you need it.");
        var sentence = (await grants.RequestExtensionAsync(grantId, actor.Email, extension, ct)).Message;
        return CardClickResult.Replace(LifecycleCards.Answered(action.GetString("title"), sentence));
    }
}
