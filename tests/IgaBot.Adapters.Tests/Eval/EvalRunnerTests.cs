using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IgaBot.Adapters.Eval;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Eval;

[TestFixture]
public sealed partial class EvalRunnerTests
{
    [GeneratedRegex(@"^eval: (?<p>\d+)/(?<n>\d+) passed, asks exact (?<a>\d+)/\k<n>, over-permission (?<o>\d+)$")]
    private static partial Regex Summary();

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
        Assert.That(lines, Has.Length.EqualTo(42), "a heading, one line per case, the summary");
        Assert.That(lines[0], Is.EqualTo("eval: 40 case(s) through the offline planner"));
        var summary = Summary().Match(lines[^1]);
        Assert.That(summary.Success, Is.True, lines[^1]);
        Assert.That(int.Parse(summary.Groups["n"].Value), Is.EqualTo(40));
        Assert.That(int.Parse(summary.Groups["p"].Value), Is.GreaterThanOrEqualTo(38));
        Assert.That(int.Parse(summary.Groups["a"].Value), Is.GreaterThanOrEqualTo(36));
        Assert.That(int.Parse(summary.Groups["o"].Value), Is.Zero);
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.That(report["results"]!.AsArray(), Has.Count.EqualTo(40));
        Assert.That(report["results"]![0]!["transcript"]!.AsArray(), Is.Not.Empty);
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
    }

    [Test]
    public async Task AHospitalTenant_WithItsOwnJargon_KeepsItsScore_WithoutOverPermission()
    {
        var (exit, lines) = await RunAsync(AgentFixture.EvalPath("meridian/catalog.yaml"), AgentFixture.EvalPath("meridian/directory.yaml"),
            AgentFixture.EvalPath("meridian/cases.jsonl"));

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        Assert.That(exit, Is.Zero);
        var summary = Summary().Match(lines[^1]);
        Assert.That(summary.Success, Is.True, lines[^1]);
        Assert.That(int.Parse(summary.Groups["n"].Value), Is.EqualTo(31));
        // 30/31 and asks exact 29/31 when written (tests/eval/meridian/README.md says which fail and why).
        Assert.That(int.Parse(summary.Groups["p"].Value), Is.GreaterThanOrEqualTo(29));
        Assert.That(int.Parse(summary.Groups["a"].Value), Is.GreaterThanOrEqualTo(28));
        Assert.That(int.Parse(summary.Groups["o"].Value), Is.Zero);
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
