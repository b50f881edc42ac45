using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Classes of misreading first seen on the logistics, media and school district tenants (tests/eval/logistics, media and
/// school, written blind), each checked where the planner reads it, with messages of our own. Nothing in the planner
/// names these tenants.
/// </summary>
public sealed class LogisticsMediaSchoolTests
{
    private static Interpretation Read(string tenant, string requester, string text) => PlannerFixture.For(tenant).Read(requester, text);

    [Test]
    public void ReleasingAThingOfWork_IsATask_NotGivingAccessBack()
    {
        Assert.That(IntentClassifier.Classify("can you release this week's carrier payment run for me"), Is.Null);
        Assert.That(IntentClassifier.Classify("please release that, I'm done with it"), Is.EqualTo(Intent.Release));
        Assert.That(IntentClassifier.Classify("release this access"), Is.EqualTo(Intent.Release));

        var result = Read("logistics", "holly.baker@meridianfl.com", "Derrick wants me to release the carrier payment run in Cass this week while he's away");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("cass-payment-approver"), result.Why);
    }

    [Test]
    public void OthersLockedOut_AndTheWorkOfOneEntitlement_IsARequest()
    {
        // Trouble words ("locked out") about other people, and an asked task said in many of one entitlement's words.
        var result = Read("logistics", "alan.wu@meridianfl.com", "two drivers are locked out of their accounts and MFA - I need to reset them today");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("entra-helpdesk-admin"), result.Why);
        // One's own trouble stays a support call.
        Assert.That(Read("logistics", "alan.wu@meridianfl.com", "my laptop is broken and I need to fix it").Intent, Is.EqualTo(Intent.OffTopic));
    }

    [Test]
    public void AnAbbreviationAfterFor_IsNoPerson()
    {
        var result = Read("logistics", "jenna.walsh@meridianfl.com", "shippers keep calling for ETAs, can I get on project44 to see where their loads are?");

        Assert.That(result.Beneficiary, Is.Null);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("p44-viewer"), result.Why);
    }

    [Test]
    public void SomeoneWhoSaysTheyCannotGetIn_IsTheOneGiven()
    {
        var result = Read("school", "wendy.carlson@cvusd.org", "Jacob Rivera says he can't post grades in PowerTeacher Pro, could you give him the gradebook?");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Jacob Rivera"));
    }

    [Test]
    public void ThePersonBackedUp_IsNotTheOneWhoNeedsIt()
    {
        var result = Read("school", "robert.chang@cvusd.org", "Angela Ruiz is going to back up Tiffany on sub calls this month; she needs to fill open jobs and assign subs");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Angela Ruiz"));
    }

    [Test]
    public void AccessToThat_PointsBackAtTheSentenceBefore()
    {
        var result = Read("school", "amanda.liu@cvusd.org", "a student missed her bus home. Which system do I use to look up which bus a kid rides? I'd like access to that");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("tf-viewer"), result.Why);
    }

    [Test]
    public void WhatHappenedToSomeone_AfterTheNeed_IsTheReason()
    {
        var result = Read("school", "priya.shah@cvusd.org", "Need to fix two transcript grades from last year, a student finished summer school late.");

        Assert.That(result.Justification, Is.EqualTo("a student finished summer school late"));
    }

    [Test]
    public void TheWorkItIsFor_IsTheReason_WithoutTheLengthAfterIt()
    {
        var result = Read("school", "nicole.baker@cvusd.org", "need PS district admin tonight for the year-end rollover, 5 hrs max");

        Assert.That(result.Justification, Is.EqualTo("the year-end rollover"));
    }

    [Test]
    public void WhatHappenedBeforeTheQuestion_IsTheReason()
    {
        var result = Read("logistics", "sean.doyle@meridianfl.com", "Passed the broker exam last month and my manager wants me filing entries myself now. Can you turn on customs filing in cargowise?");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cargowise-customs"), result.Why);
        Assert.That(result.Justification, Does.StartWith("Passed the broker exam last month"));
    }
}
