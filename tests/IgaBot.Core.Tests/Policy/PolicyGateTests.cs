using IgaBot.Core.People;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>Who may ask (DESIGN §5), then rules 1-3: eligibility, separation of duties, already held.</summary>
public sealed class PolicyGateTests
{
    private static readonly DateTimeOffset Now = TenantBuilder.Now;

    [Test]
    public void Evaluate_ForSomeoneWhoIsNotTheRequestersReport_IsDenied_BeforeAnyOtherRule_AndTracesNothingOfTheirAccess()
    {
        // jake and tom share a manager: jake may not ask for tom, even for what tom could have at once.
        var decision = TenantBuilder.Company().Entitlement("wiki").Evaluate("tom", "wiki", requester: "jake");

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.Denied));
            Assert.That(decision.Denial, Is.EqualTo(DenialReason.NotAReport));
            Assert.That(decision.Trace, Has.Count.EqualTo(1));
            Assert.That(decision.Trace[0], Does.StartWith("Who may ask:").And.Contain("Tom is not a direct report of Jake"));
        });
    }

    [Test]
    public void Evaluate_ForTheRequestersDirectReport_DecidesOnTheRules_WithoutAWhoMayAskLine()
    {
        var decision = TenantBuilder.Company().Entitlement("wiki").Evaluate("tom", "wiki", requester: "mgr");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Trace, Has.None.StartWith("Who may ask:"));
    }

    [Test]
    public void Evaluate_WhenDepartmentIsNotEligible_IsDeniedAsIneligible()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("prod-admin", e => e with { EligibleDepartments = ["Engineering"] })
            .Evaluate("alice", "prod-admin");

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.Denied));
            Assert.That(decision.Denial, Is.EqualTo(DenialReason.Ineligible));
            Assert.That(decision.Trace.Last(), Does.Contain("limited to Engineering").And.Contain("Alice is in Sales"));
        });
    }

    [Test]
    public void Evaluate_WhenDepartmentIsEligible_InAnyLetterCase_PassesEligibility()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("prod-admin", e => e with { EligibleDepartments = ["Finance", "engineering"] })
            .Evaluate("jake", "prod-admin");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Trace[0], Does.StartWith("Eligibility:").And.Contain("open to Engineering"));
    }

    [Test]
    public void Evaluate_WhenNoDepartmentsAreListed_EveryoneIsEligible()
    {
        var decision = TenantBuilder.Company().Entitlement("wiki").Evaluate("alice", "wiki");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Trace[0], Does.Contain("open to every department"));
    }

    [Test]
    public void Evaluate_WhenIneligible_IsDeniedBeforeAnySlotIsAsked()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("prod-admin", e => e with
            {
                EligibleDepartments = ["Engineering"],
                MaxDuration = TimeSpan.FromHours(4),
                RequiresJustification = true,
            })
            .Evaluate("alice", "prod-admin");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.Denied));
        Assert.That(decision.Missing, Is.Empty);
    }

    [Test]
    public void Evaluate_WhenBeneficiaryHoldsAConflictingEntitlement_IsDeniedNamingIt()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("ap-clerk", e => e with { Conflicts = ["ap-approver"] })
            .Entitlement("ap-approver", e => e with { Conflicts = ["ap-clerk"] })
            .Holds("tom", "ap-clerk")
            .Evaluate("tom", "ap-approver");

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.Denied));
            Assert.That(decision.Denial, Is.EqualTo(DenialReason.Conflict));
            Assert.That(decision.ConflictingEntitlementId, Is.EqualTo("ap-clerk"));
            Assert.That(decision.Trace.Last(), Does.Contain("Tom holds Ent ap-clerk, which conflicts with Ent ap-approver"));
        });
    }

    [Test]
    public void Evaluate_WhenBeneficiaryHasAPendingConflictingRequest_IsDenied()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("ap-clerk", e => e with { Conflicts = ["ap-approver"] })
            .Entitlement("ap-approver", e => e with { Conflicts = ["ap-clerk"] })
            .HasPending("tom", "ap-clerk")
            .Evaluate("tom", "ap-approver");

        Assert.That(decision.Denial, Is.EqualTo(DenialReason.Conflict));
        Assert.That(decision.ConflictingEntitlementId, Is.EqualTo("ap-clerk"));
        Assert.That(decision.Trace.Last(), Does.Contain("has a pending request for Ent ap-clerk"));
    }

    [Test]
    public void Evaluate_WhenTheConflictIsDeclaredOnlyOnTheHeldEntitlement_IsStillDenied()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("ap-clerk", e => e with { Conflicts = ["ap-approver"] })
            .Entitlement("ap-approver")
            .Holds("tom", "ap-clerk")
            .Evaluate("tom", "ap-approver");

        Assert.That(decision.Denial, Is.EqualTo(DenialReason.Conflict));
        Assert.That(decision.ConflictingEntitlementId, Is.EqualTo("ap-clerk"));
    }

    [Test]
    public void Evaluate_WhenTheConflictingGrantHasExpired_IsNotDenied()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("ap-clerk", e => e with { Conflicts = ["ap-approver"] })
            .Entitlement("ap-approver", e => e with { Conflicts = ["ap-clerk"] })
            .Holds("tom", "ap-clerk", until: Now)
            .Evaluate("tom", "ap-approver");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Trace, Has.Some.Contains("neither holds nor has requested Ent ap-clerk"));
    }

    [Test]
    public void Evaluate_WhenSomeoneElseHoldsTheConflictingEntitlement_IsNotDenied()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("ap-clerk", e => e with { Conflicts = ["ap-approver"] })
            .Entitlement("ap-approver", e => e with { Conflicts = ["ap-clerk"] })
            .Holds("lucy", "ap-clerk")
            .HasPending("kai", "ap-clerk")
            .Evaluate("tom", "ap-approver");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
    }

    [Test]
    public void Evaluate_WhenIneligibleAndConflicting_ReportsIneligibilityFirst()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("ap-clerk", e => e with { Conflicts = ["ap-approver"] })
            .Entitlement("ap-approver", e => e with { Conflicts = ["ap-clerk"], EligibleDepartments = ["Finance"] })
            .Holds("tom", "ap-clerk")
            .Evaluate("tom", "ap-approver");

        Assert.That(decision.Denial, Is.EqualTo(DenialReason.Ineligible));
    }

    [Test]
    public void Evaluate_WhenHeldPermanently_IsAlreadyHeldWithNoEnd()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("wiki", e => e with { MaxDuration = TimeSpan.FromDays(7), RequiresJustification = true })
            .Holds("jake", "wiki")
            .Evaluate("jake", "wiki");

        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AlreadyHeld));
            Assert.That(decision.HeldUntil, Is.Null);
            Assert.That(decision.Missing, Is.Empty, "nothing is asked about access already held");
            Assert.That(decision.Trace.Last(), Does.Contain("already holds Ent wiki, permanently"));
        });
    }

    [Test]
    public void Evaluate_WhenHeldUntilLater_SaysUntilWhen()
    {
        var end = Now.AddDays(3);
        var decision = TenantBuilder.Company()
            .Entitlement("wiki")
            .Holds("jake", "wiki", until: end)
            .Evaluate("jake", "wiki");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AlreadyHeld));
        Assert.That(decision.HeldUntil, Is.EqualTo(end));
        Assert.That(decision.Trace.Last(), Does.Contain("until 2025-06-05 09:00 UTC"));
    }

    [Test]
    public void Evaluate_WhenHeldTwice_ReportsTheLaterEnd()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("wiki")
            .Holds("jake", "wiki", until: Now.AddDays(1))
            .Holds("jake", "wiki", until: Now.AddDays(5))
            .Evaluate("jake", "wiki");

        Assert.That(decision.HeldUntil, Is.EqualTo(Now.AddDays(5)));
    }

    [Test]
    public void Evaluate_WhenTheHoldingExpiresNow_IsNotHeld()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("wiki")
            .Holds("jake", "wiki", until: Now)
            .Evaluate("jake", "wiki");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
    }

    [Test]
    public void Evaluate_WhenScopedAndHeldWithTheSameScope_IsAlreadyHeld()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("repo-write", e => e with { Scope = new("team", ["platform", "payments"]) })
            .Holds("tom", "repo-write", "platform")
            .Evaluate("tom", "repo-write", scope: "Platform");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AlreadyHeld));
        Assert.That(decision.Scope, Is.EqualTo("platform"));
        Assert.That(decision.Trace.Last(), Does.Contain("Ent repo-write for platform"));
    }

    [Test]
    public void Evaluate_WhenScopedAndHeldWithAnotherScope_IsNotHeld()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("repo-write", e => e with { Scope = new("team", ["platform", "payments"]) })
            .Holds("tom", "repo-write", "platform")
            .Evaluate("tom", "repo-write", scope: "payments");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Scope, Is.EqualTo("payments"));
        Assert.That(decision.Trace, Has.Some.Contains("holds Ent repo-write for platform but not for payments"));
    }

    [Test]
    public void Evaluate_WhenAConflictIsHeldAndTheEntitlementToo_ReportsTheConflict()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("ap-clerk", e => e with { Conflicts = ["ap-approver"] })
            .Entitlement("ap-approver", e => e with { Conflicts = ["ap-clerk"] })
            .Holds("tom", "ap-clerk")
            .Holds("tom", "ap-approver")
            .Evaluate("tom", "ap-approver");

        Assert.That(decision.Denial, Is.EqualTo(DenialReason.Conflict));
    }

    [Test]
    public void Evaluate_WhenTheEntitlementsAppIsNotInTheCatalog_IsRefusedWithAClearError()
    {
        var builder = TenantBuilder.Company().Entitlement("e");
        var tenant = builder.Build();
        var stray = tenant.Catalog.FindEntitlement("e")! with { AppId = "gone" };
        var jake = tenant.Directory.Get("jake");

        var error = Assert.Throws<InvalidInputException>(() => PolicyEngine.Evaluate(
            new PolicyRequest(jake, jake, stray, null, DurationRequest.Unstated, null), tenant, AccessSnapshot.Empty, Now));

        Assert.That(error!.Message, Does.Contain("'gone'"));
    }

    [Test]
    public void AccessSnapshot_FromDirectoryAccessLists_HoldsThemPermanentlyWithTheirScopes()
    {
        var snapshot = AccessSnapshot.FromAssignments(new Dictionary<string, IReadOnlyList<AccessAssignment>>
        {
            ["tom"] = [AccessAssignment.Parse("repo"), AccessAssignment.Parse("repo-write:platform")],
        });

        Assert.That(snapshot.HeldBy("TOM"), Is.EqualTo(new[]
        {
            new Holding("tom", "repo", null),
            new Holding("tom", "repo-write", "platform"),
        }));
        Assert.That(snapshot.Pending, Is.Empty);
    }
}
