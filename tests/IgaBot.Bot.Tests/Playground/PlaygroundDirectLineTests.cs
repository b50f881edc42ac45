using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IgaBot.Bot.Tests.Playground.Support;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using static IgaBot.Bot.Tests.Playground.Support.PlaygroundTestHost;

namespace IgaBot.Bot.Tests.Playground;

/// <summary>
/// The playground's local Direct Line and Bot Connector in front of a bot behind the real CloudAdapter:
/// what a persona does in Web Chat reaches the bot as Teams would send it, and what the bot sends lands
/// in that persona's chat.
/// </summary>
public sealed class PlaygroundDirectLineTests
{
    private PlaygroundTestHost _host = null!;

    [SetUp]
    public async Task StartAsync() => _host = await PlaygroundTestHost.StartAsync();

    [TearDown]
    public async Task StopAsync() => await _host.DisposeAsync();

    [Test]
    public async Task StartConversation_WithAPersonasToken_OpensThatPersonsOwnConversation()
    {
        var jake = await _host.StartSessionAsync(Jake);
        var again = await _host.StartSessionAsync(Jake);
        var nina = await _host.StartSessionAsync(Nina);

        Assert.That(jake.ConversationId, Is.EqualTo(again.ConversationId));
        Assert.That(nina.ConversationId, Is.Not.EqualTo(jake.ConversationId));
    }

    [Test]
    public async Task DirectLine_WithoutAToken_OrWithAnotherPersonsConversation_IsRefused()
    {
        var jake = await _host.StartSessionAsync(Jake);
        var nina = await _host.StartSessionAsync(Nina);

        var anonymous = await _host.Client.PostAsync("/playground/directline/v3/directline/conversations", null);
        var intruding = await nina.SendAsync(HttpMethod.Get, $"conversations/{jake.ConversationId}/activities", null);
        var request = new HttpRequestMessage(HttpMethod.Post, "/playground/directline/v3/directline/conversations");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not.a-token.");
        var garbage = await _host.Client.SendAsync(request);

        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(intruding.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(garbage.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Session_ForSomeoneOutsideTheDirectory_IsRefusedWithAReason()
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/api/session", new { email = "mallory@evil.example" });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("mallory@evil.example").And.Contain("not in the tenant"));
    }

    [Test]
    public async Task Message_ReachesTheBotAsATeamsMessageFromThePersona()
    {
        var jake = await _host.StartSessionAsync(Jake);

        var response = await jake.SayAsync("hello there");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var received = _host.Bot.Received.Single();
        Assert.That(received.Type, Is.EqualTo(ActivityTypes.Message));
        Assert.That(received.Text, Is.EqualTo("hello there"));
        Assert.That(received.ChannelId, Is.EqualTo("msteams"));
        Assert.That(received.From.Id, Is.EqualTo(Jake));
        Assert.That(received.From.AadObjectId, Is.EqualTo(JakeTeamsId));
        Assert.That(received.Conversation.ConversationType, Is.EqualTo("personal"));
        Assert.That(received.Conversation.Id, Is.EqualTo(jake.ConversationId));
        Assert.That(received.ServiceUrl, Does.StartWith(_host.Client.BaseAddress!.ToString().TrimEnd('/')).And.EndWith("/playground/connector/"));
        Assert.That(((JObject)received.ChannelData)["tenant"]?["id"]?.ToString(), Is.Not.Empty);
    }

    [Test]
    public async Task Message_IsEchoedAndTheBotsReplyFollowsIt_InTheWatermarkedTranscript()
    {
        var jake = await _host.StartSessionAsync(Jake);
        var clientId = Guid.NewGuid().ToString("N");

        var posted = await (await jake.PostAsync(new JsonObject
        {
            ["type"] = "message",
            ["text"] = "hello there",
            ["channelData"] = new JsonObject { ["clientActivityID"] = clientId },
        })).Content.ReadFromJsonAsync<JsonObject>();
        var activities = await jake.ReadAsync();
        var later = await jake.ReadAsync();

        Assert.That(activities, Has.Count.EqualTo(2));
        Assert.That((string?)activities[0]["id"], Is.EqualTo((string?)posted!["id"]));
        Assert.That((string?)activities[0]["from"]!["role"], Is.EqualTo("user"));
        Assert.That((string?)activities[0]["channelData"]!["clientActivityID"], Is.EqualTo(clientId));
        Assert.That((string?)activities[1]["text"], Is.EqualTo("you said: hello there"));
        Assert.That((string?)activities[1]["from"]!["role"], Is.EqualTo("bot"));
        Assert.That((string?)activities[1]["replyToId"], Is.EqualTo((string?)posted["id"]));
        Assert.That(later, Is.Empty, "nothing new after the watermark");
    }

    [Test]
    public async Task TeamsMemberLookUp_AnswersThePersonasNameAndEmail()
    {
        var lucy = await _host.StartSessionAsync(Lucy);

        await lucy.SayAsync("who am i");

        var texts = (await lucy.ReadAsync()).Select(a => (string?)a["text"]).ToList();
        Assert.That(texts, Does.Contain($"You are Lucy Evans ({Lucy})"));
    }

    [Test]
    public async Task ExecuteButtons_ReachWebChatAsSubmitButtons_ThatRememberTheVerbAndCard()
    {
        var jake = await _host.StartSessionAsync(Jake);

        await jake.SayAsync("card");

        var card = (await jake.ReadAsync()).Last();
        var content = (JsonObject)card["attachments"]![0]!["content"]!;
        var yes = (JsonObject)content["actions"]![0]!;
        var deny = (JsonObject)content["actions"]![1]!["card"]!["actions"]![0]!;
        Assert.That(content.ToJsonString(), Does.Not.Contain("Action.Execute"));
        Assert.That(content.ContainsKey("refresh"), Is.False);
        Assert.That((string?)yes["type"], Is.EqualTo("Action.Submit"));
        Assert.That((string?)yes["title"], Is.EqualTo("Yes"));
        Assert.That((string?)yes["data"]!["slot"], Is.EqualTo("confirm"));
        Assert.That((string?)yes["data"]!["playgroundExecute"]!["verb"], Is.EqualTo("answer"));
        Assert.That((string?)yes["data"]!["playgroundExecute"]!["activityId"], Is.EqualTo((string?)card["id"]));
        Assert.That((string?)deny["data"]!["playgroundExecute"]!["verb"], Is.EqualTo("deny"));
    }

    [Test]
    public async Task ClickingASubmitButton_SendsTheBotTheInvokeTeamsWouldSend_AndTheAnswerReplacesTheCardInPlace()
    {
        var jake = await _host.StartSessionAsync(Jake);
        await jake.SayAsync("card");
        var card = (await jake.ReadAsync()).Last();
        var deny = (JsonObject)card["attachments"]![0]!["content"]!["actions"]![1]!["card"]!["actions"]![0]!;
        // Web Chat posts the submit data with the card's inputs merged in.
        var submitted = (JsonObject)deny["data"]!.DeepClone();
        submitted["reason"] = "not needed";

        var response = await jake.PostAsync(new JsonObject
        {
            ["type"] = "message",
            ["value"] = submitted,
            ["channelData"] = new JsonObject { ["postBack"] = true, ["clientActivityID"] = "c1" },
        });

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var invoke = _host.Bot.Received.Last();
        Assert.That(invoke.Type, Is.EqualTo(ActivityTypes.Invoke));
        Assert.That(invoke.Name, Is.EqualTo("adaptiveCard/action"));
        var value = (JObject)invoke.Value;
        Assert.That(value["action"]!["type"]!.ToString(), Is.EqualTo("Action.Execute"));
        Assert.That(value["action"]!["verb"]!.ToString(), Is.EqualTo("deny"));
        Assert.That(value["action"]!["data"]!.ToString(Newtonsoft.Json.Formatting.None), Is.EqualTo("""{"requestId":"r1","reason":"not needed"}"""));

        var updates = await jake.ReadAsync();
        var replaced = updates.Single(a => (string?)a["id"] == (string?)card["id"]);
        Assert.That(replaced["attachments"]![0]!["content"]!.ToJsonString(), Does.Contain("clicked deny with"));
        Assert.That((string?)replaced["timestamp"], Is.EqualTo((string?)card["timestamp"]), "the new version keeps the card's place");
        var fromTheStart = await jake.ReadAsync(from: "0");
        Assert.That(fromTheStart.Count(a => (string?)a["id"] == (string?)card["id"]), Is.EqualTo(1), "a reader from the start gets only the newest version");
    }

    [Test]
    public async Task ClickAnsweredWithAMessage_ShowsTheMessageAndKeepsTheCard()
    {
        _host.Bot.OnCardAction = (_, _) => new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = "Only the approver can do that." };
        var jake = await _host.StartSessionAsync(Jake);
        await jake.SayAsync("card");
        var card = (await jake.ReadAsync()).Last();
        var yes = (JsonObject)card["attachments"]![0]!["content"]!["actions"]![0]!;

        await jake.PostAsync(new JsonObject { ["type"] = "message", ["value"] = yes["data"]!.DeepClone(), ["channelData"] = new JsonObject { ["postBack"] = true } });

        var after = await jake.ReadAsync();
        Assert.That(after.Select(a => (string?)a["text"]), Does.Contain("Only the approver can do that."));
        Assert.That(after.Any(a => (string?)a["id"] == (string?)card["id"]), Is.False, "the card stays as it was");
    }

    [Test]
    public async Task PlainSubmit_GoesToTheBotAsAMessageWithItsValue()
    {
        var jake = await _host.StartSessionAsync(Jake);

        await jake.PostAsync(new JsonObject { ["type"] = "message", ["value"] = new JsonObject { ["igabotVerb"] = "answer", ["value"] = "P1D" } });

        var received = _host.Bot.Received.Last();
        Assert.That(received.Type, Is.EqualTo(ActivityTypes.Message));
        Assert.That(((JObject)received.Value)["igabotVerb"]!.ToString(), Is.EqualTo("answer"));
    }

    [Test]
    public async Task ProactiveMessage_LandsInThatPersonasChatOnly_AndAnUpdateReplacesIt()
    {
        var jake = await _host.StartSessionAsync(Jake);
        var nina = await _host.StartSessionAsync(Nina);
        await nina.SayAsync("hi");
        await jake.ReadAsync();
        await nina.ReadAsync();

        var id = await _host.Bot.SendProactiveAsync(_host.Adapter, Nina, MessageFactory.Text("Jake asks for AWS: approve?"));
        var ninaSees = await nina.ReadAsync();
        await _host.Bot.UpdateAsync(_host.Adapter, Nina, id, MessageFactory.Text("Approved by Nina"));
        var ninaSeesUpdate = await nina.ReadAsync();

        Assert.That(ninaSees.Select(a => (string?)a["text"]), Is.EqualTo(new[] { "Jake asks for AWS: approve?" }));
        Assert.That((string?)ninaSees[0]["id"], Is.EqualTo(id));
        Assert.That(ninaSeesUpdate.Select(a => ((string?)a["id"], (string?)a["text"])), Is.EqualTo(new[] { (id, "Approved by Nina") }));
        Assert.That(await jake.ReadAsync(), Is.Empty, "nothing of Nina's reaches Jake");
    }

    [Test]
    public async Task UpdateOfAnUnknownActivity_AnswersNotFound_SoANotifierSendsAFreshCard()
    {
        var nina = await _host.StartSessionAsync(Nina);
        await nina.SayAsync("hi");

        var update = () => _host.Bot.UpdateAsync(_host.Adapter, Nina, "playground-nina.petrova@contoso.com|9999999", MessageFactory.Text("x"));

        var error = Assert.ThrowsAsync<ErrorResponseException>(() => update());
        Assert.That(error!.Response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Connector_ForAConversationOfNobody_AnswersNotFound()
    {
        var response = await _host.Client.PostAsJsonAsync("/playground/connector/v3/conversations/playground-mallory@evil.example/activities", new { type = "message", text = "x" });
        var member = await _host.Client.GetAsync($"/playground/connector/v3/conversations/playground-{Jake}/members/{Nina}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(member.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "Nina is not a member of Jake's 1:1 chat");
    }

    [Test]
    public async Task BotFailure_IsReportedToWebChatAsABotError()
    {
        var jake = await _host.StartSessionAsync(Jake);
        _host.Bot.Broken = true;

        var response = await jake.SayAsync("hello");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("BotError"));
    }

    [Test]
    public async Task Upload_IsRefusedWithAReason()
    {
        var jake = await _host.StartSessionAsync(Jake);

        var response = await jake.SendAsync(HttpMethod.Post, $"conversations/{jake.ConversationId}/upload", new JsonObject());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("file uploads"));
    }

    [Test]
    public async Task TokenRefresh_GivesATokenForTheSamePersona()
    {
        var jake = await _host.StartSessionAsync(Jake);

        var refreshed = await (await jake.SendAsync(HttpMethod.Post, "tokens/refresh", null)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.That((string?)refreshed!["conversationId"], Is.EqualTo(jake.ConversationId));
        Assert.That((string?)refreshed["token"], Is.Not.Empty);
    }
}
