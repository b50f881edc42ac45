using System.Globalization;
using System.Text;
using IgaBot.Core.People;

namespace IgaBot.Core.Policy;

/// <summary>Plain-text rendering of a policy decision, as <c>igabot policy explain</c> prints it.</summary>
public static class PolicyDecisionText
{
    /// <summary>A headline naming who asked for what, then <see cref="Explain(PolicyDecision)"/>.</summary>
    public static string Explain(PolicyRequest request, PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(request);
        var who = PersonKey.Same(request.Requester.Email, request.Beneficiary.Email)
            ? request.Beneficiary.Name
            : $"{request.Beneficiary.Name} (asked by {request.Requester.Name})";
        var scope = decision.Scope ?? request.Scope;
        var what = string.IsNullOrWhiteSpace(scope) ? request.Entitlement.Name : $"{request.Entitlement.Name} for {scope}";
        return $"{who}: {what}, {request.Duration}{Environment.NewLine}{Explain(decision)}";
    }

    /// <summary>Outcome line, then the stages, missing slots and peer numbers when there are any, then the trace.</summary>
    public static string Explain(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var text = new StringBuilder();
        text.AppendLine(Outcome(decision));

        if (decision.Stages.Count > 0)
        {
            text.AppendLine("Approval stages:");
            foreach (var stage in decision.Stages)
                text.AppendLine(CultureInfo.InvariantCulture, $"  {stage.Order}. {stage.Description} <{string.Join(", ", stage.Approvers)}>");
        }
        if (decision.Missing.Count > 0)
        {
            text.AppendLine("Still needed:");
            foreach (var slot in decision.Missing)
            {
                var options = slot.Options.Count == 0 ? "" : $" Options: {string.Join(", ", slot.Options)}.";
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {SlotName(slot.Slot)}: {slot.Prompt}{options}");
            }
        }
        if (decision.Peers is { } peers)
            text.AppendLine(CultureInfo.InvariantCulture, $"Peers: {PolicyEngine.PeerNumbers(peers)}.");

        text.AppendLine("Why:");
        foreach (var line in decision.Trace)
            text.AppendLine(CultureInfo.InvariantCulture, $"  - {line}");
        return text.ToString().TrimEnd();
    }

    /// <summary>The one-line outcome: "Needs approval (2 stages), for 1 day", "Denied: not eligible".</summary>
    public static string Outcome(PolicyDecision decision) => decision.Outcome switch
    {
        PolicyOutcome.Denied => decision.Denial switch
        {
            DenialReason.NotAReport => "Denied: not the requester's direct report",
            DenialReason.Ineligible => "Denied: not eligible",
            DenialReason.Conflict => $"Denied: conflicts with {decision.ConflictingEntitlementId}",
            DenialReason.NoApprover => "Denied: nobody can approve it",
            _ => "Denied",
        },
        PolicyOutcome.AlreadyHeld => decision.HeldUntil is { } until
            ? $"Already has access, until {until.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}"
            : "Already has access, permanently",
        PolicyOutcome.NeedsInput => $"Needs input: {string.Join(", ", decision.Missing.Select(m => SlotName(m.Slot)))}",
        PolicyOutcome.AutoApproved => $"Auto-approved, {Length(decision.Duration)}",
        PolicyOutcome.NeedsApproval =>
            $"Needs approval ({decision.Stages.Count} stage{(decision.Stages.Count == 1 ? "" : "s")}), {Length(decision.Duration)}",
        _ => decision.Outcome.ToString(),
    };

    private static string Length(TimeSpan? duration) => duration is { } d ? $"for {Durations.Describe(d)}" : "permanently";

    private static string SlotName(Slot slot) => slot.ToString().ToLowerInvariant();
}
