using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Budgets;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using IgaBot.Core.People;

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
    ITurnBudget? budget = null,
    IRevokeScheduler? revokes = null) : IGrantService
{
    private readonly IRevokeScheduler _revokes = revokes ?? new NoRevokeScheduler();

    private readonly ITurnBudget _budget = budget ?? UnlimitedTurnBudget.Instance;

    public async Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct)
    {
        var actor = (actorEmail ?? "").Trim();
        await _budget.EnsureAsync(BudgetKind.CardClick, actor, ct);
        var tenant = tenants.Current;
        var grant = await store.RunAsync(s => s.Grants.GetAsync(grantId), ct) ?? throw new InvalidInputException($"There is no grant {grantId}.");
        var name = tenant.Catalog.FindEntitlement(grant.EntitlementId)?.Name ?? grant.EntitlementId;
        if (!PersonKey.Same(actor, grant.Person))
        {
            await AuditRefusalAsync(actor, grantId, $"release refused: the access is {grant.Person}'s", ct);
            return new(GrantActionOutcome.NotYours, $"Only {ApprovalViews.NameOf(tenant, grant.Person)} can release this access.");
        }
        return await revoker.RevokeNowAsync(grantId, actor, "released by the holder", retryFailed: false, ct) switch
        {
            RevokeStart.Started => new GrantActionResult(GrantActionOutcome.Releasing, $"Releasing {name} now; I'll tell you when it has been removed."),
            RevokeStart.AlreadyEnding => new GrantActionResult(GrantActionOutcome.AlreadyEnding, $"{name} is already being removed."),
            _ => new GrantActionResult(GrantActionOutcome.AlreadyEnded, $"Your access to {name} has already ended."),
        };
    }

    public async Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct)
    {
        var actor = (actorEmail ?? "").Trim();
        await _budget.EnsureAsync(BudgetKind.CardClick, actor, ct);
        if (extension < PolicyEngine.MinimumDuration)
            return NotExtended($"An extension must be at least {Durations.Describe(PolicyEngine.MinimumDuration)}.");
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
        if (!PersonKey.Same(actor, grant.Person))
        {
            await AuditRefusalAsync(actor, grantId, $"extension refused: the access is {grant.Person}'s", ct);
            return new(GrantActionOutcome.NotYours, $"Only {ApprovalViews.NameOf(tenant, grant.Person)} can ask to extend this access.");
        }
        if (grant.Status != GrantStatus.Active) return NotExtended($"Your access to {name} has already ended; ask for it again instead.");
        if (grant.ExpiresAt is not { } end) return NotExtended($"Your access to {name} does not end, so there is nothing to extend.");
        if (open.Any(r => r.ExtendsGrantId == grantId)) return new(GrantActionOutcome.ExtensionAlreadyWaiting, $"An extension of {name} is already waiting for approval.");
        if (entitlement is null) return NotExtended($"'{grant.EntitlementId}' is no longer in the catalog, so it cannot be extended.");
        var person = tenant.Directory.Find(actor);
        if (person is null) return NotExtended("You are not in the directory, so I cannot check the policy for you.");

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
                return NotExtended($"I can't extend {name}: {decision.Summary}");
            case PolicyOutcome.AlreadyHeld:
                return NotExtended($"You already hold {name} another way; nothing to extend.");
            case PolicyOutcome.NeedsInput:
                var duration = decision.Missing.FirstOrDefault(m => m.Slot == Slot.Duration);
                return NotExtended(duration?.Limit is { } limit
                    ? $"{name} can be granted for at most {Durations.Describe(limit)} at a time; ask for a shorter extension."
                    : $"I can't extend {name} yet: {string.Join(" ", decision.Missing.Select(m => m.Prompt))}");
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
                ? new(GrantActionOutcome.Extended, $"Extended: your access to {name} now lasts until {until:yyyy-MM-dd HH:mm} UTC.")
                : NotExtended($"The extension of {name} was approved, but the access ended before it could be applied.");
        }
        var approvers = stages.FirstOrDefault()?.Approvers ?? [];
        return new(GrantActionOutcome.ExtensionRequested,
            $"I asked {string.Join(" or ", approvers.Select(a => ApprovalViews.NameOf(tenant, a)))} to approve {Durations.Describe(request.Duration.Value)} more of {name}. " +
            $"Until they do, it still ends {end:yyyy-MM-dd HH:mm} UTC.");
    }

    private static GrantActionResult NotExtended(string why) => new(GrantActionOutcome.NotExtended, why);

    /// <summary>
    /// An administrator (or the app's owner) ends someone's grant now, with a reason recorded in the audit trail and
    /// shown to the holder; a grant whose revoke failed is tried again. Who may do it is the caller's to check.
    /// </summary>
    public async Task<string> RevokeForAsync(Guid grantId, string actorEmail, string reason, CancellationToken ct)
    {
        var actor = (actorEmail ?? "").Trim();
        if (actor.Length == 0) throw new InvalidInputException("Say who is revoking the access.");
        if (string.IsNullOrWhiteSpace(reason)) throw new InvalidInputException("Give a reason: it is recorded in the audit trail and shown to the holder.");
        var tenant = tenants.Current;
        var grant = await store.RunAsync(s => s.Grants.GetAsync(grantId), ct) ?? throw new InvalidInputException($"There is no grant {grantId}.");
        var what = $"{ApprovalViews.NameOf(tenant, grant.Person)}'s {tenant.Catalog.FindEntitlement(grant.EntitlementId)?.Name ?? grant.EntitlementId}";
        var outcome = await revoker.RevokeNowAsync(grantId, actor, reason.Trim(), retryFailed: true, ct);
        LogRevokedFor(grantId, actor, outcome);
        return outcome switch
        {
            RevokeStart.Started => $"Revoking {what} now.",
            RevokeStart.AlreadyEnding => $"{what} is already being removed.",
            _ => $"{what} has already ended.",
        };
    }

    /// <summary>
    /// An administrator (or the app's owner) moves the end of someone's active, time-bound grant by
    /// <paramref name="extension"/> (from its current end, or from now when that has passed), within the entitlement's
    /// maximum duration, audited with the reason; the revoke trigger moves with it. Who may do it is the caller's to check.
    /// </summary>
    public async Task<string> ExtendForAsync(Guid grantId, string actorEmail, TimeSpan extension, string reason, CancellationToken ct)
    {
        var actor = (actorEmail ?? "").Trim();
        if (actor.Length == 0) throw new InvalidInputException("Say who is extending the access.");
        if (string.IsNullOrWhiteSpace(reason)) throw new InvalidInputException("Give a reason: it is recorded in the audit trail.");
        if (extension < PolicyEngine.MinimumDuration)
            throw new InvalidInputException($"An extension must be at least {Durations.Describe(PolicyEngine.MinimumDuration)}.");
        var tenant = tenants.Current;
        var extended = await store.RunAsync(async s =>
        {
            var grant = await s.Grants.GetAsync(grantId) ?? throw new InvalidInputException($"There is no grant {grantId}.");
            var name = tenant.Catalog.FindEntitlement(grant.EntitlementId)?.Name ?? grant.EntitlementId;
            if (grant.Status != GrantStatus.Active) throw new InvalidInputException($"{name} has already ended (it is {grant.Status}); it cannot be extended.");
            if (grant.ExpiresAt is not { } end) throw new InvalidInputException($"{name} does not end, so there is nothing to extend.");
            if (tenant.Catalog.FindEntitlement(grant.EntitlementId)?.MaxDuration is { } max && extension > max)
                throw new InvalidInputException($"{name} can be granted for at most {Durations.Describe(max)} at a time; extend by less.");
            var until = (end > s.Now ? end : s.Now) + extension;
            return await s.Grants.ExtendAsync(grantId, until, new AuditEntry(actor, "grant.extended", LifecycleSubjects.Grant(grantId),
                $"by {Durations.Describe(extension)} until {until:u}: {reason.Trim()}"));
        }, ct);
        if (extended.ExpiresAt is { } at) await _revokes.ScheduleAsync(grantId, at, ct);
        LogExtendedFor(grantId, actor, extended.ExpiresAt);
        var entitlement = tenant.Catalog.FindEntitlement(extended.EntitlementId)?.Name ?? extended.EntitlementId;
        return $"{ApprovalViews.NameOf(tenant, extended.Person)}'s {entitlement} now ends {extended.ExpiresAt:yyyy-MM-dd HH:mm} UTC.";
    }

    private Task AuditRefusalAsync(string actor, Guid grantId, string detail, CancellationToken ct) =>
        store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(actor.Length == 0 ? "unknown" : actor, "grant.refused", LifecycleSubjects.Grant(grantId), detail)), ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {GrantId} revoked by {Actor} for its holder: {Outcome}")]
    private partial void LogRevokedFor(Guid grantId, string actor, RevokeStart outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Grant {GrantId} extended by {Actor} until {ExpiresAt}")]
    private partial void LogExtendedFor(Guid grantId, string actor, DateTimeOffset? expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Extension request {RequestId} for grant {GrantId} by {Actor} (auto-approved: {Auto})")]
    private partial void LogExtensionRequested(Guid requestId, Guid grantId, string actor, bool auto);
}
