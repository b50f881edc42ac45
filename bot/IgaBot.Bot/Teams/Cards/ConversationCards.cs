using System.Text.Json.Nodes;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using static IgaBot.Bot.Teams.Cards.CardElements;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>Cards for the clarification conversation: a question with its options, or how a request ended.</summary>
internal static class ConversationCards
{
    /// <summary>Above this many options the buttons become a drop-down: Teams shows at most six buttons in a row.</summary>
    private const int MaxButtons = 6;

    /// <summary>True when the reply needs a card; a plain answer is sent as text.</summary>
    public static bool NeedsCard(TurnReply reply) => reply.Question is not null || reply.Outcome is not null;

    /// <summary>The reply as a card (a reply with neither question nor outcome becomes a card with its text).</summary>
    public static JsonObject Reply(TurnReply reply, PeopleDirectory directory) =>
        reply.Question is { } question ? Question(reply.Text, question)
        : reply.Outcome is { } outcome ? Outcome(reply.Text, outcome, directory)
        : Card([Text(Literal(reply.Text))]);

    public static JsonObject Question(string text, Question question)
    {
        var body = new List<JsonNode?>();
        if (!string.IsNullOrWhiteSpace(text) && text.Trim() != question.Prompt.Trim()) body.Add(Text(Literal(text)));
        body.Add(Text(Literal(question.Prompt), weight: "Bolder"));
        var slot = SlotName(question.Slot);

        if (question.Options.Count == 0)
        {
            body.Add(Text("Type your answer in the chat.", subtle: true));
            return Card(body);
        }

        var hints = question.Options.Where(o => !string.IsNullOrWhiteSpace(o.Hint)).Select(o => $"{Literal(o.Label)}: {Literal(o.Hint)}").ToList();
        if (hints.Count > 0) body.Add(Container(hints.Select(h => (JsonNode)Text(h, subtle: true))));
        body.Add(Text("Pick one, or type your answer.", subtle: true));

        if (question.Options.Count <= MaxButtons)
        {
            var buttons = question.Options.Select(o =>
                (JsonNode)Execute(o.Label, CardVerbs.Answer, new JsonObject { ["slot"] = slot, ["value"] = o.Value }));
            return Card(body, buttons);
        }

        // The chosen option arrives as the "value" input, merged into the action data.
        body.Add(ChoiceSet("value", question.Prompt, question.Options.Select(o => (o.Label, o.Value))));
        return Card(body, [Execute("Choose", CardVerbs.Answer, new JsonObject { ["slot"] = slot })]);
    }

    public static JsonObject Outcome(string text, Outcome outcome, PeopleDirectory directory)
    {
        var (title, color) = outcome.Kind switch
        {
            OutcomeKind.Submitted => ("Request submitted", "Accent"),
            OutcomeKind.AutoApproved => ("Approved", "Good"),
            OutcomeKind.Denied => ("Request denied", "Attention"),
            OutcomeKind.AlreadyHasAccess => ("You already have this access", "Good"),
            OutcomeKind.Cancelled => ("Request cancelled", "Default"),
            OutcomeKind.Released => ("Access released", "Default"),
            OutcomeKind.ExtensionSubmitted => ("Extension requested", "Accent"),
            _ => ("Request update", "Default"),
        };

        var body = new List<JsonNode?> { Heading(title, color) };
        if (!string.IsNullOrWhiteSpace(text)) body.Add(Text(Literal(text)));
        body.Add(Facts(
            ("App", Literal(outcome.AppName)),
            ("Access", Literal(outcome.EntitlementName)),
            ("Scope", Literal(outcome.Scope)),
            ("For", string.IsNullOrWhiteSpace(outcome.Beneficiary) ? null : Literal(NameOf(directory, outcome.Beneficiary))),
            ("Duration", outcome.Kind is OutcomeKind.AlreadyHasAccess or OutcomeKind.Denied or OutcomeKind.Cancelled or OutcomeKind.Released
                ? null : Duration(outcome.Duration, null)),
            ("Held until", outcome.Kind == OutcomeKind.AlreadyHasAccess
                ? outcome.HeldUntil is { } until ? When(until) : "Permanently" : null),
            ("Waiting for", outcome.NextApprovers.Count == 0 ? null : string.Join(", ", outcome.NextApprovers.Select(e => Literal(NameOf(directory, e))))),
            ("Request", outcome.RequestId?.ToString())));
        if (!string.IsNullOrWhiteSpace(outcome.Reason) && outcome.Reason.Trim() != text.Trim())
            body.Add(Text(Literal(outcome.Reason), weight: outcome.Kind == OutcomeKind.Denied ? "Bolder" : null));
        if (outcome.Trace.Count > 0) body.Add(Section("Why", outcome.Trace.Select(Literal)));
        return Card(body);
    }

    /// <summary>The slot as card data spells it ("duration"), read back by <see cref="TryParseSlot"/>.</summary>
    public static string SlotName(Slot slot) => slot.ToString().ToLowerInvariant();

    public static bool TryParseSlot(string? text, out Slot slot)
    {
        slot = default;
        return !string.IsNullOrWhiteSpace(text) && !char.IsDigit(text[0]) && !text.StartsWith('-')
            && Enum.TryParse(text, ignoreCase: true, out slot) && Enum.IsDefined(slot);
    }

    private static string NameOf(PeopleDirectory directory, string email) => directory.Find(email)?.Name ?? email;
}
