using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Budgets;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Does the work of one inbox item: a conversation turn (slash command, DM, mention, a clicked
/// option, the request form), an approval or manual-task decision, a grant release or extension, or
/// publishing the Home tab. The actor is always the Slack user of the signed payload, resolved to a
/// directory person; people the directory does not know are told so and nothing else happens.
/// </summary>
public sealed partial class SlackInboxProcessor(
    SlackPeople people,
    SlackApiClient api,
    SlackHome home,
    SlackNotifier notifier,
    IConversationService conversations,
    IApprovalService approvals,
    IGrantService grants,
    ITenantAccessor tenant,
    ILogger<SlackInboxProcessor> logger,
    MoverReviews? reviews = null)
{
    public const string Channel = "slack";
    public const string ListText = "what do I have?";

    public async Task ProcessAsync(SlackInboxItem item, CancellationToken ct)
    {
        using var document = JsonDocument.Parse(item.Payload);
        var root = document.RootElement;
        switch (item.Kind)
        {
            case SlackInboxKind.Command:
                await CommandAsync(root, ct);
                break;
            case SlackInboxKind.Event:
                await EventAsync(root, ct);
                break;
            case SlackInboxKind.Interaction:
                await InteractionAsync(root, ct);
                break;
        }
    }

    /// <summary>Tells the person that what they asked could not be done (after the last attempt).</summary>
    public async Task TellFailureAsync(SlackInboxItem item, CancellationToken ct)
    {
        if (item.UserId is null) return;
        try
        {
            await SayAsync(item.UserId, null, "Sorry, something went wrong on my side and I could not finish what you asked. Please try again in a moment.", ct);
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException)
        {
            LogNotTold(logger, e, item.UserId);
        }
    }

    private async Task CommandAsync(JsonElement fields, CancellationToken ct)
    {
        var user = fields.Str("user_id")!;
        var text = (fields.Str("text") ?? "").Trim();
        var input = text.Equals("list", StringComparison.OrdinalIgnoreCase) ? TurnInput.FromText(ListText) : TurnInput.FromText(text);
        await TurnAsync(user, null, input, ct);
    }

    private async Task EventAsync(JsonElement body, CancellationToken ct)
    {
        var e = body.Obj("event");
        var user = e.Str("user")!;
        switch (e.Str("type"))
        {
            case "message":
                await TurnAsync(user, e.Str("channel"), TurnInput.FromText(e.Str("text")!.Trim()), ct);
                break;
            case "app_mention":
            {
                var text = Mention().Replace(e.Str("text") ?? "", "").Trim();
                var channel = e.Str("channel");
                if (channel is not null)
                {
                    // The conversation continues privately: access requests are nobody else's business.
                    await api.PostMessageAsync(channel, SlackMessages.Text("I've answered you in a direct message."),
                        e.Str("thread_ts") ?? e.Str("ts"), ct);
                }
                if (text.Length == 0 || text.Equals("help", StringComparison.OrdinalIgnoreCase))
                    await SayMrkdwnAsync(user, SlackIngress.HelpText, ct);
                else
                    await TurnAsync(user, null, TurnInput.FromText(text), ct);
                break;
            }
            case "app_home_opened":
                await home.PublishAsync(user, null, ct);
                break;
        }
    }

    private async Task InteractionAsync(JsonElement payload, CancellationToken ct)
    {
        var user = payload.Obj("user").Str("id")!;
        var person = await people.FindPersonAsync(user, ct);
        if (person is null)
        {
            await SayAsync(user, null, SlackViews.UnknownPersonText, ct);
            return;
        }
        try
        {
            if (payload.Str("type") == "view_submission")
                await SubmissionAsync(user, person, payload.Obj("view"), ct);
            else
                await ActionAsync(user, person, payload, ct);
        }
        catch (SlowDownException e)
        {
            // Over the person's click budget: say so, and spend nothing more on them (no Home refresh).
            await SayAsync(user, null, e.Message, ct);
        }
        catch (Exception e) when (e is ForbiddenException or ConflictException or InvalidInputException)
        {
            // A refusal is an answer, not a failure: say why and do not retry.
            await SayAsync(user, null, e.Message, ct);
            await home.PublishAsync(user, person, ct);
        }
    }

    private async Task ActionAsync(string user, Person person, JsonElement payload, CancellationToken ct)
    {
        var action = SlackIngress.FirstAction(payload);
        var actionId = action.Str("action_id") ?? "";
        var value = action.Str("value") ?? action.Obj("selected_option").Str("value");

        if (actionId.StartsWith(SlackActions.QuestionOptionPrefix, StringComparison.Ordinal) || actionId == SlackActions.QuestionSelect)
        {
            if (!SlackActions.TryParseChoice(value, out var slot, out var choice))
            {
                await SayAsync(user, null, "That option is no longer valid. Type your answer instead.", ct);
                return;
            }
            var channel = payload.Obj("container").Str("channel_id") ?? payload.Obj("channel").Str("id");
            await MarkAnsweredAsync(payload, action, ct);
            await TurnAsync(user, channel, TurnInput.FromChoice(slot, choice), ct, person);
            return;
        }

        switch (actionId)
        {
            case SlackActions.Approve:
            case SlackActions.ApproveShorter:
            {
                if (!SlackActions.TryParseStage(value, out var requestId, out var stage, out var shorter)
                    || (actionId == SlackActions.ApproveShorter && shorter is null))
                {
                    await SayAsync(user, null, "That button is no longer valid.", ct);
                    return;
                }
                var command = actionId == SlackActions.Approve
                    ? new ApprovalCommand(requestId, stage, person.Email, ApprovalAction.Approve)
                    : new ApprovalCommand(requestId, stage, person.Email, ApprovalAction.ApproveShorter, ShorterDuration: shorter);
                await DecideAsync(user, person, command, ct);
                return;
            }
            case SlackActions.Release:
            {
                if (!SlackActions.TryParseId(value, out var grantId)) return;
                await SayAsync(user, null, (await grants.ReleaseAsync(grantId, person.Email, ct)).Message, ct);
                await home.PublishAsync(user, person, ct);
                return;
            }
            case SlackActions.Extend:
            {
                if (!SlackActions.TryParseExtension(value, out var grantId, out var by)) return;
                await SayAsync(user, null, (await grants.RequestExtensionAsync(grantId, person.Email, by, ct)).Message, ct);
                await home.PublishAsync(user, person, ct);
                return;
            }
            case SlackActions.ReviewKeep:
            case SlackActions.ReviewRevoke:
            {
                if (reviews is null || !SlackActions.TryParseReviewItem(value, out var reviewId, out var grantId))
                {
                    await SayAsync(user, null, "That button is no longer valid.", ct);
                    return;
                }
                var result = await reviews.DecideAsync(new MoverReviewCommand(reviewId, grantId, person.Email, actionId == SlackActions.ReviewKeep), ct);
                // The reviewer's copy shows the true state now, whether this click counted or not.
                await notifier.SendMoverReviewAsync(result.View, ct);
                if (!result.Accepted) await SayAsync(user, null, result.Message, ct);
                return;
            }
            case SlackActions.WelcomeRequest:
            {
                // The joiner asks in words, through the conversation and policy like any request.
                if (value is null || tenant.Current.Catalog.FindEntitlement(value) is not { } entitlement)
                {
                    await SayAsync(user, null, "That access is no longer in the catalog; tell me what you need instead.", ct);
                    return;
                }
                var channel = payload.Obj("container").Str("channel_id") ?? payload.Obj("channel").Str("id");
                await TurnAsync(user, channel, TurnInput.FromText(JoinerWelcome.RequestTextFor(entitlement)), ct, person);
                return;
            }
            case SlackActions.TaskDone:
            {
                if (!SlackActions.TryParseId(value, out var taskId)) return;
                var task = await approvals.CompleteManualTaskAsync(taskId, person.Email, done: true, reason: null, ct);
                await notifier.SendManualTaskAsync(task, ct);
                return;
            }
        }
    }

    private async Task SubmissionAsync(string user, Person person, JsonElement view, CancellationToken ct)
    {
        var form = SlackForm.Read(view);
        switch (view.Str("callback_id"))
        {
            case SlackActions.RequestModal:
                await TurnAsync(user, null, TurnInput.FromText(DescribeForm(form)), ct, person);
                return;
            case SlackActions.DenyModal:
            {
                if (!SlackActions.TryParseStage(view.Str("private_metadata"), out var requestId, out var stage, out _)) return;
                await DecideAsync(user, person, new ApprovalCommand(requestId, stage, person.Email, ApprovalAction.Deny, form.Reason), ct);
                return;
            }
            case SlackActions.CannotModal:
            {
                if (!SlackActions.TryParseId(view.Str("private_metadata"), out var taskId)) return;
                var task = await approvals.CompleteManualTaskAsync(taskId, person.Email, done: false, form.Reason, ct);
                await notifier.SendManualTaskAsync(task, ct);
                return;
            }
        }
    }

    private async Task DecideAsync(string user, Person person, ApprovalCommand command, CancellationToken ct)
    {
        var result = await approvals.DecideAsync(command, ct);
        // Every copy shows the true state now, whether this click counted or not.
        await notifier.UpdateApprovalAsync(result.View, ct);
        if (!result.Accepted) await SayAsync(user, null, result.Message, ct);
        await home.PublishAsync(user, person, ct);
    }

    /// <summary>Turns the request form into one sentence for the conversation, as if the person had typed it.</summary>
    public string DescribeForm(SlackForm form)
    {
        var catalog = tenant.Current.Catalog;
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(form.What)) parts.Add(form.What.TrimEnd('.') + ".");
        var entitlement = form.EntitlementId is null ? null : catalog.FindEntitlement(form.EntitlementId);
        var app = entitlement is not null ? catalog.AppOf(entitlement) : form.AppId is null ? null : catalog.FindApp(form.AppId);
        if (entitlement is not null && app is not null) parts.Add($"I need {entitlement.Name} ({entitlement.Id}) in {app.Name}.");
        else if (app is not null) parts.Add($"I need access to {app.Name}.");
        if (!string.IsNullOrWhiteSpace(form.Scope)) parts.Add($"Scope: {form.Scope}.");
        if (form.Duration is not null && SlackViews.DurationWords(form.Duration) is { Length: > 0 } words) parts.Add($"I need it {words}.");
        if (!string.IsNullOrWhiteSpace(form.Justification)) parts.Add($"Justification: {form.Justification}");
        return string.Join(" ", parts);
    }

    private async Task TurnAsync(string user, string? channel, TurnInput input, CancellationToken ct, Person? person = null)
    {
        person ??= await people.FindPersonAsync(user, ct);
        channel ??= await api.OpenDirectMessageAsync(user, ct);
        if (person is null)
        {
            await api.PostMessageAsync(channel, SlackMessages.Text(SlackViews.UnknownPersonText), null, ct);
            return;
        }
        var reply = await conversations.HandleTurnAsync(new ConversationKey(Channel, channel), person.Email, input, ct);
        await api.PostMessageAsync(channel, SlackMessages.Reply(reply), null, ct);
        if (reply.Outcome is not null) await home.PublishAsync(user, person, ct);
    }

    /// <summary>Takes the answered question's buttons away and shows the choice, so nobody answers twice.</summary>
    private async Task MarkAnsweredAsync(JsonElement payload, JsonElement action, CancellationToken ct)
    {
        var container = payload.Obj("container");
        var channel = container.Str("channel_id");
        var ts = container.Str("message_ts");
        var message = payload.Obj("message");
        if (channel is null || ts is null || !message.TryGetProperty("blocks", out var original)) return;
        var label = action.Obj("text").Str("text") ?? action.Obj("selected_option").Obj("text").Str("text") ?? "your choice";
        var blockId = action.Str("block_id");
        var blocks = new JsonArray();
        var afterAnswered = false;
        foreach (var block in original.EnumerateArray())
        {
            if (blockId is not null && block.Str("block_id") == blockId) { afterAnswered = true; continue; }
            // The "or type your answer" line goes with the buttons.
            var skip = afterAnswered && block.Str("type") == "context";
            afterAnswered = false;
            if (!skip) blocks.Add(JsonNode.Parse(block.GetRawText()));
        }
        // The label may be a person's name (a direct report offered as beneficiary): shown as written.
        blocks.Add(SlackJson.ToNode([new ContextBlock([SlackText.Mrkdwn(":ballot_box_with_check: You chose"), SlackText.Literal(label)])])[0]!.DeepClone());
        try
        {
            await api.UpdateMessageAsync(channel, ts, message.Str("text") ?? label, blocks, ct);
        }
        catch (SlackApiException e)
        {
            LogNotMarked(logger, e);
        }
    }

    private async Task SayAsync(string user, string? channel, string text, CancellationToken ct)
    {
        channel ??= await api.OpenDirectMessageAsync(user, ct);
        await api.PostMessageAsync(channel, SlackMessages.Text(text), null, ct);
    }

    private async Task SayMrkdwnAsync(string user, string mrkdwn, CancellationToken ct)
    {
        var channel = await api.OpenDirectMessageAsync(user, ct);
        await api.PostMessageAsync(channel, new SlackMessage(mrkdwn, [new SectionBlock(SlackText.Mrkdwn(mrkdwn))]), null, ct);
    }

    [GeneratedRegex(@"<@[A-Z0-9]+(\|[^>]*)?>")]
    private static partial Regex Mention();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell Slack user {SlackUserId} that their request failed")]
    private static partial void LogNotTold(ILogger logger, Exception e, string slackUserId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The answered question could not be updated")]
    private static partial void LogNotMarked(ILogger logger, Exception e);
}
