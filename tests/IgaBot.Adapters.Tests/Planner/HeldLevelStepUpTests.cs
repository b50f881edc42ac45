using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Tests.Eval;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Least privilege picks the narrowest level that could do the job; a person who already holds it and still asks shows
/// that it does not. The planner then asks for the next level up of the same app, when the words fit it as well and it
/// does no more kind of thing than asked (through the real conversation, agent, tools and policy, on a small refinery
/// tenant: Ken holds the historian's viewer and the shift log's reader, Sara holds nothing).
/// </summary>
public sealed class HeldLevelStepUpTests
{
    private const string Catalog = """
        apps:
          - id: historian
            name: Plant Historian
            description: Process data historian for the refinery units.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: historian-viewer
                name: Historian Viewer
                description: View trends and tag data of the refinery units.
                risk: low
                approvals: []
              - id: historian-export
                name: Historian Data Export
                description: View trends and tag data of the refinery units, and export raw tag data to files.
                risk: high
                maxDuration: P30D
                approvals: [manager]
              - id: historian-admin
                name: Historian Administrator
                description: Configure tags, interfaces, archives and user permissions of the historian.
                risk: critical
                maxDuration: P1D
                approvals: [manager, owner]
          - id: shiftlog
            name: Shift Log
            description: Electronic shift log and handover notes of the refinery units.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: shiftlog-reader
                name: Shift Log Reader
                description: Read shift log entries and handover notes of the refinery units.
                risk: low
                approvals: []
              - id: shiftlog-author
                name: Shift Log Author
                description: Read and write shift log entries and handover notes of the refinery units.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Operations Manager, department: Operations}
          - {email: ken.ito@example.com, name: Ken Ito, title: Process Engineer, department: Operations, manager: amy.ross@example.com, access: [historian-viewer, shiftlog-reader]}
          - {email: sara.lind@example.com, name: Sara Lind, title: Process Engineer, department: Operations, manager: amy.ross@example.com}
        """;

    private static Task<InlineTenantEval.Result> RunAsync(string @case) => InlineTenantEval.RunAsync(Catalog, Directory, @case);

    [Test]
    public async Task ALookAtWhatTheHeldLevelShows_AsksForTheWiderViewAbove_AndSaysWhy()
    {
        var result = await RunAsync(
            """{"id":"up","requester":"ken.ito@example.com","say":"I need to look at the tag data of the crude unit in the historian for a week","expect":{"entitlement":"historian-export","status":"pending_approval","duration":"P7D","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
        Assert.That(result.LastReply, Does.Contain("You already have Historian Viewer").And.Contain("next level up"));
    }

    [Test]
    public async Task TheSameWordsFromSomeoneWhoHoldsNothing_GetTheNarrowestLevel()
    {
        var result = await RunAsync(
            """{"id":"narrowest","requester":"sara.lind@example.com","say":"I need to look at the tag data of the crude unit in the historian for a week","expect":{"entitlement":"historian-viewer","status":"auto_approved","duration":"P7D","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
        Assert.That(result.LastReply, Does.Not.Contain("next level up"));
    }

    [Test]
    public async Task AskingToRead_WhatTheHeldLevelReads_IsAlreadyHeld_NeverTheWriterAbove()
    {
        var result = await RunAsync(
            """{"id":"read","requester":"ken.ito@example.com","say":"I need to read the shift log entries of the crude unit","expect":{"entitlement":"shiftlog-reader","status":"already_has_access","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    [Test]
    public async Task ALevelNamedOutright_ThatIsHeld_IsAlreadyHeld()
    {
        var result = await RunAsync(
            """{"id":"named","requester":"ken.ito@example.com","say":"can I get Historian Viewer to look at the tag data of the crude unit","expect":{"entitlement":"historian-viewer","status":"already_has_access","asks":[]}}""");

        Assert.That(result.Passed, Is.True, result.Actual);
    }

    // The rule itself, on the demo catalog's levels, with the fit of the words set by hand.
    private static EntitlementMatch Match(string id, double relevance)
    {
        var catalog = AgentFixture.EvalTenant.Catalog;
        var entitlement = catalog.FindEntitlement(id)!;
        return new EntitlementMatch(entitlement, relevance) { App = catalog.AppOf(entitlement), Relevance = relevance };
    }

    private static NeedLevel Need(PrivilegeLevel level, bool readOnly = false) => new(level, readOnly, []);

    [Test]
    public void TheLevelUp_IsTheNarrowestWiderOne_ThatTheWordsFitAsWell()
    {
        var held = Match("snowflake-analyst", 0.40);
        var fits = new[] { held, Match("snowflake-pii", 0.45), Match("snowflake-accountadmin", 0.50) };

        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), fits, Need(PrivilegeLevel.Read))?.Entitlement.Id, Is.EqualTo("snowflake-pii"));
        // Fitting the words less well than the level held, it is no evidence of what is needed.
        var weaker = new[] { held, Match("snowflake-pii", 0.30) };
        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), weaker, Need(PrivilegeLevel.Read)), Is.Null);
    }

    [Test]
    public void ToLook_NoEditorIsTheLevelUp_ButANeedNotStatedMayChange()
    {
        var held = Match("salesforce-read", 0.30);
        var fits = new[] { held, Match("salesforce-sales-user", 0.35), Match("salesforce-admin", 0.40) };

        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), fits, Need(PrivilegeLevel.Read)), Is.Null);
        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), fits, Need(PrivilegeLevel.Unknown))?.Entitlement.Id, Is.EqualTo("salesforce-sales-user"));
        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), fits, Need(PrivilegeLevel.Read, readOnly: true)), Is.Null);
    }

    [Test]
    public void ALevelTheRequestNamed_HasNoLevelUp_AndAdministrationOnlyWhenAskedFor()
    {
        var held = Match("salesforce-sales-user", 0.30);
        var fits = new[] { held, Match("salesforce-admin", 0.40) };

        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], "", ByName: true), fits, Need(PrivilegeLevel.Write)), Is.Null);
        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), fits, Need(PrivilegeLevel.Write)), Is.Null);
        Assert.That(LeastPrivilegeChooser.NextLevelUp(new Choice(held, [], ""), fits, Need(PrivilegeLevel.Admin))?.Entitlement.Id, Is.EqualTo("salesforce-admin"));
    }
}
