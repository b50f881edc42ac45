using IgaBot.Bot.Cli;
using Microsoft.Data.Sqlite;

namespace IgaBot.Bot.Tests.Cli;

/// <summary><c>igabot directory sync</c> and <c>grants list --unmanaged</c> with no <c>Directory</c> settings: the YAML tenant as always.</summary>
public sealed class DirectoryVerbsTests
{
    private string _dir = "";
    private string _database = "";
    private string _eval = "";

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("igabot-directory-").FullName;
        _database = $"Data Source={Path.Combine(_dir, "igabot.db")}";
        _eval = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CommandLine.RunAsync([.. args, "--database", _database, "--catalog", Path.Combine(_eval, "catalog.yaml"),
            "--directory", Path.Combine(_eval, "directory.yaml")], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Test]
    public async Task DirectorySync_WithoutASource_SaysHowToSetOne_AndTheTenantStillComesFromTheFiles()
    {
        var (exit, output, error) = await RunAsync("directory", "sync", "--dry-run");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error, Does.Contain("Directory:Source is 'yaml'").And.Contain("Set Directory:Source to an entra, okta or scim connector"));

        var grants = await RunAsync("grants", "list", "--person", "tom.baker@contoso.com");
        Assert.That(grants.Exit, Is.EqualTo(0), grants.Err);
        Assert.That(grants.Out, Does.Contain("GitHub Write").And.Contain("platform"), "the directory file's access was imported as before");
    }

    [Test]
    public async Task GrantsListUnmanaged_WithNothingFound_ListsNone()
    {
        var (exit, output, error) = await RunAsync("grants", "list", "--unmanaged");

        Assert.That(exit, Is.EqualTo(0), error);
        Assert.That(output, Does.Contain("0 unmanaged grants"));
    }
}
