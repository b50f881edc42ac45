using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// "Post" is entering (twenty-first session, found on a research university's and an EV-charging tenant read by kind):
/// "key the grade into Banner" is what a level that posts grade changes does. And where a level grants one word of a
/// group and rules out another ("create work orders ... cannot post credits"), the word said decides: "put in extra
/// pickups" is creating work orders, which that level grants.
/// </summary>
public sealed class WordsOfEnteringTests
{
    private const string Catalog = """
        apps:
          - id: sis
            name: Ellucian Banner Student
            description: Student records, registration and academic history.
            owner: jo.marsh@example.edu
            connector: manual
            entitlements:
              - id: sis-override
                name: Banner Registration Overrides
                description: Enter registration overrides for students in one college - prerequisite, capacity and late adds. Cannot change grades or academic history.
                risk: medium
                approvals: [manager]
              - id: sis-grades
                name: Banner Grade Change
                description: Post grade changes after grades roll to history, convert incompletes and correct academic history.
                risk: high
                approvals: [manager, owner]
          - id: billing
            name: Soft-Pak
            description: Hauling customer accounts, service and billing.
            owner: jo.marsh@example.edu
            connector: manual
            entitlements:
              - id: billing-csr
                name: Soft-Pak Customer Service
                description: Look up accounts and invoices, take calls, create work orders (extra pickup, missed pickup, container swap). Cannot post credits or change rates.
                risk: low
                approvals: []
              - id: billing-credits
                name: Soft-Pak Adjustments and Credits
                description: Post credit memos, billing adjustments and late fee waivers to customer accounts.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: jo.marsh@example.edu, name: Jo Marsh, title: Academic Advisor, department: Advising}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void KeyingAGradeIn_IsWhatTheLevelThatPostsGradeChangesDoes()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "one of my advisees had her professor sign the change of grade form, can i just key the B+ into banner myself");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("sis-grades"), result.Why);
    }

    [Test]
    public void PuttingInWorkOrders_IsGrantedByCreatingThem_ThoughPostingCreditsIsRuledOut()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "started on the phones monday, i need soft-pak so i can look up accounts and put in extra pickups and swaps when customers call");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("billing-csr"), result.Why);
    }
}
