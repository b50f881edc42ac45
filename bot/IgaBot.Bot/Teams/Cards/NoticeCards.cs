using System.Text.Json.Nodes;
using static IgaBot.Bot.Teams.Cards.CardElements;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>Short cards that carry one message: the error boundary's apology and the like.</summary>
internal static class NoticeCards
{
    public static JsonObject Error(string reference) => Card(
    [
        Heading("Something went wrong on my side", "Attention"),
        Text("Nothing you asked for is lost: your request and its approvals are kept. Please try again in a moment."),
        Text($"If it keeps happening, give IT this reference: {reference}", subtle: true),
    ]);
}
