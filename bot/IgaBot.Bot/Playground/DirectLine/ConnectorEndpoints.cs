using System.Text.Json.Nodes;
using IgaBot.Core;
using IgaBot.Core.People;

namespace IgaBot.Bot.Playground.DirectLine;

/// <summary>
/// The playground's local Bot Connector: the Bot Framework REST calls the bot makes to the <c>serviceUrl</c> of
/// the playground's activities (replies, proactive messages, card updates, member look-ups). Messages land in the
/// persona's Direct Line transcript, which the persona's Web Chat reads.
/// </summary>
internal static class ConnectorEndpoints
{
    public static IEndpointRouteBuilder MapPlaygroundConnector(this IEndpointRouteBuilder endpoints)
    {
        var conversations = endpoints.MapGroup(PlaygroundAddress.ConnectorPath + "v3/conversations");
        conversations.MapPost("", CreateConversationAsync);
        conversations.MapPost("/{conversationId}/activities", SendAsync);
        conversations.MapPost("/{conversationId}/activities/{activityId}", ReplyAsync);
        conversations.MapPut("/{conversationId}/activities/{activityId}", UpdateAsync);
        conversations.MapDelete("/{conversationId}/activities/{activityId}", Delete);
        conversations.MapGet("/{conversationId}/members", Members);
        conversations.MapGet("/{conversationId}/pagedmembers", PagedMembers);
        conversations.MapGet("/{conversationId}/members/{memberId}", Member);
        return endpoints;
    }

    private static async Task<IResult> CreateConversationAsync(HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, CancellationToken ct)
    {
        var parameters = await ReadAsync(request, ct);
        var memberId = (string?)(parameters?["members"] as JsonArray)?.FirstOrDefault()?["id"];
        if (memberId is null || tenant.Current.Directory.Find(memberId) is not { } person)
            return NotFound("MemberNotFound", $"Nobody of the tenant has the user id '{memberId}'.");
        var transcript = transcripts.For(person.Email);
        string? activityId = null;
        if (parameters?["activity"] is JsonObject activity) activityId = (string?)Store(transcript, activity)["id"];
        return Results.Json(new JsonObject { ["id"] = transcript.ConversationId, ["activityId"] = activityId });
    }

    private static Task<IResult> SendAsync(string conversationId, HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, CancellationToken ct) =>
        AppendAsync(conversationId, replyToId: null, request, tenant, transcripts, ct);

    private static Task<IResult> ReplyAsync(string conversationId, string activityId, HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, CancellationToken ct) =>
        AppendAsync(conversationId, activityId, request, tenant, transcripts, ct);

    private static async Task<IResult> AppendAsync(string conversationId, string? replyToId, HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, CancellationToken ct)
    {
        if (Transcript(conversationId, tenant, transcripts) is not { } transcript) return ConversationNotFound(conversationId);
        if (await ReadAsync(request, ct) is not { } activity) return BadActivity();
        if (replyToId is not null) activity["replyToId"] = replyToId;
        return Results.Json(new JsonObject { ["id"] = (string?)Store(transcript, activity)["id"] });
    }

    private static async Task<IResult> UpdateAsync(string conversationId, string activityId, HttpRequest request, ITenantAccessor tenant, PlaygroundTranscripts transcripts, CancellationToken ct)
    {
        if (Transcript(conversationId, tenant, transcripts) is not { } transcript) return ConversationNotFound(conversationId);
        if (await ReadAsync(request, ct) is not { } activity) return BadActivity();
        var stored = transcript.Replace(activityId, ForWebChat(activity, transcript), WebChatCards.AdaptForWebChat);
        return stored is null
            ? NotFound("ActivityNotFound", $"The playground has no activity '{activityId}' in this conversation.")
            : Results.Json(new JsonObject { ["id"] = activityId });
    }

    private static IResult Delete(string conversationId, string activityId, ITenantAccessor tenant, PlaygroundTranscripts transcripts)
    {
        if (Transcript(conversationId, tenant, transcripts) is not { } transcript) return ConversationNotFound(conversationId);
        var tombstone = DirectLineEndpoints.BotMessage(transcript, "(This message was deleted.)", replyToId: null);
        return transcript.Replace(activityId, tombstone) is null
            ? NotFound("ActivityNotFound", $"The playground has no activity '{activityId}' in this conversation.")
            : Results.Ok();
    }

    private static IResult Members(string conversationId, ITenantAccessor tenant, PlaygroundOptions options) =>
        PersonOf(conversationId, tenant) is { } person
            ? Results.Json(new JsonArray(Account(person, options)))
            : ConversationNotFound(conversationId);

    private static IResult PagedMembers(string conversationId, ITenantAccessor tenant, PlaygroundOptions options) =>
        PersonOf(conversationId, tenant) is { } person
            ? Results.Json(new JsonObject { ["members"] = new JsonArray(Account(person, options)) })
            : ConversationNotFound(conversationId);

    /// <summary>What Teams answers for a member of a 1:1 chat: the persona's name, email and user principal name.</summary>
    private static IResult Member(string conversationId, string memberId, ITenantAccessor tenant, PlaygroundOptions options)
    {
        if (PersonOf(conversationId, tenant) is not { } person) return ConversationNotFound(conversationId);
        if (!string.Equals(memberId, PlaygroundIds.UserIdOf(person.Email), StringComparison.OrdinalIgnoreCase)
            && !string.Equals(memberId, person.TeamsId, StringComparison.OrdinalIgnoreCase))
            return NotFound("MemberNotFoundInConversation", $"'{memberId}' is not a member of this conversation.");
        return Results.Json(Account(person, options));
    }

    /// <summary>Stores an activity the bot sent, shaped as Direct Line shows a bot's message.</summary>
    private static JsonObject Store(PlaygroundTranscript transcript, JsonObject fromBot) =>
        transcript.Append(ForWebChat(fromBot, transcript), WebChatCards.AdaptForWebChat);

    private static JsonObject ForWebChat(JsonObject fromBot, PlaygroundTranscript transcript)
    {
        var activity = (JsonObject)fromBot.DeepClone();
        activity["from"] = new JsonObject
        {
            ["id"] = (string?)fromBot["from"]?["id"] ?? PlaygroundIds.BotId,
            ["name"] = (string?)fromBot["from"]?["name"] ?? PlaygroundIds.BotName,
            ["role"] = "bot",
        };
        activity["recipient"] = new JsonObject { ["id"] = PlaygroundIds.UserIdOf(transcript.Email), ["role"] = "user" };
        activity["conversation"] = new JsonObject { ["id"] = transcript.ConversationId };
        activity["channelId"] = "directline";
        activity.Remove("serviceUrl");
        activity["type"] ??= "message";
        return activity;
    }

    private static JsonObject Account(Person person, PlaygroundOptions options)
    {
        var names = person.Name.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
        var account = new JsonObject
        {
            ["id"] = PlaygroundIds.UserIdOf(person.Email),
            ["name"] = person.Name,
            ["givenName"] = names.ElementAtOrDefault(0),
            ["surname"] = names.ElementAtOrDefault(1),
            ["email"] = person.Email,
            ["userPrincipalName"] = person.Email,
            ["tenantId"] = options.TenantId,
            ["userRole"] = "user",
        };
        if (!string.IsNullOrWhiteSpace(person.TeamsId)) account["aadObjectId"] = person.TeamsId;
        return account;
    }

    private static PlaygroundTranscript? Transcript(string conversationId, ITenantAccessor tenant, PlaygroundTranscripts transcripts) =>
        PersonOf(conversationId, tenant) is { } person ? transcripts.For(person.Email) : null;

    private static Person? PersonOf(string conversationId, ITenantAccessor tenant) =>
        PlaygroundIds.EmailOf(conversationId) is { } email ? tenant.Current.Directory.Find(email) : null;

    private static async Task<JsonObject?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await JsonNode.ParseAsync(request.Body, cancellationToken: ct) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    private static IResult BadActivity() => DirectLineEndpoints.Error(StatusCodes.Status400BadRequest, "BadArgument", "Send an activity: a JSON object.");

    private static IResult ConversationNotFound(string conversationId) =>
        NotFound("ConversationNotFound", $"The playground has no conversation '{conversationId}': its ids are 'playground-' and a person's email.");

    private static IResult NotFound(string code, string message) => DirectLineEndpoints.Error(StatusCodes.Status404NotFound, code, message);
}
