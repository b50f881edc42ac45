using System.Collections.Concurrent;
using IgaBot.Core.Agent;
using IgaBot.Core.Budgets;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;
using IgaBot.Core.Tests.Agent;
using Microsoft.Extensions.AI;

namespace IgaBot.Core.Tests.Budgets;

/// <summary>
/// The conversation and the agent take from the person's budgets: a spent turn budget answers "slow down" without
/// running anything, a spent model budget hands the turn to the offline planner.
/// </summary>
[TestFixture]
public sealed class TurnBudgetTests
{
    /// <summary>A budget of so many units per kind and person, for the whole test.</summary>
    private sealed class CountingBudget(int turns = int.MaxValue, int clicks = int.MaxValue, int modelCalls = int.MaxValue) : ITurnBudget
    {
        private readonly ConcurrentDictionary<(BudgetKind, string), int> _taken = new();

        public ValueTask<BudgetVerdict> TryTakeAsync(BudgetKind kind, string personEmail, CancellationToken ct)
        {
            var limit = kind switch { BudgetKind.Turn => turns, BudgetKind.CardClick => clicks, _ => modelCalls };
            var taken = _taken.AddOrUpdate((kind, personEmail), 1, (_, n) => n + 1);
            return ValueTask.FromResult(taken <= limit ? BudgetVerdict.Granted : BudgetVerdict.Refused(TimeSpan.FromSeconds(42)));
        }
    }

    [Test]
    public async Task OverTheTurnBudget_TheReplySaysSlowDown_AndNothingRuns()
    {
        var offline = new ScriptedChatClient().ThenSay("Hello.").ThenSay("Hello again.");
        var harness = new AgentHarness(AgentHarness.Company(), offline, budget: new CountingBudget(turns: 2));

        await harness.SayAsync("jake", "hi");
        await harness.SayAsync("jake", "hi");
        var saves = harness.States.Saves;
        var third = await harness.SayAsync("jake", "I need reports admin");

        Assert.That(third.Text, Does.Contain("slow down").And.Contain("45 seconds"));
        Assert.That(third.Outcome, Is.Null);
        Assert.That(offline.Requests, Has.Count.EqualTo(2), "the agent did not run for the refused turn");
        Assert.That(harness.States.Saves, Is.EqualTo(saves), "the conversation's state did not change");
        Assert.That((await harness.SayAsync("lucy", "hi")).Text, Does.Not.Contain("slow down"), "the budget is per person");
    }

    [Test]
    public async Task OverTheTurnBudget_AClickedOption_GetsItsQuestionBack()
    {
        var offline = new ScriptedChatClient()
            .ThenCall("ask_user", new() { ["slot"] = "duration", ["prompt"] = "For how long?", ["options"] = new[] { "P1D", "P7D" } })
            .ThenSay("");
        var harness = new AgentHarness(AgentHarness.Company(), offline, budget: new CountingBudget(turns: 1));

        var asked = await harness.SayAsync("jake", "I need to edit reports");
        var refused = await harness.PickAsync("jake", Slot.Duration, "P1D");

        Assert.That(asked.Question, Is.Not.Null);
        Assert.That(refused.Text, Does.Contain("slow down"));
        Assert.That(refused.Question?.Slot, Is.EqualTo(Slot.Duration), "the card the click replaces still asks its question");
    }

    [Test]
    public async Task OverTheModelBudget_TheOfflinePlannerAnswers_AndTheModelIsNotCalledAgain()
    {
        var model = new ScriptedChatClient()
            .ThenCall("evaluate_policy", new() { ["entitlementId"] = "read" })
            .ThenSay("From the model.");
        var offline = new ScriptedChatClient().ThenSay("From the offline planner.");
        var harness = new AgentHarness(AgentHarness.Company(), offline, model, budget: new CountingBudget(modelCalls: 1));

        var reply = await harness.SayAsync("jake", "I need to view reports");

        Assert.That(model.Requests, Has.Count.EqualTo(1), "the second model call of the turn was refused before it was made");
        Assert.That(reply.Text, Does.StartWith(SlowDown.Text(BudgetKind.ModelCall, TimeSpan.FromSeconds(42))));
        Assert.That(reply.Text, Does.Contain("From the offline planner."));
        Assert.That(harness.Meter.Fallbacks, Is.EqualTo(1));
    }

    [Test]
    public async Task WithoutABudget_NothingIsLimited()
    {
        var offline = new ScriptedChatClient();
        var harness = new AgentHarness(AgentHarness.Company(), offline);

        for (var i = 0; i < 40; i++)
            Assert.That((await harness.SayAsync("jake", "hi")).Text, Does.Not.Contain("slow down"));
    }

    [Test]
    public void EnsureAsync_ThrowsSlowDown_WithTheSentenceToShow()
    {
        var budget = new CountingBudget(clicks: 0);

        var refused = Assert.ThrowsAsync<SlowDownException>(async () => await budget.EnsureAsync(BudgetKind.CardClick, "jake", CancellationToken.None));

        Assert.That(refused!.Kind, Is.EqualTo(BudgetKind.CardClick));
        Assert.That(refused.Message, Does.Contain("clicks").And.Contain("Nothing was done"));
    }
}
