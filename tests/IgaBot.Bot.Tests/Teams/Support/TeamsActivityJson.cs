using System.Text.Json.Nodes;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>Activities as Teams posts them to /api/messages (the JSON the Bot Framework service sends).</summary>
internal static class TeamsActivityJson
{
    public const string BotId = "28:" + TeamsTestHost.AppId;

    public static JsonObject Message(string serviceUrl, string text, string userId = "29:tom", string? aadObjectId = "aad-tom",
        string tenantId = TestPeople.TenantId, string conversationId = "a:chat-tom", bool expectReplies = false, JsonObject? value = null,
        string channelId = "msteams")
    {
        var activity = Base("message", serviceUrl, userId, aadObjectId, tenantId, conversationId);
        activity["channelId"] = channelId;
        activity["text"] = text;
        if (value is not null) activity["value"] = value;
        if (expectReplies) activity["deliveryMode"] = "expectReplies";
        return activity;
    }

    public static JsonObject CardClick(string serviceUrl, string verb, JsonObject data, string userId = "29:nina", string? aadObjectId = "aad-nina",
        string tenantId = TestPeople.TenantId, string conversationId = "a:chat-nina", string channelId = "msteams")
    {
        var activity = Base("invoke", serviceUrl, userId, aadObjectId, tenantId, conversationId);
        activity["channelId"] = channelId;
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data },
            ["trigger"] = "manual",
        };
        return activity;
    }

    public static JsonObject Installed(string serviceUrl, string userId, string? aadObjectId, string conversationId, string conversationType = "personal")
    {
        var activity = Base("conversationUpdate", serviceUrl, userId, aadObjectId, TestPeople.TenantId, conversationId, conversationType);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        return activity;
    }

    private static JsonObject Base(string type, string serviceUrl, string userId, string? aadObjectId, string tenantId, string conversationId, string conversationType = "personal")
    {
        var from = new JsonObject { ["id"] = userId, ["name"] = userId };
        if (aadObjectId is not null) from["aadObjectId"] = aadObjectId;
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = "in-" + Guid.NewGuid().ToString("N")[..8],
            ["timestamp"] = "2025-05-05T09:00:00Z",
            ["channelId"] = "msteams",
            ["serviceUrl"] = serviceUrl,
            ["from"] = from,
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "IgaBot" },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = conversationType, ["tenantId"] = tenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
        };
    }
}
