using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What a message asks, told apart from what it says around the ask. Found on a fresh held-out tenant (commercial real
/// estate) in the sixteenth session: "I have no way to approve them" asks to approve; "I can see the door events but ..."
/// is what is held; a question after a dash is the ask, not its reason; a place the work is for does not rule out the
/// unscoped level whose own words hold the work; "put his updates into the log" enters them.
/// </summary>
public sealed class HeldAndAskedTests
{
    private const string Catalog = """
        apps:
          - id: doors
            name: Keyless
            description: Cloud door access for office buildings - badges, door schedules and door events.
            owner: rae.hill@example.com
            connector: manual
            entitlements:
              - id: doors-events
                name: Door Event Viewer
                description: View door events, alarms and snapshots for one building.
                risk: low
                approvals: []
                scope: {label: building, options: [Harbor Point, Elm Court]}
              - id: doors-badges
                name: Badge Manager
                description: Issue, suspend and revoke badges and fobs for tenants, contractors and vendors at one building.
                risk: medium
                approvals: [manager]
                scope: {label: building, options: [Harbor Point, Elm Court]}
              - id: doors-admin
                name: Site Administrator
                description: Change door schedules, unlock doors remotely and edit site settings for one building.
                risk: high
                approvals: [manager]
                scope: {label: building, options: [Harbor Point, Elm Court]}
          - id: payables
            name: PayFlow
            description: Accounts payable - invoice capture, approval routing and vendor payments.
            owner: rae.hill@example.com
            connector: manual
            entitlements:
              - id: payables-approver
                name: Invoice Approver
                description: Review and approve or reject vendor invoices routed to you.
                risk: low
                approvals: []
              - id: payables-clerk
                name: Invoice Clerk
                description: Key, code and correct captured vendor invoices and submit them for approval.
                risk: medium
                approvals: [manager]
          - id: investors
            name: LP Portal
            description: Investor portal for the funds - LP records, capital calls, distributions and quarterly reports.
            owner: rae.hill@example.com
            connector: manual
            entitlements:
              - id: investors-fund-viewer
                name: Fund Dashboard Viewer
                description: View fund dashboards, distributions and published quarterly reports for one fund.
                risk: medium
                approvals: [manager]
                scope: {label: fund, options: [Fund II, Fund III]}
              - id: investors-publisher
                name: Notice Publisher
                description: Prepare and send capital call and distribution notices and publish quarterly reports for one fund.
                risk: high
                approvals: [manager]
                scope: {label: fund, options: [Fund II, Fund III]}
              - id: investors-records
                name: Investor Records
                description: View and edit individual LP records - contacts, wire instructions, tax IDs and commitments.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: rae.hill@example.com, name: Rae Hill, title: Property Manager, department: Operations}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("i have no way to approve or reject them")]
    [TestCase("there's no option to approve or reject them")]
    public void NoWayTo_ComplainsOfWhatIsWanted(string text)
    {
        var asked = ActionReader.Read(Words.Tokenize(text), _ => true);

        Assert.That(asked.Wanted, Is.SupersetOf(new[] { Words.Stem("approve"), Words.Stem("reject") }));
        Assert.That(asked.Negated, Is.Empty);
    }

    [Test]
    public void NoWayTo_AsksForTheLevelThatDoesIt()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "three vendor invoices got routed to me in PayFlow while Sam is away but i have no way to approve or reject them");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("payables-approver"), result.Why);
    }

    [Test]
    public void WhatThePersonCanDoBeforeBut_IsHeld_NotAsked()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "a contractor at Harbor Point was let go this morning and his fob still opens the doors. i can see the door events in Keyless but cant switch it off");

        Assert.Multiple(() =>
        {
            Assert.That(result.Entitlement?.Id, Is.EqualTo("doors-badges"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Harbor Point"));
        });
    }

    [Test]
    public void AQuestionAfterADash_IsTheAsk_NotItsReason()
    {
        var reason = JustificationFinder.Find("Sam is out friday - can Jo release the payment run in PayFlow so the vendors get paid on time?");

        Assert.That(reason?.Text, Does.Not.StartWith("can"));
    }

    [Test]
    public void APlaceTheWorkIsFor_DoesNotRuleOutTheUnscopedLevelWhoseWordsHoldTheWork()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "for the Fund III distribution I have to sort out the LP wire instructions in the LP portal, a few investors moved banks");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("investors-records"), result.Why);
    }

    // The guard it keeps: where the unscoped level offers nothing of the message the scoped ones lack, the place named still
    // rules it out ("the Fund III dashboards" is the fund viewer).
    [Test]
    public void APlaceNamed_StillRulesOutABroaderLevelThatOffersNothingMore()
    {
        var result = new RequestInterpreter(Search.Value).Interpret("need to look at the Fund III dashboards in the LP portal");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("investors-fund-viewer"), result.Why);
    }

    // "put ... into" the place things are kept enters them (a level that writes log entries), next to its particle or after its
    // object; "put ... in <a system>" names where, and asks for no entering.
    [TestCase("can you set Jo up so he can put his incident updates straight into the control log", true)]
    [TestCase("I need to put in the overtime hours for my crew", true)]
    [TestCase("how do i put a near miss in the safety system", false)]
    public void PutInto_Enters(string text, bool enters)
    {
        var asked = ActionReader.Read(Words.Tokenize(text), _ => true);

        Assert.That(asked.Wanted.Contains(Words.Stem("enter")), Is.EqualTo(enters), string.Join(",", asked.Wanted));
    }
}
