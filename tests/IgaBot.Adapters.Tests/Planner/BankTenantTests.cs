using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Classes of misreading first seen on the bank tenant (tests/eval/bank, written blind), each checked where the planner
/// reads it. Nothing in the planner names this tenant: the rules work from its catalog's words and general English.
/// </summary>
public sealed class BankTenantTests
{
    private static PlannerFixture Bank => PlannerFixture.For("bank");

    private static Interpretation Read(string requester, string text) =>
        Bank.NewInterpreter().Interpret(text, Bank.Context(requester));

    [Test]
    public void AScopeOfSeveralWords_IsNamedByAPartNoOtherOptionHas_EvenCutShort()
    {
        // "munis" for Municipal Securities, among Foreign Exchange, Interest Rates, Money Markets, ...
        var result = Read("nikhil.rao@northgatebank.com", "can i get read acess to the munis book in Calypso? want to see positions and P&L before I put the ALCO deck together");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("calypso-viewer"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Municipal Securities"));
    }

    [Test]
    public void AScopeOfSeveralWords_IsNamedByItsInitials()
    {
        var result = Read("owen.fletcher@northgatebank.com", "DR failover test is next week. Need CyberArk checkout on the DR servers for a week so I can prep and run it");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cyberark-server"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Disaster Recovery"));
    }

    [Test]
    public void APartSharedByTwoOptions_NamesNeither()
    {
        var scope = Bank.TenantCatalog.FindEntitlement("ncino-loan-officer")!.Scope!;

        // "commercial" is in two options; "equity" only in Home Equity.
        Assert.That(ScopeFinder.Find("loans for commercial clients", scope), Is.Null);
        Assert.That(ScopeFinder.Find("home equity lines", scope), Is.EqualTo("Home Equity"));
    }

    [Test]
    public void ARoleNoun_AsksForTheActionItIsMadeFrom()
    {
        var result = Read("ahmed.khan@northgatebank.com", "We're short a checker on the Fedwire queue this afternoon - pls add me as a releaser in GPP so the 3pm wires don't miss cutoff");

        Assert.That(result.Actions.Wanted, Does.Contain(Words.Stem("release")));
    }

    [Test]
    public void SomeoneThingsAreSentTo_IsNotThePersonTheAccessIsFor()
    {
        var result = Read("chloe.bauer@northgatebank.com", "I'd like to be able to book the accrual reclasses in Oracle myself instead of sending them to Susan every month");

        Assert.That(result.Beneficiary, Is.Null);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("oracle-gl-journal-entry"), result.Why);
        // After the access itself, "to <name>" still names the person it is for.
        Assert.That(BeneficiaryFinder.Find("please grant edit access to Tom Baker")?.Text, Is.EqualTo("Tom Baker"));
    }

    [Test]
    public void WhatThePersonIsSetUpForToday_IsNotTheScopeAsked()
    {
        var result = Read("hector.alvarez@northgatebank.com", "Need to originate HELOCs in nCino as well, right now I'm only set up for first mortgages");

        Assert.That(result.Scope, Is.Not.EqualTo("Residential Mortgage"), result.Why);
    }

    [Test]
    public void AServiceDeskNumberWithoutAHyphen_IsATicket_NotAWordOfTheNeed()
    {
        var result = Read("priya.menon@northgatebank.com", "Patching window tonight under CHG0045123 - I need admin on the prod boxes for 8 hours");

        Assert.That(result.Justification, Does.Contain("CHG0045123"));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("cyberark-server"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Production"));
    }

    [Test]
    public void WorkThePersonHasToDo_IsARequest_WhenTheCatalogGrantsItsVerb()
    {
        // "we have ~200 debit cards to hot-card and reissue": no "access", no "need", but a task only card servicing does.
        var result = Read("mei.zhou@northgatebank.com", "skimmer hit the ATM at our Dallas branch, we have ~200 debit cards to hot-card and reissue");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("prime-servicing"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Debit"));
        // A chore without a verb the catalog grants is still no request.
        Assert.That(Read("mei.zhou@northgatebank.com", "we have 3 birthdays to celebrate this week").Intent, Is.EqualTo(Intent.OffTopic));
    }

    [Test]
    public void WhatADescriptionSaysOthersDo_IsNotGranted()
    {
        // GPP Payment Initiator: "Payments still need to be released by a second person."
        var initiator = EntitlementActions.Of(Bank.TenantCatalog.FindEntitlement("gpp-initiator")!);
        var release = EntitlementActions.Of(Bank.TenantCatalog.FindEntitlement("gpp-approver")!);

        Assert.That(initiator.Granted, Does.Not.Contain(Words.Stem("release")));
        Assert.That(initiator.Granted, Does.Contain(Words.Stem("enter")));
        Assert.That(release.Granted, Does.Contain(Words.Stem("release")));
        var result = Read("ahmed.khan@northgatebank.com", "We're short a checker on the Fedwire queue this afternoon - pls add me as a releaser in GPP so the 3pm wires don't miss cutoff");
        Assert.That(result.Entitlement?.Id, Is.EqualTo("gpp-approver"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Fedwire"));
    }

    [Test]
    public void AVerbActingOnThem_AfterABracketedGloss_IsGranted()
    {
        // "prepare suspicious activity reports (SARs) and file them with FinCEN": the bracket glosses, "file" acts on "them".
        var investigator = EntitlementActions.Of(Bank.TenantCatalog.FindEntitlement("actimize-investigator")!);
        Assert.That(investigator.Granted, Does.Contain(Words.Stem("file")));

        var result = Read("tariq.hassan@northgatebank.com", "Need to be able to write up and file the SAR on the Main St car wash case myself, we're already 25 days past initial detection");
        Assert.That(result.Entitlement?.Id, Is.EqualTo("actimize-investigator"), result.Why);
    }
}
