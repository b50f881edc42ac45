using System.Text.Json.Nodes;
using IgaBot.Core.Approvals;
using IgaBot.Core.Policy;
using static IgaBot.Bot.Teams.Cards.CardElements;

namespace IgaBot.Bot.Teams.Cards;

/// <summary>Notices to a requester or holder about their request or grant; the expiry reminder offers Extend / Release now.</summary>
internal static class LifecycleCards
{
    /// <summary>What a holder may ask for when extending: the policy still decides.</summary>
    private static readonly TimeSpan[] ExtensionChoices =
        [TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30)];

    public static JsonObject Render(LifecycleNotice notice)
    {
        var (title, color) = Title(notice.Kind);
        var body = new List<JsonNode?>
        {
            Heading(title, color),
            Text(Literal(notice.Text)),
            Facts(
                ("App", Literal(notice.AppName)),
                ("Access", Literal(notice.EntitlementName)),
                ("Scope", Literal(notice.Scope)),
                (notice.Kind == LifecycleKind.Revoked ? "Ended" : "Ends", notice.ExpiresAt is { } at ? When(at) : null),
                ("Request", notice.RequestId?.ToString())),
        };
        if (!notice.OffersExtendAndRelease || notice.GrantId is not { } grantId) return Card(body);

        var data = new JsonObject { ["grantId"] = grantId.ToString(), ["title"] = $"{notice.EntitlementName} in {notice.AppName}" };
        var choices = ExtensionChoices.Select(d => (Durations.Describe(d), Durations.ToIso(d))).ToList();
        return Card(body,
        [
            ShowCard("Extend",
                [ChoiceSet("extension", "Extend by", choices, Durations.ToIso(TimeSpan.FromDays(7)))],
                [Execute("Request extension", CardVerbs.Extend, data, style: "positive")]),
            Execute("Release now", CardVerbs.Release, data, style: "destructive"),
        ]);
    }

    /// <summary>What replaces the reminder once the holder chose: the service's answer, without buttons.</summary>
    public static JsonObject Answered(string? title, string sentence) =>
        Card([Heading(title is null ? "Your access" : Literal(title)), Text(Literal(sentence))]);

    private static (string Title, string Color) Title(LifecycleKind kind) => kind switch
    {
        LifecycleKind.Submitted => ("Request submitted", "Accent"),
        LifecycleKind.Approved => ("Request approved", "Good"),
        LifecycleKind.Denied => ("Request denied", "Attention"),
        LifecycleKind.Provisioned => ("Access ready", "Good"),
        LifecycleKind.ProvisioningFailed => ("Access could not be set up", "Attention"),
        LifecycleKind.Expiring => ("Your access ends soon", "Warning"),
        LifecycleKind.Revoked => ("Access removed", "Default"),
        LifecycleKind.RequestExpired => ("Request expired", "Warning"),
        LifecycleKind.Escalated => ("Request escalated", "Accent"),
        LifecycleKind.ApproverUnreachable => ("Approver unreachable", "Warning"),
        _ => ("Access update", "Default"),
    };
}
