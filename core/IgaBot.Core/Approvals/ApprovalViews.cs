using IgaBot.Core.Requests;
using IgaBot.Core.Storage;

namespace IgaBot.Core.Approvals;

/// <summary>Builds what approval cards show from the stored request, its stage and the tenant.</summary>
public static class ApprovalViews
{
    /// <summary>Shorter lengths an approver may pick instead of the one asked.</summary>
    public static IReadOnlyList<TimeSpan> ShorterPresets { get; } =
    [
        TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(8), TimeSpan.FromDays(1),
        TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromDays(30), TimeSpan.FromDays(90),
    ];

    /// <summary>What anyone but the requester, the beneficiary and the approvers is told instead of an approval card.</summary>
    public const string NotYours = "You cannot see this request: only the person who asked, the person it is for and its approvers can.";

    /// <summary>
    /// The duration the request stands at after its decided stages: the length asked, or the shortest an
    /// approver approved instead (null = permanent).
    /// </summary>
    public static TimeSpan? EffectiveDuration(AccessRequest request, IEnumerable<ApprovalStage> stages)
    {
        var duration = request.Duration;
        foreach (var stage in stages)
        {
            if (stage.Status == StageStatus.Approved && stage.ApprovedDuration is { } shorter && (duration is null || shorter < duration))
                duration = shorter;
        }
        return duration;
    }

    public static async Task<ApprovalView> BuildAsync(IStoreSession session, Tenant tenant, AccessRequest request,
        IReadOnlyList<ApprovalStage> stages, int stageOrder)
    {
        var stage = stages.FirstOrDefault(s => s.Order == stageOrder)
            ?? throw new InvalidInputException($"Request {request.Id} has no approval stage {stageOrder}.");
        var directory = tenant.Directory;
        var entitlement = tenant.Catalog.FindEntitlement(request.EntitlementId);
        var app = entitlement is null ? null : tenant.Catalog.FindApp(entitlement.AppId);
        var beneficiary = directory.Find(request.Beneficiary);

        var peers = beneficiary is null ? [] : directory.PeersOf(beneficiary).ToList();
        var holding = new List<string>();
        foreach (var peer in peers)
        {
            var grants = await session.Grants.ListActiveForPersonAsync(peer.Email);
            if (grants.Any(g => string.Equals(g.EntitlementId, request.EntitlementId, StringComparison.OrdinalIgnoreCase)))
                holding.Add(peer.Name);
        }

        var duration = EffectiveDuration(request, stages.Where(s => s.Order != stageOrder));
        return new ApprovalView
        {
            RequestId = request.Id,
            StageOrder = stage.Order,
            RequesterEmail = request.Requester,
            RequesterName = NameOf(tenant, request.Requester),
            BeneficiaryEmail = request.Beneficiary,
            BeneficiaryName = beneficiary?.Name ?? request.Beneficiary,
            BeneficiaryTitle = beneficiary?.Title ?? "",
            EntitlementId = request.EntitlementId,
            EntitlementName = entitlement?.Name ?? request.EntitlementId,
            AppName = app?.Name ?? entitlement?.AppId ?? "",
            Scope = request.Scope,
            Duration = duration,
            Until = duration is { } d ? session.Now + d : null,
            Risk = (entitlement?.Risk ?? Catalog.Risk.Medium).ToString().ToLowerInvariant(),
            Justification = request.Justification,
            PeersHolding = holding,
            PeerCount = peers.Count,
            Trace = [.. request.Trace.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            Approvers = stage.Approvers,
            ShorterOptions = [.. ShorterPresets.Where(p => duration is null || p < duration)],
            Decision = DecisionOf(tenant, request, stage),
            RequestApprovers = [.. stages.SelectMany(s => s.DecidedBy is { } by ? s.Approvers.Append(by) : s.Approvers)
                .Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    /// <summary>What the card shows instead of buttons once the stage is no longer waiting for its approvers.</summary>
    public static ApprovalDecisionView? DecisionOf(Tenant tenant, AccessRequest request, ApprovalStage stage)
    {
        switch (stage.Status)
        {
            case StageStatus.Approved:
                return new ApprovalDecisionView(stage.ApprovedDuration is null ? DecisionKind.Approved : DecisionKind.ApprovedShorter,
                    stage.DecidedBy, stage.DecidedBy is null ? null : NameOf(tenant, stage.DecidedBy),
                    stage.DecidedAt ?? request.UpdatedAt, stage.Reason, stage.ApprovedDuration);
            case StageStatus.Denied:
                return new ApprovalDecisionView(DecisionKind.Denied, stage.DecidedBy, stage.DecidedBy is null ? null : NameOf(tenant, stage.DecidedBy),
                    stage.DecidedAt ?? request.UpdatedAt, stage.Reason, null);
            case StageStatus.Expired:
                return request.Status == RequestStatus.Expired
                    ? new ApprovalDecisionView(DecisionKind.Expired, null, null, request.UpdatedAt, request.Outcome, null)
                    : new ApprovalDecisionView(DecisionKind.Cancelled, null, null, request.UpdatedAt, request.Outcome, null);
            case StageStatus.Pending when request.Status != RequestStatus.PendingApproval:
                return new ApprovalDecisionView(request.Status == RequestStatus.Expired ? DecisionKind.Expired : DecisionKind.Cancelled,
                    null, null, request.UpdatedAt, request.Outcome, null);
            default:
                return null;
        }
    }

    public static string NameOf(Tenant tenant, string email) => tenant.Directory.Find(email)?.Name ?? email;
}
