using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Classes of misreading first seen on the manufacturing tenant (tests/eval/manufacturing, written blind), each checked
/// where the planner reads it, with messages of our own. Nothing in the planner names this tenant.
/// </summary>
public sealed class ManufacturingTenantTests
{
    private static PlannerFixture Manufacturing => PlannerFixture.For("manufacturing");

    private static Interpretation Read(string requester, string text) => Manufacturing.Read(requester, text);

    [Test]
    public void TheInitialsOfATwoWordNameOfEverydayWords_NameTheApp_InCapitals()
    {
        Assert.That(Manufacturing.Index.FindApps("unlock accounts in AD").Select(a => a.App.Id), Is.EqualTo(new[] { "active-directory" }));
        Assert.That(Manufacturing.Index.FindApps("an ad for the job"), Is.Empty);

        var result = Read("tyler.ross@kesslerflow.com", "half the second shift got locked out after the policy change, I need to reset passwords and unlock accounts in AD");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("ad-password-reset"), result.Why);
    }

    [Test]
    public void TheInitialsOfABrandName_NameNothing()
    {
        // "HO" is homeowners to an insurer, not Hyland OnBase: a brand is not known by its initials.
        var insurance = PlannerFixture.For("insurance");
        Assert.That(insurance.Index.FindApps("the coastal HO book"), Is.Empty);
    }

    [Test]
    public void AFormerNameInTheAppsDescription_NamesTheApp()
    {
        // "UKG Pro (formerly Kronos)": people still say Kronos.
        Assert.That(Manufacturing.Index.FindApps("timecards in Kronos").Select(a => a.App.Id), Is.EqualTo(new[] { "ukg" }));

        var result = Read("frank.miller@kesslerflow.com", "I have to approve my crew's timecards in Kronos before payroll closes");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("ukg-timekeeper"), result.Why);
    }

    [Test]
    public void TheAskingSentence_NotTheStoryAroundIt_TiesTheMessageToTheCatalog()
    {
        var result = Read("heather.dunn@kesslerflow.com",
            "Linda is away until Monday and four forging POs are stuck unreleased. Can you give me release authority on POs until she's back? The supplier won't ship without one.");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("s4-po-release"), result.Why);
    }

    [Test]
    public void AllThePersonCanDoToday_IsNotTheNeed()
    {
        var result = Read("mike.baca@kesslerflow.com", "I need to close my work orders and book my hours in Maximo, all I can do right now is put in requests");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("maximo-technician"), result.Why);
    }

    [Test]
    public void HerAfterTwoNames_IsTheOneWhoIsNotAway()
    {
        var result = Read("angela.reyes@kesslerflow.com",
            "Brittany Shaw will run payroll next week while Donna is on leave, please set her up as payroll admin in UKG");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Brittany Shaw"));
    }

    [Test]
    public void ASaferLevelThatOffersNoneOfTheRequestsWords_IsNoNearFit()
    {
        // The reporter reports incidents; only the investigator speaks of injury details and investigating.
        var result = Read("travis.hale@kesslerflow.com", "one of my operators hurt his hand on the lathe, I need into Intelex to see the injury details and run the investigation");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("ehs-investigator"), result.Why);
    }

    [Test]
    public void WhatTheHelperIsAskedToDo_IsNotWhatTheAccessMustAllow()
    {
        // "can someone fix" asks IT to fix the problem; the person only needs to open the setup sheet (the viewer).
        var result = Read("cody.whitfield@kesslerflow.com", "the tablet at my cell says i dont have access to work instructions when i pull up the setup sheet. can someone fix");

        Assert.That(result.Reading!.Actions.Wanted, Does.Not.Contain(Words.Stem("fix")));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("dozuki-viewer"), result.Why);
    }

    [Test]
    public void ThePersonsJob_IsNotTheAccessAskedFor()
    {
        // "as a design engineer" is Jordan's job; "Design Engineer" is also a Windchill level, but he only needs to look.
        var result = Read("natalie.ortiz@kesslerflow.com", "Jordan Mills joined my team as a design engineer. Can you get him into Windchill so he can pull up drawings?");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Jordan Mills"));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("plm-viewer"), result.Why);
    }

    [Test]
    public void ToLogSomething_IsToReportIt()
    {
        var result = Read("luis.herrera@kesslerflow.com", "how do I get into Intelex to log a near miss from this morning? nobody was hurt");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("ehs-reporter"), result.Why);
    }
}
