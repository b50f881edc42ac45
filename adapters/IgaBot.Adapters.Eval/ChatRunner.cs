using System.Globalization;
using IgaBot.Core.Agent;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Eval;

/// <summary>
/// <c>igabot chat --as EMAIL</c>: a conversation with the agent in the terminal. Questions show their
/// options numbered (typing the number picks it, or type an answer), outcomes print with their reason.
/// "quit", "exit" or the end of the input ends it. The conversation is kept per person, so it continues
/// after a restart.
/// </summary>
public static class ChatRunner
{
    public static async Task<int> RunAsync(string asEmail, IConversationService conversation, TextReader input, TextWriter output, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var key = new ConversationKey("cli", asEmail.Trim().ToLowerInvariant());
        await output.WriteLineAsync($"Chatting as {asEmail}. Type what you need; 'quit' ends.");
        Question? open = null;
        while (!ct.IsCancellationRequested)
        {
            await output.WriteAsync("you> ");
            await output.FlushAsync(ct);
            var line = await input.ReadLineAsync(ct);
            if (line is null) break;
            line = line.Trim();
            if (line.Length == 0) continue;
            if (line.ToLowerInvariant() is "quit" or "exit" or "/quit" or "/exit") break;

            var turn = open is not null && int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                && n >= 1 && n <= open.Options.Count
                ? TurnInput.FromChoice(open.Slot, open.Options[n - 1].Value)
                : TurnInput.FromText(line);
            var reply = await conversation.HandleTurnAsync(key, asEmail, turn, ct);
            await output.WriteAsync(Render(reply));
            open = reply.Question;
        }
        return 0;
    }

    /// <summary>The reply as terminal text: the bot's words, then the question with numbered options or the outcome.</summary>
    public static string Render(TurnReply reply)
    {
        var lines = new List<string>();
        if (reply.Text.Length > 0 && reply.Text != reply.Outcome?.Reason) lines.AddRange(reply.Text.Split('\n'));
        if (reply.Question is { } question)
        {
            lines.Add(question.Prompt);
            for (var i = 0; i < question.Options.Count; i++)
            {
                var option = question.Options[i];
                var hint = string.IsNullOrEmpty(option.Hint) ? "" : $" - {option.Hint}";
                lines.Add($"  {i + 1}. {option.Label}{hint}");
            }
            if (question.Options.Count > 0) lines.Add("  (type a number, or answer in your own words)");
        }
        if (reply.Outcome is { } outcome)
        {
            lines.Add($"[{Headline(outcome)}] {outcome.Reason}");
            foreach (var why in outcome.Trace) lines.Add($"    - {why}");
        }
        return string.Concat(lines.Select((l, i) => (i == 0 ? "bot> " : "     ") + l + Environment.NewLine));
    }

    private static string Headline(Outcome outcome)
    {
        var what = outcome.Scope is null ? outcome.EntitlementName : $"{outcome.EntitlementName} for {outcome.Scope}";
        return outcome.Kind switch
        {
            OutcomeKind.Submitted => $"submitted: {what}, {AgentText.Length(outcome.Duration)}, waiting for {string.Join(" or ", outcome.NextApprovers)}",
            OutcomeKind.AutoApproved => $"auto-approved: {what}, {AgentText.Length(outcome.Duration)}",
            OutcomeKind.Denied => $"denied: {what}",
            OutcomeKind.AlreadyHasAccess => $"already held: {what}{(outcome.HeldUntil is { } at ? $" until {AgentText.When(at)}" : ", permanently")}",
            OutcomeKind.Cancelled => $"cancelled: {what}",
            OutcomeKind.Released => $"released: {what}",
            OutcomeKind.ExtensionSubmitted => $"extension requested: {what}" +
                (outcome.Duration is { } d ? $", {Durations.Describe(d)} more" : ""),
            _ => outcome.Kind.ToString(),
        };
    }
}
