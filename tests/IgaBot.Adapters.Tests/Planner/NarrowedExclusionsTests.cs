using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What a level excludes is read as narrowly as it is written (twenty-second session, found on a delivery platform's tenant
/// read by kind): "Pseudonymised: no names, phone numbers or exact addresses" excludes phone numbers, so "the aggregate
/// numbers are fine" asks for nothing it excludes, and the pseudonymised SQL level stays the one asked for. A thing the
/// message narrows by a word the level itself uses ("dash cam footage" to a level of an app that speaks of dash cams, which allows
/// "no full footage download") is still what it excludes, and so is one the message leaves bare ("pay" of "No individual pay").
/// </summary>
public sealed class NarrowedExclusionsTests
{
    private const string Catalog = """
        apps:
          - id: lakehouse
            name: Lakehouse
            description: Warehouse of trips, orders, driver supply and marketplace data.
            owner: helen.strand@example.com
            connector: manual
            entitlements:
              - id: lakehouse-analyst
                name: Lakehouse SQL Analyst
                description: >-
                  SQL warehouse access to the curated marts - trips, orders, ETAs, cancellations, incentive spend.
                  Pseudonymised: no names, phone numbers or exact addresses.
                risk: medium
                approvals: [manager]
              - id: lakehouse-raw
                name: Lakehouse Raw Trip Data
                description: >-
                  Raw trip and order tables with rider and driver identities, phone numbers, pickup and drop-off
                  addresses and GPS pings. For safety investigations and privacy requests.
                risk: high
                approvals: [manager, owner]
              - id: lakehouse-admin
                name: Lakehouse Workspace Admin
                description: Workspace admin - clusters, SQL warehouses, catalog grants, service principals and users.
                risk: critical
                approvals: [manager, owner]
          - id: dashcam
            name: Dashcam
            description: Fleet telematics - GPS, dash cam footage, harsh events and driver safety scores.
            owner: helen.strand@example.com
            connector: manual
            entitlements:
              - id: dashcam-coach
                name: Dashcam Safety Coach
                description: >-
                  Work the safety inbox - review harsh event clips (hard braking, rolling stops), coach drivers and close
                  coaching sessions. Short clips only, no full footage download.
                risk: medium
                approvals: [manager]
              - id: dashcam-retrieval
                name: Dashcam Video Retrieval
                description: >-
                  Request and download full HD footage from any truck's inward and outward cameras, for accident
                  investigations, insurance claims and litigation holds.
                risk: high
                approvals: [manager, owner]
          - id: people
            name: People Hub
            description: HR records and reports.
            owner: helen.strand@example.com
            connector: manual
            entitlements:
              - id: people-partner
                name: People Hub HR Partner
                description: View and edit employee records, job changes, absence and compensation for a supported organisation.
                risk: high
                approvals: [manager, owner]
              - id: people-reports
                name: People Hub Team Reports
                description: Read headcount, starters and leavers, absence and org chart reports. No individual pay.
                risk: low
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: helen.strand@example.com, name: Helen Strand, title: Data Platform Lead, department: Data}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    private static Interpretation Interpret(string message) => new RequestInterpreter(Search.Value).Interpret(message);

    [Test]
    public void NumbersNarrowedByAWordTheLevelNeverUses_AreNotThePhoneNumbersItExcludes()
    {
        var result = Interpret("could i get lakehouse sql for the qbr? ops want payout rates by market for q3. aggregate numbers are fine, do not need rider pii");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("lakehouse-analyst"), result.Why);
    }

    [Test]
    public void FootageNarrowedByAWordTheLevelUses_IsStillTheFootageItExcludes()
    {
        const string message = "i need to pull hd dash cam footage from every truck at the rollover scene for a month, the insurance adjuster and our lawyer are asking for it";

        var coach = Search.Value.Search(message).Single(m => m.Entitlement.Id == "dashcam-coach");

        Assert.That(coach.MatchedWords, Does.Contain("not footag"), coach.Why);
        Assert.That(Interpret(message).Entitlement?.Id, Is.EqualTo("dashcam-retrieval"));
    }

    [Test]
    public void PayLeftBare_IsStillThePayALevelExcludes()
    {
        var result = Interpret("I'd like to see pay and absence records for my store staff in People Hub ahead of the mid-year reviews");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("people-partner"), result.Why);
    }
}
