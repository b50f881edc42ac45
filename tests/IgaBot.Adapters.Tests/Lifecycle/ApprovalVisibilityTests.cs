using IgaBot.Core;
using IgaBot.Core.Approvals;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// An approval card (justification, trace, peers, approvers) is shown only to the request's requester, beneficiary
/// and approvers: a card refresh or a decision click with someone else's request id tells anyone else nothing.
/// </summary>
public sealed class ApprovalVisibilityTests
{
    private LifecycleHarness _h = null!;

    [SetUp]
    public async Task SetUp() => _h = await LifecycleHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task TheCard_IsShownToTheRequester_TheBeneficiary_AndTheApproversOfEveryStage()
    {
        // Nina asks AWS admin for Alice: manager (Olga, Nina's manager stands in as Nina is the requester) then security.
        var request = await _h.SubmitAsync(Nina, Alice, AwsAdmin, TimeSpan.FromHours(4), null, [Olga], [Sam, Sid]);

        foreach (var who in new[] { Nina, Alice, Olga, Sam, Sid })
        {
            var view = await _h.Approvals.GetViewForAsync(request.Id, 1, who, default);
            Assert.That(view, Is.Not.Null, who);
            Assert.That(view!.Justification, Is.EqualTo("investigate the failing payment jobs"), who);
        }
    }

    [TestCase(Bob)]
    [TestCase(Omar)]
    public async Task TheCard_IsRefusedToAnyoneElse_WithoutSayingAnythingAboutTheRequest(string outsider)
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var refused = Assert.ThrowsAsync<ForbiddenException>(async () => await _h.Approvals.GetViewForAsync(request.Id, 1, outsider, default));

        Assert.That(refused!.Message, Is.EqualTo(ApprovalViews.NotYours));
    }

    [Test]
    public async Task AnEscalatedApprover_MaySeeTheCard()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);
        Assert.ThrowsAsync<ForbiddenException>(async () => await _h.Approvals.GetViewForAsync(request.Id, 1, Olga, default));

        _h.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromMinutes(1));
        await _h.Workflow.ResumeAsync(default);

        Assert.That(await _h.Approvals.GetViewForAsync(request.Id, 1, Olga, default), Is.Not.Null, "Nina's manager took the stage over");
    }

    [Test]
    public async Task ADecisionBySomeoneOutsideTheRequest_IsRefusedWithoutNamingItsApprovers()
    {
        var request = await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var result = await _h.Approvals.DecideAsync(new ApprovalCommand(request.Id, 1, Bob, ApprovalAction.Approve), default);

        Assert.That(result.Accepted, Is.False);
        Assert.That(result.Message, Is.EqualTo(ApprovalWorkflow.NotAnApprover));
        Assert.That(result.Message, Does.Not.Contain("Nina"));
        Assert.That(result.View.MaySee(Bob), Is.False, "a channel must not render the view it came back with");
    }
}
