using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Adapters.Slack;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackEndpointsTests
{
    private FakeSlackApi _api = null!;
    private SlackTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeSlackApi.StartAsync();
        AddSlackUsers(_api);
        _host = await SlackTestHost.StartAsync(_api);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static string DirectMessage(string eventId, string user, string text, string channel = "DUALICE") => new JsonObject
    {
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["team_id"] = "T1",
        ["authorizations"] = new JsonArray(new JsonObject { ["user_id"] = BotUser, ["is_bot"] = true }),
        ["event"] = new JsonObject
        {
            ["type"] = "message",
            ["channel_type"] = "im",
            ["channel"] = channel,
            ["user"] = user,
            ["text"] = text,
            ["ts"] = "1700000000.000001",
        },
    }.ToJsonString();

    [TestCase("bad secret")]
    [TestCase("stale")]
    [TestCase("missing")]
    [TestCase("body modified")]
    public async Task Events_WithoutAValidSignature_AreRefusedAndNothingHappens(string flaw)
    {
        var body = DirectMessage("Ev1", AliceSlack, "I need logs");
        HttpResponseMessage response;
        switch (flaw)
        {
            case "bad secret":
                response = await _host.PostSignedAsync("/api/slack/events", body, "application/json", secret: "not-the-secret");
                break;
            case "stale":
                response = await _host.PostSignedAsync("/api/slack/events", body, "application/json", at: DateTimeOffset.UtcNow.AddSeconds(-301));
                break;
            case "body modified":
                response = await _host.PostSignedAsync("/api/slack/events", body, "application/json", sendBody: body.Replace("I need logs", "I need admin"));
                break;
            default:
                response = await _host.Client.PostAsync("/api/slack/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
                break;
        }

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        // A delivery is stored before it is answered, and the worker handles what is stored: once the inbox is
        // drained, nothing the refused request could have set going is left to happen.
        await _host.DrainAsync();
        Assert.Multiple(() =>
        {
            Assert.That(_host.Inbox is InMemorySlackInbox { Items.Count: 0 }, "nothing was stored");
            Assert.That(_host.Conversations.Started, Is.Zero);
            Assert.That(_api.Calls, Is.Empty);
        });
    }

    [Test]
    public async Task Commands_WithABadSignature_AreRefused()
    {
        var body = SlackTestHost.Form(new() { ["user_id"] = AliceSlack, ["text"] = "I need logs" });
        var response = await _host.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded", secret: "wrong");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(_host.Inbox is InMemorySlackInbox { Items.Count: 0 });
    }

    [Test]
    public async Task UrlVerification_IsAnsweredWithTheChallenge()
    {
        var response = await _host.PostEventAsync("""{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.That(json.GetProperty("challenge").GetString(), Is.EqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
    }

    [Test]
    public async Task AnEventDeliveredFourTimes_ProducesOneTurn()
    {
        var body = DirectMessage("Ev42", AliceSlack, "I need to read the prod logs");
        for (var retry = 0; retry < 4; retry++)
        {
            var headers = retry == 0 ? null : new Dictionary<string, string> { ["X-Slack-Retry-Num"] = retry.ToString(), ["X-Slack-Retry-Reason"] = "http_timeout" };
            var response = await _host.PostEventAsync(body, headers);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        // Every delivery was stored (or refused as a duplicate) before its answer; an item stays pending until its turn is done.
        await _host.DrainAsync();
        await _api.WaitForAsync("chat.postMessage");

        Assert.That(_host.Conversations.Turns, Has.Count.EqualTo(1));
        var turn = _host.Conversations.Turns.Single();
        Assert.Multiple(() =>
        {
            Assert.That(turn.Key, Is.EqualTo(new ConversationKey("slack", "DUALICE")));
            Assert.That(turn.ActorEmail, Is.EqualTo("alice@example.com"));
            Assert.That(turn.Input.Text, Is.EqualTo("I need to read the prod logs"));
            Assert.That(_api.CallsOf("chat.postMessage"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task TheBotsOwnMessages_AreIgnored()
    {
        await _host.PostEventAsync(DirectMessage("Ev7", BotUser, "Request submitted"));
        var withBotId = JsonNode.Parse(DirectMessage("Ev8", AliceSlack, "echo"))!;
        withBotId["event"]!["bot_id"] = "B123";
        await _host.PostEventAsync(withBotId.ToJsonString());
        await _host.DrainAsync();

        Assert.That(_host.Conversations.Started, Is.Zero);
        Assert.That(_host.Inbox is InMemorySlackInbox { Items.Count: 0 });
    }

    [Test]
    public async Task SomeoneOutsideTheDirectory_IsToldAndNothingHappens()
    {
        await _host.PostEventAsync(DirectMessage("Ev9", MallorySlack, "give me admin", channel: "DUMALLORY"));
        var told = await _api.WaitForAsync("chat.postMessage");

        Assert.That(told.Json.GetProperty("text").GetString(), Does.Contain("can't find you in the company directory"));
        Assert.That(_host.Conversations.Started, Is.Zero);
    }

    [Test]
    public async Task AccessWithText_ContinuesInADirectMessageWithTheQuestionsOptionsAsButtons()
    {
        _host.Conversations.Behaviour = (_, _, _, _) => Task.FromResult(new TurnReply(
            "Which level do you need?",
            new Question(Slot.Entitlement, "Read or admin?",
                [new QuestionOption("logs-read", "Read logs", "Look at logs"), new QuestionOption("logs-admin", "Logs admin")])));

        var ack = await _host.PostCommandAsync(AliceSlack, "I need X");
        Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ack.Content.ReadAsStringAsync(), Does.Contain("direct messages"));

        var open = await _api.WaitForAsync("conversations.open");
        var post = await _api.WaitForAsync("chat.postMessage");
        var turn = _host.Conversations.Turns.Single();
        var buttons = post.Json.GetProperty("blocks").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "actions")
            .SelectMany(b => b.GetProperty("elements").EnumerateArray()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(open.Arg("users"), Is.EqualTo(AliceSlack));
            Assert.That(turn.Key, Is.EqualTo(new ConversationKey("slack", "DUALICE")), "the conversation is the DM with the user");
            Assert.That(turn.Input.Text, Is.EqualTo("I need X"));
            Assert.That(post.Arg("channel"), Is.EqualTo("DUALICE"));
            Assert.That(buttons.Select(b => b.GetProperty("text").GetProperty("text").GetString()), Is.EqualTo(new[] { "Read logs", "Logs admin" }));
            Assert.That(buttons.Select(b => b.GetProperty("value").GetString()), Is.EqualTo(new[] { "Entitlement|logs-read", "Entitlement|logs-admin" }));
            Assert.That(post.Authorization, Is.EqualTo("Bearer " + SlackTestHost.BotToken));
        });
    }

    [Test]
    public async Task AccessList_AsksTheConversationWhatIHold()
    {
        await _host.PostCommandAsync(AliceSlack, "list");
        await _api.WaitForAsync("chat.postMessage");

        Assert.That(_host.Conversations.Turns.Single().Input.Text, Is.EqualTo("what do I have?"));
    }

    [Test]
    public async Task AccessHelp_IsAnsweredAtOnceWithoutAConversation()
    {
        var ack = await _host.PostCommandAsync(AliceSlack, "help");
        var json = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()).RootElement;

        Assert.That(json.GetProperty("response_type").GetString(), Is.EqualTo("ephemeral"));
        Assert.That(json.GetProperty("text").GetString(), Does.Contain("/access list"));
        await _host.DrainAsync();
        Assert.That(_host.Conversations.Started, Is.Zero);
    }

    [Test]
    public async Task AccessAlone_OpensTheRequestFormWithTheTriggerId()
    {
        var ack = await _host.PostCommandAsync(AliceSlack, "", triggerId: "12345.98765.abcd");

        Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var open = _api.CallsOf("views.open").Single();
        var view = open.Json.GetProperty("view");
        Assert.Multiple(() =>
        {
            Assert.That(open.Arg("trigger_id"), Is.EqualTo("12345.98765.abcd"));
            Assert.That(view.GetProperty("callback_id").GetString(), Is.EqualTo(SlackActions.RequestModal));
            Assert.That(view.GetProperty("blocks").EnumerateArray().Select(b => b.GetProperty("block_id").GetString()),
                Is.EqualTo(new[] { "what", "app", "entitlement", "scope", "duration", "justification" }));
        });
    }

    [Test]
    public async Task ClickingAnOption_SendsTheChoiceToTheConversationAndRemovesTheButtons()
    {
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = AliceSlack },
            ["trigger_id"] = "t",
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = "DUALICE", ["message_ts"] = "1700000001.000100" },
            ["channel"] = new JsonObject { ["id"] = "DUALICE" },
            ["message"] = new JsonObject
            {
                ["text"] = "Read or admin?",
                ["blocks"] = new JsonArray(
                    new JsonObject { ["type"] = "section", ["block_id"] = "q1", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "*Read or admin?*" } },
                    new JsonObject { ["type"] = "actions", ["block_id"] = "question", ["elements"] = new JsonArray() },
                    new JsonObject { ["type"] = "context", ["block_id"] = "c1", ["elements"] = new JsonArray() }),
            },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = "question.option.0",
                ["block_id"] = "question",
                ["value"] = "Entitlement|logs-read",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Read logs" },
            }),
        };

        var ack = await _host.PostInteractionAsync(payload.ToJsonString());
        Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await _api.WaitForAsync("chat.postMessage");

        var turn = _host.Conversations.Turns.Single();
        var update = _api.CallsOf("chat.update").Single();
        var blocks = update.Json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(turn.Input.Choice, Is.EqualTo(new SlotChoice(Slot.Entitlement, "logs-read")));
            Assert.That(turn.Key.Id, Is.EqualTo("DUALICE"));
            Assert.That(turn.ActorEmail, Is.EqualTo("alice@example.com"));
            Assert.That(update.Arg("ts"), Is.EqualTo("1700000001.000100"));
            Assert.That(blocks.Select(b => b.GetProperty("type").GetString()), Is.EqualTo(new[] { "section", "context" }));
            Assert.That(SlackTextObjects.Of(blocks[^1]), Is.EqualTo(new[]
            {
                new SlackTextObjects.TextObject("mrkdwn", ":ballot_box_with_check: You chose", null),
                new SlackTextObjects.TextObject("plain_text", "Read logs", false),
            }));
        });
    }

    [Test]
    public async Task SubmittingTheRequestForm_BecomesOneTextTurn()
    {
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = AliceSlack },
            ["view"] = new JsonObject
            {
                ["callback_id"] = SlackActions.RequestModal,
                ["state"] = new JsonObject
                {
                    ["values"] = new JsonObject
                    {
                        ["entitlement"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "logs-read" } } },
                        ["scope"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "prod" } },
                        ["duration"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "static_select", ["selected_option"] = new JsonObject { ["value"] = "P3D" } } },
                        ["justification"] = new JsonObject { ["value"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "incident 42" } },
                    },
                },
            },
        };

        var ack = await _host.PostInteractionAsync(payload.ToJsonString());
        Assert.That(await ack.Content.ReadAsStringAsync(), Is.Empty, "an empty answer closes the modal");
        await _api.WaitForAsync("chat.postMessage");

        Assert.That(_host.Conversations.Turns.Single().Input.Text,
            Is.EqualTo("I need Read logs (logs-read) in Datadog. Scope: prod. I need it for 3 days. Justification: incident 42"));
    }

    [Test]
    public async Task SubmittingAnEmptyRequestForm_IsRefusedInTheModal()
    {
        var payload = """{"type":"view_submission","user":{"id":"UALICE"},"view":{"callback_id":"access.request","state":{"values":{}}}}""";

        var ack = await _host.PostInteractionAsync(payload);
        var json = JsonDocument.Parse(await ack.Content.ReadAsStringAsync()).RootElement;

        Assert.That(json.GetProperty("response_action").GetString(), Is.EqualTo("errors"));
        Assert.That(json.GetProperty("errors").GetProperty("what").GetString(), Does.Contain("Say what you need"));
        Assert.That(_host.Inbox is InMemorySlackInbox { Items.Count: 0 });
    }

    [Test]
    public async Task AMention_ContinuesInTheDirectMessage()
    {
        var body = new JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "Ev77",
            ["event"] = new JsonObject
            {
                ["type"] = "app_mention", ["user"] = AliceSlack, ["channel"] = "CGENERAL", ["ts"] = "1700000000.000002",
                ["text"] = $"<@{BotUser}> I need the logs",
            },
        }.ToJsonString();

        await _host.PostEventAsync(body);
        await _api.WaitForAsync("chat.postMessage", count: 2);

        var turn = _host.Conversations.Turns.Single();
        Assert.Multiple(() =>
        {
            Assert.That(turn.Input.Text, Is.EqualTo("I need the logs"));
            Assert.That(turn.Key.Id, Is.EqualTo("DUALICE"));
            Assert.That(_api.CallsOf("chat.postMessage").First().Arg("thread_ts"), Is.EqualTo("1700000000.000002"));
        });
    }

    [Test]
    public async Task OpeningAppHome_PublishesMyAccess()
    {
        var grant = Guid.NewGuid();
        _host.Home.Model = new AppHomeModel(
            [new HeldAccess(grant, "Read logs", "Datadog", "prod", DateTimeOffset.UtcNow.AddDays(2).AddHours(3), Core.Grants.GrantStatus.Active)], [], []);
        var body = $$$"""{"type":"event_callback","event_id":"Ev5","event":{"type":"app_home_opened","user":"{{{AliceSlack}}}","channel":"DUALICE","tab":"home"}}""";

        await _host.PostEventAsync(body);
        var publish = await _api.WaitForAsync("views.publish");

        var view = publish.Json.GetProperty("view");
        Assert.Multiple(() =>
        {
            Assert.That(publish.Arg("user_id"), Is.EqualTo(AliceSlack));
            Assert.That(view.GetProperty("type").GetString(), Is.EqualTo("home"));
            Assert.That(publish.Strings("view"), Does.Contain("Read logs").And.Contain("2 days 2 hours left"));
            Assert.That(publish.Strings("view"), Does.Contain(SlackActions.Release).And.Contain(SlackActions.Extension(grant, TimeSpan.FromDays(1))));
            Assert.That(_host.Home.Asked, Does.Contain("alice@example.com"));
        });
    }

    [Test]
    public async Task ReleaseOnAppHome_ReleasesAsTheClickerAndRepublishes()
    {
        var grant = Guid.NewGuid();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = AliceSlack },
            ["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "V1" },
            ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "grant.release", ["value"] = grant.ToString("N") }),
        }.ToJsonString();

        await _host.PostInteractionAsync(payload);
        await _api.WaitForAsync("views.publish");

        Assert.That(_host.Grants.Calls.Single(), Is.EqualTo(("release", grant, "alice@example.com", (TimeSpan?)null)));
    }

    [Test]
    public async Task TheBotToken_IsNeverLogged()
    {
        _api.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");
        await _host.PostEventAsync(DirectMessage("Ev11", AliceSlack, "hello"));
        await _api.WaitForAsync("chat.postMessage");
        // The worker's line about the failed attempt, with its exception, comes last: wait for it, not for a fixed time.
        string[] lines = [];
        for (var until = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < until; await Task.Delay(20))
        {
            lock (_host.Logs) lines = [.. _host.Logs];
            if (lines.Any(l => l.Contains("failed on attempt", StringComparison.Ordinal))) break;
        }
        Assert.That(lines, Has.Some.Contain("failed on attempt"), "the worker logged the failed attempt");
        Assert.That(lines.Where(l => l.Contains("xoxb-test-secret-token-123")), Is.Empty);
    }
}
