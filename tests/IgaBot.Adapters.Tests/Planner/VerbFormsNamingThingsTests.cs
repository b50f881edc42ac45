using IgaBot.Adapters.Planner;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A verb's form that names a thing, and what a change is done to. Found on a fresh held-out tenant (a restaurant
/// franchisor) in the seventeenth session: "send a loyalty push to members" asked to push (and "for our grand opening" to
/// open), so the level that looks members up and resends their emails was chosen over the one that sends push campaigns.
/// And on a car dealership's: "wants me penciling my own deals" asks to do something, a verb the catalog does not know.
/// </summary>
public sealed class VerbFormsNamingThingsTests
{
    private const string Catalog = """
        apps:
          - id: loyalty
            name: StampCard
            description: Guest loyalty programme - members, points and marketing messages.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: loyalty-support
                name: StampCard Support
                description: Look up a member, see their points and visits, add missing points and resend account emails.
                risk: low
                approvals: [manager]
              - id: loyalty-campaigns
                name: StampCard Campaigns
                description: Build segments and offers, and schedule push, text and email campaigns to members.
                risk: medium
                approvals: [manager]
          - id: deals
            name: DealDesk
            description: Dealer system for the stores - customers, vehicles, deals and repair orders.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: deals-inquiry
                name: DealDesk Inquiry
                description: Search customer files, deal history and repair order history at any store.
                risk: low
                approvals: [manager]
              - id: deals-sales
                name: DealDesk Sales
                description: Desk a deal, work payments and trade figures and build the buyer's order for one store.
                risk: medium
                approvals: [manager]
                scope: {label: store, options: [north, south]}
              - id: deals-service
                name: DealDesk Service Writer
                description: Open, update and close repair orders and add labor lines for one store.
                risk: medium
                approvals: [manager]
                scope: {label: store, options: [north, south]}
          - id: till
            name: TillPoint
            description: Point of sale for the restaurants.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: till-server
                name: TillPoint Server
                description: Sign in on the terminals of one restaurant to open checks, ring orders and take payment.
                risk: low
                approvals: []
              - id: till-manager
                name: TillPoint Manager
                description: Approve voids and discounts, reopen closed checks and run the end-of-day report for one restaurant.
                risk: medium
                approvals: [manager]
              - id: till-admin
                name: TillPoint Menu Administrator
                description: Menu items, prices, tax rates and terminal setup for every restaurant.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Restaurant Manager, department: Operations}
          - {email: lea.d@example.com, name: Lea Dubois, title: Supervisor, department: Operations, manager: ana.silva@example.com, access: [till-manager]}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));


    private static AskedActions Read(string text) => ActionReader.Read(Words.Tokenize(text), _ => true);

    [TestCase("I want to send a quick push to our members", "push")]
    [TestCase("I want to send a loyalty push to our members", "push")]
    [TestCase("we need it for our grand opening", "open")]
    // After a preposition, a determiner and two words describing it.
    [TestCase("want to see what the crew logged about the pump trip before the post trip review tomorrow", "review")]
    public void AVerbsFormAfterADeterminerAndADescribingWord_IsAThing(string text, string notAsked)
    {
        Assert.That(Read(text).Wanted, Does.Not.Contain(Words.Stem(notAsked)));
    }

    // The guard: without a preposition before or after, a word between a possessive and a verb is the verb's subject.
    [Test]
    public void LetMyTeamEdit_StillAsksToEdit()
    {
        Assert.That(Read("can you let my team edit the rota").Wanted, Does.Contain(Words.Stem("edit")));
    }

    [Test]
    public void SendingAPushToMembers_IsTheLevelThatHoldsThePush()
    {
        var result = new RequestInterpreter(Tenant.Value.Search).Interpret(
            "want to send a loyalty push to members near my store for our grand opening, can I get access to do that in StampCard");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("loyalty-campaigns"), result.Why);
    }

    // "Dana wants me penciling my own deals": a verb of doing someone asks of the person, unknown to the catalog, asks to do
    // something (seventeenth session, a dealership), so the level that works deals is meant, not one that only looks.
    [TestCase("Dana wants me penciling my own deals in DealDesk over at north, next 3 months")]
    [TestCase("Dana wants me to pencil my own deals in DealDesk over at north, next 3 months")]
    public void WhatSomeoneWantsThePersonDoing_AsksToDoIt(string text)
    {
        var result = new RequestInterpreter(Tenant.Value.Search).Interpret(text);

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("deals-sales"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("north"));
        });
    }

    // "the new dishes" is something no level's words hold, so it says nothing about which level does the work; "prices" does.
    [Test]
    public void AThingActedOnThatNoLevelSpeaksOf_SaysNothing()
    {
        var result = new RequestInterpreter(Tenant.Value.Search).Interpret(
            "Lea Dubois is taking over the summer menu - she needs to add the new dishes and change menu prices in TillPoint herself instead of waiting on me.",
            new InterpretContext { RequesterEmail = "ana.silva@example.com", People = KnownPeople.For(Tenant.Value.Tenant.Directory, "ana.silva@example.com") });

        Assert.That(result.Entitlement?.Id, Is.EqualTo("till-admin"), result.Why);
    }
}
