using System.Text.Json.Nodes;
using IgaBot.Core.People;
using static IgaBot.Bot.Teams.Cards.CardElements;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>
/// The mover's review card for the new manager: who moved and what changed, then each grant with why it is on the
/// card and its own Keep until &lt;date&gt; / Revoke buttons (replaced by the outcome once answered).
/// </summary>
internal static class MoverReviewCards
{
    public static JsonObject Render(MoverReviewView review, string? notice = null)
    {
        var body = new List<JsonNode?>();
        if (!string.IsNullOrWhiteSpace(notice)) body.Add(Container([Text(Literal(notice), weight: "Bolder")], style: "warning"));
        var person = Literal(review.PersonName);
        body.Add(Heading($"Review {person}'s access"));
        body.Add(Text($"{person} ({Literal(review.PersonTitle)}) moved: {Literal(review.ChangeText)}. As their manager now, please decide what they keep."));
        body.Add(Facts(
            ("Person", Literal($"{review.PersonName} ({review.PersonEmail})")),
            ("Answer by", review.Open ? When(review.DueAt) : null),
            ("Status", review.Open ? null : "Closed")));
        foreach (var item in review.Items)
        {
            var rows = new List<JsonNode?>
            {
                Text(Literal(item.Scope is null ? $"{item.AppName}: {item.EntitlementName}" : $"{item.AppName}: {item.EntitlementName} ({item.Scope})"),
                    weight: "Bolder", separator: true),
                Text(Literal(item.Why), subtle: true),
            };
            if (item.Outcome is not null)
            {
                rows.Add(Text(Literal(char.ToUpperInvariant(item.Outcome[0]) + item.Outcome[1..]), weight: "Bolder", color: "Good"));
            }
            else if (review.Open)
            {
                if (item.Ineligible) rows.Add(Text("Revoked automatically if nobody answers by the date above.", subtle: true, color: "Attention"));
                var data = new JsonObject { ["reviewId"] = review.ReviewId.ToString(), ["grantId"] = item.GrantId.ToString() };
                rows.Add(ActionSet(
                [
                    Execute($"Keep until {item.KeepUntil:yyyy-MM-dd}", CardVerbs.ReviewKeep, data, style: "positive"),
                    Execute("Revoke", CardVerbs.ReviewRevoke, data, style: "destructive"),
                ]));
            }
            body.Add(Container(rows));
        }
        return Card(body);
    }
}

/// <summary>The joiner's welcome: what most people with their title hold, each with a button that asks for it in words.</summary>
internal static class JoinerWelcomeCards
{
    public static JsonObject Render(JoinerWelcomeView welcome)
    {
        var body = new List<JsonNode?> { Heading($"Welcome, {Literal(welcome.PersonName)}!"), Text(Literal(welcome.Text)) };
        foreach (var s in welcome.Suggestions)
        {
            body.Add(Container(
            [
                Text(Literal($"{s.AppName}: {s.EntitlementName}"), weight: "Bolder", separator: true),
                Text($"Held by {s.Holders} of your {s.Peers} peers", subtle: true),
                ActionSet([Execute("Request", CardVerbs.WelcomeRequest, new JsonObject { ["entitlementId"] = s.EntitlementId })]),
            ]));
        }
        return Card(body);
    }
}
