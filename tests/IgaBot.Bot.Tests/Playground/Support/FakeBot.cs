using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace IgaBot.Bot.Tests.Playground.Support;

/// <summary>
/// A small bot behind the real <see cref="CloudAdapter"/>, standing in for IgaBot's Teams handler: it records
/// what it receives, answers a few commands (including a Teams member look-up and an Action.Execute card),
/// and keeps the conversation references it saw so tests can message personas proactively.
/// </summary>
internal sealed class FakeBot : ActivityHandler
{
    public ConcurrentQueue<Activity> Received { get; } = new();
    public ConcurrentDictionary<string, ConversationReference> References { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What the bot answers an <c>adaptiveCard/action</c> invoke with (default: a card saying what was clicked).</summary>
    public Func<string, JObject, AdaptiveCardInvokeResponse> OnCardAction { get; set; } = (verb, data) => new AdaptiveCardInvokeResponse
    {
        StatusCode = 200,
        Type = "application/vnd.microsoft.card.adaptive",
        Value = Card($"clicked {verb} with {data.ToString(Newtonsoft.Json.Formatting.None)}"),
    };

    /// <summary>Set to make every turn fail (the adapter answers 500).</summary>
    public bool Broken { get; set; }

    public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        if (Broken) throw new InvalidOperationException("the fake bot is broken");
        Received.Enqueue(turnContext.Activity);
        References[turnContext.Activity.From.Id] = turnContext.Activity.GetConversationReference();
        await base.OnTurnAsync(turnContext, cancellationToken);
    }

    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.Value is not null)
        {
            await turnContext.SendActivityAsync($"submitted {((JToken)activity.Value).ToString(Newtonsoft.Json.Formatting.None)}", cancellationToken: cancellationToken);
            return;
        }
        switch (activity.Text)
        {
            case "who am i":
                var member = await TeamsInfo.GetMemberAsync(turnContext, activity.From.Id, cancellationToken);
                await turnContext.SendActivityAsync($"You are {member.Name} ({member.Email})", cancellationToken: cancellationToken);
                break;
            case "card":
                var card = Card("Pick one");
                card["actions"] = new JArray(
                    Execute("Yes", "answer", new JObject { ["slot"] = "confirm", ["value"] = "yes" }),
                    new JObject
                    {
                        ["type"] = "Action.ShowCard",
                        ["title"] = "Deny",
                        ["card"] = new JObject
                        {
                            ["type"] = "AdaptiveCard",
                            ["body"] = new JArray(new JObject { ["type"] = "Input.Text", ["id"] = "reason" }),
                            ["actions"] = new JArray(Execute("Deny request", "deny", new JObject { ["requestId"] = "r1" })),
                        },
                    });
                card["refresh"] = new JObject { ["action"] = new JObject { ["type"] = "Action.Execute", ["verb"] = "refresh" } };
                await turnContext.SendActivityAsync(MessageFactory.Attachment(new Attachment("application/vnd.microsoft.card.adaptive", content: card)), cancellationToken);
                break;
            default:
                await turnContext.SendActivityAsync($"you said: {activity.Text}", cancellationToken: cancellationToken);
                break;
        }
    }

    protected override Task<AdaptiveCardInvokeResponse> OnAdaptiveCardInvokeAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, CancellationToken cancellationToken) =>
        Task.FromResult(OnCardAction(invokeValue.Action.Verb, invokeValue.Action.Data as JObject ?? JObject.FromObject(invokeValue.Action.Data ?? new JObject())));

    protected override Task OnMembersAddedAsync(IList<ChannelAccount> membersAdded, ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        membersAdded.Any(m => m.Id == turnContext.Activity.Recipient.Id)
            ? turnContext.SendActivityAsync($"hello {turnContext.Activity.From.Name}", cancellationToken: cancellationToken)
            : Task.CompletedTask;

    /// <summary>Sends a message into a persona's chat later, as a notifier would.</summary>
    public async Task<string> SendProactiveAsync(CloudAdapter adapter, string userId, IActivity message)
    {
        string? id = null;
        await adapter.ContinueConversationAsync(new ClaimsIdentity(), References[userId], async (turn, ct) => id = (await turn.SendActivityAsync(message, ct)).Id, CancellationToken.None);
        return id!;
    }

    /// <summary>Updates a message sent before, as a notifier updates an approval card.</summary>
    public async Task UpdateAsync(CloudAdapter adapter, string userId, string activityId, IActivity message)
    {
        await adapter.ContinueConversationAsync(new ClaimsIdentity(), References[userId], async (turn, ct) =>
        {
            message.Id = activityId;
            message.Conversation = turn.Activity.Conversation;
            await turn.UpdateActivityAsync(message, ct);
        }, CancellationToken.None);
    }

    public static JObject Card(string text) => new()
    {
        ["type"] = "AdaptiveCard",
        ["version"] = "1.5",
        ["body"] = new JArray(new JObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true }),
    };

    private static JObject Execute(string title, string verb, JObject data) => new()
    {
        ["type"] = "Action.Execute",
        ["title"] = title,
        ["verb"] = verb,
        ["data"] = data,
        ["fallback"] = new JObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = new JObject { ["igabotVerb"] = verb } },
    };
}
