using IgaBot.Core.Catalog;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>Rule 7: auto-approval and the approval stages with their approvers.</summary>
public sealed class PolicyRouteTests
{
    private static readonly DateTimeOffset Now = TenantBuilder.Now;

    private static TenantBuilder Needing(params ApprovalStep[] steps) =>
        TenantBuilder.Company().Entitlement("e", e => e with { Approvals = steps });

    private static TenantBuilder PeerCovered(double threshold) =>
        TenantBuilder.Company()
            .Person("zed", "Software Engineer", manager: "mgr")
            .Person("sven", "Senior Software Engineer", manager: "mgr")
            .Entitlement("e", e => e with { Approvals = [ApprovalStep.Manager], PeerCoverage = threshold });

    private static IEnumerable<IReadOnlyList<string>> Approvers(PolicyDecision decision) => decision.Stages.Select(s => s.Approvers);

    [Test]
    public void Evaluate_WhenTheCatalogListsNoStages_IsAutoApproved()
    {
        var decision = TenantBuilder.Company().Entitlement("e", e => e with { PeerCoverage = 0.9 }).Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Stages, Is.Empty);
        Assert.That(decision.Trace.Last(), Does.Contain("no approval stages"));
    }

    [Test]
    public void Evaluate_WhenEnoughPeersHoldIt_IsAutoApprovedWithTheNumbers()
    {
        var decision = PeerCovered(0.5)
            .Holds("tom", "e").Holds("lucy", "e").Holds("kai", "e")
            .Evaluate("jake", "e");

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
            Assert.That(decision.Peers, Is.EqualTo(new PeerCoverageFacts(4, 3, 0.75, 0.5)));
            Assert.That(decision.Trace.Last(), Does.Contain("3 of 4 peers (75%) hold it, threshold 50%"));
        });
    }

    [Test]
    public void Evaluate_WhenThePeerShareIsExactlyTheThreshold_IsAutoApproved()
    {
        var decision = PeerCovered(0.5).Holds("tom", "e").Holds("lucy", "e").Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Peers!.Share, Is.EqualTo(0.5));
    }

    [Test]
    public void Evaluate_WhenThreeOfTenPeersHoldItAndTheThresholdIs30Percent_IsAutoApproved()
    {
        // jake's peers: tom, lucy, kai and p4..p10 = 10 people.
        var tenant = TenantBuilder.Company()
            .Entitlement("e", e => e with { Approvals = [ApprovalStep.Manager], PeerCoverage = 0.3 });
        foreach (var n in Enumerable.Range(4, 7)) tenant.Person($"p{n}", manager: "mgr");

        var twoOfTen = tenant.Holds("tom", "e").Holds("lucy", "e").Evaluate("jake", "e");
        var threeOfTen = tenant.Holds("kai", "e").Evaluate("jake", "e");

        Assert.That(twoOfTen.Outcome, Is.EqualTo(PolicyOutcome.NeedsApproval));
        Assert.That(threeOfTen.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(threeOfTen.Trace.Last(), Does.Contain("3 of 10 peers (30%) hold it, threshold 30%"));
    }

    [Test]
    public void Evaluate_WhenTooFewPeersHoldIt_NeedsTheManager()
    {
        var decision = PeerCovered(0.5).Holds("tom", "e").Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsApproval));
        Assert.That(Approvers(decision), Is.EqualTo(new[] { new[] { "mgr" } }));
        Assert.That(decision.Trace, Has.Some.Contains("1 of 4 peers (25%) hold it, threshold 50%, not enough"));
    }

    [Test]
    public void Evaluate_WhenThereIsOnlyOnePeer_NeedsApprovalEvenIfThatPeerHoldsIt()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("crm", e => e with { Approvals = [ApprovalStep.Manager], PeerCoverage = 0.5 })
            .Holds("ben", "crm")
            .Evaluate("alice", "crm");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsApproval));
        Assert.That(decision.Peers, Is.EqualTo(new PeerCoverageFacts(1, 1, 1.0, 0.5)));
        Assert.That(decision.Trace, Has.Some.Contains("at least 2 are needed"));
    }

    [Test]
    public void Evaluate_WhenPeersHoldItWithOtherScopes_TheyCountAsHolders()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("repo", e => e with
            {
                Approvals = [ApprovalStep.Manager],
                PeerCoverage = 0.5,
                Scope = new("team", ["platform", "payments", "web"]),
            })
            .Holds("tom", "repo", "platform").Holds("lucy", "repo", "payments")
            .Evaluate("jake", "repo", scope: "web");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Peers!.Holders, Is.EqualTo(2));
    }

    [Test]
    public void Evaluate_WhenAPeersGrantHasExpired_ItDoesNotCount()
    {
        var decision = PeerCovered(0.5)
            .Holds("tom", "e").Holds("lucy", "e", until: Now.AddMinutes(-1))
            .Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsApproval));
        Assert.That(decision.Peers!.Holders, Is.EqualTo(1));
    }

    [Test]
    public void Evaluate_PeersAreOnlyPeopleWithExactlyTheSameTitle()
    {
        var decision = PeerCovered(0.5).Holds("sven", "e").Holds("mgr", "e").Holds("tom", "e").Evaluate("jake", "e");

        Assert.That(decision.Peers, Is.EqualTo(new PeerCoverageFacts(4, 1, 0.25, 0.5)));
    }

    [Test]
    public void Evaluate_WithAManagerStage_TheBeneficiarysManagerApproves()
    {
        var decision = Needing(ApprovalStep.Manager).Evaluate("alice", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsApproval));
        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "ava" }));
        Assert.That(decision.Stages.Single().Step, Is.EqualTo(ApprovalStep.Manager));
    }

    [Test]
    public void Evaluate_WithManagerOwnerAndSecurity_RunsTheStagesInCatalogOrder()
    {
        var decision = Needing(ApprovalStep.Manager, ApprovalStep.Owner, ApprovalStep.ForGroup("security")).Evaluate("jake", "e");

        Assert.That(Approvers(decision), Is.EqualTo(new[] { new[] { "mgr" }, new[] { "vp" }, new[] { "sam", "lena" } }));
        Assert.That(decision.Stages.Select(s => s.Order), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(decision.Stages[2].Description, Is.EqualTo("group security: Sam or Lena"));
        Assert.That(decision.Trace.TakeLast(3), Is.EqualTo(new[]
        {
            "Approval stage 1: manager: Mgr.",
            "Approval stage 2: App app owner: Vp.",
            "Approval stage 3: group security: Sam or Lena.",
        }));
    }

    [Test]
    public void Evaluate_WhenConsecutiveStagesHaveTheSameApprover_TheyCollapseIntoOne()
    {
        var decision = Needing(ApprovalStep.Manager, ApprovalStep.Owner).App("app", owner: "mgr").Evaluate("jake", "e");

        var stage = decision.Stages.Single();
        Assert.That(stage.Approvers, Is.EqualTo(new[] { "mgr" }));
        Assert.That(stage.Steps, Is.EqualTo(new[] { ApprovalStep.Manager, ApprovalStep.Owner }));
        Assert.That(decision.Trace, Has.Some.Contains("same approver"));
    }

    [Test]
    public void Evaluate_WhenTheSameApproverIsNotConsecutive_TheStagesStaySeparate()
    {
        var decision = Needing(ApprovalStep.Manager, ApprovalStep.ForGroup("security"), ApprovalStep.Owner)
            .App("app", owner: "mgr")
            .Evaluate("jake", "e");

        Assert.That(Approvers(decision), Is.EqualTo(new[] { new[] { "mgr" }, new[] { "sam", "lena" }, new[] { "mgr" } }));
    }

    [Test]
    public void Evaluate_WhenGroupStagesHaveTheSameMembersInAnotherOrder_TheyCollapse()
    {
        var decision = Needing(ApprovalStep.ForGroup("security"), ApprovalStep.ForGroup("audit"))
            .Group("audit", "lena", "sam")
            .Evaluate("jake", "e");

        Assert.That(decision.Stages, Has.Count.EqualTo(1));
    }

    [Test]
    public void Evaluate_WhenTheBeneficiaryOwnsTheApp_TheOwnerStageGoesToTheirManager()
    {
        var decision = Needing(ApprovalStep.Owner).App("app", owner: "jake").Evaluate("jake", "e");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "mgr" }));
        Assert.That(decision.Trace, Has.Some.Contains("Jake, the owner of App app, is the requester and the beneficiary, so the stage goes to their manager Mgr"));
    }

    [Test]
    public void Evaluate_WhenTheBeneficiaryOwnsTheAppBehindAManagerStage_BothStagesAreTheManager()
    {
        var decision = Needing(ApprovalStep.Manager, ApprovalStep.Owner).App("app", owner: "jake").Evaluate("jake", "e");

        Assert.That(Approvers(decision), Is.EqualTo(new[] { new[] { "mgr" } }));
    }

    [Test]
    public void Evaluate_WhenTheRequesterOwnsTheApp_TheOwnerStageGoesToTheRequestersManager()
    {
        var decision = Needing(ApprovalStep.Owner).App("app", owner: "mgr").Evaluate("jake", "e", requester: "mgr");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "vp" }));
    }

    [Test]
    public void Evaluate_WhenAManagerAsksForTheirReport_TheManagerStageGoesToTheManagersManager()
    {
        var decision = Needing(ApprovalStep.Manager).Evaluate("jake", "e", requester: "mgr");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "vp" }));
        Assert.That(decision.Trace, Has.Some.Contains("Mgr, Jake's manager, is the requester, so the manager stage goes to their manager Vp"));
    }

    [Test]
    public void Evaluate_WhenTheRequesterIsInTheGroup_TheyAreLeftOutOfIt()
    {
        var decision = Needing(ApprovalStep.ForGroup("security")).Evaluate("lena", "e");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "sam" }));
        Assert.That(decision.Trace, Has.Some.Contains("Lena is the requester and the beneficiary, so they are left out of group security"));
    }

    [Test]
    public void Evaluate_WhenTheRequesterIsTheWholeGroup_TheStageGoesToTheirManager()
    {
        var decision = Needing(ApprovalStep.ForGroup("dba")).Group("dba", "tom").Evaluate("tom", "e");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "mgr" }));
    }

    [Test]
    public void Evaluate_WhenRequesterAndBeneficiaryAreTheWholeGroup_TheStageGoesUpTheChainPastBoth()
    {
        var decision = Needing(ApprovalStep.ForGroup("dba")).Group("dba", "jake", "mgr").Evaluate("jake", "e", requester: "mgr");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "vp" }));
    }

    [Test]
    public void Evaluate_WhenAGroupHasNoMembers_TheStageGoesToTheAppOwner()
    {
        var decision = Needing(ApprovalStep.ForGroup("nobody")).Evaluate("jake", "e");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "vp" }));
        Assert.That(decision.Trace, Has.Some.Contains("group nobody has no members"));
    }

    // Documented choice: someone with no manager has their manager stage decided by the app owner.
    [Test]
    public void Evaluate_WhenTheBeneficiaryHasNoManager_TheManagerStageGoesToTheAppOwner()
    {
        var decision = Needing(ApprovalStep.Manager).Evaluate("ceo", "e");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "vp" }));
        Assert.That(decision.Trace, Has.Some.Contains("Ceo has no manager in the directory, so the manager stage goes to the owner of App app"));
    }

    [Test]
    public void Evaluate_WhenNobodyIsAboveTheRequestingManager_TheManagerStageGoesToTheAppOwner()
    {
        var decision = Needing(ApprovalStep.Manager).Evaluate("sam", "e", requester: "ceo");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "vp" }));
        Assert.That(decision.Trace, Has.Some.Contains("nobody above them can approve, so the manager stage goes to the owner of App app"));
    }

    [Test]
    public void Evaluate_WhenNobodyButRequesterAndBeneficiaryCouldApprove_IsDeniedClearly()
    {
        var decision = Needing(ApprovalStep.Owner).App("app", owner: "ceo").Evaluate("ceo", "e");

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.Denied));
            Assert.That(decision.Denial, Is.EqualTo(DenialReason.NoApprover));
            Assert.That(decision.Stages, Is.Empty);
            Assert.That(decision.Trace.Last(), Does.Contain("nobody but the requester and the beneficiary can approve the App app owner stage"));
        });
    }

    [Test]
    public void Evaluate_NeverNamesTheRequesterOrBeneficiaryAsAnApprover()
    {
        var tenant = Needing(ApprovalStep.Manager, ApprovalStep.Owner, ApprovalStep.ForGroup("mixed"))
            .Group("mixed", "mgr", "jake", "sam")
            .App("app", owner: "jake");

        var decision = tenant.Evaluate("jake", "e", requester: "mgr");

        Assert.That(decision.Stages.SelectMany(s => s.Approvers), Has.None.EqualTo("jake").And.None.EqualTo("mgr"));
        Assert.That(Approvers(decision), Is.EqualTo(new[] { new[] { "vp" }, new[] { "sam" } }));
    }

    [Test]
    public void Evaluate_WhenApproved_CarriesTheDurationAndScope()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("e", e => e with
            {
                Approvals = [ApprovalStep.Manager],
                MaxDuration = TimeSpan.FromDays(7),
                Scope = new("project", ["OPS"]),
            })
            .Evaluate("jake", "e", scope: "OPS", duration: DurationRequest.Of(TimeSpan.FromDays(2)));

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsApproval));
        Assert.That(decision.Duration, Is.EqualTo(TimeSpan.FromDays(2)));
        Assert.That(decision.Scope, Is.EqualTo("OPS"));
    }
}
