using IgaBot.Adapters.Eval;
using IgaBot.Adapters.Tests.Eval;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// "My login only works for PDX, can you add ANC to it": the offline planner reads the person's current access when a
/// place is named for an open choice among one app's levels, and takes the level they hold (through the real
/// conversation, agent and tools, on the airline tenant).
/// </summary>
public sealed class HeldAccessChoiceTests
{
    private static async Task<string[]> RunAsync(params string[] cases)
    {
        using var folder = new TempFolder();
        var file = folder.File("cases.jsonl");
        File.WriteAllLines(file, cases);
        var output = new StringWriter();
        var exit = await EvalRunner.RunAsync(AgentFixture.EvalPath("airline/catalog.yaml"), AgentFixture.EvalPath("airline/directory.yaml"), file, null, output, CancellationToken.None);
        Assert.That(exit, Is.Zero);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        TestContext.Out.WriteLine(string.Join(Environment.NewLine, lines));
        return lines;
    }

    [Test]
    public async Task APlaceAddedToTheLevelThePersonHolds_IsThatLevelAtTheNewPlace_WithoutAQuestion()
    {
        // Ivan holds the DCS check-in agent level at PDX; the supervisor level is the other choice at a station.
        var lines = await RunAsync(
            """{"id":"add-anc","requester":"ivan.petrov@larkspurair.com","say":"I'm covering some shifts in ANC, my DCS access only works for PDX. can you add ANC to it","expect":{"entitlement":"dcs-agent","scope":"ANC","status":"auto_approved","asks":[]}}""");

        var line = lines.Single(l => l.Contains("add-anc:"));
        Assert.That(line, Does.StartWith("PASS").And.Contain("dcs-agent:ANC").And.Contain("asks []"));
    }

    [Test]
    public async Task APersonHoldingNoneOfTheLevels_IsStillAskedWhichOne()
    {
        var lines = await RunAsync(
            """{"id":"no-level","requester":"bruno.costa@larkspurair.com","say":"can you add ANC to my DCS access","answers":{"entitlement":"dcs-agent"},"expect":{"entitlement":"dcs-agent","status":"denied","asks":["entitlement"]}}""");

        // Asked once, answered, then policy decides (check-in agents are Airport Operations).
        Assert.That(lines.Single(l => l.Contains("no-level:")), Does.StartWith("PASS").And.Contain("asks [entitlement]"));
    }

    [Test]
    public async Task ForSomeoneElse_TheRequestersOwnAccessDecidesNothing()
    {
        // The tool lists the requester's access, not Ivan's: the question stands. (Nicole holds the check-in level herself.)
        var lines = await RunAsync(
            """{"id":"for-ivan","requester":"nicole.baker@larkspurair.com","say":"Ivan Petrov is covering shifts in ANC, his DCS login only works for PDX, can you add ANC to it","answers":{"entitlement":"dcs-agent"},"expect":{"entitlement":"dcs-agent","scope":"ANC","status":"auto_approved","beneficiary":"ivan.petrov@larkspurair.com","asks":["entitlement"]}}""");

        // Filed for Ivan ("his DCS login" is his), after the question.
        Assert.That(lines.Single(l => l.Contains("for-ivan:")), Does.StartWith("PASS").And.Contain("for ivan.petrov@larkspurair.com").And.Contain("asks [entitlement]"));
    }
}
