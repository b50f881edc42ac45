using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Core.Conversation;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackSocketModeTests
{
    [Test]
    public async Task EnvelopesOverTheWebSocket_AreAcknowledgedByIdAndHandledLikeHttpDeliveries()
    {
        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        var acks = new List<JsonElement>();
        var allAcked = new TaskCompletionSource();
        api.SocketHandler = async (socket, ct) =>
        {
            await SendAsync(socket, new JsonObject { ["type"] = "hello", ["num_connections"] = 1 }, ct);
            await SendAsync(socket, new JsonObject
            {
                ["envelope_id"] = "env-1",
                ["type"] = "events_api",
                ["accepts_response_payload"] = false,
                ["payload"] = new JsonObject
                {
                    ["type"] = "event_callback",
                    ["event_id"] = "EvSocket",
                    ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["channel"] = "DUALICE", ["user"] = AliceSlack, ["text"] = "I need logs" },
                },
            }, ct);
            await SendAsync(socket, new JsonObject
            {
                ["envelope_id"] = "env-2",
                ["type"] = "slash_commands",
                ["accepts_response_payload"] = true,
                ["payload"] = new JsonObject { ["command"] = "/access", ["text"] = "help", ["user_id"] = AliceSlack },
            }, ct);
            var buffer = new byte[16 * 1024];
            while (acks.Count < 2)
            {
                var result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close) return;
                acks.Add(JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, result.Count)).RootElement.Clone());
            }
            allAcked.TrySetResult();
            try { await Task.Delay(Timeout.Infinite, ct); } catch (OperationCanceledException) { }
        };

        // No signing secret: Socket Mode alone switches the channel on.
        var parts = new SlackTestHost.Parts { Settings = { ["Slack:AppToken"] = "xapp-1-test", ["Slack:SigningSecret"] = "" } };
        await using var host = await SlackTestHost.StartAsync(api, parts);
        await allAcked.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await api.WaitForAsync("chat.postMessage");

        Assert.Multiple(() =>
        {
            Assert.That(api.CallsOf("apps.connections.open").First().Authorization, Is.EqualTo("Bearer xapp-1-test"), "the app-level token opens the socket");
            Assert.That(acks[0].GetProperty("envelope_id").GetString(), Is.EqualTo("env-1"));
            Assert.That(acks[1].GetProperty("envelope_id").GetString(), Is.EqualTo("env-2"));
            Assert.That(acks[1].GetProperty("payload").GetProperty("text").GetString(), Does.Contain("/access list"));
            Assert.That(host.Conversations.Turns.Single(), Is.EqualTo(new RecordedTurn(new ConversationKey("slack", "DUALICE"), "alice@example.com", TurnInput.FromText("I need logs"))));
        });
        var refused = await host.PostEventAsync("""{"type":"url_verification","challenge":"c"}""");
        Assert.That(refused.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized), "without a signing secret no HTTP request is trusted");
    }

    private static Task SendAsync(WebSocket socket, JsonObject message, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, ct);
}
