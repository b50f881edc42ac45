using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// How a catalog description says what a level cannot do. Found on a fresh held-out tenant (a car dealership group) in the
/// seventeenth session: "Nothing can be posted, keyed or changed" was read as granting "change" (and "nothing" as a verb), so
/// a person who said they would change nothing was told every level would let them change things.
/// </summary>
public sealed class WhatALevelCannotDoTests
{
    private const string Catalog = """
        apps:
          - id: dealer
            name: LotDesk
            description: Dealer management system for every store - customer and vehicle records, deals and repair orders.
            owner: kim.park@example.com
            connector: manual
            entitlements:
              - id: dealer-lookup
                name: LotDesk Lookup
                description: Look-up logon. Search customer files, deal history and repair order history at any store. Nothing can be posted, keyed or changed.
                risk: low
                approvals: [manager]
              - id: dealer-service
                name: LotDesk Service Writer
                description: Open, update and close repair orders and add labor lines for one store.
                risk: medium
                approvals: [manager]
              - id: dealer-admin
                name: LotDesk Administrator
                description: Manage users, change store settings and forms, unlock accounts.
                risk: high
                approvals: [manager, owner]
        """;

    private const string Directory = """
        users:
          - {email: kim.park@example.com, name: Kim Park, title: Service Manager, department: Service}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    private static Entitlement Lookup => Search.Value.Catalog.Entitlements.Single(e => e.Id == "dealer-lookup");

    [TestCase("Nothing can be posted, keyed or changed.")]
    [TestCase("None of it can be edited or changed.")]
    public void NothingCanBe_RulesOutWhatFollows(string sentence)
    {
        var actions = EntitlementActions.Of(new Entitlement { Id = "x", AppId = "a", Name = "X", Description = "View customer files. " + sentence, Risk = Risk.Low });

        Assert.Multiple(() =>
        {
            Assert.That(actions.RuledOut, Does.Contain(Words.Stem("changed")));
            Assert.That(actions.Granted, Does.Not.Contain(Words.Stem("changed")));
            Assert.That(actions.Granted, Does.Not.Contain(Words.Stem("nothing")).And.Not.Contain(Words.Stem("none")));
            Assert.That(actions.Granted, Does.Contain(Words.Stem("view")));
        });
    }

    [Test]
    public void TheLookupLevel_IsNoLevelOfChanging()
    {
        var actions = EntitlementActions.Of(Lookup);

        Assert.That(actions.Granted, Does.Not.Contain(Words.Stem("change")));
    }

    [Test]
    public void OneWhoWillChangeNothing_GetsTheLevelThatCannotChange()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "a customer says we did her brakes twice, how can I pull up her repair history in LotDesk? dont need to change anything, just look");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("dealer-lookup"), result.Why);
    }
}
