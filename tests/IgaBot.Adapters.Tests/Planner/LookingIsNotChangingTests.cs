namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Over-permission shapes found by a battery of our own after over-permissions on fresh held-out tenants: one who only asks
/// to look, at things that others change or approve, gets the level for looking.
/// </summary>
public sealed class LookingIsNotChangingTests
{
    [TestCase("want to look at the approved reserve changes in claimcenter")]
    [TestCase("need to review claim payments before they are approved in ClaimCenter")]
    [TestCase("I need to see which claim payments are waiting for approval in ClaimCenter")]
    public void ChangingWordsSaidOfTheThingsLookedAt_DoNotChooseAChangingLevel(string text)
    {
        var result = PlannerFixture.For("insurance").Read("gina.russo@ridgelinemutual.com", text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cc-viewer"), result.Why);
    }
}
