using IgaBot.Core.Catalog;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>Peer coverage counted once: the numbers the policy decides on are the numbers the requester is told.</summary>
public sealed class PeerCoverageTests
{
    private static readonly DateTimeOffset Now = TenantBuilder.Now;

    [Test]
    public void Measure_CountsPeersHoldingItNowInAnyScope()
    {
        var builder = TenantBuilder.Company()
            .Holds("tom", "e", scope: "web").Holds("lucy", "e").Holds("kai", "e", until: Now).Holds("mgr", "e");
        var tenant = builder.Build();

        var facts = PeerCoverage.Measure(tenant.Directory, tenant.Directory.Get("jake"), "e", builder.Access(), Now, 0.5);

        // tom and lucy; kai's grant ends at this instant and mgr has another title.
        Assert.That(facts, Is.EqualTo(new PeerCoverageFacts(3, 2, 2.0 / 3, 0.5)));
        Assert.That(facts.Met, Is.True);
    }

    [Test]
    public void Measure_AHoldingWrittenWithSpacesOrOtherCase_Counts()
    {
        var builder = TenantBuilder.Company().Holds(" TOM ", "E").Holds("Lucy", "e");
        var tenant = builder.Build();

        var facts = PeerCoverage.Measure(tenant.Directory, tenant.Directory.Get("jake"), "e", builder.Access(), Now, 0.5);

        Assert.That(facts.Holders, Is.EqualTo(2));
    }

    [Test]
    public void Met_NeedsAtLeastTwoPeers()
    {
        Assert.That(new PeerCoverageFacts(1, 1, 1.0, 0.5).Met, Is.False);
        Assert.That(new PeerCoverageFacts(PeerCoverage.MinimumPeers, 1, 0.5, 0.5).Met, Is.True);
    }

    [Test]
    public void Share_WithNoPeers_IsZero() => Assert.That(PeerCoverage.Share(0, 0), Is.Zero);

    [Test]
    public void Evaluate_TheRequesterInAGroupWrittenWithSpacesOrOtherCase_IsLeftOut()
    {
        var decision = TenantBuilder.Company()
            .Entitlement("e", e => e with { Approvals = [ApprovalStep.ForGroup("security")] })
            .Group("security", "sam", " LENA ")
            .Evaluate("lena", "e");

        Assert.That(decision.Stages.Single().Approvers, Is.EqualTo(new[] { "sam" }));
    }
}
