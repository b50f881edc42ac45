using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// An app named only in brackets is an aside about the story (twenty-second session, found on a delivery platform's tenant
/// read by kind): "30 austin applicants stuck at activation (docs verified + checkr clear) ... can i get the rights to
/// activate them myself" asks for the onboarding level that activates drivers in Austin, not for a level of the background
/// check vendor, none of which activates anyone. An app in brackets whose level does what is asked stays the one asked for.
/// </summary>
public sealed class AppNamedInAnAsideTests
{
    private const string Catalog = """
        apps:
          - id: onramp
            name: Onramp
            description: Driver and courier onboarding - documents, activation, holds.
            owner: ops@example.com
            connector: manual
            entitlements:
              - id: onramp-reviewer
                name: Onramp Document Reviewer
                description: >-
                  Works the document review queue for one market. Can approve or reject licences and inspection forms.
                  Cannot activate or deactivate accounts.
                risk: medium
                approvals: [manager]
                scope: {label: market, options: [Austin, Denver, Phoenix]}
              - id: onramp-activator
                name: Onramp Activation Lead
                description: >-
                  Everything a Document Reviewer can do in the market, plus: activate drivers and couriers once docs
                  and the background check are clear, put an account on hold, reactivate after a hold.
                risk: high
                approvals: [manager, owner]
                scope: {label: market, options: [Austin, Denver, Phoenix]}
          - id: checkr
            name: Checkr
            description: Background check vendor for driver and courier applicants (MVR, criminal, continuous monitoring).
            owner: ops@example.com
            connector: manual
            entitlements:
              - id: checkr-viewer
                name: Checkr Status Viewer
                description: See where a candidate's check is (pending, clear, consider, suspended) and its ETA. Cannot take any action on a candidate.
                risk: medium
                approvals: [manager]
              - id: checkr-adjudicator
                name: Checkr Adjudicator
                description: Open full MVR and criminal reports, adjudicate consider results, send adverse action notices, re-run or cancel checks.
                risk: high
                approvals: [manager, owner]
        """;

    private const string Directory = """
        users:
          - {email: ops@example.com, name: Ops Lead, title: Driver Operations Lead, department: Driver Operations}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    private static Interpretation Interpret(string message) => new RequestInterpreter(Search.Value).Interpret(message);

    [Test]
    public void AnAppNamedOnlyInBrackets_GivesWayToTheLevelThatDoesWhatIsAsked()
    {
        var result = Interpret("i got like 30 austin applicants stuck at activation (docs verified + checkr clear) and the only one who can flip them live is out. can i get the rights to activate them myself?");

        Assert.That((result.Entitlement?.Id, result.Scope), Is.EqualTo(("onramp-activator", "Austin")), result.Why);
    }

    [Test]
    public void AnAppInBracketsWhoseLevelDoesWhatIsAsked_StaysTheOneAskedFor()
    {
        var result = Interpret("i need to re-run the background checks for two couriers (in checkr) before they can start");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("checkr-adjudicator"), result.Why);
    }
}
