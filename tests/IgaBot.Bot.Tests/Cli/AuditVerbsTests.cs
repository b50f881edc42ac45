using IgaBot.Bot.Cli;
using Microsoft.Data.Sqlite;

namespace IgaBot.Bot.Tests.Cli;

public sealed class AuditVerbsTests
{
    private string _dir = "";
    private string _database = "";

    [SetUp]
    public async Task SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("igabot-audit-").FullName;
        _database = $"Data Source={Path.Combine(_dir, "igabot.db")}";
        // Starting the services against the eval tenant imports its access lists: one audit row per grant.
        var eval = Path.Combine(TestContext.CurrentContext.TestDirectory, "eval");
        var args = new CliOverrides(Path.Combine(eval, "catalog.yaml"), Path.Combine(eval, "directory.yaml"), _database);
        await using var services = await CliHost.StartServicesAsync(args, syncTenant: true, CancellationToken.None);
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
        var exit = await CommandLine.RunAsync([.. args, "--database", _database], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Drops the audit log's append-only triggers, as the owner of the database file can.</summary>
    private void DropAuditGuards()
    {
        using var connection = new SqliteConnection(_database);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;
            DROP TRIGGER audit_head_to_a_row; DROP TRIGGER audit_head_forward_only; DROP TRIGGER audit_head_no_delete;
            """;
        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection(_database);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.That(command.ExecuteNonQuery(), Is.EqualTo(1), sql);
    }

    [Test]
    public async Task Verify_OnAnUntouchedLog_ExitsZero()
    {
        var (exit, output, _) = await RunAsync("audit", "verify");

        Assert.That(exit, Is.EqualTo(0));
        Assert.That(output, Does.Contain("intact"));
    }

    [Test]
    public async Task Verify_AfterARowIsEditedByHand_ExitsNonZeroNamingThatRow()
    {
        DropAuditGuards();
        Execute("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 5");

        var (exit, _, error) = await RunAsync("audit", "verify");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("row 5"));
    }

    [Test]
    public async Task Verify_AfterARowIsDeletedByHand_ExitsNonZeroNamingThatRow()
    {
        DropAuditGuards();
        Execute("DELETE FROM audit_events WHERE sequence = 7");

        var (exit, _, error) = await RunAsync("audit", "verify");

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("row 7"));
    }

    [Test]
    public void EditingARowByHand_IsRefusedByTheDatabase()
    {
        var refused = Assert.Throws<SqliteException>(() => Execute("UPDATE audit_events SET actor = 'mallory' WHERE sequence = 5"));

        Assert.That(refused!.Message, Does.Contain("append-only"));
    }

    [Test]
    public async Task Anchor_ThenVerifyWithIt_ProvesNothingWasCutFromTheEnd()
    {
        var anchorFile = Path.Combine(_dir, "anchor.json");
        var (anchorExit, anchorOut, _) = await RunAsync("audit", "anchor", "--out", anchorFile);
        var anchor = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(anchorFile)).RootElement;
        var last = anchor.GetProperty("sequence").GetInt64();
        Assert.That(anchorExit, Is.EqualTo(0));
        Assert.That(anchorOut, Does.Contain($"row {last}"));
        Assert.That(anchor.GetProperty("hash").GetString(), Has.Length.EqualTo(64));
        Assert.That((await RunAsync("audit", "verify", "--anchor", anchorFile)).Exit, Is.EqualTo(0));

        // Cut the last two rows and move the head back: the chain alone still looks whole.
        DropAuditGuards();
        Execute($"DELETE FROM audit_events WHERE sequence = {last}");
        Execute($"DELETE FROM audit_events WHERE sequence = {last - 1}");
        Execute($"UPDATE audit_head SET sequence = {last - 2}, hash = (SELECT hash FROM audit_events WHERE sequence = {last - 2})");
        var (plainExit, _, _) = await RunAsync("audit", "verify");
        var (exit, _, error) = await RunAsync("audit", "verify", "--anchor", anchorFile);

        Assert.That(plainExit, Is.EqualTo(0));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain($"anchor records row {last}"));
    }

    [Test]
    public async Task Anchor_PrintsTheHeadAsOneJsonLine()
    {
        var (exit, output, _) = await RunAsync("audit", "anchor");

        var head = System.Text.Json.JsonDocument.Parse(output.Trim()).RootElement;
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(head.GetProperty("sequence").GetInt64(), Is.GreaterThan(50));
    }

    [Test]
    public async Task Verify_WithAFileThatIsNoAnchor_IsAUsageError()
    {
        var notAnAnchor = Path.Combine(_dir, "notes.txt");
        await File.WriteAllTextAsync(notAnAnchor, "hello");

        var (exit, _, error) = await RunAsync("audit", "verify", "--anchor", notAnAnchor);

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("is not an audit anchor"));
    }

    [Test]
    public async Task Export_AsCsv_WritesAHeaderAndOneLinePerRow()
    {
        var (exit, output, _) = await RunAsync("audit", "export", "--format", "csv");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(lines[0].Trim(), Is.EqualTo("sequence,at,actor,action,subject,detail,previous_hash,hash,keyed"));
        Assert.That(lines, Has.Length.GreaterThan(50), "the eval tenant's 59 access entries were imported with an audit row each");
        Assert.That(lines[1], Does.StartWith("1,"));
    }

    [Test]
    public async Task Export_AsJson_WritesOneObjectPerLine()
    {
        var (exit, output, _) = await RunAsync("audit", "export", "--format", "json");

        var first = System.Text.Json.JsonDocument.Parse(output.Split('\n')[0]);
        Assert.That(exit, Is.EqualTo(0));
        Assert.That(first.RootElement.GetProperty("sequence").GetInt64(), Is.EqualTo(1));
        Assert.That(first.RootElement.GetProperty("hash").GetString(), Has.Length.EqualTo(64));
    }

    [Test]
    public async Task Export_WithAnUnknownFormat_IsAUsageError()
    {
        var (exit, _, error) = await RunAsync("audit", "export", "--format", "xml");

        Assert.That(exit, Is.EqualTo(2));
        Assert.That(error, Does.Contain("use csv or json"));
    }
}
