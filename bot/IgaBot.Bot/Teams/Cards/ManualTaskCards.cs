using System.Text.Json.Nodes;
using IgaBot.Core.Approvals;
using static IgaBot.Bot.Teams.Cards.CardElements;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>A manual provisioning task for an app owner (an app outside the identity provider): Done / Can't do.</summary>
internal static class ManualTaskCards
{
    public static JsonObject Render(ManualTaskView task, string? notice = null)
    {
        var granting = string.Equals(task.Operation, "grant", StringComparison.OrdinalIgnoreCase);
        var body = new List<JsonNode?>();
        if (!string.IsNullOrWhiteSpace(notice)) body.Add(Container([Text(Literal(notice), weight: "Bolder")], style: "warning"));
        var person = Literal(task.PersonName);
        var app = Literal(task.AppName);
        body.Add(Heading(granting ? $"Please give {person} access in {app}" : $"Please remove {person}'s access in {app}"));
        body.Add(Text(Literal(task.Text)));
        body.Add(Facts(
            ("Person", Literal($"{task.PersonName} ({task.PersonEmail})")),
            ("App", app),
            ("Access", Literal(task.EntitlementName)),
            ("Scope", Literal(task.Scope)),
            ("Task", granting ? "Grant access" : "Remove access")));

        if (task.Resolution is not null)
        {
            body.Add(Container([Text(Literal(task.Resolution), weight: "Bolder")], style: "emphasis"));
            return Card(body);
        }

        var data = new JsonObject { ["taskId"] = task.TaskId.ToString() };
        body.Add(Text("IgaBot cannot do this one itself: answer once it is done in the app.", subtle: true));
        return Card(body,
        [
            Execute("Done", CardVerbs.TaskDone, data, style: "positive"),
            ShowCard("Can't do",
                [InputText("reason", "Reason", "What stops you? The requester will see it.", required: true)],
                [Execute("Send", CardVerbs.TaskCannot, data, style: "destructive")]),
        ]);
    }
}
