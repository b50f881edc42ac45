using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Classes of misreading first seen on the insurance tenant (tests/eval/insurance, written blind), each checked where
/// the planner reads it. Nothing in the planner names this tenant: the rules work from its catalog's words.
/// </summary>
public sealed class InsuranceTenantTests
{
    private static PlannerFixture Insurance => PlannerFixture.For("insurance");

    private static Interpretation Read(string requester, string text) =>
        Insurance.NewInterpreter().Interpret(text, Insurance.Context(requester));

    [Test]
    public void ANameWrittenAsOneWordOfCapitalisedParts_IsKnownByItsInitials()
    {
        // "PolicyCenter" -> PC (its parts' initials, and the start of its entitlements' ids); before, "PC" was read as the
        // initials of "privileged credentials" in another app.
        Assert.That(Insurance.Index.FindApps("how do I get into PC").Select(a => a.App.Id), Is.EqualTo(new[] { "policycenter" }));

        var result = Read("andre.wilson@ridgelinemutual.com", "how do I get into PC to look at a dec page");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("pc-inquiry"), result.Why);
    }

    [Test]
    public void VerbsJoinedInADescriptionsList_AreBothActionsItGrants()
    {
        // "Quote, bind and issue new business": bind is the underwriter's, so "bind" is not a request to look policies up.
        var underwriter = Insurance.TenantCatalog.FindEntitlement("pc-underwriter")!;
        Assert.That(EntitlementActions.Of(underwriter).Granted, Does.Contain("bind").And.Contain("issu"));

        var result = Read("amber.fox@ridgelinemutual.com", "need to be able to bind and endorse homeowners policies in PolicyCenter");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("pc-underwriter"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("homeowners"));
    }

    [Test]
    public void AnAppGuessedFromInitials_GivesWayToAnotherAppThatTheRestOfTheMessageFits()
    {
        // "HO" (homeowners) reads as the initials of Hyland OnBase, none of whose entitlements sends anything.
        var result = Read("sandra.kowalski@ridgelinemutual.com", "I need to send out the non-renewal letters for the coastal HO book");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("smartcomm-sender"), result.Why);
    }

    [Test]
    public void AnAppNamedInFull_IsNeverSetAsideForAnother()
    {
        var result = Read("sandra.kowalski@ridgelinemutual.com", "I need to send out the non-renewal letters from Hyland OnBase");

        Assert.That(result.App?.Id, Is.EqualTo("onbase"), result.Why);
    }

    [Test]
    public void AnAdministrationThatAloneSharesTheObjectOfTheAction_IsTheFit()
    {
        // "Place and release legal holds on files" is the records administrator's alone; "claim file" every OnBase role shares.
        var result = Read("nora.quinn@ridgelinemutual.com", "I need to put a legal hold on the claim file in OnBase");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("onbase-records-admin"), result.Why);
    }

    [Test]
    public void ANameOfOneWordThatOtherAppsUseEveryday_DoesNotNameTheEntitlement()
    {
        // "Reinsurance Accounting" shares only "account" with "fleet account renewal"; billing's descriptions say "accounts" too.
        var result = Read("josh.feldman@ridgelinemutual.com",
            "fleet account renewal is over my authority. need to clear the UW referral and put schedule credits on it myself");

        var offered = result.Entitlement is { } chosen ? [chosen.Id] : result.Options.Select(o => o.Entitlement.Id).ToList();
        Assert.That(offered, Does.Contain("pc-uw-manager"), result.Why);
        Assert.That(offered, Does.Not.Contain("sics-accounting"), result.Why);
    }

    [Test]
    public void SomeoneWhoWantsTheRequesterToDoSomething_IsNotTheBeneficiary()
    {
        var result = Read("andre.wilson@ridgelinemutual.com",
            "Monica wants me to start listening to call recordings and scoring QA evals for the team in Genesys");

        Assert.That(result.Beneficiary, Is.Null);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("genesys-supervisor"), result.Why);
    }

    [Test]
    public void APersonNamedFirst_AndPutSomewhereLater_IsTheBeneficiary()
    {
        var result = Read("monica.reyes@ridgelinemutual.com",
            "Dee Morgan on my team is moving over to the billing line next week, can you put her in that queue in Genesys");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Dee Morgan"));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("genesys-agent"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("billing"));
    }

    [TestCase("Need FRISS investigator access - picked up the staged-accident ring referrals from Rosa.", "picked up the staged-accident ring referrals from Rosa")]
    [TestCase("need refunds in billingcenter for two weeks - theres a pile of overpayment refunds on the cancelled policies", "theres a pile of overpayment refunds")]
    [TestCase("I need unmasked claimant PII in Snowflake for the bodily injury severity study", "bodily injury severity study")]
    public void AReasonWithoutBecause_IsFound(string text, string reason)
    {
        Assert.That(JustificationFinder.Find(text)?.Text, Does.Contain(reason));
    }

    [Test]
    public void AStatementAfterACommaThatIsNoPastEvent_IsNoReason()
    {
        // Only after a dash does what happened read as the reason; ", reviewed" after a comma stays part of the request.
        Assert.That(JustificationFinder.Find("I need the claims dashboard, reviewed daily"), Is.Null);
    }
}
