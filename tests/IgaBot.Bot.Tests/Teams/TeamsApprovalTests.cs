using System.Text.Json.Nodes;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core.Approvals;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>Approvers in Teams: cards sent proactively, clicks decided for the authenticated person, copies kept in step.</summary>
public sealed class TeamsApprovalTests : TeamsFixture
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>The approver has talked to the bot in their 1:1 chat, so the bot holds a reference to it.</summary>
    private async Task NinaHasAChatWithTheBotAsync() =>
        await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "hi", userId: "29:nina", aadObjectId: "aad-nina", conversationId: "a:chat-nina"));

    private async Task RajHasAChatWithTheBotAsync()
    {
        Connector.Members["29:raj"] = new JsonObject { ["id"] = "29:raj", ["email"] = TestPeople.Raj.Email };
        await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "hi", userId: "29:raj", aadObjectId: "aad-raj", conversationId: "a:chat-raj"));
    }

    private Task<(System.Net.HttpStatusCode Status, JsonNode? Body)> ClickAsync(string verb, string userId, string aad, JsonObject? extra = null)
    {
        var view = Samples.PendingApproval();
        var data = new JsonObject { ["requestId"] = view.RequestId.ToString(), ["stage"] = view.StageOrder };
        foreach (var (key, value) in extra ?? []) data[key] = value?.DeepClone();
        return SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, verb, data, userId, aad));
    }

    [Test]
    public async Task ApprovalCard_GoesProactivelyIntoTheApproversChat_WithEverythingNeededToDecide()
    {
        await NinaHasAChatWithTheBotAsync();
        Connector.Reset();

        var sent = await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);

        Assert.That(sent, Is.True);
        var call = Connector.Sent.Single();
        Assert.That(call.Path, Is.EqualTo("/v3/conversations/a:chat-nina/activities"));
        Assert.That(call.Authorization, Is.EqualTo("Bearer outbound-test-token"));
        var text = TextOf(call.Card);
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("Requested by: Tom Baker"));
            Assert.That(text, Does.Contain("App: AWS"));
            Assert.That(text, Does.Contain("Access: AWS prod (read-only)"));
            Assert.That(text, Does.Contain("Duration: Temporary: 3 days, until {{DATE(2025-05-08T09:00:00Z, SHORT)}}"));
            Assert.That(text, Does.Contain("Risk: high"));
            Assert.That(text, Does.Contain("Justification: Investigate failing payment jobs"));
            Assert.That(text, Does.Contain("1 of 3 other Software Engineers hold it: Lucy Evans"));
            Assert.That(text, Does.Contain("below the 60% needed"), "the policy trace is shown");
        });
        Assert.That(ExecuteActions(call.Card).Select(a => (string?)a["verb"]),
            Is.EquivalentTo(new[] { "approval.approve", "approval.deny", "approval.shorter" }));
        Assert.That(call.Card!["refresh"]!["userIds"]!.AsArray().Select(n => (string?)n), Is.EqualTo(new[] { "29:nina" }),
            "the buttons refresh for the approvers Teams knows");
    }

    [Test]
    public async Task ApprovalCard_ToAnApproverSeenOnlyInATeam_OpensAOneToOneChatFirst()
    {
        Connector.Members["29:raj"] = new JsonObject { ["id"] = "29:raj", ["email"] = TestPeople.Raj.Email };
        var inChannel = TeamsActivityJson.Message(Connector.ServiceUrl, "<at>IgaBot</at> hello", userId: "29:raj", aadObjectId: "aad-raj", conversationId: "19:general;messageid=7");
        inChannel["conversation"]!["conversationType"] = "channel";
        await SayAsync(inChannel);
        Connector.Reset();

        var sent = await Host.Notifier.SendApprovalAsync(TestPeople.Raj.Email, Samples.PendingApproval(), None);

        Assert.That(sent, Is.True);
        var create = Connector.Calls.Single(c => c.Path == "/v3/conversations");
        Assert.That((string?)create.Body!["members"]![0]!["id"], Is.EqualTo("29:raj"));
        Assert.That((string?)create.Body["tenantId"], Is.EqualTo(TestPeople.TenantId));
        Assert.That((bool?)create.Body["isGroup"], Is.False);
        var post = Connector.Sent.Single();
        Assert.That(post.Path, Does.StartWith("/v3/conversations/a:created-"));
        var chat = await Host.References.FindPersonalAsync(TestPeople.Raj.Email, None);
        Assert.That(post.Path, Is.EqualTo($"/v3/conversations/{chat!.ConversationId}/activities"), "the new chat is remembered for next time");
    }

    [Test]
    public async Task ApprovalCard_ToSomeoneTheBotHasNeverSeen_IsNotSent_SoTheWorkflowCanEscalate()
    {
        var sent = await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);

        Assert.That(sent, Is.False);
        Assert.That(Connector.Calls, Is.Empty);
    }

    [Test]
    public async Task ApprovalCard_ToSomeoneWhoBlockedTheBot_IsReportedUnreachable()
    {
        await NinaHasAChatWithTheBotAsync();
        Connector.Blocked["a:chat-nina"] = true;

        var sent = await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);

        Assert.That(sent, Is.False);
    }

    [Test]
    public async Task ApprovalCard_SentAgainToTheSameApprover_IsUpdatedInPlace()
    {
        await NinaHasAChatWithTheBotAsync();
        await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);
        var firstId = Connector.Sent.Last();
        Connector.Reset();

        var sent = await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);

        Assert.That(sent, Is.True);
        Assert.That(Connector.Sent, Is.Empty);
        Assert.That(Connector.Updates.Single().Path, Does.StartWith("/v3/conversations/a:chat-nina/activities/activity-"));
    }

    [Test]
    public async Task Reminder_UpdatesTheCard_AndPostsANewMessageInTheApproversChat_WithoutButtons()
    {
        await NinaHasAChatWithTheBotAsync();
        await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);
        var cardId = Connector.Sent.Last().ActivityId;
        Connector.Reset();

        var reminded = await Host.Notifier.RemindApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval() with { Risk = "critical" }, None);

        Assert.That(reminded, Is.True);
        var update = Connector.Updates.Single();
        Assert.That(update.Path, Is.EqualTo($"/v3/conversations/a:chat-nina/activities/{cardId}"), "the card is brought up to date");
        Assert.That(TextOf(update.Card), Does.Contain("Risk: critical"));
        var reminder = Connector.Sent.Single();
        Assert.That(reminder.Path, Is.EqualTo("/v3/conversations/a:chat-nina/activities"), "a new message, which is what Teams notifies about");
        Assert.That((string?)reminder.Body!["text"], Does.Contain("Reminder: Tom Baker is still waiting for your decision on AWS prod (read-only) in AWS"));
        Assert.That((string?)reminder.Body["textFormat"], Is.EqualTo("plain"), "names and entitlements are shown as written");
        Assert.That(reminder.Card, Is.Null, "no second card to decide on");
    }

    [Test]
    public async Task Reminder_ToAnApproverWhoNeverGotTheCard_SendsTheCard()
    {
        await NinaHasAChatWithTheBotAsync();
        Connector.Reset();

        var reminded = await Host.Notifier.RemindApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);

        Assert.That(reminded, Is.True);
        Assert.That(ExecuteActions(Connector.Sent.Single().Card), Is.Not.Empty);
    }

    [Test]
    public async Task Reminder_ToSomeoneWhoBlockedTheBot_IsReportedUnreachable()
    {
        await NinaHasAChatWithTheBotAsync();
        await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None);
        Connector.Blocked["a:chat-nina"] = true;

        Assert.That(await Host.Notifier.RemindApprovalAsync(TestPeople.Nina.Email, Samples.PendingApproval(), None), Is.False);
    }

    [Test]
    public async Task AfterADecision_NoMessageThatEverHadButtons_StillOffersThem_RemindersIncluded()
    {
        await NinaHasAChatWithTheBotAsync();
        await RajHasAChatWithTheBotAsync();
        var pending = Samples.PendingApproval();
        await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, pending, None);
        await Host.Notifier.SendApprovalAsync(TestPeople.Raj.Email, pending, None);
        await Host.Notifier.RemindApprovalAsync(TestPeople.Nina.Email, pending, None);
        await Host.Notifier.RemindApprovalAsync(TestPeople.Raj.Email, pending, None);

        await Host.Notifier.UpdateApprovalAsync(Samples.Decided(pending, DecisionKind.Approved), None);

        var withButtons = Connector.Sent.Where(c => ExecuteActions(c.Card).Any()).ToList();
        Assert.That(withButtons, Has.Count.EqualTo(2), "one card per approver; reminders carry none");
        foreach (var card in withButtons)
        {
            var last = Connector.Updates.Last(u => u.Path.EndsWith("/" + card.ActivityId, StringComparison.Ordinal));
            Assert.That(ExecuteActions(last.Card), Is.Empty, $"{card.Path} {card.ActivityId} still offers buttons");
            Assert.That(TextOf(last.Card), Does.Contain("Approved by Nina Petrova"));
        }
    }

    [Test]
    public async Task Decision_UpdatesEveryApproversCopy_ToShowWhoDecided_WithoutButtons()
    {
        await NinaHasAChatWithTheBotAsync();
        await RajHasAChatWithTheBotAsync();
        var pending = Samples.PendingApproval();
        await Host.Notifier.SendApprovalAsync(TestPeople.Nina.Email, pending, None);
        await Host.Notifier.SendApprovalAsync(TestPeople.Raj.Email, pending, None);
        var sentIds = Connector.Sent.TakeLast(2).Select(c => c.Path).ToList();
        Connector.Reset();

        await Host.Notifier.UpdateApprovalAsync(Samples.Decided(pending, DecisionKind.Approved), None);

        var updates = Connector.Updates;
        Assert.That(updates.Select(u => u.Path.Split('/')[3]), Is.EquivalentTo(new[] { "a:chat-nina", "a:chat-raj" }));
        foreach (var update in updates)
        {
            Assert.That(TextOf(update.Card), Does.Contain("Approved by Nina Petrova"));
            Assert.That(ExecuteActions(update.Card), Is.Empty);
        }
    }

    [Test]
    public async Task Approve_ByAnApprover_IsDecidedForTheAuthenticatedPerson_AndTheCardShowsTheDecision()
    {
        Host.Approvals.Decide = command => new ApprovalResult(true, "Approved.", Samples.Decided(Samples.PendingApproval(), DecisionKind.Approved));

        var (_, body) = await ClickAsync("approval.approve", "29:nina", "aad-nina");

        var command = Host.Approvals.Decisions.Single();
        Assert.That(command.ActorEmail, Is.EqualTo(TestPeople.Nina.Email));
        Assert.That(command.Action, Is.EqualTo(ApprovalAction.Approve));
        Assert.That(command.RequestId, Is.EqualTo(Samples.PendingApproval().RequestId));
        Assert.That(command.StageOrder, Is.EqualTo(1));
        Assert.That((string?)body!["type"], Is.EqualTo("application/vnd.microsoft.card.adaptive"));
        Assert.That(TextOf(body["value"]), Does.Contain("Approved by Nina Petrova"));
        Assert.That(ExecuteActions(body["value"]), Is.Empty);
    }

    [Test]
    public async Task Approve_ByTheRequester_ShowsTheRefusalAndTheTrueState_WhateverTheCardDataClaims()
    {
        var truth = Samples.PendingApproval();
        Host.Approvals.Decide = _ => new ApprovalResult(false, "You cannot decide on a request you made.", truth);

        var (_, body) = await ClickAsync("approval.approve", "29:tom", "aad-tom",
            new JsonObject { ["actorEmail"] = TestPeople.Nina.Email, ["approver"] = TestPeople.Nina.Email });

        Assert.That(Host.Approvals.Decisions.Single().ActorEmail, Is.EqualTo(TestPeople.Tom.Email), "the actor is who clicked, never card data");
        var card = body!["value"];
        Assert.That(TextOf(card), Does.Contain("You cannot decide on a request you made."));
        Assert.That(TextOf(card), Does.Contain("Waiting for: Nina Petrova, Raj Patel"));
        Assert.That(ExecuteActions(card), Is.Empty, "no buttons for someone who may not decide");
    }

    [Test]
    public async Task Approve_BySomeoneOutsideTheRequest_ShowsOnlyThatTheyCannotSeeIt_WhateverTheCardDataClaims()
    {
        // The service refuses Lucy (not an approver) and returns the request's true state: that is not hers to see.
        Host.Approvals.Decide = _ => new ApprovalResult(false, "You are not an approver of this request.", Samples.PendingApproval());

        var (_, body) = await ClickAsync("approval.approve", "29:lucy", "aad-lucy",
            new JsonObject { ["actorEmail"] = TestPeople.Nina.Email, ["approver"] = TestPeople.Nina.Email });

        Assert.That(Host.Approvals.Decisions.Single().ActorEmail, Is.EqualTo(TestPeople.Lucy.Email), "the actor is who clicked, never card data");
        var text = TextOf(body!["value"]);
        Assert.That(text, Does.Contain(ApprovalViews.NotYours));
        Assert.That(text, Does.Not.Contain("Investigate failing payment jobs").And.Not.Contain("Tom Baker").And.Not.Contain("Nina Petrova"));
        Assert.That(ExecuteActions(body["value"]), Is.Empty);
    }

    [Test]
    public async Task SecondClick_AfterTheRequestWasDecided_ShowsTheDecisionThatStands()
    {
        var truth = Samples.Decided(Samples.PendingApproval(), DecisionKind.Denied, "not needed");
        Host.Approvals.Decide = _ => new ApprovalResult(false, "Nina Petrova already denied this request.", truth);

        // Raj has no Teams id in the directory: the bot asks Teams for his email.
        Connector.Members["29:raj"] = new JsonObject { ["id"] = "29:raj", ["email"] = TestPeople.Raj.Email };

        var (_, body) = await ClickAsync("approval.approve", "29:raj", "aad-raj");

        Assert.That(Host.Approvals.Decisions.Single().ActorEmail, Is.EqualTo(TestPeople.Raj.Email));
        var text = TextOf(body!["value"]);
        Assert.That(text, Does.Contain("Nina Petrova already denied this request."));
        Assert.That(text, Does.Contain("Denied by Nina Petrova"));
        Assert.That(text, Does.Contain("not needed"));
        Assert.That(ExecuteActions(body["value"]), Is.Empty);
    }

    [Test]
    public async Task Click_OnAnExpiredRequest_ShowsThatItExpired()
    {
        var truth = Samples.Decided(Samples.PendingApproval(), DecisionKind.Expired) with { Decision = new ApprovalDecisionView(DecisionKind.Expired, null, null, Samples.Now, null, null) };
        Host.Approvals.Decide = _ => new ApprovalResult(false, "This request expired: nobody decided in time.", truth);

        var (_, body) = await ClickAsync("approval.approve", "29:nina", "aad-nina");

        var text = TextOf(body!["value"]);
        Assert.That(text, Does.Contain("This request expired: nobody decided in time."));
        Assert.That(text, Does.Contain("Access request expired"));
        Assert.That(ExecuteActions(body["value"]), Is.Empty);
    }

    [Test]
    public async Task Deny_WithoutAReason_IsNotSent_AndTheCardAsksForOne()
    {
        Host.Approvals.Views[(Samples.PendingApproval().RequestId, 1)] = Samples.PendingApproval();

        var (_, body) = await ClickAsync("approval.deny", "29:nina", "aad-nina", new JsonObject { ["reason"] = "  " });

        Assert.That(Host.Approvals.Decisions, Is.Empty);
        Assert.That(TextOf(body!["value"]), Does.Contain("Please give a reason"));
        Assert.That(ExecuteActions(body["value"]), Is.Not.Empty, "the approver can still decide");
    }

    [Test]
    public async Task Deny_WithAReason_PassesTheReason()
    {
        Host.Approvals.Decide = c => new ApprovalResult(true, "Denied.", Samples.Decided(Samples.PendingApproval(), DecisionKind.Denied, c.Reason));

        var (_, body) = await ClickAsync("approval.deny", "29:nina", "aad-nina", new JsonObject { ["reason"] = "Use the staging account" });

        Assert.That(Host.Approvals.Decisions.Single().Reason, Is.EqualTo("Use the staging account"));
        Assert.That(TextOf(body!["value"]), Does.Contain("Denied by Nina Petrova").And.Contain("Use the staging account"));
    }

    [Test]
    public async Task ApproveForLessTime_PassesTheChosenDuration()
    {
        Host.Approvals.Decide = _ => new ApprovalResult(true, "Approved.", Samples.Decided(Samples.PendingApproval(), DecisionKind.ApprovedShorter));

        var (_, body) = await ClickAsync("approval.shorter", "29:nina", "aad-nina", new JsonObject { ["duration"] = "P1D" });

        var command = Host.Approvals.Decisions.Single();
        Assert.That(command.Action, Is.EqualTo(ApprovalAction.ApproveShorter));
        Assert.That(command.ShorterDuration, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(TextOf(body!["value"]), Does.Contain("for 1 day"));
    }

    [Test]
    public async Task Refresh_ByAnApprover_ShowsTheButtons_AndByTheRequester_OnlyTheState()
    {
        Host.Approvals.Views[(Samples.PendingApproval().RequestId, 1)] = Samples.PendingApproval();

        var (_, forNina) = await ClickAsync("approval.refresh", "29:nina", "aad-nina");
        var (_, forTom) = await ClickAsync("approval.refresh", "29:tom", "aad-tom");

        Assert.That(ExecuteActions(forNina!["value"]), Is.Not.Empty);
        Assert.That(ExecuteActions(forTom!["value"]), Is.Empty);
        Assert.That(TextOf(forTom["value"]), Does.Contain("Investigate failing payment jobs"), "the requester sees their own request");
        Assert.That(Host.Approvals.Decisions, Is.Empty);
    }

    [Test]
    public async Task Refresh_BySomeoneWhoIsNeitherRequesterBeneficiaryNorApprover_ShowsOnlyThatTheyCannotSeeIt()
    {
        // Lucy forges a refresh with Tom's request id: she learns nothing of it (no justification, trace, approvers).
        Host.Approvals.Views[(Samples.PendingApproval().RequestId, 1)] = Samples.PendingApproval();

        var (status, forLucy) = await ClickAsync("approval.refresh", "29:lucy", "aad-lucy");

        Assert.That(status, Is.EqualTo(System.Net.HttpStatusCode.OK));
        var text = TextOf(forLucy!["value"]);
        Assert.That(text, Does.Contain(ApprovalViews.NotYours));
        Assert.That(text, Does.Not.Contain("Investigate failing payment jobs").And.Not.Contain("Tom Baker").And.Not.Contain("AWS")
            .And.Not.Contain("Nina Petrova").And.Not.Contain("below the 60% needed"));
        Assert.That(ExecuteActions(forLucy["value"]), Is.Empty);
    }

    [Test]
    public async Task ManualTask_GoesToTheAppOwner_AndDoneIsRecordedForWhoClicked()
    {
        await RajHasAChatWithTheBotAsync();
        Connector.Reset();
        var task = Samples.ManualTask();

        Assert.That(await Host.Notifier.SendManualTaskAsync(task, None), Is.True);
        var card = Connector.Sent.Single().Card;
        Assert.That(TextOf(card), Does.Contain("Please give Tom Baker access in NetSuite"));
        Assert.That(ExecuteActions(card).Select(a => (string?)a["verb"]), Is.EquivalentTo(new[] { "task.done", "task.cannot" }));

        Host.Approvals.CompleteTask = (_, actor, _, _) => Samples.ManualTask(resolution: $"Done by Raj Patel.");
        var (_, body) = await SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, "task.done",
            new JsonObject { ["taskId"] = task.TaskId.ToString() }, userId: "29:raj", aadObjectId: "aad-raj", conversationId: "a:chat-raj"));

        Assert.That(Host.Approvals.TaskAnswers.Single(), Is.EqualTo((task.TaskId, TestPeople.Raj.Email, true, (string?)null)));
        Assert.That(TextOf(body!["value"]), Does.Contain("Done by Raj Patel."));
        Assert.That(ExecuteActions(body["value"]), Is.Empty);
    }

    [Test]
    public async Task ExpiryReminder_OffersExtendAndReleaseNow_AndReleaseActsForTheHolderWhoClicked()
    {
        await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "hi"));
        Connector.Reset();
        var notice = Samples.Notice(LifecycleKind.Expiring);

        Assert.That(await Host.Notifier.NotifyAsync(notice, None), Is.True);
        var card = Connector.Sent.Single().Card;
        Assert.That(ExecuteActions(card).Select(a => (string?)a["verb"]), Is.EquivalentTo(new[] { "grant.extend", "grant.release" }));

        var (_, body) = await SendAsync(TeamsActivityJson.CardClick(Connector.ServiceUrl, "grant.release",
            new JsonObject { ["grantId"] = notice.GrantId.ToString() }, userId: "29:tom", aadObjectId: "aad-tom", conversationId: "a:chat-tom"));

        Assert.That(Host.Grants.Calls.Single(), Is.EqualTo(("release", notice.GrantId!.Value, TestPeople.Tom.Email, (TimeSpan?)null)));
        Assert.That(TextOf(body!["value"]), Does.Contain("Done: your access was removed."));
    }
}
