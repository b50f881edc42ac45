using IgaBot.Bot.Cli;

namespace IgaBot.Bot.Tests.Cli;

public sealed class CatalogValidateTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("igabot-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public async Task Validate_OnTheEvalTenant_ExitsZero()
    {
        var eval = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");
        var (exit, output, _) = await RunAsync("catalog", "validate",
            "--catalog", Path.Combine(eval, "catalog.yaml"), "--directory", Path.Combine(eval, "directory.yaml"));

        Assert.That(exit, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("12 apps").And.Contain("33 people"));
    }

    [Test]
    public async Task Validate_WithFiveDifferentMistakes_PrintsAllFiveWithLinesAndExitsNonZero()
    {
        var catalog = Path.Combine(_dir, "catalog.yaml");
        var directory = Path.Combine(_dir, "directory.yaml");
        File.WriteAllText(catalog, """
            groups:
              security: [sam@example.com]
            apps:
              - id: wiki
                name: Wiki
                description: Team wiki.
                owner: sam@example.com
                connector: manual
                entitlements:
                  - id: wiki-read
                    name: Wiki Reader
                    description: Read pages.
                    risk: low
                    maxDuration: three days
                    approvals: [manager]
                  - id: wiki-admin
                    name: Wiki Admin
                    description: Administer the wiki.
                    risk: high
                    defaultDuration: P30D
                    maxDuration: P7D
                    approvals: [manager, group:wiki-admins]
            """);
        File.WriteAllText(directory, """
            users:
              - {email: sam@example.com, name: Sam, title: Lead, department: IT}
              - {email: amy@example.com, name: Amy, title: Writer, department: IT, manager: boss@example.com}
              - {email: bo@example.com, name: Bo, title: Writer, department: IT, manager: sam@example.com, access: [wiki-write]}
            """);

        var (exit, output, _) = await RunAsync("catalog", "validate", "--catalog", catalog, "--directory", directory);

        Assert.That(exit, Is.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(output, Does.Contain("catalog.yaml:14:").And.Contain("ISO 8601"), "bad duration");
            Assert.That(output, Does.Contain("catalog.yaml:20:").And.Contain("longer than its maxDuration"), "default over max");
            Assert.That(output, Does.Contain("catalog.yaml:22:").And.Contain("wiki-admins"), "unknown group");
            Assert.That(output, Does.Contain("directory.yaml:3:").And.Contain("boss@example.com"), "unknown manager");
            Assert.That(output, Does.Contain("directory.yaml:4:").And.Contain("wiki-write"), "unknown entitlement");
            Assert.That(output, Does.Contain("5 problems"));
        });
    }

    [Test]
    public async Task Validate_WithAMissingFile_SaysSoAndExitsNonZero()
    {
        var (exit, output, _) = await RunAsync("catalog", "validate",
            "--catalog", Path.Combine(_dir, "nope.yaml"), "--directory", Path.Combine(_dir, "nope2.yaml"));

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(output, Does.Contain("nope.yaml"));
    }

    [Test]
    public async Task UnknownVerb_PrintsUsageAndExitsTwo()
    {
        var (exit, _, error) = await RunAsync("frobnicate");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("Unknown command 'frobnicate'").And.Contain("catalog validate"));
    }
}
