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

    [Test]
    public void WhatWaitsToBeDoneByOthers_IsNoWorkOfTheOneLooking()
    {
        var waiting = PlannerFixture.For("bank").Read("marco.bianchi@northgatebank.com", "I need to check which payments are waiting to be released in GPP");
        Assert.That(waiting.Entitlement?.Id, Is.EqualTo("gpp-view"), waiting.Why);

        // "for release" is the noun: no action of releasing is asked.
        var forRelease = PlannerFixture.For("bank").Read("marco.bianchi@northgatebank.com", "I send wires for release every morning, need GPP");
        Assert.That(forRelease.Reading!.Actions.Wanted, Does.Not.Contain(IgaBot.Adapters.Planner.Words.Stem("release")));
    }
}
