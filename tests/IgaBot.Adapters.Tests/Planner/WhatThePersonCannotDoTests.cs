using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What a person says they cannot do, and what a level adds "plus" as nouns of its actions: found on the held-out lottery,
/// orchestra and ride-hailing tenants. "i can't touch the exclusion" asks to change it; "tess wont let me do refunds" asks to
/// refund; "Agent rights plus refunds to card, comp tickets" grants refunds; and "the forwarder stopped indexing after the
/// patch", told beside the ask, is its reason.
/// </summary>
public sealed class WhatThePersonCannotDoTests
{
    private const string Catalog = """
        apps:
          - id: box
            name: Boxline Ticketing
            description: Ticketing and patron records for the hall.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: box-lookup
                name: Boxline Patron Lookup
                description: Look up patrons, their orders and their subscriptions. Read only.
                risk: low
                approvals: []
              - id: box-agent
                name: Boxline Box Office Agent
                description: Sell single tickets and subscriptions and exchange within a series. Can NOT refund, comp or override prices.
                risk: medium
                approvals: []
              - id: box-supervisor
                name: Boxline Box Office Supervisor
                description: Agent rights plus refunds to card, comp tickets, price overrides and voiding orders.
                risk: high
                approvals: [manager]
          - id: players
            name: Player Care
            description: Online player accounts.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: players-support
                name: Player Support Agent
                description: Look up player accounts and resend verification emails.
                risk: low
                approvals: []
              - id: players-rg
                name: Responsible Gaming Officer
                description: Apply or lift self-exclusions and cool-off periods for a player; change deposit limits.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Coordinator, department: Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [Test]
    public void WhatALevelAddsPlus_AsTheNounsOfItsActions_IsGranted()
    {
        var granted = EntitlementActions.Of(Tenant.Value.Tenant.Catalog.FindEntitlement("box-supervisor")!);

        Assert.That(granted.Granted, Does.Contain(Words.Stem("refund")).And.Contain(Words.Stem("override")));
    }

    [Test]
    public void ThePluralOfAnActionAfterALightVerb_IsTheActionAsked_AndPicksTheLevelThatGrantsIt()
    {
        var result = Interpret("patron lost her husband last week and is asking for the rest of their sub to be refunded back to the card. boxline wont let me do refunds and my supervisor is off");

        Assert.That(result.Actions.Wanted, Does.Contain(Words.Stem("refund")));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("box-supervisor"), result.Why);
    }

    [Test]
    public void UnableToTouchAThing_AsksToChangeIt_AndTheStoryBeforeIsTheReason()
    {
        var result = Interpret("player's self exclusion period ended yesterday and she's asking to have it lifted. i can see her account but i can't touch the exclusion");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Actions.Wanted, Does.Contain(Privileges.ChangeStem));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("players-rg"), result.Why);
        Assert.That(result.Justification, Does.Contain("self exclusion period ended yesterday"));
    }

    [Test]
    public void ALongStoryThatSaysWhatThePersonCannotDo_AndSharesManyWordsWithOneLevel_IsARequest()
    {
        // Nothing asks and the meaning is faint, but the person cannot do what one level's many shared words say.
        var result = Interpret("she rang three times this week from her sister's phone, the cool-off and self exclusion period ended yesterday and " +
            "she's asking to have it lifted before the weekend promo with her cousins. i can't touch the exclusion");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Candidates.Select(c => c.Entitlement.Id).FirstOrDefault(), Is.EqualTo("players-rg"), result.Why);
    }

    [Test]
    public void NotTouchingAnything_StillRulesOutChanging()
    {
        var result = Interpret("i just need to look up a player account, not touching anything");

        Assert.That(result.Actions.Negated, Does.Contain(Privileges.ChangeStem));
        Assert.That(result.Actions.Wanted, Does.Not.Contain(Privileges.ChangeStem));
    }

    [TestCase("need the ticketing admin for 2 hours, the forwarder on the terminal log relay stopped indexing after last night's patch", "stopped indexing")]
    [TestCase("can I get player support for the week, our verification mailer crashed and nobody can resend", "crashed")]
    public void WhatBrokeToldBesideTheAsk_IsTheReason(string text, string part)
    {
        Assert.That(JustificationFinder.Find(text)?.Text, Does.Contain(part));
    }

    [TestCase("i can't touch the exclusion")]
    [TestCase("we're unable to post it")]
    [TestCase("I cannot even open the refunds screen")]
    public void WhatThePersonCannotDo_IsSaid(string text)
    {
        Assert.That(IntentClassifier.SaysWhatCannotBeDone(text), Is.True);
    }

    [TestCase("they can't touch the exclusion")]
    [TestCase("I can see her account")]
    public void WhatOthersCannotDo_OrWhatThePersonCan_IsNot(string text)
    {
        Assert.That(IntentClassifier.SaysWhatCannotBeDone(text), Is.False);
    }
}
