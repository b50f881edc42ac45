using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Words around the ask that are no part of it (nineteenth session, found on a waste-collection, an EV-charging and a
/// care-home tenant written that session and read by kind): what goes on meanwhile ("while we build next year's
/// budget") asks for no action and no level; a verb's form in a noun phrase ("about a grid upgrade", "with a new price
/// list") is a thing; "i only have Elm Park" tells what is held, so the other place named is the one asked for; what one
/// cannot do "without seeing" is what one needs to see; "who do I tell?" of a problem asks for no access; "view" of "Bay
/// View" is a place's name, not a verb.
/// </summary>
public sealed class CircumstanceAroundTheAskTests
{
    private const string Catalog = """
        apps:
          - id: ledger
            name: Ledgerly
            description: Finance system - general ledger, vendor bills and management reports.
            owner: jo.marsh@example.com
            connector: manual
            entitlements:
              - id: ledger-reports
                name: Ledgerly Reports
                description: View profit and loss by site, cost per unit and budget reports. Read only.
                risk: low
                approvals: [manager]
              - id: ledger-ap
                name: Ledgerly AP Entry
                description: Enter, code and build vendor bill batches for payment.
                risk: medium
                approvals: [manager]
          - id: rounds
            name: RoundsPad
            description: Medication rounds on tablets in the care homes.
            owner: jo.marsh@example.com
            connector: manual
            entitlements:
              - id: rounds-pass
                name: RoundsPad Med Pass
                description: Give and record medications on a round for one home.
                risk: medium
                approvals: []
                scope: {label: home, options: [Elm Park, Lakeside Court, Bay View]}
        """;

    private const string Directory = """
        users:
          - {email: jo.marsh@example.com, name: Jo Marsh, title: Finance Manager, department: Finance}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void WhatGoesOnMeanwhile_AsksForNoChangingLevel()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "i need profit and loss by site and the cost per unit reports out of Ledgerly for 2 months while we build next year's budget");

        Assert.Multiple(() =>
        {
            Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("build")));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("ledger-reports"), result.Why);
        });
    }

    [TestCase("before i go back to the client about a server upgrade i want to look at the usage graphs", "upgrade")]
    [TestCase("she came back with a new price list and i need to enter the new prices", "list")]
    public void AVerbsFormInANounPhrase_IsAThing(string text, string thing)
    {
        var asked = ActionReader.Read(Words.Tokenize(text), _ => true);

        Assert.That(asked.Wanted, Does.Not.Contain(Words.Stem(thing)));
    }

    [Test]
    public void ThePlaceOneOnlyHas_IsHeld_AndTheOtherIsAsked()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "picking up shifts at lakeside court for a couple weeks, need roundspad med pass over there too, i only have elm park");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("rounds-pass"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Lakeside Court"));
        });
    }

    [Test]
    public void WhatOneCannotDoWithout_IsNeeded_NotRuledOut()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "the client disputes the invoice and i cannot approve the bill batch without seeing the cost reports, can i get view access in Ledgerly? i do not need to change anything");

        Assert.Multiple(() =>
        {
            Assert.That(result.Actions.Negated, Does.Not.Contain(Words.Stem("see")));
            Assert.That(result.Entitlement?.Id, Is.EqualTo("ledger-reports"), result.Why);
        });
    }

    [TestCase("the tablet on the Elm Park med cart has been showing the wrong round since Tuesday, who do I tell?", false)]
    [TestCase("who should we talk to about the budget reports in Ledgerly being late", false)]
    [TestCase("who do I ask for access to the Ledgerly reports?", true)]
    public void AskingWhomToTell_IsNoRequest_UnlessItAsksForAccess(string text, bool request)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Intent == IgaBot.Adapters.Planner.Intent.OffTopic, Is.EqualTo(!request), result.Why);
    }

    [Test]
    public void AWordOfAPlacesName_IsNoVerb()
    {
        var result = new RequestInterpreter(Search.Value).Interpret("picking up shifts at bay view for a couple weeks, need roundspad med pass there");

        Assert.Multiple(() =>
        {
            Assert.That(result.Actions.Wanted, Does.Not.Contain(Words.Stem("view")));
            Assert.That(result.Scope, Is.EqualTo("Bay View"));
        });
    }
}
