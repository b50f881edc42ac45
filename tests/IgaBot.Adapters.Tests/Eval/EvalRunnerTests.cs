using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IgaBot.Adapters.Eval;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Eval;

[TestFixture]
public sealed partial class EvalRunnerTests
{
    [GeneratedRegex(@"^eval: (?<p>\d+)/(?<n>\d+) passed, asks exact (?<a>\d+)/\k<n>, over-permission (?<o>\d+), wrong person (?<w>\d+)$")]
    private static partial Regex Summary();

    [GeneratedRegex(@"^by check: entitlement \d+/\d+, scope \d+/\d+, status \d+/\d+, duration \d+/\d+, beneficiary \d+/\d+, asks \d+/\d+$")]
    private static partial Regex ByCheck();

    private static async Task<(int Exit, string[] Lines)> RunAsync(string catalog, string directory, string cases, string? json = null)
    {
        var output = new StringWriter();
        var exit = await EvalRunner.RunAsync(catalog, directory, cases, json, output, CancellationToken.None);
        return (exit, output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Test]
    public async Task ThePublicCases_PassWithTheOfflinePlanner()
    {
        using var folder = new TempFolder();
        var json = folder.File("eval.json");

        var (exit, lines) = await RunAsync(AgentFixture.EvalPath("catalog.yaml"), AgentFixture.EvalPath("directory.yaml"), AgentFixture.EvalPath("cases.jsonl"), json);

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Assert.That(exit, Is.Zero);
        Assert.That(lines, Has.Length.EqualTo(43), "a heading, one line per case, the line by check, the summary");
        Assert.That(ByCheck().IsMatch(lines[^2]), Is.True, lines[^2]);
        Assert.That(lines[0], Is.EqualTo("eval: 40 case(s) through the offline planner"));
        var summary = Summary().Match(lines[^1]);
        Assert.That(summary.Success, Is.True, lines[^1]);
        Assert.That(int.Parse(summary.Groups["n"].Value), Is.EqualTo(40));
        Assert.That(int.Parse(summary.Groups["p"].Value), Is.GreaterThanOrEqualTo(38));
        Assert.That(int.Parse(summary.Groups["a"].Value), Is.GreaterThanOrEqualTo(36));
        Assert.That(int.Parse(summary.Groups["o"].Value), Is.Zero);
        Assert.That(int.Parse(summary.Groups["w"].Value), Is.Zero);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.That(report["results"]!.AsArray(), Has.Count.EqualTo(40));
        Assert.That(report["results"]![0]!["transcript"]!.AsArray(), Is.Not.Empty);
        Assert.That(report["wrongPerson"]!.GetValue<int>(), Is.Zero);
        Assert.That(report["byCheck"]!["beneficiary"]!["checked"]!.GetValue<int>(), Is.EqualTo(40));
    }

    [Test]
    public async Task RewordedAndNewRequests_OnThePublicTenant_KeepTheirScore_WithoutOverPermission()
    {
        var (exit, lines) = await RunAsync(AgentFixture.EvalPath("catalog.yaml"), AgentFixture.EvalPath("directory.yaml"), AgentFixture.EvalPath("paraphrases.jsonl"));

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Assert.That(exit, Is.Zero);
        var summary = Summary().Match(lines[^1]);
        Assert.That(summary.Success, Is.True, lines[^1]);
        Assert.That(int.Parse(summary.Groups["n"].Value), Is.EqualTo(36));
        // 36/36 and asks exact 36/36 when written; the margin leaves room for one honest trade-off.
        Assert.That(int.Parse(summary.Groups["p"].Value), Is.GreaterThanOrEqualTo(34));
        Assert.That(int.Parse(summary.Groups["a"].Value), Is.GreaterThanOrEqualTo(33));
        Assert.That(int.Parse(summary.Groups["o"].Value), Is.Zero);
        Assert.That(int.Parse(summary.Groups["w"].Value), Is.Zero);
    }

    // Meridian: 30/31 and asks exact 29/31 when written (tests/eval/meridian/README.md says which fail and why).
    // Harborline, written blind: 35/40 (asks exact 37/40) at its first run, before the planner work of issue 11; 40/40 since.
    // Ridgeline Mutual (insurance), written blind: 32/40 (asks exact 32/40, one wrong person) at its first run; 39/40 since.
    [TestCase("meridian", 31, 29, 28, TestName = "AHospitalTenant_WithItsOwnJargon_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    [TestCase("harbor", 40, 39, 39, TestName = "ALogisticsTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Kestrel Biopharma (pharma), written blind: 30/40 (asks exact 32/40) at its first run; 39/40 since.
    [TestCase("insurance", 40, 39, 39, TestName = "AnInsuranceTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    [TestCase("pharma", 40, 39, 39, TestName = "APharmaTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Bayfield Energy (utility), written blind: 35/40 (asks exact 33/40) at its first run; 37/40 since.
    [TestCase("utility", 40, 37, 37, TestName = "AUtilityTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Larkspur Air (airline), written blind: 30/40 (asks exact 38/40, one wrong person) at its first run; 36/40 since.
    [TestCase("airline", 40, 35, 36, TestName = "AnAirlineTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Kessler Flow Systems (manufacturing), written blind: 28/40 (asks exact 36/40, one over-permission) at its first run; 39/40 since.
    [TestCase("manufacturing", 40, 38, 39, TestName = "AManufacturingTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Meridian Telecom, written blind: 31/40 (asks exact 35/40, one wrong person) at its first run; 38/40 since.
    [TestCase("telecom", 40, 37, 37, TestName = "ATelecomTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Halcyon Hotels, written blind: 27/40 (asks exact 33/40, one over-permission) at its first run; 35/40 since.
    [TestCase("hotel", 40, 34, 36, TestName = "AHotelTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Ridgeline Builders (construction), written blind: 29/40 (asks exact 34/40) at its first run; 37/40 since.
    [TestCase("construction", 40, 36, 37, TestName = "AConstructionTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Meridian Freight & Logistics, written blind: 32/40 (asks exact 35/40) at its first run; 39/40 since.
    [TestCase("logistics", 40, 38, 39, TestName = "AFreightForwarderTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Lakeshore Media Group, written blind: 29/40 (asks exact 33/40) at its first run; 36/40 since.
    [TestCase("media", 40, 35, 35, TestName = "AMediaTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Cedar Valley Unified (school district), written blind: 32/40 (asks exact 33/40, two wrong persons) at its first run; 37/40 since.
    [TestCase("school", 40, 36, 36, TestName = "ASchoolDistrictTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Northgate Bank, written blind: 20/40 (asks exact 25/40, one wrong person) at its first run; 31/40 since, and no wrong
    // person since the eighth session (its scopes need knowledge of the world: README, case sets).
    [TestCase("bank", 40, 30, 30, TestName = "ABankTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    // Hearthstone Restaurant Group, written blind: 37/40 (asks exact 36/40) at its first run; 38/40 since.
    [TestCase("restaurant", 40, 37, 36, TestName = "ARestaurantTenant_WrittenBlind_KeepsItsScore_WithoutOverPermissionOrWrongPerson")]
    public async Task ATenantOfItsOwn_KeepsItsScore_WithoutOverPermissionOrWrongPerson(string folder, int cases, int passed, int asksExact)
    {
        var (exit, lines) = await RunAsync(AgentFixture.EvalPath($"{folder}/catalog.yaml"), AgentFixture.EvalPath($"{folder}/directory.yaml"),
            AgentFixture.EvalPath($"{folder}/cases.jsonl"));

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Assert.That(exit, Is.Zero);
        var summary = Summary().Match(lines[^1]);
        Assert.That(summary.Success, Is.True, lines[^1]);
        Assert.That(int.Parse(summary.Groups["n"].Value), Is.EqualTo(cases));
        Assert.That(int.Parse(summary.Groups["p"].Value), Is.GreaterThanOrEqualTo(passed));
        Assert.That(int.Parse(summary.Groups["a"].Value), Is.GreaterThanOrEqualTo(asksExact));
        Assert.That(int.Parse(summary.Groups["o"].Value), Is.Zero);
        Assert.That(int.Parse(summary.Groups["w"].Value), Is.Zero);
    }

    [Test]
    public async Task AnotherTenant_NobodyTunedFor_PassesToo()
    {
        using var folder = new TempFolder();
        var (catalog, directory, cases) = FabrikamTenant.WriteTo(folder);

        var (exit, lines) = await RunAsync(catalog, directory, cases);

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Assert.That(exit, Is.Zero);
        var summary = Summary().Match(lines[^1]);
        var total = int.Parse(summary.Groups["n"].Value);
        Assert.That(int.Parse(summary.Groups["p"].Value), Is.GreaterThanOrEqualTo(total - 1), "at most one case may fail");
        Assert.That(int.Parse(summary.Groups["o"].Value), Is.Zero);
        Assert.That(int.Parse(summary.Groups["w"].Value), Is.Zero);
    }

    [Test]
    public async Task ARequestFiledForTheWrongPerson_OrFiledWhereADenialWasExpected_CountsAsWrongPerson()
    {
        using var folder = new TempFolder();
        var cases = folder.File("cases.jsonl");
        var json = folder.File("eval.json");
        File.WriteAllLines(cases,
        [
            // Filed for Jake, as his manager asked: right.
            """{"id":"for-jake","requester":"nina.petrova@contoso.com","say":"Can you set up my new hire Jake Miller with read access to our GitHub repos?","expect":{"entitlement":"github-read","status":"auto_approved","beneficiary":"jake.miller@contoso.com"}}""",
            // The case expects the access for Sofia, but Jake asked for himself and got it.
            """{"id":"not-sofia","requester":"jake.miller@contoso.com","say":"I need to read the code in our GitHub repos","expect":{"entitlement":"github-read","status":"auto_approved","beneficiary":"sofia.rossi@contoso.com"}}""",
            // The case expects a denial; the request was filed anyway, for the right person.
            """{"id":"should-deny","requester":"jake.miller@contoso.com","say":"I need to read the code in our GitHub repos","expect":{"entitlement":"github-read","status":"denied"}}""",
        ]);

        var (exit, lines) = await RunAsync(AgentFixture.EvalPath("catalog.yaml"), AgentFixture.EvalPath("directory.yaml"), cases, json);

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Assert.That(exit, Is.Zero);
        Assert.That(lines[^1], Is.EqualTo("eval: 1/3 passed, asks exact 3/3, over-permission 0, wrong person 2"));
        Assert.That(lines[^2], Is.EqualTo("by check: entitlement 3/3, scope 0/0, status 2/3, duration 0/0, beneficiary 2/3, asks 0/0"));
        Assert.That(lines.Single(l => l.Contains("for-jake:")), Does.StartWith("PASS").And.Contain("for jake.miller@contoso.com"));
        Assert.That(lines.Single(l => l.Contains("not-sofia:")), Does.StartWith("FAIL").And.Contain("WRONG-PERSON")
            .And.Contain("beneficiary jake.miller@contoso.com, expected sofia.rossi@contoso.com"));
        Assert.That(lines.Single(l => l.Contains("should-deny:")), Does.StartWith("FAIL").And.Contain("WRONG-PERSON"));

        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.That(report["wrongPerson"]!.GetValue<int>(), Is.EqualTo(2));
        var results = report["results"]!.AsArray();
        Assert.That(results.Select(r => r!["actual"]!["beneficiary"]!.GetValue<string>()),
            Is.EqualTo(new[] { "jake.miller@contoso.com", "jake.miller@contoso.com", "jake.miller@contoso.com" }));
        Assert.That(results.Select(r => r!["expected"]!["beneficiary"]!.GetValue<string>()),
            Is.EqualTo(new[] { "jake.miller@contoso.com", "sofia.rossi@contoso.com", "jake.miller@contoso.com" }));
        Assert.That(results.Select(r => r!["wrongPerson"]!.GetValue<bool>()), Is.EqualTo(new[] { false, true, true }));
    }

    [Test]
    public void ADenialForAnotherPerson_FailsTheBeneficiaryCheck_ButIsNotWrongPerson_BecauseNothingWasFiled()
    {
        var @case = EvalCase.Parse("""{"id":"x","requester":"a@x","say":"s","expect":{"entitlement":"github-read","status":"denied","beneficiary":"b@x"}}""");
        Outcome Ended(OutcomeKind kind, string who) => new()
        {
            Kind = kind, EntitlementId = "github-read", EntitlementName = "Read", AppName = "GitHub", Reason = "r", Beneficiary = who,
        };

        var deniedForB = EvalResult.Compare(@case, Ended(OutcomeKind.Denied, "b@x"), [], [], AgentFixture.EvalTenant.Catalog);
        var deniedForA = EvalResult.Compare(@case, Ended(OutcomeKind.Denied, "a@x"), [], [], AgentFixture.EvalTenant.Catalog);
        var noOutcome = EvalResult.Compare(@case, null, [], [], AgentFixture.EvalTenant.Catalog);

        Assert.That((deniedForB.Passed, deniedForB.WrongPerson, deniedForB.Checks["beneficiary"]), Is.EqualTo((true, false, true)));
        Assert.That((deniedForA.Passed, deniedForA.WrongPerson, deniedForA.Checks["beneficiary"]), Is.EqualTo((false, false, false)));
        Assert.That(deniedForA.Mismatches, Has.Some.EqualTo("beneficiary a@x, expected b@x"));
        Assert.That((noOutcome.Passed, noOutcome.WrongPerson, noOutcome.Beneficiary), Is.EqualTo((false, false, (string?)null)));
        Assert.That(noOutcome.ToJson()["actual"]!.AsObject().ContainsKey("beneficiary"), Is.True, "the JSON always carries the field");
    }

    [Test]
    public async Task ABrokenLine_StopsTheRun_WithItsLineNumber()
    {
        using var folder = new TempFolder();
        var cases = folder.File("cases.jsonl");
        File.WriteAllLines(cases,
        [
            """{"id":"a","requester":"jake.miller@contoso.com","say":"hi","expect":{"entitlement":"github-read","status":"auto_approved"}}""",
            """{"id":"b","requester":"jake.miller@contoso.com","say":"hi","expect":{"entitlement":"github-read","status":"auto_approved"}""",
        ]);

        var (exit, lines) = await RunAsync(AgentFixture.EvalPath("catalog.yaml"), AgentFixture.EvalPath("directory.yaml"), cases);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(lines.Single(), Does.Contain("line 2"));
    }

    [Test]
    public async Task AMissingFile_IsUnreadableInput()
    {
        var (exit, lines) = await RunAsync(AgentFixture.EvalPath("catalog.yaml"), AgentFixture.EvalPath("directory.yaml"), "/nonexistent/cases.jsonl");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(lines.Single(), Does.Contain("/nonexistent/cases.jsonl"));
    }

    [Test]
    public async Task ABrokenTenant_IsUnreadableInput()
    {
        using var folder = new TempFolder();
        var catalog = folder.File("catalog.yaml");
        File.WriteAllText(catalog, "apps: [ {id: x");

        var (exit, lines) = await RunAsync(catalog, AgentFixture.EvalPath("directory.yaml"), AgentFixture.EvalPath("cases.jsonl"));

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(lines[0], Does.StartWith("eval: cannot load the tenant"));
    }

    [Test]
    public void Answers_UseTheOfferedOption_ByValueOrLabel_ElseTypedText()
    {
        var @case = EvalCase.Parse("""{"id":"x","requester":"a@b","say":"s","answers":{"duration":"90 days","scope":"Platform","justification":"because"},"expect":{"entitlement":"e","status":"denied"}}""");
        var duration = new Question(Slot.Duration, "How long?", [new("P30D", "30 days"), new("P90D", "90 days")]);
        var scope = new Question(Slot.Scope, "Which?", [new("platform", "platform"), new("web", "web")]);
        var free = new Question(Slot.Duration, "How long?", [new("P7D", "7 days")]);
        var confirm = new Question(Slot.Confirm, "Sure?", [new("yes", "Yes"), new("no", "No")]);
        var unknown = new Question(Slot.Beneficiary, "Who?", []);

        Assert.That(EvalRunner.Answer(@case, duration).Choice, Is.EqualTo(new SlotChoice(Slot.Duration, "P90D")));
        Assert.That(EvalRunner.Answer(@case, scope).Choice, Is.EqualTo(new SlotChoice(Slot.Scope, "platform")));
        Assert.That(EvalRunner.Answer(@case, free).Text, Is.EqualTo("90 days"));
        Assert.That(EvalRunner.Answer(@case, confirm).Choice, Is.EqualTo(new SlotChoice(Slot.Confirm, "yes")));
        Assert.That(EvalRunner.Answer(@case, unknown).Text, Is.EqualTo("I don't know"));
    }

    [Test]
    public void ABroaderEntitlement_CountsAsOverPermission_ANarrowerOneDoesNot()
    {
        var catalog = AgentFixture.EvalTenant.Catalog;

        Assert.That(EvalResult.Broader(catalog, "salesforce-admin", "salesforce-read"), Is.True);
        Assert.That(EvalResult.Broader(catalog, "tableau-creator", "tableau-viewer"), Is.True);
        Assert.That(EvalResult.Broader(catalog, "aws-prod-readonly", "aws-prod-admin"), Is.False);
        Assert.That(EvalResult.Broader(catalog, "github-read", "github-read"), Is.False);
    }
}
