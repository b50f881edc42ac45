using IgaBot.Bot.Teams.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;

namespace IgaBot.Bot.Teams;

/// <summary>
/// The one error boundary of the Teams channel (the adapter's OnTurnError). It logs, apologises
/// with a reference the person can give IT, and touches no state: the conversation and any pending
/// request stay exactly as the services left them, so the next message or click picks up from there.
/// </summary>
internal sealed class TeamsTurnErrorHandler(ILogger<TeamsTurnErrorHandler> logger)
{
    private const string Apology = "Sorry, something went wrong on my side. Nothing you asked for is lost: please try again in a moment.";

    public async Task HandleAsync(ITurnContext turnContext, Exception exception)
    {
        var reference = Guid.NewGuid().ToString("N")[..8];
        var activity = turnContext.Activity;
        logger.LogError(exception,
            "Teams turn failed (reference {ErrorReference}) for {ActivityType} {ActivityName} in conversation {ConversationId} from {TeamsUserId}",
            reference, activity.Type, activity.Name, activity.Conversation?.Id, activity.From?.Id);

        try
        {
            if (activity.Type == ActivityTypes.Invoke)
            {
                // A click: leave the card as it is (its buttons still work) and tell the clicker.
                await turnContext.SendActivityAsync(
                    TeamsActivities.InvokeResponseActivity(TeamsActivities.MessageResponse($"{Apology} (reference {reference})")));
            }
            else if (activity.Type == ActivityTypes.Message)
            {
                await turnContext.SendActivityAsync(TeamsActivities.CardMessage(NoticeCards.Error(reference), Apology));
            }
        }
        catch (Exception e)
        {
            // Teams itself may be what failed; the log above already has what matters.
            logger.LogWarning(e, "Could not tell the user about failure {ErrorReference}", reference);
        }
    }
}
