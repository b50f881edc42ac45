using System.Text.Json.Nodes;
using IgaBot.Core.Approvals;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using static IgaBot.Bot.Teams.Cards.CardElements;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>
/// The approval card: everything an approver needs to decide (who, what, scope, how long, risk,
/// why, peers, the policy trace) and, while undecided and only for this stage's approvers, the
/// Approve / Deny / Approve-shorter buttons. Once decided it shows the decision to everybody.
/// </summary>
internal static class ApprovalCards
{
    /// <param name="view">The request's state.</param>
    /// <param name="viewerEmail">Who will see this copy; buttons only for an approver of an undecided stage.</param>
    /// <param name="directory">Turns approver emails into names.</param>
    /// <param name="approverTeamsIds">Teams user ids of the approvers, for <c>refresh.userIds</c>.</param>
    /// <param name="notice">A sentence shown on top (why a click did not count).</param>
    public static JsonObject Render(ApprovalView view, string? viewerEmail, PeopleDirectory directory, IReadOnlyCollection<string>? approverTeamsIds = null, string? notice = null)
    {
        var data = new JsonObject { ["requestId"] = view.RequestId.ToString(), ["stage"] = view.StageOrder };
        var body = new List<JsonNode?>();
        if (!string.IsNullOrWhiteSpace(notice)) body.Add(Container([Text(Literal(notice), weight: "Bolder")], style: "warning"));
        body.Add(Heading(view.Decision is null ? "Access request: your approval is needed" : DecisionTitle(view.Decision.Kind)));
        body.Add(Text(Summary(view)));
        body.Add(Facts(
            ("Requested by", Literal(view.RequesterName)),
            ("For", PersonKey.Same(view.RequesterEmail, view.BeneficiaryEmail) ? null : Literal($"{view.BeneficiaryName} ({view.BeneficiaryTitle})")),
            ("Title", PersonKey.Same(view.RequesterEmail, view.BeneficiaryEmail) ? Literal(view.BeneficiaryTitle) : null),
            ("App", Literal(view.AppName)),
            ("Access", Literal(view.EntitlementName)),
            ("Scope", Literal(view.Scope)),
            ("Duration", Duration(view.Duration, view.Until)),
            ("Justification", view.Justification is null ? "None given" : Literal(view.Justification))));
        body.Add(Text($"Risk: {Literal(view.Risk)}", weight: "Bolder", color: RiskColor(view.Risk)));
        body.Add(Peers(view));
        if (view.Trace.Count > 0) body.Add(Section("Policy trace", view.Trace.Select(Literal)));
        if (view.Decision is { } decision) body.Add(Container([Text(DecisionLine(decision), weight: "Bolder")], style: DecisionStyle(decision.Kind)));

        var canDecide = view.Decision is null && IsApprover(view, viewerEmail);
        if (!canDecide)
        {
            if (view.Decision is null) body.Add(Text($"Waiting for: {string.Join(", ", view.Approvers.Select(a => Literal(directory.Find(a)?.Name ?? a)))}", subtle: true, separator: true));
            return Card(body);
        }

        var actions = new List<JsonNode?>
        {
            Execute("Approve", CardVerbs.Approve, data, style: "positive"),
            ShowCard("Deny",
                [InputText("reason", "Reason", "Why is this request denied? The requester will see it.", required: true)],
                [Execute("Deny request", CardVerbs.Deny, data, style: "destructive")]),
        };
        if (view.ShorterOptions.Count > 0)
        {
            var choices = view.ShorterOptions.Order().Select(d => (Durations.Describe(d), Durations.ToIso(d))).ToList();
            actions.Add(ShowCard("Approve for less time",
                [ChoiceSet("duration", "Approve for", choices, choices[0].Item2)],
                [Execute("Approve for this long", CardVerbs.ApproveShorter, data, style: "positive")]));
        }
        return Card(body, actions, Refresh(CardVerbs.RefreshApproval, data, approverTeamsIds ?? []));
    }

    public static bool IsApprover(ApprovalView view, string? email) =>
        email is not null && view.Approvers.Any(a => PersonKey.Same(a, email));

    private static string Summary(ApprovalView view) =>
        PersonKey.Same(view.RequesterEmail, view.BeneficiaryEmail)
            ? $"{Literal(view.RequesterName)} asks for {Literal(view.EntitlementName)} in {Literal(view.AppName)}."
            : $"{Literal(view.RequesterName)} asks for {Literal(view.EntitlementName)} in {Literal(view.AppName)} for {Literal(view.BeneficiaryName)}.";

    private static JsonObject Peers(ApprovalView view)
    {
        var title = string.IsNullOrWhiteSpace(view.BeneficiaryTitle) ? "peers" : $"other {Literal(view.BeneficiaryTitle)}s";
        if (view.PeerCount == 0) return Text($"Peers: nobody else has the title {Literal(view.BeneficiaryTitle)}.", subtle: true);
        var line = $"Peers: {view.PeersHolding.Count} of {view.PeerCount} {title} hold it";
        return Text(view.PeersHolding.Count == 0 ? line + "." : $"{line}: {string.Join(", ", view.PeersHolding.Select(Literal))}.", subtle: true);
    }

    private static string DecisionTitle(DecisionKind kind) => kind switch
    {
        DecisionKind.Approved or DecisionKind.ApprovedShorter => "Access request approved",
        DecisionKind.Denied => "Access request denied",
        DecisionKind.Expired => "Access request expired",
        DecisionKind.Escalated => "Access request escalated",
        DecisionKind.Cancelled => "Access request cancelled",
        _ => "Access request",
    };

    private static string DecisionLine(ApprovalDecisionView d)
    {
        var by = (d.ByName ?? d.ByEmail) is { } who ? Literal(who) : null;
        var at = When(d.At);
        return d.Kind switch
        {
            DecisionKind.Approved => $"Approved by {by} on {at}.",
            DecisionKind.ApprovedShorter => $"Approved by {by} on {at} for {(d.ApprovedDuration is { } a ? Durations.Describe(a) : "a shorter time")}.",
            DecisionKind.Denied => $"Denied by {by} on {at}: {(d.Reason is null ? "no reason given" : Literal(d.Reason))}.",
            DecisionKind.Expired => $"Nobody decided in time; the request expired on {at}.",
            DecisionKind.Escalated => $"Escalated on {at}{(by is null ? "" : $" to {by}")}{(d.Reason is null ? "." : $": {Literal(d.Reason)}.")}",
            DecisionKind.Cancelled => $"Cancelled{(by is null ? "" : $" by {by}")} on {at}.",
            _ => $"Decided on {at}.",
        };
    }

    private static string DecisionStyle(DecisionKind kind) => kind switch
    {
        DecisionKind.Approved or DecisionKind.ApprovedShorter => "good",
        DecisionKind.Denied => "attention",
        _ => "emphasis",
    };

}
