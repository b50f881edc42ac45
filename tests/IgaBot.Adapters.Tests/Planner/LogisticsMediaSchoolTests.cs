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

    [Test]
    public void TheNounOfAnAction_EndingInIon_MeetsItsVerb()
    {
        Assert.That(Words.Stem("deletion"), Is.EqualTo(Words.Stem("delete")));
        // "bulk deletion of images" is the administrator's; the editor only ingests and captions.
        var result = Read("media", "nina.kaur@lakeshoremedia.com", "the overnight ingest made hundreds of duplicates in Merlin, I need to bulk delete them");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("merlin-admin"), result.Why);
    }

    [Test]
    public void AnAbbreviationInsideAName_GivesNoInitial()
    {
        // "HP" is the homepage here; "Workday HR Partner" does not shorten to it.
        var index = PlannerFixture.For("media").Index;
        Assert.That(index.Normalize("reordering the HP tonight"), Is.EqualTo("reordering the HP tonight"));

        var result = Read("media", "ian.murphy@lakeshoremedia.com", "i'm reordering the HP on breaking news nights, need to pin and swap stories on the homepage fronts");
        Assert.That(result.Entitlement?.Id, Is.EqualTo("arc-homepage-curator"), result.Why);
    }

    [Test]
    public void TheUsualSetupOfARole_IsNoAdministration()
    {
        Assert.That(Privileges.NeedOf("just need the normal reporter setup, nothing fancy").Level, Is.Not.EqualTo(PrivilegeLevel.Admin));
        Assert.That(Privileges.NeedOf("I need to setup the routing rules").Level, Is.EqualTo(PrivilegeLevel.Admin));

        var result = Read("media", "owen.price@lakeshoremedia.com", "new on the metro desk and can't get into Composer to file stories. just the normal reporter setup please");
        Assert.That(result.Entitlement?.Id, Is.EqualTo("arc-contributor"), result.Why);
    }

    [Test]
    public void TheStoryOfThePersonNamed_AndWhenItStarts_AreNoActions()
    {
        var result = Read("media", "karen.liu@lakeshoremedia.com",
            "Noah Fischer is moving over to ad trafficking starting next week, set him up so he can build and launch campaigns in GAM");

        Assert.That(result.Reading!.Actions.Wanted, Does.Not.Contain(Words.Stem("moving")).And.Not.Contain(Words.Stem("starting")));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("gam-trafficker"), result.Why);
    }

    [Test]
    public void WhatALevelOffers_IsWhatItOffersOfTheAskingSentence_NotOfTheStory()
    {
        // "trucks" is the fleet map's word, but it is the story's; the question is for dash cam video, which only the
        // safety manager's own words offer.
        var result = Read("logistics", "jasmine.price@meridianfl.com",
            "One of our trucks clipped a car in the yard this morning. I need to pull the dash cam video for the claim");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("samsara-safety"), result.Why);
    }

    [Test]
    public void APlaceInTheAccessAlreadyHeld_IsNotThePlaceAskedFor()
    {
        // "for LAX" is what the person holds today; the other place named is the one they need.
        var result = Read("logistics", "carlos.reyes@meridianfl.com",
            "ORD lost two people so I'm picking up their air imports. I already have CargoWise ops for LAX, need the same for the Chicago branch");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cargowise-forwarding"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("ORD"));
    }

    [Test]
    public void APurposeThatOnlySaysTheEntitlementsName_IsNoReason()
    {
        var restated = Read("school", "maria.lopez@cvusd.org", "can I get access to edit historical grades in PowerSchool for a week");
        Assert.That(restated.Entitlement?.Id, Is.EqualTo("ps-grade-change"), restated.Why);
        Assert.That(restated.Justification, Is.Null);

        // A task of its own is a reason; so is the story told before a restating purpose.
        var task = Read("school", "maria.lopez@cvusd.org", "can I get access to edit historical grades in PowerSchool to fix a retired teacher's final grade");
        Assert.That(task.Justification, Does.EndWith("fix a retired teacher's final grade"));
        var story = Read("school", "maria.lopez@cvusd.org", "A transcript went out with the wrong final grade, I need to edit historical grades in PowerSchool");
        Assert.That(story.Justification, Is.EqualTo("A transcript went out with the wrong final grade"));
    }

    [Test]
    public void ANameOfCapitalisedParts_IsShortenedByItsFirstInitialsAndItsLastPart()
    {
        // "SNOW" for ServiceNow, as people write it.
        Assert.That(PlannerFixture.For("logistics").Index.Normalize("I need SNOW admin today"), Is.EqualTo("I need servicenow admin today"));

        var result = Read("logistics", "kenji.watanabe@meridianfl.com", "need SNOW admin for a day to rebuild a catalog item");
        Assert.That(result.Entitlement?.Id, Is.EqualTo("servicenow-admin"), result.Why);
    }

    [Test]
    public void AnAppNamedOnlyInWhatIsHeldToday_IsNotTheOneAskedFor()
    {
        var result = Read("media", "grace.obi@lakeshoremedia.com",
            "online subscribers want refunds from me and I can only do print (Naviga). need Piano too so I can refund them");

        Assert.That(result.App?.Id, Is.EqualTo("piano"), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("piano-csr"), result.Why);
    }
}
