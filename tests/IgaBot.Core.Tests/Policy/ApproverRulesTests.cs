using IgaBot.Core.Catalog;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>Rules 7 and 8 as they apply to the person deciding: who may decide a stage, and what "approve for less" allows.</summary>
public sealed class ApproverRulesTests
{
    private static readonly IReadOnlyList<string> Stage1 = ["lead@x"];
    private static readonly IReadOnlyList<string> Stage2 = ["sec@x", "sec2@x"];
    private static IEnumerable<string> All => Stage1.Concat(Stage2);

    private static ApproverRefusal? Decide(string actor, IReadOnlyList<string> stage, bool open = true,
        string requester = "dev@x", string beneficiary = "dev@x") =>
        ApproverRules.MayDecide(actor, requester, beneficiary, All, stage, open);

    [Test]
    public void MayDecide_AnApproverOfTheOpenStage_May()
    {
        Assert.That(Decide("lead@x", Stage1), Is.Null);
        Assert.That(Decide("sec2@x", Stage2), Is.Null);
    }

    [Test]
    public void MayDecide_TheApproverWrittenWithSpacesOrOtherCase_IsTheSamePerson()
    {
        Assert.That(Decide("  LEAD@x ", Stage1), Is.Null);
    }

    [Test]
    public void MayDecide_TheBeneficiary_IsRefusedEvenWhenListedAsApprover()
    {
        Assert.That(Decide("lead@x", Stage1, beneficiary: "Lead@X "), Is.EqualTo(ApproverRefusal.IsBeneficiary));
    }

    [Test]
    public void MayDecide_TheRequester_IsRefusedEvenWhenListedAsApprover()
    {
        Assert.That(Decide(" lead@x", Stage1, requester: "LEAD@x"), Is.EqualTo(ApproverRefusal.IsRequester));
    }

    [Test]
    public void MayDecide_SomeoneOutsideTheRequest_IsNotAnApprover()
    {
        Assert.That(Decide("mallory@x", Stage1), Is.EqualTo(ApproverRefusal.NotAnApprover));
    }

    [Test]
    public void MayDecide_AnApproverOfAnotherStage_IsToldItIsNotTheirStep()
    {
        Assert.That(Decide("sec@x", Stage1), Is.EqualTo(ApproverRefusal.NotThisStage));
    }

    [Test]
    public void MayDecide_AStageNoLongerOpen_IsRefused()
    {
        Assert.That(Decide("lead@x", Stage1, open: false), Is.EqualTo(ApproverRefusal.NotOpen));
    }

    [Test]
    public void MayShorten_NeedsADurationOfAtLeastAMinuteThatIsShorter()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ApproverRules.MayShorten(null, TimeSpan.FromDays(7)), Is.EqualTo(ApproverRefusal.ShorterWithoutDuration));
            Assert.That(ApproverRules.MayShorten(TimeSpan.FromSeconds(30), TimeSpan.FromDays(7)), Is.EqualTo(ApproverRefusal.ShorterTooShort));
            Assert.That(ApproverRules.MayShorten(TimeSpan.FromDays(7), TimeSpan.FromDays(7)), Is.EqualTo(ApproverRefusal.ShorterNotShorter));
            Assert.That(ApproverRules.MayShorten(TimeSpan.FromDays(8), TimeSpan.FromDays(7)), Is.EqualTo(ApproverRefusal.ShorterNotShorter));
            Assert.That(ApproverRules.MayShorten(TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)), Is.Null);
            Assert.That(ApproverRules.MayShorten(TimeSpan.FromDays(3), null), Is.Null, "anything is shorter than permanent");
        });
    }

    [Test]
    public void FirstAllowedAbove_SkipsTheRequesterAndTheBeneficiary()
    {
        var directory = TenantBuilder.Company().Build().Directory;

        Assert.Multiple(() =>
        {
            Assert.That(ApproverRules.FirstAllowedAbove(directory, "jake", "jake", "jake"), Is.EqualTo("mgr"));
            Assert.That(ApproverRules.FirstAllowedAbove(directory, "jake", " MGR", "jake"), Is.EqualTo("vp"));
            Assert.That(ApproverRules.FirstAllowedAbove(directory, "jake", "mgr", "vp"), Is.EqualTo("ceo"));
            Assert.That(ApproverRules.FirstAllowedAbove(directory, "vp", "ceo", "ceo"), Is.Null);
        });
    }

    [Test]
    public void FirstAllowedAbove_AManagementLoop_EndsWithNobody()
    {
        // a -> b -> c -> b: b and c are set aside, so the climb would go round for ever.
        var directory = new TenantBuilder().Person("a", manager: "b").Person("b", manager: "c").Person("c", manager: "b").Build().Directory;

        Assert.That(ApproverRules.FirstAllowedAbove(directory, "a", "b", "c"), Is.Null);
        Assert.That(ApproverRules.EscalationTargets(directory, "b", "c", ["a"]), Is.Empty);
    }

    [Test]
    public void PlannedStagesAndEscalation_ClimbTheSameChain()
    {
        // mgr asks for jake; the group is jake and mgr, so the stage goes past both to vp; an approver under them escalates the same way.
        var builder = TenantBuilder.Company().Entitlement("e", e => e with { Approvals = [ApprovalStep.ForGroup("dba")] }).Group("dba", "jake", "mgr");
        var planned = builder.Evaluate("jake", "e", requester: "mgr").Stages.Single().Approvers;
        var escalated = ApproverRules.EscalationTargets(builder.Build().Directory, "mgr", "jake", ["tom"]);

        Assert.That(planned, Is.EqualTo(new[] { "vp" }));
        Assert.That(escalated, Is.EqualTo(planned));
    }
}
