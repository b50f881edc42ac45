using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Classes of misreading first seen on the airline tenant (tests/eval/airline, written blind), each checked where the
/// planner reads it, with messages of our own. Nothing in the planner names this tenant: the rules work from its catalog's
/// words and general English.
/// </summary>
public sealed class AirlineTenantTests
{
    private static PlannerFixture Airline => PlannerFixture.For("airline");

    private static Interpretation Read(string requester, string text) => Airline.Read(requester, text);

    [Test]
    public void AnAccentedNameIsTheSameWordWithoutItsAccent()
    {
        // The catalog writes "Altéa"; people type "Altea". Before, "Altéa" was cut at the accent and named nothing.
        Assert.That(Words.Fold("Altéa Cassiopée"), Is.EqualTo("altea cassiopee"));
        Assert.That(Words.Tokenize("Altéa DCS").Select(w => w.Lower), Is.EqualTo(new[] { "altea", "dcs" }));
        Assert.That(Airline.Index.FindApps("in Altea").Select(a => a.App.Id), Does.Contain("altea-res"));
        Assert.That(Airline.Index.FindApps("in Altéa").Select(a => a.App.Id), Is.EquivalentTo(Airline.Index.FindApps("in Altea").Select(a => a.App.Id)));
    }

    [Test]
    public void WhatTheAppOnlyLetsThePersonDoToday_IsNotWhatTheyAskFor()
    {
        // "only lets me display the PNR" tells what Altéa Res Display already gives; the request is to change bookings.
        var result = Read("bruno.costa@larkspurair.com",
            "a passenger needs her flight changed and Altea only lets me display the booking, I can't rebook or reissue the ticket");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("altea-res-agent"), result.Why);
    }

    [Test]
    public void AnAbbreviationInSeveralOfAnAppsEntitlementNames_NamesTheApp()
    {
        // "Altéa DCS Check-in Agent", "Altéa DCS Supervisor": nothing else in the catalog says DCS.
        Assert.That(Airline.Index.FindApps("my DCS login").Select(a => a.App.Id), Is.EqualTo(new[] { "altea-dcs" }));
        // Only as written, in capitals.
        Assert.That(Airline.Index.FindApps("the dcs login"), Is.Empty);
    }

    [Test]
    public void AQuestionWhereToSeeSomething_AfterAStory_IsARequest()
    {
        var result = Read("zara.ahmed@larkspurair.com",
            "Putting together a briefing on bird strikes at our outstations. Is there somewhere I can see the safety report trends?");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("coruson-viewer"), result.Why);
    }

    [Test]
    public void CanSomeoneNamedGetIt_IsARequestForThem()
    {
        var result = Read("george.tan@larkspurair.com", "I'm away Monday - could Brian Kowalski get fare filing approval in ATPCO while I'm out?");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Brian Kowalski"));
    }

    [Test]
    public void WordsOfANameSaidFarApart_DoNotNameIt()
    {
        // "Loyalty Service Agent": "the ramp agents ... the service desk" says both words, in two unrelated places.
        var apart = Airline.Index.Search("the ramp agents keep getting locked out of their tablets, can I get rights to reset their passwords myself instead of ringing the service desk", 10)
            .Single(m => m.Entitlement.Id == "loyalty-agent");
        var together = Airline.Index.Search("I need the loyalty service agent role", 10).Single(m => m.Entitlement.Id == "loyalty-agent");

        Assert.That(apart.NameMatch, Is.LessThan(1));
        Assert.That(together.NameMatch, Is.EqualTo(1));
    }

    [Test]
    public void WhatNeverHappened_IsTheStory_NotAnActionRuledOut()
    {
        // "the miles never posted" tells what went wrong; it does not rule out posting (the agent posts missing credit).
        var result = Read("linh.pham@larkspurair.com",
            "A member's PDX-SEA flight never posted to her account. I need to add the missing credit myself in Comarch");

        Assert.That(result.Reading!.Actions.Negated, Is.Empty);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("loyalty-agent"), result.Why);
    }

    [Test]
    public void DoingSomeonesWorkItems_IsMakingThem()
    {
        // "to do their rosters" makes rosters (the planner edits them); the viewer only looks at shift plans.
        var result = Read("omar.saleh@larkspurair.com", "the ANC ramp lead is off for a month so I need to do their rosters and stand planning in GroundStar");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("groundstar-planner"), result.Why);
    }

    [Test]
    public void WhatThePersonCannotDo_IsWhatTheyAskFor()
    {
        Assert.That(ActionReader.Read(Words.Tokenize("I cannot see the queue"), _ => true).Wanted, Does.Contain(Words.Stem("see")));
        Assert.That(Privileges.NeedOf("I can't even pull up her account").Level, Is.EqualTo(PrivilegeLevel.Read));

        var result = Read("bruno.costa@larkspurair.com", "a caller wants to know why her tier dropped and I can't even pull up her Larkspur Miles account");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("loyalty-view"), result.Why);
    }

    [Test]
    public void OfSeveralApps_TheOneTheAskingSentenceSpeaksOf_IsMeant()
    {
        // Ground handling (stand allocation) and baggage (bags, belts) match about as well; only the question asks.
        var result = Read("kayla.jones@larkspurair.com",
            "where can i see the stand allocation for today?? bags from the inbound flights keep ending up on the wrong belt");

        Assert.That(result.Entitlement?.Id ?? result.Options.FirstOrDefault()?.Entitlement.Id, Is.EqualTo("groundstar-view"), result.Why);
        Assert.That(result.Options.Select(o => o.Entitlement.AppId).Distinct(), Has.None.EqualTo("worldtracer"));
    }
}
