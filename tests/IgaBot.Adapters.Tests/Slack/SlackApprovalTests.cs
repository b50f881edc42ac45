using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Adapters.Slack;
using IgaBot.Core.Approvals;
using Microsoft.Extensions.DependencyInjection;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackApprovalTests
{
    private FakeSlackApi _api = null!;
    private SlackTestHost _host = null!;
    private SlackNotifier _notifier = null!;

    private static readonly Guid RequestId = Guid.Parse("0192f0c4-1111-7000-8000-000000000001");

    private static ApprovalView View() => new()
    {
        RequestId = RequestId,
        StageOrder = 1,
        RequesterEmail = "alice@example.com",
        RequesterName = "Alice Moreau",
        BeneficiaryEmail = "alice@example.com",
        BeneficiaryName = "Alice Moreau",
        BeneficiaryTitle = "Engineer",
        EntitlementId = "logs-admin",
        EntitlementName = "Logs admin",
        AppName = "Datadog",
        Scope = "prod",
        Duration = TimeSpan.FromDays(7),
        Until = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero),
        Risk = "High",
        Justification = "Incident <!channel> & friends",
        PeersHolding = ["Bob Stone", "Carla Diaz"],
        PeerCount = 5,
        Trace = ["Logs admin is high risk.", "Needs the manager and the owner."],
        Approvers = ["nina@example.com", "omar@example.com"],
        ShorterOptions = [TimeSpan.FromDays(1), TimeSpan.FromDays(3)],
    };

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeSlackApi.StartAsync();
        AddSlackUsers(_api);
        _host = await SlackTestHost.StartAsync(_api);
        _host.Approvals.View = View();
        _notifier = _host.Services.GetRequiredService<SlackNotifier>();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    private async Task SendToBothApproversAsync()
    {
        Assert.That(await _notifier.SendApprovalAsync("nina@example.com", View(), CancellationToken.None), Is.True);
        Assert.That(await _notifier.SendApprovalAsync("omar@example.com", View(), CancellationToken.None), Is.True);
    }

    private static string Click(string user, string actionId, JsonObject action, string channel = "DUNINA", string ts = "1700000001.000100")
    {
        action["action_id"] = actionId;
        return new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user },
            ["trigger_id"] = "trigger-1",
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel, ["message_ts"] = ts },
            ["channel"] = new JsonObject { ["id"] = channel },
            ["actions"] = new JsonArray(action),
        }.ToJsonString();
    }

    [Test]
    public async Task EachApprover_GetsADirectMessageWithEverythingTheTeamsCardShows()
    {
        await SendToBothApproversAsync();

        var posts = _api.CallsOf("chat.postMessage");
        Assert.That(posts.Select(p => p.Arg("channel")), Is.EquivalentTo(new[] { "DUNINA", "DUOMAR" }));
        Assert.That(_api.CallsOf("users.lookupByEmail").Single().Arg("email"), Is.EqualTo("omar@example.com"),
            "Nina's Slack id comes from the directory, Omar's from Slack");
        var blocks = posts[0].Strings("blocks");
        Assert.Multiple(() =>
        {
            foreach (var expected in new[] { "Alice Moreau", "Engineer", "Logs admin", "Datadog", "prod", "Temporary: 1 week", "<!date^", "High",
                         "Bob Stone, Carla Diaz", "2 of 5", "Needs the manager and the owner.", SlackActions.Approve, SlackActions.Deny, SlackActions.ApproveShorter,
                         "Approve for 1 day", "Approve for 3 days" })
                Assert.That(blocks, Does.Contain(expected));
            var texts = SlackTextObjects.Of(posts[0].Json.GetProperty("blocks"));
            Assert.That(texts, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", "Incident <!channel> & friends", false)),
                "the justification is plain text, which Slack shows as written and never pings from");
            Assert.That(texts.Where(t => t.Type == "mrkdwn").Select(t => t.Text), Has.None.Contain("!channel"));
        });
    }

    [Test]
    public async Task ClickingApprove_DecidesAsTheResolvedSlackUserAndUpdatesEveryApproversMessage()
    {
        await SendToBothApproversAsync();
        var ninaTs = _api.CallsOf("chat.postMessage").Single(p => p.Arg("channel") == "DUNINA");

        // The button value names the request; nothing in it can name the actor.
        await _host.PostInteractionAsync(Click(OmarSlack, SlackActions.Approve,
            new JsonObject { ["value"] = SlackActions.Stage(RequestId, 1) + "|nina@example.com" }, channel: "DUOMAR"));
        await _host.PostInteractionAsync(Click(OmarSlack, SlackActions.Approve,
            new JsonObject { ["value"] = SlackActions.Stage(RequestId, 1) }, channel: "DUOMAR"));
        await _api.WaitForAsync("chat.update", count: 2);
        await _host.DrainAsync();

        var command = _host.Approvals.Commands.Single();
        var updates = _api.CallsOf("chat.update");
        Assert.Multiple(() =>
        {
            Assert.That(command, Is.EqualTo(new ApprovalCommand(RequestId, 1, "omar@example.com", ApprovalAction.Approve)));
            Assert.That(updates.Select(u => u.Arg("channel")), Is.EquivalentTo(new[] { "DUNINA", "DUOMAR" }));
            Assert.That(updates.Single(u => u.Arg("channel") == "DUNINA").Arg("ts"), Is.EqualTo(ninaTs.ResponseJson.GetProperty("ts").GetString()),
                "Nina's own message is updated in place");
            foreach (var update in updates)
            {
                var blocks = update.Strings("blocks");
                Assert.That(blocks, Does.Contain("Approved").And.Contain("omar@example.com"));
                Assert.That(blocks, Does.Not.Contain(SlackActions.Approve), "no buttons after the decision");
            }
        });
    }

    [Test]
    public async Task ClickingDeny_OpensAReasonModalAndTheSubmissionDenies()
    {
        await SendToBothApproversAsync();
        await _host.PostInteractionAsync(Click(NinaSlack, SlackActions.Deny, new JsonObject { ["value"] = SlackActions.Stage(RequestId, 1) }));

        var open = _api.CallsOf("views.open").Single();
        var view = open.Json.GetProperty("view");
        Assert.That(view.GetProperty("callback_id").GetString(), Is.EqualTo(SlackActions.DenyModal));
        Assert.That(_host.Approvals.Commands, Is.Empty, "a click on Deny alone decides nothing");

        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = NinaSlack },
            ["view"] = new JsonObject
            {
                ["callback_id"] = SlackActions.DenyModal,
                ["private_metadata"] = view.GetProperty("private_metadata").GetString(),
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["reason"] = new JsonObject { ["value"] = new JsonObject { ["value"] = "Not needed for this incident" } } } },
            },
        };
        await _host.PostInteractionAsync(submission.ToJsonString());
        await _api.WaitForAsync("chat.update", count: 2);

        Assert.That(_host.Approvals.Commands.Single(),
            Is.EqualTo(new ApprovalCommand(RequestId, 1, "nina@example.com", ApprovalAction.Deny, "Not needed for this incident")));
        Assert.That(_api.CallsOf("chat.update")[0].Strings("blocks"), Does.Contain("Denied").And.Contain("Not needed for this incident"));
    }

    [Test]
    public async Task ADenyReasonTypedInTheModal_ReachesEveryApproverAsWritten()
    {
        await SendToBothApproversAsync();
        var submission = new JsonObject
        {
            ["type"] = "view_submission",
            ["user"] = new JsonObject { ["id"] = NinaSlack },
            ["view"] = new JsonObject
            {
                ["callback_id"] = SlackActions.DenyModal,
                ["private_metadata"] = SlackActions.Stage(RequestId, 1),
                ["state"] = new JsonObject { ["values"] = new JsonObject { ["reason"] = new JsonObject { ["value"] = new JsonObject { ["value"] = SlackTextObjects.Spoof } } } },
            },
        };
        await _host.PostInteractionAsync(submission.ToJsonString());
        await _api.WaitForAsync("chat.update", count: 2);

        Assert.That(_host.Approvals.Commands.Single().Reason, Is.EqualTo(SlackTextObjects.Spoof));
        foreach (var update in _api.CallsOf("chat.update"))
            SlackTextObjects.AssertShownAsWritten(SlackTextObjects.Of(update.Json.GetProperty("blocks")), SlackTextObjects.Spoof);
    }

    [Test]
    public async Task ApprovingForLess_PassesTheChosenDuration()
    {
        await SendToBothApproversAsync();
        await _host.PostInteractionAsync(Click(NinaSlack, SlackActions.ApproveShorter, new JsonObject
        {
            ["type"] = "static_select",
            ["selected_option"] = new JsonObject { ["value"] = SlackActions.Shorter(RequestId, 1, TimeSpan.FromDays(3)) },
        }));
        await _api.WaitForAsync("chat.update", count: 2);

        Assert.That(_host.Approvals.Commands.Single(),
            Is.EqualTo(new ApprovalCommand(RequestId, 1, "nina@example.com", ApprovalAction.ApproveShorter, ShorterDuration: TimeSpan.FromDays(3))));
    }

    [Test]
    public async Task ADecisionThatDidNotCount_IsExplainedToTheClicker()
    {
        await SendToBothApproversAsync();
        _host.Approvals.Decide = (_, view) => new ApprovalResult(false, "You are not an approver of this request.", view);

        await _host.PostInteractionAsync(Click(AliceSlack, SlackActions.Approve, new JsonObject { ["value"] = SlackActions.Stage(RequestId, 1) }, channel: "DUALICE"));
        var told = await _api.WaitForAsync("chat.postMessage", p => p.Arg("channel") == "DUALICE");

        Assert.That(told.Arg("text"), Is.EqualTo("You are not an approver of this request."));
        Assert.That(_host.Approvals.Commands.Single().ActorEmail, Is.EqualTo("alice@example.com"));
    }

    [Test]
    public async Task SomeoneOutsideTheDirectory_CannotDecide()
    {
        await _host.PostInteractionAsync(Click(MallorySlack, SlackActions.Approve, new JsonObject { ["value"] = SlackActions.Stage(RequestId, 1) }, channel: "DUMALLORY"));
        var told = await _api.WaitForAsync("chat.postMessage");

        Assert.That(told.Arg("text"), Does.Contain("can't find you"));
        Assert.That(_host.Approvals.Commands, Is.Empty);
    }

    [Test]
    public async Task SendingAgain_UpdatesTheSameMessageInsteadOfPostingAnother()
    {
        await SendToBothApproversAsync();
        await _notifier.SendApprovalAsync("nina@example.com", View() with { Risk = "Critical" }, CancellationToken.None);

        Assert.That(_api.CallsOf("chat.postMessage"), Has.Count.EqualTo(2));
        Assert.That(_api.CallsOf("chat.update").Single().Strings("blocks"), Does.Contain("Critical"));
    }

    [Test]
    public async Task AReminder_IsANewDirectMessageThatNotifies_PointingAtTheUpdatedApprovalMessage()
    {
        await SendToBothApproversAsync();
        var original = _api.CallsOf("chat.postMessage")[0];
        var originalTs = original.ResponseJson.GetProperty("ts").GetString();

        var reminded = await _notifier.RemindApprovalAsync("nina@example.com", View() with { Risk = "Critical" }, CancellationToken.None);

        Assert.That(reminded, Is.True);
        var posts = _api.CallsOf("chat.postMessage");
        Assert.That(posts, Has.Count.EqualTo(3), "a new message, which is what notifies");
        var reminder = posts[2];
        Assert.That(reminder.Arg("channel"), Is.EqualTo(original.Arg("channel")), "in the approver's DM");
        Assert.That(reminder.Arg("thread_ts"), Is.Null, "top level, not hidden in a thread");
        Assert.That(reminder.Strings("blocks"), Does.Contain(":bell: Reminder").And.Contain("Alice Moreau").And.Contain("Logs admin")
            .And.Contain($"https://example.slack.com/archives/DUNINA/p{originalTs!.Replace(".", "")}"));
        Assert.That(HasButtons(reminder), Is.False, "the reminder is no second place to decide");
        var update = _api.CallsOf("chat.update").Single();
        Assert.That(update.Arg("ts"), Is.EqualTo(originalTs), "the original is brought up to date");
        Assert.That(update.Strings("blocks"), Does.Contain("Critical"));
    }

    [Test]
    public async Task AReminder_ForAnApproverWhoNeverGotTheMessage_SendsTheApprovalItself()
    {
        var reminded = await _notifier.RemindApprovalAsync("nina@example.com", View(), CancellationToken.None);

        Assert.That(reminded, Is.True);
        Assert.That(HasButtons(_api.CallsOf("chat.postMessage").Single()), Is.True);
    }

    [Test]
    public async Task AfterADecision_NoMessageThatEverHadButtons_StillOffersThem()
    {
        await SendToBothApproversAsync();
        await _notifier.RemindApprovalAsync("nina@example.com", View(), CancellationToken.None);
        await _notifier.RemindApprovalAsync("omar@example.com", View(), CancellationToken.None);

        await _notifier.UpdateApprovalAsync(View() with
        {
            Decision = new ApprovalDecisionView(DecisionKind.Approved, "nina@example.com", "Nina Petrova", DateTimeOffset.UtcNow, null, null),
        }, CancellationToken.None);

        var withButtons = _api.CallsOf("chat.postMessage").Where(HasButtons).Select(p => p.ResponseJson.GetProperty("ts").GetString()).ToList();
        Assert.That(withButtons, Has.Count.EqualTo(2), "one approval message per approver, reminders without buttons");
        foreach (var ts in withButtons)
        {
            var last = _api.CallsOf("chat.update").Last(u => u.Arg("ts") == ts);
            Assert.That(HasButtons(last), Is.False, $"message {ts} still offers buttons");
            Assert.That(last.Strings("blocks"), Does.Contain("Nina Petrova"));
        }
    }

    private static bool HasButtons(SlackCall call) =>
        call.Json.GetProperty("blocks").EnumerateArray().Any(b => b.GetProperty("type").GetString() == "actions");

    [Test]
    public async Task AnApproverNotInSlack_IsReportedUnreachable()
    {
        var delivered = await _notifier.SendApprovalAsync("nobody@example.com", View(), CancellationToken.None);

        Assert.That(delivered, Is.False);
        Assert.That(_api.CallsOf("chat.postMessage"), Is.Empty);
    }

    [Test]
    public async Task ExpiringAccess_OffersExtendAndRelease()
    {
        var grant = Guid.NewGuid();
        var sent = await _notifier.NotifyAsync(new LifecycleNotice
        {
            Kind = LifecycleKind.Expiring,
            RecipientEmail = "alice@example.com",
            EntitlementName = "Read logs",
            AppName = "Datadog",
            GrantId = grant,
            ExpiresAt = DateTimeOffset.UtcNow.AddHours(20),
            Text = "Your Read logs access ends tomorrow.",
        }, CancellationToken.None);

        Assert.That(sent, Is.True);
        var blocks = _api.CallsOf("chat.postMessage").Single().Strings("blocks");
        Assert.That(blocks, Does.Contain(SlackActions.Extension(grant, TimeSpan.FromDays(3))).And.Contain(SlackActions.Release));

        await _host.PostInteractionAsync(Click(AliceSlack, SlackActions.Extend, new JsonObject
        {
            ["selected_option"] = new JsonObject { ["value"] = SlackActions.Extension(grant, TimeSpan.FromDays(3)) },
        }, channel: "DUALICE"));
        await _api.WaitForAsync("chat.postMessage", count: 2);

        Assert.That(_host.Grants.Calls.Single(), Is.EqualTo(("extend", grant, "alice@example.com", (TimeSpan?)TimeSpan.FromDays(3))));
    }

    [Test]
    public async Task AManualTask_IsAnsweredWithDoneAndTheMessageShowsIt()
    {
        var task = new ManualTaskView
        {
            TaskId = Guid.NewGuid(),
            OwnerEmail = "omar@example.com",
            AppName = "Datadog",
            EntitlementName = "Read logs",
            PersonEmail = "alice@example.com",
            PersonName = "Alice Moreau",
            Operation = "grant",
            Text = "Please give Alice Moreau Read logs in Datadog.",
        };
        _host.Approvals.Task = task;
        Assert.That(await _notifier.SendManualTaskAsync(task, CancellationToken.None), Is.True);
        Assert.That(_api.CallsOf("chat.postMessage").Single().Strings("blocks"),
            Does.Contain(SlackActions.TaskDone).And.Contain(SlackActions.TaskCannot));

        await _host.PostInteractionAsync(Click(OmarSlack, SlackActions.TaskDone, new JsonObject { ["value"] = SlackActions.Id(task.TaskId) }, channel: "DUOMAR"));
        var update = await _api.WaitForAsync("chat.update");

        Assert.That(_host.Approvals.TaskAnswers.Single(), Is.EqualTo((task.TaskId, "omar@example.com", true, (string?)null)));
        Assert.That(update.Strings("blocks"), Does.Contain("Done by omar@example.com").And.Not.Contain(SlackActions.TaskDone));
    }
}
