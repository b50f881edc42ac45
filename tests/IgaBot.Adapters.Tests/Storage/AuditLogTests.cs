using IgaBot.Adapters.Storage;
using IgaBot.Core.Audit;
using IgaBot.Core.Requests;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

public class AuditLogTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private async Task AppendAsync(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(1));
            var entry = new AuditEntry(Tom, "request.submitted", $"request:{i % 2}", i == 3 ? null : $"detail {i}\nwith a second line");
            await Db.Store.RunAsync(s => s.Audit.AppendAsync(entry), Ct);
        }
    }

    [Test]
    public async Task Append_ChainsRowsInOrder_AndVerifies()
    {
        await AppendAsync(5);

        var (rows, result) = await Db.Store.RunAsync(async s => (await s.Audit.ListAsync(), await s.Audit.VerifyAsync()), Ct);

        Assert.That(rows.Select(r => r.Sequence), Is.EqualTo(new long[] { 1, 2, 3, 4, 5 }));
        Assert.That(rows[0].At, Is.EqualTo(TestDatabase.Start.AddSeconds(1)));
        Assert.That(rows[2].Detail, Is.Null);
        Assert.That(rows[1].Detail, Is.EqualTo("detail 2\nwith a second line"));
        Assert.That(result.IsIntact, Is.True, result.Message);
        Assert.That(result.RowsChecked, Is.EqualTo(5));
    }

    [Test]
    public async Task Verify_AnEmptyLog_IsIntact()
    {
        var result = await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct);

        Assert.That(result.IsIntact, Is.True);
    }

    [Test]
    public async Task List_BySubject_ReturnsOnlyThatSubjectsRows()
    {
        await AppendAsync(5);

        var rows = await Db.Store.RunAsync(s => s.Audit.ListAsync("request:0"), Ct);

        Assert.That(rows.Select(r => r.Sequence), Is.EqualTo(new long[] { 2, 4 }));
    }

    [Test]
    public async Task Verify_AfterARowIsEditedWithRawSql_FailsNamingThatRow()
    {
        await AppendAsync(5);

        await Db.DropAuditGuardsAsync();
        await Db.ExecuteRawAsync("UPDATE audit_events SET actor = 'mallory@contoso.com' WHERE sequence = 3");
        var result = await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(3));
        Assert.That(result.Message, Does.Contain("row 3"));
    }

    [Test]
    public async Task Verify_AfterARowIsDeletedWithRawSql_FailsNamingThatRow()
    {
        await AppendAsync(5);

        await Db.DropAuditGuardsAsync();
        await Db.ExecuteRawAsync("DELETE FROM audit_events WHERE sequence = 2");
        var result = await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(2));
        Assert.That(result.Message, Does.Contain("row 2 is missing"));
    }

    [Test]
    public async Task Verify_AfterTheLastRowIsDeleted_FailsNamingThatRow()
    {
        await AppendAsync(4);

        await Db.DropAuditGuardsAsync();
        await Db.ExecuteRawAsync("DELETE FROM audit_events WHERE sequence = 4");
        var result = await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct);

        Assert.That(result.BrokenSequence, Is.EqualTo(4));
    }

    [Test]
    public async Task Append_AfterATimestampWasEdited_StillFlagsTheEditedRow()
    {
        await AppendAsync(3);
        await Db.DropAuditGuardsAsync();
        await Db.ExecuteRawAsync("UPDATE audit_events SET at = '2020-01-01T00:00:00.0000000Z' WHERE sequence = 1");
        await AppendAsync(1);

        var result = await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct);

        Assert.That(result.BrokenSequence, Is.EqualTo(1));
    }

    [Test]
    public async Task FailedChange_RollsBackItsAuditRowToo()
    {
        var request = Request(Db.Clock.GetUtcNow());

        Assert.ThrowsAsync<InvalidOperationException>(() => Db.Store.RunAsync(async s =>
        {
            await s.Requests.CreateAsync(request, [], Audit("request.submitted", $"request:{request.Id}"));
            throw new InvalidOperationException("the notifier blew up");
        }, Ct));

        var (stored, audit) = await Db.Store.RunAsync(async s => (await s.Requests.GetAsync(request.Id), await s.Audit.ListAsync()), Ct);
        Assert.That(stored, Is.Null);
        Assert.That(audit, Is.Empty);
        // The chain goes on from where it was, without a gap.
        await Db.Store.RunAsync(s => s.Requests.CreateAsync(request, [], Audit("request.submitted", $"request:{request.Id}")), Ct);
        var result = await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct);
        Assert.That(result.IsIntact, Is.True, result.Message);
        Assert.That(result.RowsChecked, Is.EqualTo(1));
    }

    [Test]
    public async Task ConcurrentWriters_NeverForkTheChain()
    {
        var writers = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
        {
            for (var j = 0; j < 5; j++)
            {
                await Db.Store.RunAsync(s => s.Requests.CreateAsync(Request(Db.Clock.GetUtcNow()) with { Status = RequestStatus.Submitted }, [],
                    Audit("request.submitted", $"writer:{i}")), Ct);
            }
        }));
        await Task.WhenAll(writers);

        var result = await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct);

        Assert.That(result.IsIntact, Is.True, result.Message);
        Assert.That(result.RowsChecked, Is.EqualTo(40));
    }

    [Test]
    public async Task Export_WritesOneJsonLinePerRow_ThatCanBeVerifiedAgain()
    {
        await AppendAsync(5);
        using var writer = new StringWriter();

        var written = await AuditExport.WriteJsonLinesAsync(Db.Store, writer, "request:1", Ct);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(written, Is.EqualTo(3));
        Assert.That(lines, Has.Length.EqualTo(3));
        using var first = System.Text.Json.JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.That(root.GetProperty("sequence").GetInt64(), Is.EqualTo(1));
        Assert.That(root.GetProperty("at").GetString(), Is.EqualTo("2025-03-03T08:00:01.0000000Z"));
        var reread = AuditChain.Canonical(1, DateTimeOffset.Parse(root.GetProperty("at").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            root.GetProperty("actor").GetString()!, root.GetProperty("action").GetString()!, root.GetProperty("subject").GetString()!, root.GetProperty("detail").GetString());
        Assert.That(AuditChain.ComputeHash(reread, root.GetProperty("previousHash").GetString()!), Is.EqualTo(root.GetProperty("hash").GetString()));
    }
}
