using IgaBot.Core.Catalog;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

public sealed class PolicyDecisionTextTests
{
    [Test]
    public void Explain_ForAPendingRequest_ShowsOutcomeStagesAndWhy()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("e", e => e with { Approvals = [ApprovalStep.Manager, ApprovalStep.ForGroup("security")], MaxDuration = TimeSpan.FromDays(7) })
            .Evaluate("jake", "e", duration: DurationRequest.Of(TimeSpan.FromDays(2)));

        var lines = PolicyDecisionText.Explain(decision).Split(Environment.NewLine);

        Assert.That(lines[0], Is.EqualTo("Needs approval (2 stages), for 2 days"));
        Assert.That(lines[1..4], Is.EqualTo(new[]
        {
            "Approval stages:",
            "  1. manager: Mgr <mgr>",
            "  2. group security: Sam or Lena <sam, lena>",
        }));
        Assert.That(lines, Has.Member("Why:"));
        Assert.That(lines, Has.Member("  - Duration: 2 days, within the limit of 1 week."));
        Assert.That(lines.Count(l => l.StartsWith("  - ", StringComparison.Ordinal)), Is.EqualTo(decision.Trace.Count));
    }

    [Test]
    public void Explain_ForMissingSlots_ListsEachWithItsOptions()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("e", e => e with { Scope = new("team", ["platform", "web"]), RequiresJustification = true })
            .Evaluate("jake", "e");

        var text = PolicyDecisionText.Explain(decision);

        Assert.That(text, Does.StartWith("Needs input: scope, justification"));
        Assert.That(text, Does.Contain("  - scope: Which team do you need Ent e for? Options: platform, web."));
        Assert.That(text, Does.Contain("  - justification: Why do you need Ent e?"));
    }

    [Test]
    public void Explain_WithTheRequest_NamesBeneficiaryAndRequesterFirst()
    {
        var builder = TenantBuilder.Company().Entitlement("e", e => e with { Approvals = [ApprovalStep.Manager] });
        var tenant = builder.Build();
        var request = new PolicyRequest(tenant.Directory.Get("mgr"), tenant.Directory.Get("jake"), tenant.Catalog.FindEntitlement("e")!,
            null, DurationRequest.Unstated, null);
        var decision = PolicyEngine.Evaluate(request, tenant, builder.Access(), TenantBuilder.Now);

        var text = PolicyDecisionText.Explain(request, decision);

        Assert.That(text, Does.StartWith($"Jake (asked by Mgr): Ent e, unstated{Environment.NewLine}Needs approval (1 stage), permanently"));
    }

    [TestCase(DenialReason.Ineligible, "Denied: not eligible")]
    [TestCase(DenialReason.Conflict, "Denied: conflicts with ap-clerk")]
    [TestCase(DenialReason.NoApprover, "Denied: nobody can approve it")]
    public void Outcome_ForADenial_SaysWhy(DenialReason reason, string expected)
    {
        var decision = new PolicyDecision
        {
            Outcome = PolicyOutcome.Denied,
            Denial = reason,
            ConflictingEntitlementId = reason == DenialReason.Conflict ? "ap-clerk" : null,
            Trace = [],
        };

        Assert.That(PolicyDecisionText.Outcome(decision), Is.EqualTo(expected));
    }

    [Test]
    public void Outcome_ForAccessHeldUntilLater_SaysUntilWhen()
    {
        var decision = new PolicyDecision
        {
            Outcome = PolicyOutcome.AlreadyHeld,
            HeldUntil = new DateTimeOffset(2025, 7, 1, 14, 30, 0, TimeSpan.FromHours(2)),
            Trace = [],
        };

        Assert.That(PolicyDecisionText.Outcome(decision), Is.EqualTo("Already has access, until 2025-07-01 12:30 UTC"));
    }

    [Test]
    public void Explain_ForPeerAutoApproval_ShowsThePeerNumbers()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("e", e => e with { Approvals = [ApprovalStep.Manager], PeerCoverage = 0.5 })
            .Holds("tom", "e").Holds("lucy", "e")
            .Evaluate("jake", "e");

        var text = PolicyDecisionText.Explain(decision);

        Assert.That(text, Does.StartWith("Auto-approved, permanently"));
        Assert.That(text, Does.Contain("Peers: 2 of 3 peers (67%) hold it, threshold 50%."));
    }
}
