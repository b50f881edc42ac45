using System.Text;
using System.Text.Json;
using IgaBot.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// <c>/api/slack/commands</c>, <c>/api/slack/interactions</c>, <c>/api/slack/events</c>. The signature is
/// checked on the raw bytes before anything is parsed; a refused request changes nothing (401).
/// </summary>
public static partial class SlackEndpoints
{
    // Slack's payloads are a few kilobytes; anything far larger is not Slack.
    private const int MaxBody = 1 << 20;

    public static IEndpointRouteBuilder MapSlackChannel(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/slack");
        group.MapPost("/commands", (HttpContext http, SlackSignatureVerifier verifier, ISlackReplayGuard replays, SlackIngress ingress, ILoggerFactory logs) =>
            HandleAsync(http, verifier, replays, logs, async (body, ct) =>
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
                var fields = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
                return await ingress.AcceptCommandAsync(fields, ct);
            }));
        group.MapPost("/interactions", (HttpContext http, SlackSignatureVerifier verifier, ISlackReplayGuard replays, SlackIngress ingress, ILoggerFactory logs) =>
            HandleAsync(http, verifier, replays, logs, async (body, ct) =>
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
                if (!form.TryGetValue("payload", out var payload)) throw new InvalidInputException("The interaction has no payload field.");
                using var document = JsonDocument.Parse(payload.ToString());
                return await ingress.AcceptInteractionAsync(document.RootElement, ct);
            }));
        group.MapPost("/events", (HttpContext http, SlackSignatureVerifier verifier, ISlackReplayGuard replays, SlackIngress ingress, ILoggerFactory logs) =>
            HandleAsync(http, verifier, replays, logs, async (body, ct) =>
            {
                using var document = JsonDocument.Parse(body);
                return await ingress.AcceptEventAsync(document.RootElement, ct);
            }));
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext http, SlackSignatureVerifier verifier, ISlackReplayGuard replays, ILoggerFactory logs,
        Func<byte[], CancellationToken, Task<SlackAck>> accept)
    {
        var logger = logs.CreateLogger("IgaBot.Adapters.Slack.SlackEndpoints");
        var body = await ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);

        var timestamp = http.Request.Headers["X-Slack-Request-Timestamp"].ToString();
        var signature = http.Request.Headers["X-Slack-Signature"].ToString();
        var verdict = verifier.Verify(timestamp, signature, body);
        if (verdict != SignatureVerdict.Valid)
        {
            LogRefused(logger, http.Request.Path, verdict);
            return Results.Unauthorized();
        }
        // The same bytes and headers again (a replay within the window): acknowledged, not processed a second time.
        if (!await replays.FirstSeenAsync(signature.Trim(), verifier.ValidUntil(timestamp), verifier.Now, http.RequestAborted))
        {
            LogReplay(logger, http.Request.Path);
            return Results.Ok();
        }

        SlackAck ack;
        try
        {
            ack = await accept(body, http.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidInputException)
        {
            LogMalformed(logger, e, http.Request.Path);
            return Results.BadRequest();
        }
        return ack.Body is null ? Results.Ok() : Results.Text(ack.Body.ToJsonString(), "application/json", Encoding.UTF8);
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBody) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBody) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to {Path}: signature {Verdict}")]
    private static partial void LogRefused(ILogger logger, PathString path, SignatureVerdict verdict);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a replayed Slack request to {Path}: its signature was already accepted")]
    private static partial void LogReplay(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Malformed Slack request to {Path}")]
    private static partial void LogMalformed(ILogger logger, Exception e, PathString path);
}
