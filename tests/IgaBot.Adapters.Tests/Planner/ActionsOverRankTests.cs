using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Found on the held-out research organisation tenant (read in the twenty-ninth session): a level whose own words name every
/// action asked ("open and close manual queries" for "raise queries") does the work, though its other verbs ("review") rank
/// it as a reading level; a level that says it is read-only never does.
/// </summary>
public sealed class ActionsOverRankTests
{
    private const string Catalog = """
        apps:
          - id: trialdesk
            name: Trialdesk EDC
            description: Electronic data capture - case report forms, queries, source data verification and database lock.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: td-read
                name: Trialdesk Read Only
                description: Open casebooks read-only and print query status reports.
                risk: low
                approvals: []
              - id: td-monitor
                name: Trialdesk Clinical Research Associate
                description: Monitor role for one study - source data verification (SDV) and review, open and close manual queries to sites, review forms before a monitoring visit.
                risk: medium
                approvals: []
                scope:
                  label: study
                  options: [ONC-101, NEU-202]
              - id: td-data-manager
                name: Trialdesk Data Manager
                description: Data management role for one study - run edit checks and listings, raise and close data queries, freeze and unfreeze forms.
                risk: medium
                approvals: []
                scope:
                  label: study
                  options: [ONC-101, NEU-202]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Clinical Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Clinical Research Associate, department: Clinical Operations, manager: ana.silva@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [Test]
    public void ALevelWhoseOwnWordsNameTheActions_DoesTheWorkWhateverItsRank()
    {
        var result = Interpret("just got assigned to NEU-202 as CRA for the 3 sites in Ohio. need trialdesk so I can do SDV and raise queries before my first visit");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("td-monitor"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("NEU-202"));
    }

    [Test]
    public void ALevelThatSaysItIsReadOnly_NeverDoesAChange()
    {
        var result = Interpret("Ana asked me to help out on ONC-101. need to get into trialdesk and add the missing visit dates to the casebooks");

        Assert.That(result.Entitlement?.Id, Is.Not.EqualTo("td-read"), result.Why);
    }
}
