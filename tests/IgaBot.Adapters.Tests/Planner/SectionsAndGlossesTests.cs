using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out clinical laboratory and water utility tenants of the twenty-ninth session: a verb in brackets
/// after a verb a level grants ("verify (release) results") is granted too, while what was done to things before ("results
/// that were already released") is not; the section named and the action asked say which app when the message names none;
/// the things a person manages ("the lines I manage") are no action asked; and "budget vs actuals" is a report's name, not a
/// question comparing two levels.
/// </summary>
public sealed class SectionsAndGlossesTests
{
    private const string Catalog = """
        apps:
          - id: helix
            name: Helix LIS
            description: The laboratory information system - orders, accessions, worklists and results.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: helix-inquiry
                name: Helix Inquiry
                description: Look up patients, order status and released results. No result entry.
                risk: low
                approvals: []
              - id: helix-results
                name: Helix Result Entry
                description: Work the pending lists of one section - enter, review and verify (release) results, order reruns.
                risk: high
                approvals: []
                scope:
                  label: section
                  options: [Chemistry, Hematology, Coagulation]
              - id: helix-corrections
                name: Helix Corrected Report
                description: Change results that were already released to the client and issue a corrected report.
                risk: high
                approvals: [manager]
          - id: levey
            name: Levey QC
            description: Quality control charts for the analyzers.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: levey-viewer
                name: Levey Chart Viewer
                description: View QC charts and rule violations for one section.
                risk: low
                approvals: []
                scope:
                  label: section
                  options: [Chemistry, Coagulation]
          - id: relay
            name: Relay Middleware
            description: Instrument middleware between the analyzers and the LIS.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: relay-operator
                name: Relay Operator
                description: Release autoverified results from the analyzers and clear instrument flags.
                risk: medium
                approvals: []
          - id: ledger
            name: Civic Ledger
            description: The authority's finance system - purchasing, accounts payable, general ledger and budgets.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: ledger-requisitions
                name: Ledger Requisition Entry
                description: Enter purchase requisitions and track their purchase orders.
                risk: low
                approvals: []
              - id: ledger-budget
                name: Ledger Budget Inquiry
                description: View GL accounts, budget versus actuals and encumbrances for one fund.
                risk: low
                approvals: []
                scope:
                  label: fund
                  options: [water-fund, capital-fund]
              - id: ledger-payables
                name: Ledger Payables Processor
                description: Enter and post vendor invoices and run check and ACH payment runs.
                risk: high
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Medical Laboratory Scientist, department: Core Laboratory, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    private static IgaBot.Core.Catalog.Entitlement Entitlement(string id) =>
        Tenant.Value.Tenant.Catalog.Apps.SelectMany(a => a.Entitlements).Single(e => e.Id == id);

    [Test]
    public void AVerbInBracketsAfterAGrantedVerb_IsGrantedToo()
    {
        Assert.That(EntitlementActions.Of(Entitlement("helix-results")).Granted, Does.Contain(Words.Stem("release")));
    }

    [Test]
    public void WhatWasAlreadyDoneToTheThings_IsNotGranted()
    {
        // "results that were already released": the release happened before; the level changes results.
        var corrections = EntitlementActions.Of(Entitlement("helix-corrections")).Granted;

        Assert.That(corrections, Does.Not.Contain(Words.Stem("release")));
        Assert.That(corrections, Does.Contain(Words.Stem("change")));
    }

    [Test]
    public void TheSectionNamedAndTheActionAsked_SayWhichAppWhenTheMessageNamesNone()
    {
        // Two apps are granted per section, and another releases results without one: only Helix has a level that
        // releases results for a section, so "coag" with "release" is Helix's result entry for Coagulation.
        var result = Interpret("covering coag for nicole while shes on vacation, need to be able to release coag results for a couple weeks");

        Assert.Multiple(() =>
        {
            Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
            Assert.That(result.Entitlement?.Id, Is.EqualTo("helix-results"), result.Why);
            Assert.That(result.Scope, Is.EqualTo("Coagulation"));
        });
    }

    [TestCase("need to check whats left on the lines i manage")]
    [TestCase("need to look at the spend on the accounts that we approve")]
    public void WhatThePersonDoesWithTheThingsNamed_IsNoActionAsked(string text)
    {
        var need = Privileges.NeedOf(text);

        Assert.That(need.Level, Is.EqualTo(PrivilegeLevel.Read), string.Join(", ", need.Cues));
    }

    [Test]
    public void APluralTheMessageAsksToChange_IsStillAnAction()
    {
        // Not every verb after a plural is a description of it: "the invoices, I approve them" has a comma between.
        Assert.That(Privileges.NeedOf("need the invoices, I approve them for the crews").Level, Is.EqualTo(PrivilegeLevel.Write));
    }

    [Test]
    public void VsInAQuestion_IsAReportsNameUnlessItAsksWhich()
    {
        // "budget vs actuals" is what the budget inquiry shows; the question is the request, not a comparison to set aside.
        var result = Interpret("can i see budget vs actuals in civic ledger? need to check whats left on the lines i manage");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("ledger-budget"), result.Why);
    }
}
