using System.Net;
using System.Text.Json.Nodes;
using IgaBot.Bot.Teams.Cards;
using IgaBot.Core;
using IgaBot.Core.Conversation;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json.Linq;

namespace IgaBot.Bot.Teams;

/// <summary>The seam between our channel-neutral pieces (cards as JSON nodes, references as records) and Bot Framework activities.</summary>
internal static class TeamsActivities
{
    public const string AdaptiveCardActionInvoke = "adaptiveCard/action";
    private const string MessageResponseType = "application/vnd.microsoft.activity.message";
    private const string ErrorResponseType = "application/vnd.microsoft.error";

    /// <summary>
    /// One conversation state per 1:1 chat; in a group chat or a channel, one per person, so two
    /// people asking in the same thread never fill in each other's request.
    /// </summary>
    public static ConversationKey KeyOf(IActivity activity)
    {
        var conversation = activity.Conversation;
        var isPersonal = conversation.ConversationType is null or "personal";
        var who = activity.From?.AadObjectId ?? activity.From?.Id ?? "";
        return new ConversationKey("teams", isPersonal ? conversation.Id : $"{conversation.Id}|{who}");
    }

    public static string? TenantOf(IActivity activity)
    {
        TeamsChannelData? channelData = null;
        try { channelData = (activity as Activity)?.GetChannelData<TeamsChannelData>(); }
        catch (Newtonsoft.Json.JsonException) { }
        return channelData?.Tenant?.Id ?? activity.Conversation?.TenantId;
    }

    public static TeamsReference ReferenceOf(IActivity activity, string? email, DateTimeOffset now) => new()
    {
        ConversationId = activity.Conversation.Id,
        ConversationType = activity.Conversation.ConversationType ?? "personal",
        ServiceUrl = activity.ServiceUrl,
        ChannelId = activity.ChannelId,
        TenantId = TenantOf(activity),
        BotId = activity.Recipient?.Id ?? "",
        BotName = activity.Recipient?.Name,
        UserId = activity.From?.Id,
        UserAadObjectId = activity.From?.AadObjectId,
        UserEmail = email,
        SeenAt = now,
    };

    public static ConversationReference ToBotReference(this TeamsReference reference) => new()
    {
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Conversation = new ConversationAccount(
            isGroup: !reference.IsPersonal,
            conversationType: reference.ConversationType,
            id: reference.ConversationId,
            tenantId: reference.TenantId),
        Bot = new ChannelAccount(reference.BotId, reference.BotName),
        User = reference.UserId is null ? null : new ChannelAccount(reference.UserId, aadObjectId: reference.UserAadObjectId),
    };

    public static Attachment CardAttachment(JsonObject card) => new()
    {
        ContentType = CardElements.ContentType,
        // The Bot Framework serialises with Newtonsoft: hand it a JObject, not a System.Text.Json node.
        Content = JObject.Parse(card.ToJsonString()),
    };

    public static IMessageActivity CardMessage(JsonObject card, string? summary)
    {
        var message = MessageFactory.Attachment(CardAttachment(card));
        // Teams shows the summary in notifications and the chat list, where a card has no text.
        summary = DisplayText.Neutralize(summary);
        if (!string.IsNullOrWhiteSpace(summary)) message.Summary = summary.Length <= 200 ? summary : summary[..200] + "…";
        return message;
    }

    /// <summary>
    /// A text message shown exactly as written: Teams and Web Chat read message text as markdown, and
    /// these sentences carry people's words and names (see <see cref="CardElements.Literal"/> for cards).
    /// </summary>
    public static IMessageActivity PlainText(string text)
    {
        var message = MessageFactory.Text(DisplayText.Neutralize(text));
        message.TextFormat = TextFormatTypes.Plain;
        return message;
    }

    public static InvokeResponse CardResponse(JsonObject card) => Respond(new AdaptiveCardInvokeResponse
    {
        StatusCode = (int)HttpStatusCode.OK,
        Type = CardElements.ContentType,
        Value = JObject.Parse(card.ToJsonString()),
    });

    /// <summary>Teams shows the text to the clicker and leaves the card as it was.</summary>
    public static InvokeResponse MessageResponse(string text) => Respond(new AdaptiveCardInvokeResponse
    {
        StatusCode = (int)HttpStatusCode.OK,
        Type = MessageResponseType,
        Value = text,
    });

    public static InvokeResponse ErrorResponse(HttpStatusCode status, string message) => Respond(new AdaptiveCardInvokeResponse
    {
        StatusCode = (int)status,
        Type = ErrorResponseType,
        Value = new JObject { ["code"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), ["message"] = message },
    });

    public static Activity InvokeResponseActivity(InvokeResponse response) => new()
    {
        Type = ActivityTypesEx.InvokeResponse,
        Value = response,
    };

    private static InvokeResponse Respond(AdaptiveCardInvokeResponse body) => new() { Status = (int)HttpStatusCode.OK, Body = body };
}
