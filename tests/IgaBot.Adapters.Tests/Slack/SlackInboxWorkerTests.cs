using IgaBot.Core.Conversation;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackInboxWorkerTests
{
    [Test]
    public async Task OnePersonsSlowTurn_DoesNotHoldUpSomeoneElsesCommand()
    {
        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        var aliceThinking = new TaskCompletionSource();
        var parts = new SlackTestHost.Parts();
        parts.Conversations.Behaviour = async (_, actor, input, ct) =>
        {
            if (actor != "alice@example.com") return new TurnReply($"You said: {input.Text}");
            aliceThinking.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct); // the reasoner is slow for Alice
            throw new InvalidOperationException("unreachable");
        };
        await using var host = await SlackTestHost.StartAsync(api, parts);

        await host.PostCommandAsync(AliceSlack, "I need logs");
        await aliceThinking.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await host.PostCommandAsync(NinaSlack, "I need the wiki");

        var answer = await api.WaitForAsync("chat.postMessage").WaitAsync(TimeSpan.FromSeconds(5));
        Assert.That(answer.Arg("channel"), Is.EqualTo("D" + NinaSlack), "Nina is answered while Alice's turn is still running");
        Assert.That(parts.Conversations.Turns.Single().ActorEmail, Is.EqualTo("nina@example.com"));
    }

    [Test]
    public async Task OnePersonsCommands_AreHandledInTheOrderTheyCame()
    {
        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        var firstStarted = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var parts = new SlackTestHost.Parts();
        parts.Conversations.Behaviour = async (_, _, input, ct) =>
        {
            if (input.Text == "first")
            {
                firstStarted.TrySetResult();
                await releaseFirst.Task.WaitAsync(ct);
            }
            return new TurnReply($"You said: {input.Text}");
        };
        await using var host = await SlackTestHost.StartAsync(api, parts);

        await host.PostCommandAsync(AliceSlack, "first");
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await host.PostCommandAsync(AliceSlack, "second");
        // Nina's command came after Alice's second: once Nina is answered, the worker has passed Alice's second by.
        await host.PostCommandAsync(NinaSlack, "meanwhile");
        await api.WaitForAsync("chat.postMessage");
        Assert.That(parts.Conversations.Started, Is.EqualTo(2), "Alice's second command waits for her first");

        releaseFirst.SetResult();
        await api.WaitForAsync("chat.postMessage", count: 3);
        Assert.That(parts.Conversations.Turns.Where(t => t.ActorEmail == "alice@example.com").Select(t => t.Input.Text),
            Is.EqualTo(new[] { "first", "second" }));
    }
}
