using System.Text.Json.Nodes;
using IgaBot.Adapters.Slack;
using IgaBot.Core.Conversation;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackInboxRestartTests
{
    [Test]
    public async Task ARestartBetweenAcknowledgementAndWork_LosesNothingAndDoesTheTurnOnce()
    {
        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        var inbox = new InMemorySlackInbox(); // stands for the database both processes share

        // The first process acknowledges, starts the turn, and is stopped in the middle of it.
        var stuck = new TaskCompletionSource();
        var first = new SlackTestHost.Parts { Inbox = inbox };
        first.Conversations.Behaviour = async (_, _, _, ct) =>
        {
            stuck.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
        var host1 = await SlackTestHost.StartAsync(api, first);
        var body = new JsonObject
        {
            ["type"] = "event_callback",
            ["event_id"] = "EvRestart",
            ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "DUALICE", ["user"] = AliceSlack, ["text"] = "I need logs" },
        }.ToJsonString();
        var ack = await host1.PostEventAsync(body);
        Assert.That(ack.IsSuccessStatusCode);
        await stuck.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await host1.DisposeAsync();
        Assert.That(first.Conversations.Turns, Is.Empty);
        Assert.That(inbox.Items.Single().Status, Is.EqualTo(SlackInboxStatus.Pending), "stopping is not a failed attempt");
        Assert.That((inbox.Items.Single().ClaimedBy, inbox.Items.Single().ClaimedUntil), Is.EqualTo(((string?)null, (DateTimeOffset?)null)),
            "a graceful stop hands the claim back at once: another instance need not wait for the lease");

        // A new process on the same inbox finishes it; Slack's late retry of the same event changes nothing.
        var second = new SlackTestHost.Parts { Inbox = inbox };
        await using var host2 = await SlackTestHost.StartAsync(api, second);
        await host2.PostEventAsync(body, new() { ["X-Slack-Retry-Num"] = "1", ["X-Slack-Retry-Reason"] = "http_timeout" });
        await api.WaitForAsync("chat.postMessage");
        await host2.DrainAsync(); // the retry was refused as a duplicate before its answer; the stored item is done

        Assert.That(second.Conversations.Turns.Single(), Is.EqualTo(new RecordedTurn(new ConversationKey("slack", "DUALICE"), "alice@example.com", TurnInput.FromText("I need logs"))));
        Assert.That(inbox.Items.Single().Status, Is.EqualTo(SlackInboxStatus.Done));
    }

    [Test]
    public async Task AFailingTurn_IsRetriedThenGivenUpAndThePersonIsTold()
    {
        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        var parts = new SlackTestHost.Parts { Settings = { ["Slack:InboxMaxAttempts"] = "1" } };
        parts.Conversations.Behaviour = (_, _, _, _) => throw new InvalidOperationException("model unavailable");
        await using var host = await SlackTestHost.StartAsync(api, parts);

        await host.PostCommandAsync(AliceSlack, "I need logs");
        var told = await api.WaitForAsync("chat.postMessage");

        Assert.That(told.Arg("text"), Does.Contain("something went wrong"));
        Assert.That(((InMemorySlackInbox)parts.Inbox).Items.Single().Status, Is.EqualTo(SlackInboxStatus.Failed));
    }
}

public sealed class SlackInboxRestartOnSqliteTests
{
    [Test]
    public async Task ARestartOnTheSameDatabaseFile_LosesNothingAndDoesTheTurnOnce()
    {
        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        await using var db = await Storage.TestDatabase.CreateAsync(Adapters.Storage.DatabaseProvider.Sqlite);

        var stuck = new TaskCompletionSource();
        var first = new SlackTestHost.Parts { Inbox = new SqlSlackInbox(Adapters.Storage.StorageDatabase.Create(db.Options)) };
        first.Conversations.Behaviour = async (_, _, _, ct) =>
        {
            stuck.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        };
        var host1 = await SlackTestHost.StartAsync(api, first);
        await host1.PostCommandAsync(AliceSlack, "I need logs");
        await stuck.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await host1.DisposeAsync();

        var second = new SlackTestHost.Parts { Inbox = new SqlSlackInbox(Adapters.Storage.StorageDatabase.Create(db.Options)) };
        await using var host2 = await SlackTestHost.StartAsync(api, second);
        await api.WaitForAsync("chat.postMessage");
        await host2.DrainAsync();

        Assert.That(first.Conversations.Turns, Is.Empty);
        Assert.That(second.Conversations.Turns.Single().Input.Text, Is.EqualTo("I need logs"));
        Assert.That(await db.ScalarRawAsync<long>("SELECT COUNT(*) FROM slack_inbox WHERE status = 'Done'"), Is.EqualTo(1));
    }
}

public sealed class SlackTwoInstancesTests
{
    [Test]
    public async Task TwoInstancesOnOneDatabase_HandleEveryCommandOnce()
    {
        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        await using var db = await Storage.TestDatabase.CreateAsync(Adapters.Storage.DatabaseProvider.Sqlite);
        // Slow enough turns that each instance, woken by its own deliveries, also sees the other's items pending.
        static SlackTestHost.Parts Instance(Storage.TestDatabase db)
        {
            var parts = new SlackTestHost.Parts { Inbox = new SqlSlackInbox(Adapters.Storage.StorageDatabase.Create(db.Options)) };
            parts.Conversations.Behaviour = async (_, _, input, ct) =>
            {
                await Task.Delay(150, ct);
                return new TurnReply($"You said: {input.Text}");
            };
            return parts;
        }
        var first = Instance(db);
        var second = Instance(db);
        await using var host1 = await SlackTestHost.StartAsync(api, first);
        await using var host2 = await SlackTestHost.StartAsync(api, second);

        var commands = Enumerable.Range(0, 12).Select(i => $"command {i}").ToList();
        string[] users = [AliceSlack, NinaSlack, OmarSlack];
        for (var i = 0; i < commands.Count; i++)
            await (i % 2 == 0 ? host1 : host2).PostCommandAsync(users[i % users.Length], commands[i]);
        await api.WaitForAsync("chat.postMessage", count: commands.Count);
        await host1.DrainAsync(); // one inbox for both: nothing pending is left for either instance
        // Every turn that started has finished: a command handled twice would show as one turn more.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while ((first.Conversations.Started != first.Conversations.Turns.Count || second.Conversations.Started != second.Conversations.Turns.Count)
               && DateTime.UtcNow < deadline)
            await Task.Delay(10); // polling a condition, not waiting a fixed time

        var handled = first.Conversations.Turns.Concat(second.Conversations.Turns).Select(t => t.Input.Text).ToList();
        Assert.That(handled, Is.EquivalentTo(commands), "every command exactly once, by one instance or the other");
        Assert.That(api.CallsOf("chat.postMessage"), Has.Count.EqualTo(commands.Count));
    }
}
