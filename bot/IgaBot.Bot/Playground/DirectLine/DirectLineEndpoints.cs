using System.Text.Json.Nodes;
using IgaBot.Core;
using IgaBot.Core.People;

namespace IgaBot.Bot.Playground.DirectLine;

/// <summary>
/// The Direct Line 3.0 endpoints Web Chat uses when it polls (no WebSocket): start a conversation, post an
/// activity, read activities after a watermark, refresh the token. Each persona has one conversation; what a
/// persona posts goes to the bot as Teams would send it (<see cref="PlaygroundBot"/>), and what the bot sends
/// comes back through the local Bot Connector (<see cref="ConnectorEndpoints"/>).
/// </summary>
internal static class DirectLineEndpoints
{
    public const string Prefix = "/playground/directline/v3/directline";
    private const int TokenLifetimeSeconds = 3600;

    public static IEndpointRouteBuilder MapPlaygroundDirectLine(this IEndpointRouteBuilder endpoints)
    {
        var directLine = endpoints.MapGroup(Prefix);
        directLine.MapPost("/conversations", StartAsync);
        directLine.MapGet("/conversations/{conversationId}", Reconnect);
        directLine.MapPost("/tokens/refresh", Refresh);
        directLine.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        directLine.MapGet("/conversations/{conversationId}/activities", GetActivities);
        directLine.MapPost("/conversations/{conversationId}/upload", () =>
            Error(StatusCodes.Status400BadRequest, "BadArgument", "The playground does not take file uploads."));
        return endpoints;
    }

    private static IResult StartAsync(HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, TimeProvider time)
    {
        if (Persona(request, tenant, conversationId: null) is not { } person) return Forbidden();
        var transcript = transcripts.For(person.Email);
        return Results.Json(Conversation(transcript, person, time), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Reconnect(string conversationId, HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, TimeProvider time) =>
        Persona(request, tenant, conversationId) is { } person
            ? Results.Json(Conversation(transcripts.For(person.Email), person, time))
            : Forbidden();

    private static IResult Refresh(HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, TimeProvider time) =>
        Persona(request, tenant, conversationId: null) is { } person
            ? Results.Json(Conversation(transcripts.For(person.Email), person, time))
            : Forbidden();

    private static IResult GetActivities(string conversationId, string? watermark, HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts)
    {
        if (Persona(request, tenant, conversationId) is not { } person) return Forbidden();
        var (activities, next) = transcripts.For(person.Email).Since(watermark);
        return Results.Json(new JsonObject
        {
            ["activities"] = new JsonArray(activities.Select(a => (JsonNode)a).ToArray()),
            ["watermark"] = next.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    private static async Task<IResult> PostActivityAsync(
        string conversationId, HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts,
        PlaygroundBot bot, ILoggerFactory loggers, CancellationToken ct)
    {
        if (Persona(request, tenant, conversationId) is not { } person) return Forbidden();
        JsonObject? posted;
        try { posted = await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject; }
        catch (System.Text.Json.JsonException) { posted = null; }
        if (posted?["type"] is not JsonValue typeNode || !typeNode.TryGetValue(out string? type) || string.IsNullOrWhiteSpace(type))
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "Post an activity: a JSON object with a type.");

        var transcript = transcripts.For(person.Email);
        // Direct Line echoes the persona's own activity: Web Chat marks a message sent when it comes back.
        var echo = (JsonObject)posted.DeepClone();
        echo["from"] = new JsonObject { ["id"] = PlaygroundIds.UserIdOf(person.Email), ["name"] = person.Name, ["role"] = "user" };
        echo["recipient"] = new JsonObject { ["id"] = PlaygroundIds.BotId, ["name"] = PlaygroundIds.BotName, ["role"] = "bot" };
        echo["conversation"] = new JsonObject { ["id"] = transcript.ConversationId };
        echo["channelId"] = "directline";
        var stored = transcript.Append(echo);
        var id = (string)stored["id"]!;

        var click = WebChatCards.ReadClick(posted["value"]);
        var forward = click is not null ? bot.CardAction(person, click, stored)
            : type is "message" or "event" ? bot.FromPersona(type, person, stored)
            : null;
        if (forward is null) return Results.Json(new JsonObject { ["id"] = id });

        var answer = await bot.SendAsync(forward, ct);
        var logger = loggers.CreateLogger(typeof(DirectLineEndpoints));
        if (!answer.Ok)
        {
            logger.LogWarning("Playground: the bot answered {Status} to a {ActivityType} from {Email}: {Problem}",
                answer.Status, forward["type"]?.ToString(), person.Email, answer.Problem ?? answer.Body?.ToJsonString());
            if (click is not null) transcript.Append(BotMessage(transcript, $"IgaBot could not handle that click (HTTP {answer.Status}).", click.ActivityId));
            return Error(StatusCodes.Status502BadGateway, "BotError", answer.Problem ?? $"The bot answered HTTP {answer.Status}.");
        }
        if (click is not null) ApplyCardActionAnswer(transcript, click, answer.Body as JsonObject);
        return Results.Json(new JsonObject { ["id"] = id });
    }

    /// <summary>
    /// Does with the bot's answer to a card click what Teams does: a card replaces the clicked one (same id,
    /// so Web Chat shows the new version in place), a message or an error is shown to the person.
    /// </summary>
    private static void ApplyCardActionAnswer(PlaygroundTranscript transcript, ExecuteClick click, JsonObject? response)
    {
        var status = response?["statusCode"] is JsonValue s && s.TryGetValue(out int code) ? code : 200;
        var type = (string?)response?["type"];
        var value = response?["value"];

        if (status >= 400 || type == "application/vnd.microsoft.error")
        {
            var message = (value as JsonObject)?["message"]?.ToString() ?? value?.ToString() ?? $"The card action failed ({status}).";
            transcript.Append(BotMessage(transcript, message, click.ActivityId));
            return;
        }
        if (type == WebChatCards.AdaptiveCardType && value is JsonObject card)
        {
            if (transcript.Find(click.ActivityId) is { } clicked && clicked["attachments"] is JsonArray attachments
                && click.Attachment < attachments.Count && attachments[click.Attachment] is JsonObject attachment)
            {
                attachment["content"] = card.DeepClone();
                transcript.Replace(click.ActivityId, clicked, WebChatCards.AdaptForWebChat);
            }
            else
            {
                var message = BotMessage(transcript, null, click.ActivityId);
                message["attachments"] = new JsonArray(new JsonObject { ["contentType"] = WebChatCards.AdaptiveCardType, ["content"] = card.DeepClone() });
                transcript.Append(message, WebChatCards.AdaptForWebChat);
            }
            return;
        }
        if (value is JsonValue text && text.TryGetValue(out string? sentence) && !string.IsNullOrWhiteSpace(sentence))
            transcript.Append(BotMessage(transcript, sentence, click.ActivityId));
    }

    internal static JsonObject BotMessage(PlaygroundTranscript transcript, string? text, string? replyToId)
    {
        var message = new JsonObject
        {
            ["type"] = "message",
            ["from"] = new JsonObject { ["id"] = PlaygroundIds.BotId, ["name"] = PlaygroundIds.BotName, ["role"] = "bot" },
            ["recipient"] = new JsonObject { ["id"] = PlaygroundIds.UserIdOf(transcript.Email), ["role"] = "user" },
            ["conversation"] = new JsonObject { ["id"] = transcript.ConversationId },
            ["channelId"] = "directline",
        };
        if (text is not null) message["text"] = text;
        if (replyToId is not null) message["replyToId"] = replyToId;
        return message;
    }

    private static JsonObject Conversation(PlaygroundTranscript transcript, Person person, TimeProvider time) => new()
    {
        ["conversationId"] = transcript.ConversationId,
        ["token"] = DirectLineTokens.Issue(person.Email, time.GetUtcNow()),
        ["expires_in"] = TokenLifetimeSeconds,
    };

    /// <summary>The persona the token speaks for, when it is a person of the directory and (if given) this is their conversation.</summary>
    private static Person? Persona(HttpRequest request, ITenantAccessor tenant, string? conversationId)
    {
        if (DirectLineTokens.EmailFrom(request.Headers.Authorization) is not { } email) return null;
        if (conversationId is not null && !PersonKey.Same(PlaygroundIds.EmailOf(conversationId), email)) return null;
        return tenant.Current.Directory.Find(email);
    }

    private static IResult Forbidden() =>
        Error(StatusCodes.Status403Forbidden, "Forbidden", "This token does not belong to a person of the tenant, or not to this conversation.");

    internal static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);
}
