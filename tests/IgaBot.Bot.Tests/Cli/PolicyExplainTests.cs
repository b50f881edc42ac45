using IgaBot.Bot.Cli;

namespace IgaBot.Bot.Tests.Cli;

public sealed class PolicyExplainTests
{
    private static readonly string Eval = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");

    private static async Task<(int Exit, string Out, string Err)> ExplainAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] all = ["policy", "explain", "--catalog", Path.Combine(Eval, "catalog.yaml"), "--directory", Path.Combine(Eval, "directory.yaml"), .. args];
        var exit = await CommandLine.RunAsync(all, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Explain_ApApproverForTheApClerk_SaysDeniedAndNamesTheConflict()
    {
        var (exit, output, _) = await ExplainAsync("--requester", "hannah.white@contoso.com", "--entitlement", "netsuite-ap-approver");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Contain("Denied").IgnoreCase);
        Assert.That(output, Does.Contain("NetSuite AP Clerk").Or.Contain("netsuite-ap-clerk"));
    }

    [Test]
    public async Task Explain_ProdReadOnlyWithDurationAndReason_NamesTheManagerAsApprover()
    {
        var (exit, output, _) = await ExplainAsync("--requester", "jake.miller@contoso.com", "--entitlement", "aws-prod-readonly",
            "--duration", "P1D", "--justification", "debug a failing job");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Contain("nina.petrova@contoso.com"));
    }

    [Test]
    public async Task Explain_UnknownEntitlement_IsAUsageError()
    {
        var (exit, _, error) = await ExplainAsync("--requester", "jake.miller@contoso.com", "--entitlement", "aws-root");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("'aws-root' is not an entitlement"));
    }

    [Test]
    public async Task Explain_AbsurdDuration_IsAUsageError()
    {
        var (exit, _, error) = await ExplainAsync("--requester", "jake.miller@contoso.com", "--entitlement", "aws-prod-readonly", "--duration", "forever-ish");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("not an ISO 8601 duration"));
    }
}
