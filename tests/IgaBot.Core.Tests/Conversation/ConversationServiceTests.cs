using IgaBot.Core.Agent;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;
using IgaBot.Core.Tests.Agent;
using Microsoft.Extensions.AI;

namespace IgaBot.Core.Tests.Conversation;

[TestFixture]
public sealed class ConversationServiceTests
{
    [Test]
    public async Task SomeoneNotInTheDirectory_IsToldSo_AndNothingIsSaved()
    {
        var offline = new ScriptedChatClient();
        var harness = new AgentHarness(AgentHarness.Company(), offline);

        var reply = await harness.SayAsync("stranger@example.com", "I need admin");

        Assert.That(reply.Text, Does.Contain("can't find you"));
        Assert.That(offline.Requests, Is.Empty);
        Assert.That(harness.States.Saves, Is.Zero);
    }

    [Test]
    public async Task TheOpenQuestion_IsRemembered_AndAClickedOptionFillsTheDraft()
    {
        var offline = new ScriptedChatClient()
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "write" })
            .Then((messages, _) =>
            {
                var missing = ScriptedChatClient.LastResult<PolicyResult>(messages)!.Missing[0];
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("ask", "ask_user", new Dictionary<string, object?>
                {
                    ["slot"] = "duration", ["prompt"] = missing.Prompt, ["options"] = missing.Options.Select(o => o.Value).ToArray(),
                })]));
            })
            .ThenSay("")
            // Turn 2: the click is already in the draft; evaluating without a duration keeps it.
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "write" })
            .ThenCall("submit_request")
            .ThenSay("Sent.");
        var harness = new AgentHarness(AgentHarness.Company(), offline);

        var asked = await harness.SayAsync("jake", "I need to edit reports");
        var answered = await harness.PickAsync("jake", Slot.Duration, "P30D");

        Assert.That(asked.Question!.Slot, Is.EqualTo(Slot.Duration));
        Assert.That(asked.Question.Options.Select(o => o.Label), Does.Contain("30 days"));
        Assert.That(TurnContext.Find(offline.Requests[3].Messages)!.Draft.Duration, Is.EqualTo("P30D"));
        Assert.That(TurnContext.Find(offline.Requests[3].Messages)!.OpenQuestion!.Slot, Is.EqualTo(Slot.Duration));
        Assert.That(answered.Outcome!.Kind, Is.EqualTo(OutcomeKind.Submitted));
        Assert.That(answered.Outcome.Duration, Is.EqualTo(TimeSpan.FromDays(30)));
        var state = harness.States.Peek(harness.Key)!;
        Assert.That(state.Draft.IsEmpty, Is.True, "a submitted request ends the draft");
        Assert.That(state.OpenQuestion, Is.Null);
        Assert.That(state.History.Select(h => h.Role), Is.EqualTo(new[] { "user", "bot", "user", "bot" }));
    }

    [Test]
    public async Task AChoiceThatWasNotOffered_IsRefused_AndChangesNothing()
    {
        var offline = new ScriptedChatClient()
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "write" })
            .ThenCall("ask_user", new() { ["slot"] = "duration", ["prompt"] = "How long?", ["options"] = new[] { "P7D", "P30D" } })
            .ThenSay("");
        var harness = new AgentHarness(AgentHarness.Company(), offline);
        await harness.SayAsync("jake", "I need to edit reports");
        var before = harness.States.Saves;

        var reply = await harness.PickAsync("jake", Slot.Duration, "P3650D");
        var wrongSlot = await harness.PickAsync("jake", Slot.Entitlement, "admin");

        Assert.That(reply.Text, Does.Contain("not one I offered"));
        Assert.That(reply.Question!.Slot, Is.EqualTo(Slot.Duration));
        Assert.That(wrongSlot.Question!.Slot, Is.EqualTo(Slot.Duration));
        Assert.That(harness.States.Saves, Is.EqualTo(before));
        Assert.That(harness.States.Peek(harness.Key)!.Draft.EntitlementId, Is.EqualTo("write"));
        Assert.That(offline.Requests, Has.Count.EqualTo(3), "the agent did not run for the refused clicks");
    }

    [Test]
    public async Task AnOptionMayBeClickedByItsLabel()
    {
        var offline = new ScriptedChatClient()
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "write" })
            .ThenCall("ask_user", new() { ["slot"] = "duration", ["prompt"] = "How long?", ["options"] = new[] { "P7D", "P30D" } })
            .ThenSay("")
            .ThenSay("ok");
        var harness = new AgentHarness(AgentHarness.Company(), offline);
        await harness.SayAsync("jake", "I need to edit reports");

        await harness.PickAsync("jake", Slot.Duration, "7 days");

        Assert.That(TurnContext.Find(offline.Requests[3].Messages)!.Draft.Duration, Is.EqualTo("P7D"));
    }

    [Test]
    public async Task ASaveRace_WithoutSideEffects_RunsTheTurnAgainOnTheNewerState()
    {
        var offline = new ScriptedChatClient().ThenSay("first try").ThenSay("second try");
        var harness = new AgentHarness(AgentHarness.Company(), offline);
        harness.States.ConflictsToRaise = 1;

        var reply = await harness.SayAsync("jake", "hello");

        Assert.That(reply.Text, Is.EqualTo("second try"));
        Assert.That(offline.Requests, Has.Count.EqualTo(2));
        Assert.That(harness.States.Saves, Is.EqualTo(1));
    }

    [Test]
    public async Task ASaveRace_AfterARequestWasStored_ReportsIt_WithoutSubmittingTwice()
    {
        var offline = new ScriptedChatClient()
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "read" })
            .ThenCall("submit_request")
            .ThenSay("done");
        var harness = new AgentHarness(AgentHarness.Company(), offline);
        harness.States.ConflictsToRaise = 1;

        var reply = await harness.SayAsync("jake", "I need to view reports");

        Assert.That(reply.Outcome!.Kind, Is.EqualTo(OutcomeKind.AutoApproved));
        Assert.That(harness.Submitter.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ADeniedRequest_IsAudited_WithTheStateSave()
    {
        var offline = new ScriptedChatClient()
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "sales-only" })
            .ThenSay("Sorry, that one is for Sales.");
        var harness = new AgentHarness(AgentHarness.Company(), offline);

        var reply = await harness.SayAsync("jake", "I need the sales ledger");

        Assert.That(reply.Outcome!.Kind, Is.EqualTo(OutcomeKind.Denied));
        Assert.That(reply.Outcome.Reason, Does.Contain("Sales"));
        Assert.That(harness.States.Audit.Single().Action, Is.EqualTo("request.refused"));
        Assert.That(harness.States.Audit.Single().Subject, Is.EqualTo("person:jake"), "a refused ask concerns a person: no request was stored");
    }

    [Test]
    public async Task TheQuestionPrompt_IsNotRepeatedInTheText()
    {
        var offline = new ScriptedChatClient()
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "write" })
            .ThenCall("ask_user", new() { ["slot"] = "duration", ["prompt"] = "How long do you need it?", ["options"] = new[] { "P7D" } })
            .ThenSay("Reports Editor. How long do you need it?");
        var harness = new AgentHarness(AgentHarness.Company(), offline);

        var reply = await harness.SayAsync("jake", "I need to edit reports");

        Assert.That(reply.Text, Is.EqualTo("Reports Editor."));
        Assert.That(reply.Question!.Prompt, Is.EqualTo("How long do you need it?"));
    }

    [Test]
    public async Task TheSameQuestionAskedOverAndOver_DropsTheRequest_InsteadOfLooping()
    {
        var offline = new ScriptedChatClient();
        for (var i = 0; i < 5; i++)
            offline.ThenCall("evaluate_policy", new() { ["entitlementId"] = "team-write" })
                .ThenCall("ask_user", new() { ["slot"] = "scope", ["prompt"] = "Which team?", ["options"] = new[] { "platform", "payments" } })
                .ThenSay("");
        var harness = new AgentHarness(AgentHarness.Company(), offline);

        var replies = new List<TurnReply> { await harness.SayAsync("jake", "I need to push to a team's repos") };
        for (var i = 0; i < 3; i++) replies.Add(await harness.SayAsync("jake", "the blue one"));

        Assert.That(replies.Take(3).Select(r => r.Question?.Slot), Is.All.EqualTo(Slot.Scope));
        Assert.That(replies[3].Question, Is.Null);
        Assert.That(replies[3].Text, Does.Contain("dropped this request"));
        var state = harness.States.Peek(harness.Key)!;
        Assert.That(state.Draft.IsEmpty, Is.True);
        Assert.That(state.OpenQuestion, Is.Null);
        Assert.That(harness.Submitter.Calls, Is.Empty);
    }
}
