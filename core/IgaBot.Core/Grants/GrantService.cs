using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Budgets;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.Grants;

/// <summary>
/// Release now and Extend, as the holder asks from an expiry reminder or the conversation. An extension is a
/// new request through policy (same entitlement and scope, the extra time as its duration) that moves the
/// end of the same grant when approved; nothing is re-provisioned.
/// </summary>
public sealed partial class GrantService(
    IIgaStore store,
    ITenantAccessor tenants,
    GrantRevoker revoker,
    IApprovalWorkflow workflow,
    ILogger<GrantService> logger,
    ITurnBudget? budget = null) : IGrantService
{
    private readonly ITurnBudget _budget = budget ?? UnlimitedTurnBudget.Instance;

    public async Task<string> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct)
    {
        var actor = (actorEmail ?? "").Trim();
        await _budget.EnsureAsync(BudgetKind.CardClick, actor, ct);
        var tenant = tenants.Current;
        var grant = await store.RunAsync(s => s.Grants.GetAsync(grantId), ct) ?? throw new InvalidInputException($"There is no grant {grantId}.");
        var name = tenant.Catalog.FindEntitlement(grant.EntitlementId)?.Name ?? grant.EntitlementId;
        if (!Same(actor, grant.Person))
        {
            await AuditRefusalAsync(actor, grantId, $"release refused: the access is {grant.Person}'s", ct);
            return $"Only {ApprovalViews.NameOf(tenant, grant.Person)} can release this access.";
        }
        return await revoker.RevokeNowAsync(grantId, actor, "released by the holder", retryFailed: false, ct) switch
        {
            RevokeStart.Started => $"Releasing {name} now; I'll tell you when it has been removed.",
            RevokeStart.AlreadyEnding => $"{name} is already being removed.",
            _ => $"Your access to {name} has already ended.",
        };
    }

    public async Task<string> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct)
    {
        var actor = (actorEmail ?? "").Trim();
        await _budget.EnsureAsync(BudgetKind.CardClick, actor, ct);
        if (extension < PolicyEngine.MinimumDuration)
            return $"An extension must be at least {Durations.Describe(PolicyEngine.MinimumDuration)}.";
        var tenant = tenants.Current;
        var loaded = await store.RunAsync(async s =>
        {
            var grant = await s.Grants.GetAsync(grantId);
            if (grant is null) return default;
            var original = grant.RequestId is { } r ? await s.Requests.GetAsync(r) : null;
            // The holder's and their peers' grants, and the holder's open requests: what the policy reads, not the whole company's.
            var holder = tenant.Directory.Find(grant.Person);
            var people = (holder is null ? [] : tenant.Directory.PeersOf(holder).Select(p => p.Email)).Append(grant.Person).ToList();
            return (grant, original, active: await s.Grants.ListActiveForPeopleAsync(people), open: await s.Requests.ListOpenForBeneficiaryAsync(grant.Person), now: s.Now);
        }, ct);
        var (grant, original, active, open, now) = loaded;
        if (grant is null) throw new InvalidInputException($"There is no grant {grantId}.");

        var entitlement = tenant.Catalog.FindEntitlement(grant.EntitlementId);
        var name = entitlement?.Name ?? grant.EntitlementId;
        if (!Same(actor, grant.Person))
        {
            await AuditRefusalAsync(actor, grantId, $"extension refused: the access is {grant.Person}'s", ct);
            return $"Only {ApprovalViews.NameOf(tenant, grant.Person)} can ask to extend this access.";
        }
        if (grant.Status != GrantStatus.Active) return $"Your access to {name} has already ended; ask for it again instead.";
        if (grant.ExpiresAt is not { } end) return $"Your access to {name} does not end, so there is nothing to extend.";
        if (open.Any(r => r.ExtendsGrantId == grantId)) return $"An extension of {name} is already waiting for approval.";
        if (entitlement is null) return $"'{grant.EntitlementId}' is no longer in the catalog, so it cannot be extended.";
        var person = tenant.Directory.Find(actor);
        if (person is null) return "You are not in the directory, so I cannot check the policy for you.";

        // The grant being extended is not "already held" for this decision; everything else is.
        var snapshot = new AccessSnapshot(
            [.. active.Where(g => g.Id != grantId).Select(g => new Holding(g.Person, g.EntitlementId, g.Scope, g.ExpiresAt))],
            [.. open.Select(r => new Holding(r.Beneficiary, r.EntitlementId, r.Scope))]);
        var justification = original?.Justification ?? $"Extending access that ends {end:yyyy-MM-dd HH:mm} UTC.";
        var decision = PolicyEngine.Evaluate(
            new PolicyRequest(person, person, entitlement, grant.Scope, DurationRequest.Of(extension), justification), tenant, snapshot, now);

        switch (decision.Outcome)
        {
            case PolicyOutcome.Denied:
                return $"I can't extend {name}: {decision.Summary}";
            case PolicyOutcome.AlreadyHeld:
                return $"You already hold {name} another way; nothing to extend.";
            case PolicyOutcome.NeedsInput:
                var duration = decision.Missing.FirstOrDefault(m => m.Slot == Slot.Duration);
                return duration?.Limit is { } limit
                    ? $"{name} can be granted for at most {Durations.Describe(limit)} at a time; ask for a shorter extension."
                    : $"I can't extend {name} yet: {string.Join(" ", decision.Missing.Select(m => m.Prompt))}";
        }

        var auto = decision.Outcome == PolicyOutcome.AutoApproved;
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(),
            Requester = actor,
            Beneficiary = actor,
            EntitlementId = entitlement.Id,
            Scope = grant.Scope,
            Duration = decision.Duration ?? extension,
            Justification = justification,
            Status = auto ? RequestStatus.Approved : RequestStatus.PendingApproval,
            CreatedAt = now,
            UpdatedAt = now,
            Trace = string.Join("\n", decision.Trace),
            ExtendsGrantId = grantId,
        };
        var stages = decision.Stages.Select(p => new ApprovalStage
        {
            RequestId = request.Id,
            Order = p.Order,
            Step = p.Step.ToString(),
            Approvers = p.Approvers,
            Status = StageStatus.Waiting,
        }).ToList();
        await store.RunAsync(s => s.Requests.CreateAsync(request, auto ? [] : stages, new AuditEntry(actor, "request.submitted",
            LifecycleSubjects.Request(request.Id), $"extend grant {grantId} by {Durations.Describe(request.Duration.Value)} ({(auto ? "auto-approved" : "needs approval")})")), ct);
        LogExtensionRequested(request.Id, grantId, actor, auto);
        await workflow.StartAsync(request.Id, ct);

        if (auto)
        {
            var extended = await store.RunAsync(s => s.Grants.GetAsync(grantId), ct);
            return extended?.ExpiresAt is { } until && until > end
                ? $"Extended: your access to {name} now lasts until {until:yyyy-MM-dd HH:mm} UTC."
                : $"The extension of {name} was approved, but the access ended before it could be applied.";
        }
        var approvers = stages.FirstOrDefault()?.Approvers ?? [];
        return $"I asked {string.Join(" or ", approvers.Select(a => ApprovalViews.NameOf(tenant, a)))} to approve {Durations.Describe(request.Duration.Value)} more of {name}. " +
               $"Until they do, it still ends {end:yyyy-MM-dd HH:mm} UTC.";
    }

    private Task AuditRefusalAsync(string actor, Guid grantId, string detail, CancellationToken ct) =>
        store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(actor.Length == 0 ? "unknown" : actor, "grant.refused", LifecycleSubjects.Grant(grantId), detail)), ct);

    private static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extension request {RequestId} for grant {GrantId} by {Actor} (auto-approved: {Auto})")]
    private partial void LogExtensionRequested(Guid requestId, Guid grantId, string actor, bool auto);
}
