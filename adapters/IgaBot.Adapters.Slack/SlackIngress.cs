using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Slack;

/// <summary>What to answer Slack right away: an empty 200, or a JSON body (challenge, ephemeral text, modal errors).</summary>
public sealed record SlackAck(JsonObject? Body = null)
{
    public static SlackAck Empty { get; } = new();

    public static SlackAck Ephemeral(string text) => new(new JsonObject { ["response_type"] = "ephemeral", ["text"] = text });
}

/// <summary>
/// Decides, within Slack's 3 seconds, what a verified delivery needs: answered on the spot (URL
/// verification, help, modal validation, opening a modal while its trigger id is still valid), or
/// written to the inbox for the worker. Shared by the HTTP endpoints and Socket Mode.
/// </summary>
public sealed partial class SlackIngress(
    ISlackInbox inbox,
    SlackInboxSignal signal,
    SlackApiClient api,
    ITenantAccessor tenant,
    TimeProvider time,
    IOptions<SlackOptions> options,
    ILogger<SlackIngress> logger)
{
    // A trigger id is valid for 3 seconds from the click; Slack also wants its answer by then.
    private static readonly TimeSpan InlineBudget = TimeSpan.FromMilliseconds(2500);

    public const string HelpText =
        "*IgaBot* gets you the access you need.\n" +
        "• `/access I need read access to the prod logs for 2 days`: ask in plain words; I ask only what is missing.\n" +
        "• `/access`: open a form.\n" +
        "• `/access list`: what you hold and until when.\n" +
        "• `/access help`: this text.\n" +
        "You can also write to me in a direct message, mention me, or open my Home tab.";

    public async Task<SlackAck> AcceptEventAsync(JsonElement body, CancellationToken ct)
    {
        switch (body.Str("type"))
        {
            case "url_verification":
                return new SlackAck(new JsonObject { ["challenge"] = body.Str("challenge") ?? "" });
            case "event_callback":
                break;
            default:
                return SlackAck.Empty;
        }
        var e = body.Obj("event");
        if (!IsForUs(body, e)) return SlackAck.Empty;
        var eventId = body.Str("event_id");
        var added = await inbox.AddAsync(NewItem(SlackInboxKind.Event, body.GetRawText(), e.Str("user"), eventId), ct);
        if (added) signal.Notify();
        else LogDuplicate(logger, eventId);
        return SlackAck.Empty;
    }

    /// <summary>Messages in a DM with the bot, mentions and the Home tab; never the bot's own messages.</summary>
    private bool IsForUs(JsonElement body, JsonElement e)
    {
        var user = e.Str("user");
        if (string.IsNullOrEmpty(user) || e.TryGetProperty("bot_id", out _)) return false;
        if (user == options.Value.BotUserId) return false;
        if (body.TryGetProperty("authorizations", out var auths) && auths.ValueKind == JsonValueKind.Array
            && auths.EnumerateArray().Any(a => a.Str("user_id") == user && a.TryGetProperty("is_bot", out var b) && b.ValueKind == JsonValueKind.True))
            return false;
        return e.Str("type") switch
        {
            "message" => e.Str("channel_type") == "im" && e.Str("subtype") is null && !string.IsNullOrWhiteSpace(e.Str("text")),
            "app_mention" => e.Str("subtype") is null,
            "app_home_opened" => e.Str("tab") is null or "home",
            _ => false,
        };
    }

    public async Task<SlackAck> AcceptCommandAsync(IReadOnlyDictionary<string, string> fields, CancellationToken ct)
    {
        var text = (fields.GetValueOrDefault("text") ?? "").Trim();
        var user = fields.GetValueOrDefault("user_id");
        if (string.IsNullOrEmpty(user)) return SlackAck.Ephemeral("Slack did not say who you are; nothing was done.");
        if (text.Equals("help", StringComparison.OrdinalIgnoreCase) || text == "?") return SlackAck.Ephemeral(HelpText);
        if (text.Length == 0)
        {
            var opened = await OpenViewNowAsync(fields.GetValueOrDefault("trigger_id"), SlackViews.RequestModal(tenant.Current.Catalog), ct);
            return opened ? SlackAck.Empty : SlackAck.Ephemeral("I couldn't open the form. Try `/access` followed by what you need.");
        }
        var json = new JsonObject();
        foreach (var (key, value) in fields) json[key] = value;
        await inbox.AddAsync(NewItem(SlackInboxKind.Command, json.ToJsonString(), user, dedupKey: null), ct);
        signal.Notify();
        return text.Equals("list", StringComparison.OrdinalIgnoreCase)
            ? SlackAck.Ephemeral("Looking up your access: I'll answer in our direct messages.")
            : SlackAck.Ephemeral("On it: I'll continue in our direct messages.");
    }

    public async Task<SlackAck> AcceptInteractionAsync(JsonElement payload, CancellationToken ct)
    {
        var user = payload.Obj("user").Str("id");
        if (string.IsNullOrEmpty(user)) return SlackAck.Empty;
        switch (payload.Str("type"))
        {
            case "block_actions":
            {
                var action = FirstAction(payload);
                var actionId = action.Str("action_id");
                var trigger = payload.Str("trigger_id");
                switch (actionId)
                {
                    case SlackActions.Deny:
                        await OpenViewNowAsync(trigger, SlackViews.ReasonModal(SlackActions.DenyModal, "Deny request",
                            "Why? The requester will see your reason.", "Deny", action.Str("value") ?? ""), ct);
                        return SlackAck.Empty;
                    case SlackActions.TaskCannot:
                        await OpenViewNowAsync(trigger, SlackViews.ReasonModal(SlackActions.CannotModal, "Can't do the task",
                            "What is in the way? The requester will see this.", "Send", action.Str("value") ?? ""), ct);
                        return SlackAck.Empty;
                    case SlackActions.NewRequest:
                        await OpenViewNowAsync(trigger, SlackViews.RequestModal(tenant.Current.Catalog), ct);
                        return SlackAck.Empty;
                }
                if (actionId is null || !IsQueuedAction(actionId)) return SlackAck.Empty;
                break;
            }
            case "view_submission":
            {
                var view = payload.Obj("view");
                var callback = view.Str("callback_id");
                if (callback == SlackActions.RequestModal)
                {
                    var form = SlackForm.Read(view);
                    if (form.IsEmpty)
                    {
                        return new SlackAck(new JsonObject
                        {
                            ["response_action"] = "errors",
                            ["errors"] = new JsonObject { [SlackViews.Blocks.What] = "Say what you need, or pick an app or an access." },
                        });
                    }
                }
                else if (callback is not (SlackActions.DenyModal or SlackActions.CannotModal))
                {
                    return SlackAck.Empty;
                }
                break;
            }
            default:
                return SlackAck.Empty;
        }
        await inbox.AddAsync(NewItem(SlackInboxKind.Interaction, payload.GetRawText(), user, dedupKey: null), ct);
        signal.Notify();
        return SlackAck.Empty;
    }

    internal static JsonElement FirstAction(JsonElement payload) =>
        payload.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array && actions.GetArrayLength() > 0
            ? actions[0]
            : default;

    private static bool IsQueuedAction(string actionId) =>
        actionId.StartsWith(SlackActions.QuestionOptionPrefix, StringComparison.Ordinal)
        || actionId is SlackActions.QuestionSelect or SlackActions.Approve or SlackActions.ApproveShorter
            or SlackActions.Release or SlackActions.Extend or SlackActions.TaskDone
            or SlackActions.ReviewKeep or SlackActions.ReviewRevoke or SlackActions.WelcomeRequest;

    private async Task<bool> OpenViewNowAsync(string? triggerId, SlackView view, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(triggerId)) return false;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(InlineBudget);
        try
        {
            await api.OpenViewAsync(triggerId, view, budget.Token);
            return true;
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            LogViewNotOpened(logger, e);
            return false;
        }
    }

    private SlackInboxItem NewItem(SlackInboxKind kind, string payload, string? user, string? dedupKey) => new()
    {
        Id = Guid.CreateVersion7(),
        Kind = kind,
        Payload = payload,
        UserId = user,
        DedupKey = dedupKey,
        ReceivedAt = time.GetUtcNow(),
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Slack event {EventId} was delivered again; already in the inbox")]
    private static partial void LogDuplicate(ILogger logger, string? eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not open a Slack modal in time")]
    private static partial void LogViewNotOpened(ILogger logger, Exception e);
}

/// <summary>The request modal's fields as submitted.</summary>
public sealed record SlackForm(string? What, string? AppId, string? EntitlementId, string? Scope, string? Duration, string? Justification, string? Reason)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(What) && AppId is null && EntitlementId is null;

    public static SlackForm Read(JsonElement view)
    {
        var values = view.Obj("state").Obj("values");
        string? Get(string block)
        {
            var input = values.Obj(block).Obj(SlackActions.InputAction);
            var text = input.Str("value") ?? input.Obj("selected_option").Str("value");
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }
        return new(Get(SlackViews.Blocks.What), Get(SlackViews.Blocks.App), Get(SlackViews.Blocks.Entitlement),
            Get(SlackViews.Blocks.Scope), Get(SlackViews.Blocks.Duration), Get(SlackViews.Blocks.Justification), Get(SlackViews.Blocks.Reason));
    }
}
