using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Found on a shipyard's tenant read by kind (twenty-fourth session): a bracket's list of things in a description is an aside,
/// after which its list of verbs goes on ("Record atmosphere tests (O2, LEL, H2S, CO), issue and renew gas-free
/// certificates" grants issuing); and an adverb between the word leading a verb and the verb ("I can still log the steps")
/// leaves it a verb.
/// </summary>
public sealed class AsidesAndAdverbsTests
{
    private const string Catalog = """
        apps:
          - id: permits
            name: Permitline
            description: Hot work, enclosed space and lockout permits for the yard.
            owner: rhea.moss@example.com
            connector: manual
            entitlements:
              - id: permits-requester
                name: Permit Requester
                description: Request hot work and enclosed space permits for your crew and print them.
                risk: low
                approvals: []
              - id: permits-tester
                name: Competent Person
                description: >-
                  Record atmosphere tests (O2, LEL, H2S, CO), issue and renew gas-free certificates and entry permits,
                  post and pull permits.
                risk: high
                approvals: [manager]
              - id: permits-admin
                name: Permitline Administrator
                description: Permit templates, qualification lists, user roles.
                risk: high
                approvals: [manager]
          - id: dock
            name: Drydock Log
            description: Docking schedule, blocking plans, flooding and dewatering logs.
            owner: rhea.moss@example.com
            connector: manual
            entitlements:
              - id: dock-view
                name: Dock Schedule Viewer
                description: See the docking schedule and approved blocking plans.
                risk: low
                approvals: []
              - id: dock-officer
                name: Docking Officer
                description: Edit blocking plans, record block checks, log flooding and dewatering steps. Cannot sign the undocking authorization.
                risk: high
                approvals: [manager]
              - id: dock-master
                name: Dock Master Authority
                description: Sign docking, undocking and flood-up authorizations and override the dock schedule.
                risk: critical
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: rhea.moss@example.com, name: Rhea Moss, title: Operations Manager, department: Operations}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void ABracketsListOfThings_DoesNotEndTheListOfVerbs()
    {
        var tester = Search.Value.Catalog.Apps.SelectMany(a => a.Entitlements).Single(e => e.Id == "permits-tester");

        Assert.That(EntitlementActions.Of(tester).Granted, Does.Contain(Words.Stem("issue")).And.Contain(Words.Stem("renew")));
        Assert.That(new RequestInterpreter(Search.Value).Interpret("I go on nights next week, am I still set up to issue gas frees in permitline").Entitlement?.Id,
            Is.EqualTo("permits-tester"));
    }

    [Test]
    public void AnAdverbBeforeTheVerb_LeavesItAVerb()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "flooding down the dock tonight once the tug is on the blocks. just making sure i can still log the flood-up steps in drydock log");

        Assert.That(result.Actions.Wanted, Does.Contain(Words.Stem("log")));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("dock-officer"), result.Why);
    }
}
