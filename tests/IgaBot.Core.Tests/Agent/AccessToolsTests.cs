using System.Text.Json;
using IgaBot.Core.Agent;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;
using IgaBot.Core.Tests.Policy;
using Microsoft.Extensions.AI;

namespace IgaBot.Core.Tests.Agent;

[TestFixture]
public sealed class AccessToolsTests
{
    private static readonly string[] ActorWords = ["actor", "requester", "user", "requesteremail", "actoremail", "email", "useremail"];

    [Test]
    public async Task EvaluatePolicy_WithAnUnknownEntitlement_SaysSo_AndKeepsTheDraft()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake", DialogState.Empty with { Draft = new DraftRequest { EntitlementId = "read" } });

        var result = await tools.EvaluatePolicyAsync("super-admin-everything");

        Assert.That(result.Outcome, Is.Null);
        Assert.That(result.Message, Does.Contain("no entitlement 'super-admin-everything'"));
        Assert.That(turn.Draft.EntitlementId, Is.EqualTo("read"));
        Assert.That(turn.DraftTouched, Is.False);
    }

    [Test]
    public async Task EvaluatePolicy_RecordsTheEvaluatedValuesAsTheDraft()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");

        var result = await tools.EvaluatePolicyAsync("write", duration: "P14D");

        Assert.That(result.Outcome, Is.EqualTo(PolicyOutcome.NeedsApproval));
        Assert.That(turn.Draft.EntitlementId, Is.EqualTo("write"));
        Assert.That(turn.Draft.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromDays(14))));
        Assert.That(result.Stages[0].Approvers, Is.EqualTo(new[] { "mgr" }));
    }

    [Test]
    public async Task EvaluatePolicy_WithADurationOverTheLimit_AsksAgainAndDropsTheDuration()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");

        var result = await tools.EvaluatePolicyAsync("write", duration: "1 year");

        Assert.That(result.Outcome, Is.EqualTo(PolicyOutcome.NeedsInput));
        Assert.That(result.Missing[0].Slot, Is.EqualTo(Slot.Duration));
        Assert.That(result.Missing[0].Options.Select(o => o.Value), Does.Contain("P90D").And.Not.Contain("P365D"));
        Assert.That(turn.Draft.Duration.IsStated, Is.False);
    }

    [Test]
    public async Task EvaluatePolicy_ForSomeoneWhoIsNotADirectReport_IsDenied_SayingWhatAndWhy_AndNothingOfTheirAccess()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");

        var result = await tools.EvaluatePolicyAsync("read", beneficiary: "tom");
        turn.Finish();

        Assert.Multiple(() =>
        {
            Assert.That(result.Outcome, Is.EqualTo(PolicyOutcome.Denied));
            Assert.That(result.Message, Does.Contain("not your direct report"));
            Assert.That(result.Trace, Has.Count.EqualTo(1), "the trace says who may ask and nothing about the other person's access");
            Assert.That(turn.Outcome?.Kind, Is.EqualTo(OutcomeKind.Denied));
            Assert.That(turn.Outcome?.EntitlementId, Is.EqualTo("read"));
            Assert.That(turn.Outcome?.Beneficiary, Is.EqualTo("jake"), "nothing is for tom: the refused request is jake's own");
            Assert.That(turn.Outcome?.Reason, Does.Contain("not your direct report"));
            Assert.That(turn.Draft.IsEmpty, Is.True);
            Assert.That(turn.Audit.Select(a => a.Action), Is.EqualTo(new[] { "request.refused" }));
        });
    }

    [Test]
    public async Task SubmitRequest_ForSomeoneWhoIsNotADirectReport_IsRefused_AndNothingIsSubmitted()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");

        await tools.EvaluatePolicyAsync("read", beneficiary: "tom");
        var submitted = await tools.SubmitRequestAsync();

        Assert.That(submitted.Status, Is.EqualTo("not_submitted"));
        Assert.That(submitted.Message, Does.Contain("not your direct report"));
        Assert.That(harness.Submitter.Calls, Is.Empty);
    }

    [Test]
    public async Task EvaluatePolicy_ForADirectReport_DecidesForThem()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("mgr");

        var result = await tools.EvaluatePolicyAsync("write", duration: "P7D", beneficiary: "Tom");

        Assert.That(result.Beneficiary, Is.EqualTo("tom"));
        Assert.That(turn.Draft.Beneficiary, Is.EqualTo("tom"));
        // The requester (mgr) is tom's manager and may not approve: the stage goes up to vp.
        Assert.That(result.Stages[0].Approvers, Is.EqualTo(new[] { "vp" }));
    }

    [Test]
    public async Task EvaluatePolicy_ForADirectReportNamedByEmailWithSpacesAndCapitals_DecidesForThem()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("mgr");

        var result = await tools.EvaluatePolicyAsync("write", duration: "P7D", beneficiary: "  TOM ");

        Assert.That(result.Beneficiary, Is.EqualTo("tom"));
        Assert.That(turn.Draft.Beneficiary, Is.EqualTo("tom"));
    }

    [Test]
    public async Task EvaluatePolicy_ForSomeoneElseNamedByEmailWithSpacesAndCapitals_IsStillDenied()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");

        var result = await tools.EvaluatePolicyAsync("read", beneficiary: " Tom ");
        turn.Finish();

        Assert.That(result.Outcome, Is.EqualTo(PolicyOutcome.Denied));
        Assert.That(result.Beneficiary, Is.EqualTo("tom"));
        Assert.That(turn.Audit.Select(a => a.Action), Does.Contain("request.refused"));
        Assert.That(turn.Draft.IsEmpty, Is.True);
    }

    [Test]
    public async Task SubmitRequest_WhenThePolicyDenies_StoresNothing()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");
        await tools.EvaluatePolicyAsync("sales-only");

        var result = await tools.SubmitRequestAsync();
        turn.Finish();

        Assert.That(result.Submitted, Is.False);
        Assert.That(harness.Access.Requests, Is.Empty);
        Assert.That(turn.Outcome?.Kind, Is.EqualTo(OutcomeKind.Denied));
        Assert.That(turn.Audit.Single().Action, Is.EqualTo("request.refused"));
    }

    [Test]
    public async Task SubmitRequest_WithoutADraft_SaysWhatIsMissing()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, _) = harness.ToolsFor("jake");

        var result = await tools.SubmitRequestAsync();

        Assert.That(result.Submitted, Is.False);
        Assert.That(result.Message, Does.Contain("evaluate_policy"));
        Assert.That(harness.Submitter.Calls, Is.Empty);
    }

    [Test]
    public async Task SubmitRequest_NeedingApproval_IsStoredPending_WithTheFirstStagesApprovers()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");
        await tools.EvaluatePolicyAsync("write", duration: "P30D");

        var result = await tools.SubmitRequestAsync();

        Assert.That(result.Status, Is.EqualTo("pending_approval"));
        Assert.That(harness.Access.Requests.Single().Status, Is.EqualTo(RequestStatus.PendingApproval));
        Assert.That(turn.Outcome!.Kind, Is.EqualTo(OutcomeKind.Submitted));
        Assert.That(turn.Outcome.NextApprovers, Is.EqualTo(new[] { "mgr" }));
        Assert.That(turn.Outcome.Duration, Is.EqualTo(TimeSpan.FromDays(30)));
    }

    [Test]
    public async Task AskUser_WithAnUnknownSlot_AsksNothing()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, turn) = harness.ToolsFor("jake");

        var result = await tools.AskUserAsync("approver", "Who should approve?", ["jake"]);

        Assert.That(result.Asked, Is.False);
        Assert.That(turn.Asked, Is.Null);
    }

    [Test]
    public async Task AskUser_ForTheEntitlement_OffersOnlyCatalogEntitlements_AndMarksWhatPeersHold()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("tom", "write");
        harness.Access.Hold("lucy", "write");
        harness.Access.Hold("kai", "read");
        var (tools, turn) = harness.ToolsFor("jake");

        await tools.AskUserAsync("entitlement", "Which one?", ["read", "write", "root-of-everything"]);

        Assert.That(turn.Asked!.Options.Select(o => o.Value), Is.EqualTo(new[] { "read", "write" }));
        Assert.That(turn.Asked.Options.Single(o => o.Value == "write").Hint, Does.Contain("Most people with your title"));
        Assert.That(turn.Asked.Options.Single(o => o.Value == "read").Hint, Does.Not.Contain("Most people"));
    }

    [Test]
    public async Task RevokeMyAccess_ForAccessNotHeld_SaysSo_AndReleasesNothing()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("tom", "read");
        var (tools, _) = harness.ToolsFor("jake");

        var result = await tools.RevokeMyAccessAsync("read");

        Assert.That(result.Done, Is.False);
        Assert.That(result.Message, Does.Contain("do not hold"));
        Assert.That(harness.Grants.Released, Is.Empty);
    }

    [Test]
    public async Task RevokeMyAccess_OfAnotherPersonsGrantId_IsNotFound()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("tom", "read");
        var (tools, _) = harness.ToolsFor("jake");

        var result = await tools.RevokeMyAccessAsync(harness.Access.Grants[0].Id.ToString());

        Assert.That(result.Done, Is.False);
        Assert.That(harness.Grants.Released, Is.Empty);
    }

    [Test]
    public async Task ExtendAccess_OfPermanentAccess_SaysThereIsNothingToExtend()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("jake", "read");
        var (tools, _) = harness.ToolsFor("jake");

        var result = await tools.ExtendAccessAsync("read", "P7D");

        Assert.That(result.Done, Is.False);
        Assert.That(result.Message, Does.Contain("permanent"));
        Assert.That(harness.Grants.Extensions, Is.Empty);
    }

    [Test]
    public void NoTool_TakesTheActorAsAnArgument()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, _) = harness.ToolsFor("jake");

        var parameters = tools.AsAITools().OfType<AIFunction>()
            .SelectMany(f => f.JsonSchema.GetProperty("properties").EnumerateObject().Select(p => (Tool: f.Name, Parameter: p.Name)))
            .ToList();

        Assert.That(parameters, Is.Not.Empty);
        Assert.That(parameters.Where(p => ActorWords.Contains(p.Parameter.ToLowerInvariant())), Is.Empty);
        Assert.That(tools.AsAITools().Select(t => t.Name), Is.EquivalentTo(new[]
        {
            "search_entitlements", "get_entitlement", "list_my_access", "peer_access", "evaluate_policy",
            "ask_user", "submit_request", "revoke_my_access", "extend_access", "clear_draft",
        }));
    }

    [Test]
    public async Task SubmitRequest_CalledWithARequesterArgument_StillActsForTheAuthenticatedPerson()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, _) = harness.ToolsFor("jake");
        await tools.EvaluatePolicyAsync("write", duration: "P30D");
        var submit = tools.AsAITools().OfType<AIFunction>().Single(f => f.Name == "submit_request");

        await submit.InvokeAsync(new AIFunctionArguments { ["requester"] = "ceo", ["status"] = "approved" });

        var request = harness.Access.Requests.Single();
        Assert.That(request.Requester, Is.EqualTo("jake"));
        Assert.That(request.Status, Is.EqualTo(RequestStatus.PendingApproval));
    }

    [Test]
    public async Task ToolResults_AreJsonWithAMessageForTheModel()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        var (tools, _) = harness.ToolsFor("jake");
        var evaluate = tools.AsAITools().OfType<AIFunction>().Single(f => f.Name == "evaluate_policy");

        var result = await evaluate.InvokeAsync(new AIFunctionArguments { ["entitlementId"] = "read" });

        var json = (JsonElement)result!;
        Assert.That(json.GetProperty("outcome").GetString(), Is.EqualTo("autoApproved"));
        Assert.That(json.GetProperty("message").GetString(), Does.Contain("Reports Viewer is auto-approved"));
    }

    [Test]
    public async Task RevokeMyAccess_ThatTheGrantServiceRefuses_IsNotReportedAsReleased()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("jake", "read");
        var (tools, turn) = harness.ToolsFor("jake");
        var unavailable = new AccessTools(turn, new AgentServices(new KeywordEntitlementSearch(harness.Tenant), harness.Access, harness.Submitter,
            new RefusingGrants()));

        var result = await unavailable.RevokeMyAccessAsync("read");

        Assert.That(result.Done, Is.False);
        Assert.That(result.Message, Does.Contain("not available"));
        Assert.That(turn.Outcome, Is.Null);
    }

    [Test]
    public async Task ExtendAccess_WithAnEndDate_StartsAnExtensionRequest()
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("jake", "write", until: TenantBuilder.Now.AddDays(2));
        var (tools, turn) = harness.ToolsFor("jake");

        var result = await tools.ExtendAccessAsync("write", "1 week");

        Assert.That(result.Done, Is.True);
        Assert.That(harness.Grants.Extensions.Single().Extension, Is.EqualTo(TimeSpan.FromDays(7)));
        Assert.That(turn.Outcome!.Kind, Is.EqualTo(OutcomeKind.ExtensionSubmitted));
    }

    /// <summary>A grant service that refuses, the way an installation without the grant lifecycle answers.</summary>
    private sealed class RefusingGrants : IGrantService
    {
        public Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct) =>
            Task.FromResult(new GrantActionResult(GrantActionOutcome.Unavailable, "Releasing access is not available in this installation yet; please ask the app owner to remove it."));

        public Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct) =>
            Task.FromResult(new GrantActionResult(GrantActionOutcome.Unavailable, "Extending access is not available in this installation yet; please request the access again when it ends."));
    }

    [TestCase(GrantActionOutcome.NotExtended, false)]
    [TestCase(GrantActionOutcome.NotYours, false)]
    [TestCase(GrantActionOutcome.Unavailable, false)]
    [TestCase(GrantActionOutcome.ExtensionRequested, true)]
    [TestCase(GrantActionOutcome.ExtensionAlreadyWaiting, true)]
    [TestCase(GrantActionOutcome.Extended, true)]
    public async Task ExtendAccess_IsReportedAsDoneOnlyWhenTheGrantServiceSaysItTookEffect(GrantActionOutcome outcome, bool done)
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("jake", "write", until: TenantBuilder.Now.AddDays(2));
        var (_, turn) = harness.ToolsFor("jake");
        var tools = new AccessTools(turn, new AgentServices(new KeywordEntitlementSearch(harness.Tenant), harness.Access, harness.Submitter,
            new AnsweringGrants(new GrantActionResult(outcome, "said by the grant service"))));

        var result = await tools.ExtendAccessAsync("write", "1 week");

        Assert.That(result.Done, Is.EqualTo(done));
        Assert.That(result.Message, Is.EqualTo("said by the grant service"));
        Assert.That(turn.Outcome?.Kind, done ? Is.EqualTo(OutcomeKind.ExtensionSubmitted) : Is.Null);
    }

    [TestCase(GrantActionOutcome.NotYours, false)]
    [TestCase(GrantActionOutcome.Releasing, true)]
    [TestCase(GrantActionOutcome.AlreadyEnding, true)]
    public async Task RevokeMyAccess_IsReportedAsReleasedOnlyWhenTheGrantServiceSaysItTookEffect(GrantActionOutcome outcome, bool done)
    {
        var harness = new AgentHarness(AgentHarness.Company(), new ScriptedChatClient());
        harness.Access.Hold("jake", "read");
        var (_, turn) = harness.ToolsFor("jake");
        var tools = new AccessTools(turn, new AgentServices(new KeywordEntitlementSearch(harness.Tenant), harness.Access, harness.Submitter,
            new AnsweringGrants(new GrantActionResult(outcome, "said by the grant service"))));

        var result = await tools.RevokeMyAccessAsync("read");

        Assert.That(result.Done, Is.EqualTo(done));
        Assert.That(turn.Outcome?.Kind, done ? Is.EqualTo(OutcomeKind.Released) : Is.Null);
    }

    /// <summary>A grant service that answers every action the same way and changes nothing.</summary>
    private sealed class AnsweringGrants(GrantActionResult answer) : IGrantService
    {
        public Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct) => Task.FromResult(answer);

        public Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct) =>
            Task.FromResult(answer);
    }
}
