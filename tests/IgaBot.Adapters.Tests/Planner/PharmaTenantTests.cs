using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Classes of misreading first seen on the pharma tenant (tests/eval/pharma, written blind), each checked where the
/// planner reads it. Nothing in the planner names this tenant: the rules work from its catalog's words and general English.
/// </summary>
public sealed class PharmaTenantTests
{
    private static PlannerFixture Pharma => PlannerFixture.For("pharma");

    private static Interpretation Read(string requester, string text) =>
        Pharma.NewInterpreter().Interpret(text, Pharma.Context(requester));

    private static Entitlement Entitlement(string id) => Pharma.TenantCatalog.FindEntitlement(id)!;

    [Test]
    public void ALongStoryAroundTheRequest_StillTiesToTheEntitlementItSharesManyWordsWith()
    {
        // Names, a ticket and jargon no catalog holds; "publish ... sequences ... through the gateway" is the publisher's.
        var result = Read("yusuf.demir@kestrelbio.com",
            "Samir left and Diane wants me to cover publishing until the new hire starts. I need to publish and dispatch seq 0012 (the CMC amendment) to FDA through the gateway - 2 weeks should do");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("rim-publisher"), result.Why);
    }

    [Test]
    public void WhoSentThePerson_IsNoPartOfTheNeed()
    {
        // "my manager told me" named "Rave Data Manager" (a role the requester's department may not even hold).
        var result = Read("tess.murray@kestrelbio.com", "my manager told me to ask here for a Rave account");

        Assert.That(result.Entitlement, Is.Null, result.Why);
        Assert.That(result.Options.Select(o => o.Entitlement.Id), Is.EquivalentTo(new[] { "rave-read", "rave-data-manager", "rave-study-builder" }));
    }

    [Test]
    public void AWordInCapitals_IsANameNotAVerb()
    {
        // "Read deviations, CAPAs, change controls, complaints": a list of things, so the viewer grants no changing.
        Assert.That(EntitlementActions.Of(Entitlement("qms-viewer")).Granted, Does.Not.Contain("chang").And.Not.Contain("capa"));

        var result = Read("hugo.lambert@kestrelbio.com",
            "A KOL asked me about the complaint trend on the 20 mg tablets. I'd like to read the complaint and CAPA records in Vault QMS - no edits needed.");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("qms-viewer"), result.Why);
    }

    [Test]
    public void WhatThePersonHoldsToday_IsNotWhatTheyAskFor_AndAVerbDoneAgainIsThatVerb()
    {
        var result = Read("grace.obi@kestrelbio.com",
            "I only have view rights in Empower - need to reintegrate the impurity peaks on the stab sample set before Ben reviews it");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("empower-analyst"), result.Why);
    }

    [Test]
    public void InitialsOfAnEntitlementsName_WinOverTheSameInitialsInADescription()
    {
        // "GA": "Global Administrator" (a name) and "GMP asset" (a description) share the initials.
        Assert.That(Pharma.Index.Normalize("GA for 2 hrs tonight"), Does.StartWith("global administrator"));

        var result = Read("mateo.rivera@kestrelbio.com", "GA for 2 hrs tonight pls, rolling out conditional access change CHG0031245 in the maintenance window");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("entra-global-admin"), result.Why);
        Assert.That(result.Duration.Length, Is.EqualTo(TimeSpan.FromHours(2)));
    }

    [Test]
    public void AVerbOfThePurpose_DoesNotSetAsideTheEntitlementTheRequestNames()
    {
        // "to produce the closed session outputs" is the blinded programmer's verb; "unblinded access" is what is asked.
        var result = Read("nikhil.rao@kestrelbio.com",
            "DMC interim for KST-305 is on the 14th. I need unblinded access to that study in LSAF for two weeks to produce the closed session outputs");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("lsaf-unblinded"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("KST-305"));
    }

    [Test]
    public void AVerbOfThePurpose_StillDecidesWhenTheNameIsOnlyInsideThePurpose()
    {
        // "need to be able to bind ... policies": the request is the purpose; "policy" in a viewer's name does not win.
        var insurance = PlannerFixture.For("insurance");
        var result = insurance.NewInterpreter().Interpret(
            "I'm picking up part of Sandra's HO book - need to be able to bind and endorse homeowners policies in PolicyCenter",
            insurance.Context("amber.fox@ridgelinemutual.com"));

        Assert.That(result.Entitlement?.Id, Is.EqualTo("pc-underwriter"), result.Why);
    }

    [TestCase("Need to pull headcount + overtime by shift for manufacturing out of Workday for a couple days, building the business case for a 4th shift", "building the business case")]
    [TestCase("Need to approve the OOS investigation in LabWare for lot 24C031 so the batch can be dispositioned", "the batch can be dispositioned")]
    [TestCase("hana needs grade B access to calibrate the isolator temperature probes in the fill suite", "calibrate the isolator")]
    public void AReasonWithoutBecause_IsFound(string text, string reason)
    {
        Assert.That(JustificationFinder.Find(text)?.Text, Does.StartWith(reason));
    }

    [Test]
    public void AScopeValueThePersonIsLeaving_GivesWayToTheOneTheyGoTo()
    {
        var result = Read("siobhan.ryan@kestrelbio.com", "Ana is moving from compression to the coating suite next week, can you put her on PAS-X for coating");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("mes-operator"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Coating"));
        // Said alone, the value after "from" is still the one meant.
        Assert.That(ScopeFinder.Find("pull the batch records from Compression", Entitlement("mes-operator").Scope!), Is.EqualTo("Compression"));
    }

    [Test]
    public void AReportsFirstNameInLowerCase_BeforeAVerbOfNeeding_IsThePersonTheAccessIsFor()
    {
        var result = Read("owen.price@kestrelbio.com", "hana needs grade B access to calibrate the isolator temperature probes in the fill suite");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Hana"));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("badge-grade-b"), result.Why);
        // Someone who is not the requester's report stays a word.
        var stranger = Read("tess.murray@kestrelbio.com", "hana needs grade B access");
        Assert.That(stranger.Beneficiary, Is.Null);
    }

    [TestCase("can you set hana up with grade B access to calibrate the isolator temperature probes in the fill suite")]
    [TestCase("grade B access for hana please, to calibrate the isolator temperature probes in the fill suite")]
    public void AReportsFirstNameInLowerCase_AfterAGivingVerbOrFor_IsThePersonTheAccessIsFor(string text)
    {
        Assert.That(Read("owen.price@kestrelbio.com", text).Beneficiary?.Text, Is.EqualTo("Hana"));
        // Nobody's report: a word, and the request is the requester's own.
        Assert.That(Read("tess.murray@kestrelbio.com", text).Beneficiary, Is.Null);
    }
}
