using IgaBot.Bot.Cli;

namespace IgaBot.Bot.Tests.Cli;

/// <summary>The parsing around the verbs: help, usage errors and their exit codes, option spellings.</summary>
public sealed class CommandLineTests
{
    private static readonly string Eval = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [TestCase("help")]
    [TestCase("--help")]
    [TestCase("-h")]
    public async Task Help_ListsEveryVerbOnTheOutput_AndExitsZero(string help)
    {
        var (exit, output, error) = await RunAsync(help);

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(error, Is.Empty);
        Assert.That(output, Does.Contain("catalog validate").And.Contain("policy explain --requester EMAIL --entitlement ID")
            .And.Contain("audit export --format csv|json").And.Contain("grants revoke").And.Contain("directory sync [--dry-run]"));
    }

    [Test]
    public async Task AGroupWithoutItsVerb_IsAnUnknownCommand()
    {
        var (exit, _, error) = await RunAsync("audit");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Unknown command 'audit'").And.Contain("audit verify"));
    }

    [Test]
    public async Task AVerbsHelp_DescribesItsOptions_AndExitsZero()
    {
        var (exit, output, _) = await RunAsync("policy", "explain", "--help");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Contain("--requester").And.Contain("--duration").And.Contain("--catalog"));
    }

    [Test]
    public async Task AMissingRequiredOption_IsAUsageError()
    {
        var (exit, output, error) = await RunAsync("policy", "explain", "--requester", "jake.miller@contoso.com");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("--entitlement").And.Contain("usage: igabot policy explain"));
    }

    [Test]
    public async Task AnUnknownOption_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync("catalog", "validate", "--frobnicate");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--frobnicate"));
    }

    [Test]
    public async Task OptionsMayBeGivenWithAnEqualsSign()
    {
        var (exit, output, _) = await RunAsync("catalog", "validate",
            $"--catalog={Path.Combine(Eval, "catalog.yaml")}", $"--directory={Path.Combine(Eval, "directory.yaml")}");

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("12 apps"));
    }

    [Test]
    public async Task AnArgumentStartingWithAt_IsTakenAsItIs_NotAsAResponseFile()
    {
        var (exit, _, error) = await RunAsync("policy", "explain", "--catalog", Path.Combine(Eval, "catalog.yaml"),
            "--directory", Path.Combine(Eval, "directory.yaml"), "--requester", "@nobody", "--entitlement", "aws-prod-readonly");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("--requester '@nobody' is not in the directory"));
    }
}
