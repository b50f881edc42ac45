using System.Net;
using IgaBot.Bot.Teams.Cards;
using IgaBot.Core;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;

namespace IgaBot.Bot.Teams;

/// <summary>
/// The Teams activity handler, kept thin: it checks the tenant, finds who is talking, remembers
/// where to reach them, and hands text or clicks to the services; cards are built elsewhere.
/// </summary>
internal sealed class TeamsBot(
    IOptions<TeamsOptions> options,
    TeamsPeople people,
    ITeamsReferenceStore references,
    IConversationService conversation,
    CardClickHandler cardClicks,
    ITenantAccessor tenant,
    TimeProvider time,
    ILogger<TeamsBot> logger) : ActivityHandler
{
    public const string NotInDirectory =
        "Sorry, I can't find you in the company directory, so I can't help with access requests yet. " +
        "Please ask IT to add you (with your Teams account) and try again.";

    private const string Welcome =
        "Hi, I'm IgaBot. Tell me what access you need in your own words, for example " +
        "\"read-only access to prod AWS for 2 days\". Say \"my access\" to see what you have, or \"help\".";

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        var activity = turnContext.Activity;
        if (activity.ChannelId != Channels.Msteams)
        {
            // Only Teams vouches for who the sender is (from.aadObjectId); a token for another channel (webchat,
            // directline, emulator) is valid for that channel, whose sender fields anyone can fill in.
            logger.LogWarning("Refused a {ActivityType} from channel {ChannelId}: /api/messages accepts only Teams (msteams) activities",
                activity.Type, activity.ChannelId ?? "(none)");
            if (activity.Type == ActivityTypes.Invoke)
                await turnContext.SendActivityAsync(TeamsActivities.InvokeResponseActivity(new InvokeResponse { Status = (int)HttpStatusCode.Forbidden }), cancellationToken);
            return;
        }
        var tenantId = TeamsActivities.TenantOf(activity);
        if (!options.Value.AllowsTenant(tenantId))
        {
            logger.LogWarning("Refused a Teams {ActivityType} from tenant {TenantId}: not in Teams:AllowedTenants", activity.Type, tenantId ?? "(none)");
            if (activity.Type == ActivityTypes.Invoke)
                await turnContext.SendActivityAsync(TeamsActivities.InvokeResponseActivity(new InvokeResponse { Status = (int)HttpStatusCode.Forbidden }), cancellationToken);
            return;
        }

        if (activity.Type is ActivityTypes.Message or ActivityTypes.Invoke or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate)
        {
            var person = await people.ResolveAsync(turnContext, cancellationToken);
            turnContext.TurnState.Add(new Speaker(person));
            if (activity.Conversation is not null && !string.IsNullOrEmpty(activity.ServiceUrl))
                await references.SaveAsync(TeamsActivities.ReferenceOf(activity, person?.Email, time.GetUtcNow()), cancellationToken);
        }

        await base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        if (SpeakerOf(turnContext) is not { } actor)
        {
            await turnContext.SendActivityAsync(MessageFactory.Text(NotInDirectory), cancellationToken);
            return;
        }

        var key = TeamsActivities.KeyOf(turnContext.Activity);
        // Older clients answer Action.Execute buttons through their Action.Submit fallback: a message with a value.
        if (turnContext.Activity.Value is not null && CardClick.FromSubmitValue(ValueJson(turnContext.Activity.Value)) is { } action)
        {
            var result = await cardClicks.HandleAsync(action, actor, key, cancellationToken);
            await turnContext.SendActivityAsync(
                result.Card is { } card ? TeamsActivities.CardMessage(card, null) : TeamsActivities.PlainText(result.Message ?? ""),
                cancellationToken);
            await SendFollowAsync(turnContext, result, cancellationToken);
            return;
        }

        var text = (turnContext.Activity.RemoveRecipientMention() ?? turnContext.Activity.Text)?.Trim();
        if (string.IsNullOrEmpty(text)) return;

        var reply = await conversation.HandleTurnAsync(key, actor.Email, TurnInput.FromText(text), cancellationToken);
        await turnContext.SendActivityAsync(
            ConversationCards.NeedsCard(reply)
                ? TeamsActivities.CardMessage(ConversationCards.Reply(reply, tenant.Current.Directory), reply.Text)
                : TeamsActivities.PlainText(reply.Text),
            cancellationToken);
    }

    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        if (turnContext.Activity.Name != TeamsActivities.AdaptiveCardActionInvoke)
            return await base.OnInvokeActivityAsync(turnContext, cancellationToken);

        if (CardClick.FromInvokeValue(ValueJson(turnContext.Activity.Value)) is not { } action)
            return TeamsActivities.ErrorResponse(HttpStatusCode.BadRequest, "The card sent no action IgaBot can read.");
        if (SpeakerOf(turnContext) is not { } actor)
            return TeamsActivities.MessageResponse(NotInDirectory);

        var result = await cardClicks.HandleAsync(action, actor, TeamsActivities.KeyOf(turnContext.Activity), cancellationToken);
        await SendFollowAsync(turnContext, result, cancellationToken);
        return result switch
        {
            { Error: { } status } => TeamsActivities.ErrorResponse(status, result.Message ?? "Bad request."),
            { Card: { } card } => TeamsActivities.CardResponse(card),
            _ => TeamsActivities.MessageResponse(result.Message ?? ""),
        };
    }

    private static async Task SendFollowAsync(ITurnContext turnContext, CardClickResult result, CancellationToken ct)
    {
        if (result.FollowCard is { } card) await turnContext.SendActivityAsync(TeamsActivities.CardMessage(card, result.FollowText), ct);
        else if (!string.IsNullOrEmpty(result.FollowText)) await turnContext.SendActivityAsync(TeamsActivities.PlainText(result.FollowText), ct);
    }

    protected override async Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken)
    {
        // The bot itself joining a 1:1 chat means somebody just installed it: say what it does.
        var activity = turnContext.Activity;
        var botJoined = activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true;
        if (botJoined && activity.Conversation?.ConversationType is null or "personal")
            await turnContext.SendActivityAsync(MessageFactory.Text(SpeakerOf(turnContext) is null ? NotInDirectory : Welcome), cancellationToken);
    }

    private static Person? SpeakerOf(ITurnContext turnContext) => turnContext.TurnState.Get<Speaker>()?.Person;

    private static string? ValueJson(object? value) => value switch
    {
        null => null,
        string s => s,
        _ => JsonConvert.SerializeObject(value),
    };

    /// <summary>The resolved person of this turn (null = not in the directory), kept in the turn state.</summary>
    private sealed record Speaker(Person? Person);
}
