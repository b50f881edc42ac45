using IgaBot.Core.Approvals;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;

namespace IgaBot.Core.Tests.Approvals;

public sealed class EscalationTargetTests
{
    // ceo <- vp <- lead <- dev, dev2; vp <- other
    private static readonly Tenant Org = new(new AccessCatalog([], new Dictionary<string, IReadOnlyList<string>>()), new PeopleDirectory(
    [
        P("ceo@x", null), P("vp@x", "ceo@x"), P("lead@x", "vp@x"), P("dev@x", "lead@x"), P("dev2@x", "lead@x"), P("other@x", "vp@x"),
    ]), new Dictionary<string, IReadOnlyList<AccessAssignment>>());

    private static Person P(string email, string? manager) => new() { Email = email, Name = email, Title = "t", Department = "d", Manager = manager };

    private static AccessRequest For(string requester, string beneficiary) => new()
    {
        Id = Guid.NewGuid(), Requester = requester, Beneficiary = beneficiary, EntitlementId = "e", Status = RequestStatus.PendingApproval,
        CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Test]
    public void Escalation_GoesToTheApproversManager()
    {
        Assert.That(ApproverRules.EscalationTargets(Org.Directory, "dev@x", "dev@x", ["lead@x"]), Is.EqualTo(new[] { "vp@x" }));
    }

    [Test]
    public void Escalation_SkipsTheRequesterAndTheBeneficiary()
    {
        // lead asks for dev; dev2 approves; dev2's manager is the requester, so the lead's manager is asked.
        Assert.That(ApproverRules.EscalationTargets(Org.Directory, "lead@x", "dev@x", ["dev2@x"]), Is.EqualTo(new[] { "vp@x" }));
        Assert.That(ApproverRules.EscalationTargets(Org.Directory, "other@x", "lead@x", ["dev@x"]), Is.EqualTo(new[] { "vp@x" }));
    }

    [Test]
    public void Escalation_AtTheTop_HasNobody()
    {
        Assert.That(ApproverRules.EscalationTargets(Org.Directory, "vp@x", "vp@x", ["ceo@x"]), Is.Empty);
    }

    [Test]
    public void Escalation_OfAGroup_AsksEachManagerOnce()
    {
        Assert.That(ApproverRules.EscalationTargets(Org.Directory, "dev@x", "dev@x", ["lead@x", "other@x"]), Is.EqualTo(new[] { "vp@x" }));
    }
}
