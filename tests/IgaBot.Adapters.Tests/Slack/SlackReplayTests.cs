using System.Net;
using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>A Slack request replayed with the same bytes and headers inside the signature window is processed once.</summary>
public sealed class SlackReplayTests
{
    private FakeSlackApi _api = null!;
    private readonly List<SlackTestHost> _hosts = [];

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeSlackApi.StartAsync();
        AddSlackUsers(_api);
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        _hosts.Clear();
        await _api.DisposeAsync();
    }

    private async Task<SlackTestHost> StartAsync(ISlackReplayGuard? guard = null)
    {
        var host = await SlackTestHost.StartAsync(_api, new SlackTestHost.Parts { ReplayGuard = guard });
        _hosts.Add(host);
        return host;
    }

    private static string Command(string text) => SlackTestHost.Form(new()
    {
        ["team_id"] = "T1", ["channel_id"] = "C1", ["user_id"] = AliceSlack, ["command"] = "/access", ["text"] = text,
        ["trigger_id"] = "T.trigger",
    });

    [Test]
    public async Task ACommandReplayedWithTheSameBytesAndHeaders_IsProcessedOnce()
    {
        var host = await StartAsync();
        var at = DateTimeOffset.UtcNow;
        var body = Command("I need read access to the prod logs");

        var first = await host.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded", at: at);
        var replay = await host.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded", at: at);
        // Another request (another timestamp, so another signature) is a new request.
        var later = await host.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded", at: at.AddSeconds(-5));
        await host.DrainAsync();

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a replay is acknowledged like Slack expects, and nothing more");
        Assert.That(later.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Inbox is InMemorySlackInbox { Items.Count: 2 }, "the replay was not stored");
        Assert.That(host.Logs, Has.Some.Contains("replayed Slack request"));
    }

    [Test]
    public async Task AReplayToAnotherInstanceSharingTheDatabase_IsProcessedOnce()
    {
        await using var db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var one = await StartAsync(new SqlSlackReplayGuard(db.Database));
        var two = await StartAsync(new SqlSlackReplayGuard(db.Database));
        var at = DateTimeOffset.UtcNow;
        var body = Command("I need read access to the prod logs");

        await one.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded", at: at);
        var replay = await two.PostSignedAsync("/api/slack/commands", body, "application/x-www-form-urlencoded", at: at);
        await one.DrainAsync();
        await two.DrainAsync();

        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(one.Inbox is InMemorySlackInbox { Items.Count: 1 });
        Assert.That(two.Inbox is InMemorySlackInbox { Items.Count: 0 }, "the second instance knew the signature from the database");
    }
}

/// <summary>The durable replay guard on SQLite and PostgreSQL.</summary>
public sealed class SqlSlackReplayGuardTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task ASignature_IsFirstSeenOnce_AlsoByAnotherInstanceOrAfterARestart()
    {
        var guard = new SqlSlackReplayGuard(Db.Database);

        Assert.That(await guard.FirstSeenAsync("v0=aa", Now.AddMinutes(5), Now, Ct), Is.True);
        Assert.That(await guard.FirstSeenAsync("v0=aa", Now.AddMinutes(5), Now.AddSeconds(4), Ct), Is.False);
        Assert.That(await new SqlSlackReplayGuard(Db.Database).FirstSeenAsync("v0=aa", Now.AddMinutes(5), Now.AddSeconds(5), Ct), Is.False);
        Assert.That(await guard.FirstSeenAsync("v0=bb", Now.AddMinutes(5), Now, Ct), Is.True);
    }

    [Test]
    public async Task ExpiredSignatures_ArePruned()
    {
        var guard = new SqlSlackReplayGuard(Db.Database);
        await guard.FirstSeenAsync("v0=old", Now.AddMinutes(5), Now, Ct);

        await guard.FirstSeenAsync("v0=new", Now.AddMinutes(11), Now.AddMinutes(6), Ct);

        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM slack_seen_signatures"), Is.EqualTo(1));
        Assert.That(await Db.ScalarRawAsync<string>("SELECT signature FROM slack_seen_signatures"), Is.EqualTo("v0=new"));
    }
}
