using System.Net;
using System.Text.Json.Nodes;
using IgaBot.Bot.Teams;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;
using Microsoft.Extensions.Logging;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>Requesters talking to the bot in Teams: messages, answers by button, strangers, other tenants, failures.</summary>
public sealed class TeamsConversationTests : TeamsFixture
{
    [Test]
    public async Task Message_AskingForAccess_IsAnsweredWithTheQuestionAsACardWithAButtonPerOption()
    {
        Host.Conversation.Reply = _ => Samples.DurationQuestion();

        var replies = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "I need read-only access to prod AWS"));

        Assert.That(Host.Conversation.Calls, Has.Count.EqualTo(1));
        var (conversation, actor, input) = Host.Conversation.Calls[0];
        Assert.That(actor, Is.EqualTo(TestPeople.Tom.Email));
        Assert.That(input.Text, Is.EqualTo("I need read-only access to prod AWS"));
        Assert.That(conversation, Is.EqualTo(new ConversationKey("teams", "a:chat-tom")));

        Assert.That(replies, Has.Count.EqualTo(1));
        var card = CardOf(replies[0])!;
        Assert.That((string?)card["version"], Is.EqualTo("1.5"));
        Assert.That(TextOf(card), Does.Contain("For how long do you need it?"));
        var buttons = ExecuteActions(card);
        Assert.That(buttons.Select(b => (string?)b["title"]), Is.EqualTo(new[] { "1 day", "3 days", "1 week" }));
        Assert.That(buttons.Select(b => (string?)b["verb"]).Distinct(), Is.EqualTo(new[] { "answer" }));
        Assert.That(buttons.Select(b => (string?)b["data"]!["value"]), Is.EqualTo(new[] { "P1D", "P3D", "P7D" }));
        Assert.That(buttons.Select(b => (string?)b["data"]!["slot"]).Distinct(), Is.EqualTo(new[] { "duration" }));
        Assert.That(buttons.Select(b => (string?)b["fallback"]!["type"]).Distinct(), Is.EqualTo(new[] { "Action.Submit" }));
    }

    [Test]
    public async Task ClickOnAnOption_GoesToTheConversationAsThatChoice_AndIsAnsweredWithTheReplacementCard()
    {
        Host.Conversation.Reply = _ => Samples.OutcomeOf(OutcomeKind.Submitted);

        var (status, body) = await SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, "answer",
            new JsonObject { ["slot"] = "duration", ["value"] = "P3D" }, userId: "29:tom", aadObjectId: "aad-tom", conversationId: "a:chat-tom"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var (_, actor, input) = Host.Conversation.Calls.Single();
        Assert.That(actor, Is.EqualTo(TestPeople.Tom.Email));
        Assert.That(input.Choice, Is.EqualTo(new SlotChoice(Slot.Duration, "P3D")));
        Assert.That((int?)body!["statusCode"], Is.EqualTo(200));
        Assert.That((string?)body["type"], Is.EqualTo("application/vnd.microsoft.card.adaptive"));
        var text = TextOf(body["value"]);
        Assert.That(text, Does.Contain("Request submitted"));
        Assert.That(text, Does.Contain("Waiting for: Nina Petrova"));
        Assert.That(text, Does.Contain("Approval: manager (Nina Petrova)."), "the trace explains the outcome");
    }

    [Test]
    public async Task TypedAnswer_GoesToTheConversationAsText()
    {
        Host.Conversation.Reply = _ => new TurnReply("Thanks.");

        var replies = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "2 days please"));

        Assert.That(Host.Conversation.Calls.Single().Input, Is.EqualTo(TurnInput.FromText("2 days please")));
        Assert.That((string?)replies.Single()["text"], Is.EqualTo("Thanks."));
    }

    [Test]
    public async Task ClickFromAnOlderClient_ArrivingAsASubmitMessage_IsTreatedAsTheSameChoice()
    {
        Host.Conversation.Reply = _ => Samples.JustificationQuestion();

        var replies = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "",
            value: new JsonObject { ["igabotVerb"] = "answer", ["slot"] = "duration", ["value"] = "P1D" }));

        Assert.That(Host.Conversation.Calls.Single().Input.Choice, Is.EqualTo(new SlotChoice(Slot.Duration, "P1D")));
        Assert.That(TextOf(CardOf(replies.Single())), Does.Contain("Why do you need it?"));
    }

    [Test]
    public async Task Message_FromSomeoneWithoutTeamsIdInTheDirectory_IsMatchedByTheEmailTeamsGives()
    {
        Connector.Members["29:raj"] = new JsonObject
        {
            ["id"] = "29:raj", ["name"] = "Raj Patel", ["aadObjectId"] = "aad-raj",
            ["email"] = "Raj.Patel@contoso.com", ["userPrincipalName"] = "raj.patel@contoso.com",
        };

        await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "my access", userId: "29:raj", aadObjectId: "aad-raj", conversationId: "a:chat-raj"));

        Assert.That(Host.Conversation.Calls.Single().Actor, Is.EqualTo(TestPeople.Raj.Email));
        Assert.That(Connector.Calls.Single(c => c.Method == "GET").Path, Is.EqualTo("/v3/conversations/a:chat-raj/members/29:raj"));
    }

    [Test]
    public async Task Message_FromSomeoneNotInTheDirectory_GetsAPoliteAnswer_AndNothingElseHappens()
    {
        var replies = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "give me admin", userId: "29:stranger", aadObjectId: "aad-stranger", conversationId: "a:chat-stranger"));

        Assert.That((string?)replies.Single()["text"], Is.EqualTo(TeamsBot.NotInDirectory));
        Assert.That(Host.Conversation.Calls, Is.Empty);
    }

    [Test]
    public async Task ClickFromSomeoneNotInTheDirectory_IsAnsweredWithAMessage_AndChangesNothing()
    {
        var (_, body) = await SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, "approval.approve",
            new JsonObject { ["requestId"] = Guid.NewGuid().ToString(), ["stage"] = 1 }, userId: "29:stranger", aadObjectId: "aad-stranger"));

        Assert.That((string?)body!["type"], Is.EqualTo("application/vnd.microsoft.activity.message"));
        Assert.That((string?)body["value"], Is.EqualTo(TeamsBot.NotInDirectory));
        Assert.That(Host.Approvals.Decisions, Is.Empty);
    }

    [Test]
    public async Task Message_FromAnotherTenant_IsRefused_AndLeavesNoTrace()
    {
        var replies = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "I need prod logs", tenantId: "tenant-fabrikam"));

        Assert.That(replies, Is.Empty);
        Assert.That(Host.Conversation.Calls, Is.Empty);
        Assert.That(await Host.References.FindLatestForPersonAsync(TestPeople.Tom.Email, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task ClickFromAnotherTenant_IsRefusedWithForbidden()
    {
        var (status, _) = await SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, "approval.approve",
            new JsonObject { ["requestId"] = Guid.NewGuid().ToString(), ["stage"] = 1 }, tenantId: "tenant-fabrikam"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Host.Approvals.Decisions, Is.Empty);
    }

    [Test]
    public async Task Message_WhenTheConversationFails_IsAnsweredWithAnApology_AndTheFailureIsLogged()
    {
        Host.Conversation.Failure = new InvalidOperationException("database is locked");

        var replies = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "I need prod logs"));

        var text = TextOf(CardOf(replies.Single()));
        Assert.That(text, Does.Contain("Something went wrong"));
        Assert.That(text, Does.Contain("Nothing you asked for is lost"));
        var logged = Host.Logs.Entries.Single(e => e.Level == LogLevel.Error && e.Category.EndsWith(nameof(TeamsTurnErrorHandler)));
        Assert.That(logged.Exception?.Message, Is.EqualTo("database is locked"));
        Assert.That(text, Does.Contain((string)logged.State["ErrorReference"]!), "the reference shown is the one logged");
    }

    [Test]
    public async Task Click_WhenTheConversationFails_LeavesTheCardAndTellsTheClicker()
    {
        Host.Conversation.Failure = new InvalidOperationException("database is locked");

        var (status, body) = await SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, "answer",
            new JsonObject { ["slot"] = "duration", ["value"] = "P3D" }, userId: "29:tom", aadObjectId: "aad-tom"));

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)body!["type"], Is.EqualTo("application/vnd.microsoft.activity.message"), "a message leaves the card in place");
        Assert.That((string?)body["value"], Does.Contain("something went wrong"));
    }

    [Test]
    public async Task Click_WithDataThatIsNotOurs_IsABadRequest_AndReachesNoService()
    {
        var (_, body) = await SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, "answer",
            new JsonObject { ["slot"] = "favourite-colour", ["value"] = "blue" }, userId: "29:tom", aadObjectId: "aad-tom"));

        Assert.That((int?)body!["statusCode"], Is.EqualTo(400));
        Assert.That(Host.Conversation.Calls, Is.Empty);
    }

    [Test]
    public async Task MessageInAChannel_WithTheBotMentioned_ReachesTheConversationWithoutTheMention_InThePersonsOwnThread()
    {
        var message = TeamsActivityJson.Message(Connector.ServiceUrl, "<at>IgaBot</at> I need Figma", conversationId: "19:team-general;messageid=1");
        message["conversation"]!["conversationType"] = "channel";
        message["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>IgaBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = TeamsActivityJson.BotId, ["name"] = "IgaBot" },
        });

        await SayAsync(message);

        var (conversation, _, input) = Host.Conversation.Calls.Single();
        Assert.That(input.Text, Is.EqualTo("I need Figma"));
        Assert.That(conversation.Id, Is.EqualTo("19:team-general;messageid=1|aad-tom"), "two people in one thread keep separate requests");
    }

    [Test]
    public async Task Installation_InAPersonalChat_IsRemembered_AndWelcomed()
    {
        var replies = await SayAsync(TeamsActivityJson.Installed(Connector.ServiceUrl, "29:nina", "aad-nina", "a:chat-nina"));

        Assert.That((string?)replies.Single()["text"], Does.StartWith("Hi, I'm IgaBot."));
        var reference = await Host.References.FindPersonalAsync(TestPeople.Nina.Email, CancellationToken.None);
        Assert.That(reference, Is.Not.Null);
        Assert.That(reference!.ConversationId, Is.EqualTo("a:chat-nina"));
        Assert.That(reference.UserId, Is.EqualTo("29:nina"));
        Assert.That(reference.TenantId, Is.EqualTo(TestPeople.TenantId));
        Assert.That(reference.ServiceUrl, Is.EqualTo(Connector.ServiceUrl));
    }
}
