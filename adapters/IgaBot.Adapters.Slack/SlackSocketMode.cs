using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Socket Mode: the same deliveries as the HTTP endpoints, over a WebSocket the app opens itself
/// (<c>apps.connections.open</c> with the app-level token), for an app without a public URL. Each
/// envelope is acknowledged by its <c>envelope_id</c> after <see cref="SlackIngress"/> accepted it,
/// so what Slack considers delivered is already in the inbox. Reconnects with back-off.
/// </summary>
public sealed partial class SlackSocketMode(
    SlackApiClient api,
    SlackIngress ingress,
    TimeProvider time,
    IOptions<SlackOptions> options,
    ILogger<SlackSocketMode> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SocketModeEnabled) return;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var url = await api.OpenSocketConnectionAsync(stoppingToken);
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(url, stoppingToken);
                LogConnected(logger);
                backoff = TimeSpan.FromSeconds(1);
                await ReceiveAsync(socket, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogConnectionFailed(logger, e, backoff);
                try { await Task.Delay(backoff, time, stoppingToken); }
                catch (OperationCanceledException) { break; }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(60).Ticks));
            }
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (socket.State == WebSocketState.Open && !ct.IsCancellationRequested)
        {
            message.SetLength(0);
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    return;
                }
                message.Write(buffer, 0, result.Count);
            } while (!result.EndOfMessage);

            using var document = JsonDocument.Parse(message.ToArray());
            var envelope = document.RootElement;
            var type = envelope.Str("type");
            if (type == "disconnect")
            {
                // Slack asks for a fresh connection (it rotates them); the loop opens a new one.
                LogDisconnectRequested(logger, envelope.Str("reason"));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                return;
            }
            var envelopeId = envelope.Str("envelope_id");
            if (envelopeId is null) continue; // hello and other notices
            var payload = envelope.Obj("payload");
            var ack = type switch
            {
                "events_api" => await ingress.AcceptEventAsync(payload, ct),
                "slash_commands" => await ingress.AcceptCommandAsync(Fields(payload), ct),
                "interactive" => await ingress.AcceptInteractionAsync(payload, ct),
                _ => SlackAck.Empty,
            };
            var reply = new JsonObject { ["envelope_id"] = envelopeId };
            if (ack.Body is not null) reply["payload"] = ack.Body.DeepClone();
            await socket.SendAsync(Encoding.UTF8.GetBytes(reply.ToJsonString()), WebSocketMessageType.Text, true, ct);
        }
    }

    private static Dictionary<string, string> Fields(JsonElement payload) =>
        payload.ValueKind != JsonValueKind.Object
            ? []
            : payload.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String)
                .ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack Socket Mode connected")]
    private static partial void LogConnected(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack Socket Mode connection failed; retrying in {Backoff}")]
    private static partial void LogConnectionFailed(ILogger logger, Exception e, TimeSpan backoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack asked to reconnect ({Reason})")]
    private static partial void LogDisconnectRequested(ILogger logger, string? reason);
}
