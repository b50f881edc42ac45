using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IgaBot.Core.People;

namespace IgaBot.Core.Approvals;

/// <summary>
/// Routes a request through its approval stages: sends the cards, takes the decisions (exactly one per
/// stage, only from a current approver who is neither the requester nor the beneficiary), reminds,
/// escalates, expires, and hands approved requests to provisioning through the outbox.
/// </summary>
/// <remarks>
/// Every decision is a guarded SQL update inside one transaction together with the request's move and the
/// provisioning message, so a double click, two approvers of one group or a replayed card cannot count twice.
/// Notifications go out after the commit; they say what the database already holds. The requester's and beneficiary's
/// notices of a change (approved, denied, access ready, expired, escalated) are written with it into the outbox
/// (<see cref="NoticeDelivery"/>), so an instance that dies after the commit does not lose them.
/// </remarks>
public sealed partial class ApprovalWorkflow(
    IIgaStore store,
    ITenantAccessor tenants,
    INotifier notifier,
    NoticeDelivery notices,
    IRevokeScheduler revokes,
    ProvisioningSignal signal,
    IOptions<ApprovalTimersOptions> timers,
    TimeProvider clock,
    ILogger<ApprovalWorkflow> logger) : IApprovalWorkflow
{
    private readonly ApprovalTimersOptions _timers = timers.Value;

    public async Task StartAsync(Guid requestId, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var after = new List<Func<CancellationToken, Task>>();
        int? stageToSend = await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(requestId) ?? throw new InvalidInputException($"There is no request {requestId}.");
            var stages = await s.Requests.GetStagesAsync(requestId);
            switch (request.Status)
            {
                case RequestStatus.PendingApproval:
                    if (stages.FirstOrDefault(st => st.Status == StageStatus.Pending) is { } pending) return pending.Order;
                    var first = stages.Where(st => st.Status == StageStatus.Waiting).OrderBy(st => st.Order).FirstOrDefault();
                    if (first is null)
                    {
                        LogNoStage(requestId);
                        return (int?)null;
                    }
                    await s.Requests.ActivateStageAsync(requestId, first.Order,
                        new AuditEntry(LifecycleSubjects.System, "approval.stage-activated", LifecycleSubjects.Request(requestId),
                            $"stage {first.Order} ({first.Step}) waits for {string.Join(", ", first.Approvers)}"));
                    return first.Order;
                case RequestStatus.Approved:
                    await CompleteApprovedAsync(s, tenant, request, stages, after);
                    return null;
                default:
                    return null;
            }
        }, ct);
        await RunAfterAsync(after, ct);
        signal.Wake();
        if (stageToSend is { } order) await SendStageCardsAsync(requestId, order, ct);
    }

    public async Task<ApprovalView?> GetViewAsync(Guid requestId, int stageOrder, CancellationToken ct)
    {
        var tenant = tenants.Current;
        return await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(requestId);
            if (request is null) return null;
            var stages = await s.Requests.GetStagesAsync(requestId);
            return stages.Any(st => st.Order == stageOrder) ? await ApprovalViews.BuildAsync(s, tenant, request, stages, stageOrder) : null;
        }, ct);
    }

    public async Task<ApprovalResult> DecideAsync(ApprovalCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var actor = (command.ActorEmail ?? "").Trim();
        if (actor.Length == 0) throw new InvalidInputException("A decision needs the identity of the person who made it.");
        var tenant = tenants.Current;
        var after = new List<Func<CancellationToken, Task>>();
        int? nextStage = null;
        var result = await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(command.RequestId)
                ?? throw new InvalidInputException($"There is no request {command.RequestId}.");
            var stages = await s.Requests.GetStagesAsync(request.Id);
            var stage = stages.FirstOrDefault(st => st.Order == command.StageOrder)
                ?? throw new InvalidInputException($"Request {request.Id} has no approval stage {command.StageOrder}.");

            var refusal = RefusalFor(tenant, command, actor, request, stages, stage);
            if (refusal is not null) return await RefuseAsync(s, tenant, command, actor, request, stages, refusal);

            var deny = command.Action == ApprovalAction.Deny;
            var reason = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim();
            var shorter = command.Action == ApprovalAction.ApproveShorter ? command.ShorterDuration : null;
            var decision = new StageDecision(deny ? StageStatus.Denied : StageStatus.Approved, actor, reason, shorter);
            var detail = deny
                ? $"stage {stage.Order} denied: {reason ?? "no reason given"}"
                : shorter is { } d ? $"stage {stage.Order} approved for {Durations.Describe(d)} instead of {DescribeDuration(ApprovalViews.EffectiveDuration(request, stages))}"
                : $"stage {stage.Order} approved";
            try
            {
                await s.Requests.DecideStageAsync(request.Id, stage.Order, decision,
                    new AuditEntry(actor, deny ? "approval.denied" : "approval.approved", LifecycleSubjects.Request(request.Id), detail));
            }
            catch (ConflictException)
            {
                // Someone else's decision landed between our read and our update (possible on PostgreSQL).
                request = (await s.Requests.GetAsync(request.Id))!;
                stages = await s.Requests.GetStagesAsync(request.Id);
                var now = stages.First(st => st.Order == command.StageOrder);
                return await RefuseAsync(s, tenant, command, actor, request, stages, AlreadyDecided(tenant, request, now));
            }
            stages = await s.Requests.GetStagesAsync(request.Id);
            var actorName = ApprovalViews.NameOf(tenant, actor);
            var entitlementName = tenant.Catalog.FindEntitlement(request.EntitlementId)?.Name ?? request.EntitlementId;
            string message;

            if (deny)
            {
                request = await s.Requests.TransitionAsync(request.Id, RequestStatus.PendingApproval, RequestStatus.Denied,
                    new AuditEntry(actor, "request.denied", LifecycleSubjects.Request(request.Id), reason ?? "no reason given"),
                    reason ?? "Denied without a reason.");
                await s.Requests.ExpireOpenStagesAsync(request.Id);
                var denied = request;
                await TellPartiesAsync(s, tenant, denied, LifecycleKind.Denied,
                    $"{actorName} denied your request for {entitlementName}{(reason is null ? "." : $": {reason}")}", after);
                message = $"Denied. I told {ApprovalViews.NameOf(tenant, request.Requester)}.";
            }
            else if (stages.Where(st => st.Order > stage.Order && st.Status == StageStatus.Waiting).OrderBy(st => st.Order).FirstOrDefault() is { } next)
            {
                await s.Requests.ActivateStageAsync(request.Id, next.Order,
                    new AuditEntry(LifecycleSubjects.System, "approval.stage-activated", LifecycleSubjects.Request(request.Id),
                        $"stage {next.Order} ({next.Step}) waits for {string.Join(", ", next.Approvers)}"));
                nextStage = next.Order;
                message = $"Approved. It now goes to {string.Join(" or ", next.Approvers.Select(a => ApprovalViews.NameOf(tenant, a)))} for the next approval.";
            }
            else
            {
                request = await s.Requests.TransitionAsync(request.Id, RequestStatus.PendingApproval, RequestStatus.Approved,
                    new AuditEntry(actor, "request.approved", LifecycleSubjects.Request(request.Id), "every approval stage approved"));
                var duration = ApprovalViews.EffectiveDuration(request, stages);
                var approved = request;
                await TellPartiesAsync(s, tenant, approved, LifecycleKind.Approved,
                    $"{actorName} approved your request for {entitlementName} ({DescribeDuration(duration)}). I'm setting it up now.", after);
                await CompleteApprovedAsync(s, tenant, request, stages, after);
                message = $"Approved: {ApprovalViews.NameOf(tenant, request.Beneficiary)} gets {entitlementName} ({DescribeDuration(duration)}).";
            }

            stages = await s.Requests.GetStagesAsync(request.Id);
            var view = await ApprovalViews.BuildAsync(s, tenant, request, stages, stage.Order);
            // Every copy of this stage's card (the other members of a group too) now shows the decision.
            after.Insert(0, c => notifier.UpdateApprovalAsync(view, c));
            LogDecided(request.Id, stage.Order, actor, command.Action);
            return new ApprovalResult(true, message, view);
        }, ct);

        await RunAfterAsync(after, ct);
        if (result.Accepted) signal.Wake();
        if (nextStage is { } order) await SendStageCardsAsync(command.RequestId, order, ct);
        return result;
    }

    /// <summary>Runs the timers of every request waiting for approval and starts requests that were never started.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var (pending, approved, stages) = await store.RunAsync(async s => (
            await s.Requests.ListByStatusAsync(RequestStatus.PendingApproval),
            await s.Requests.ListByStatusAsync(RequestStatus.Approved),
            await s.Requests.ListPendingStagesAsync()), ct);
        var now = clock.GetUtcNow();
        var acted = 0;
        foreach (var request in approved)
        {
            // Approved but not yet handed to provisioning: the submit step crashed before StartAsync, or this
            // is the message it already enqueued (enqueueing again keeps the first).
            if (await TryAsync(request.Id, () => StartAsync(request.Id, ct))) acted++;
        }
        foreach (var request in pending)
        {
            var stage = stages.FirstOrDefault(st => st.RequestId == request.Id);
            Func<Task>? action = stage is null
                ? now >= ApprovalTimerPlan.ExpiresAt(request, _timers) ? () => ExpireRequestAsync(request.Id, ct) : () => StartAsync(request.Id, ct)
                : ApprovalTimerPlan.Decide(request, stage, _timers, now) switch
                {
                    ApprovalTimerAction.Expire => () => ExpireRequestAsync(request.Id, ct),
                    ApprovalTimerAction.Escalate => () => EscalateAsync(request.Id, stage.Order, unreachable: false, ct),
                    ApprovalTimerAction.Remind => () => RemindAsync(request.Id, stage.Order, ct),
                    _ => null,
                };
            if (action is not null && await TryAsync(request.Id, action)) acted++;
        }
        return acted;
    }

    private async Task<bool> TryAsync(Guid requestId, Func<Task> action)
    {
        try
        {
            await action();
            return true;
        }
        catch (ConflictException ex)
        {
            // Somebody decided while the timer ran: their decision stands.
            LogTimerConflict(requestId, ex.Message);
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTimerFailed(ex, requestId);
            return false;
        }
    }

    /// <summary>Sends the stage's approvers their cards; when none of them can be reached, escalates at once.</summary>
    internal async Task SendStageCardsAsync(Guid requestId, int order, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var loaded = await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(requestId);
            if (request is null) return default;
            var stages = await s.Requests.GetStagesAsync(requestId);
            var stage = stages.First(st => st.Order == order);
            return (request, stage, view: await ApprovalViews.BuildAsync(s, tenant, request, stages, order));
        }, ct);
        if (loaded.request is null || loaded.view.Decision is not null) return;
        var (request, stage, view) = loaded;

        var reached = 0;
        foreach (var approver in stage.Approvers)
        {
            if (await SafeAsync(() => notifier.SendApprovalAsync(approver, view, ct)))
            {
                reached++;
                await RecordDeliveryAsync(requestId, order, approver, stage.Escalated, ct);
            }
            else LogUnreachable(requestId, order, approver);
        }
        if (reached > 0) return;

        var after = new List<Func<CancellationToken, Task>>();
        await store.RunAsync(async s =>
        {
            await s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "approval.unreachable",
                LifecycleSubjects.Request(requestId), $"stage {order}: none of {string.Join(", ", stage.Approvers)} could be reached"));
            if (!stage.Escalated) return;
            var entitlement = tenant.Catalog.FindEntitlement(request.EntitlementId)?.Name ?? request.EntitlementId;
            // Every time nobody can be reached, even after the escalation, is told: each is its own notice.
            await TellPartiesAsync(s, tenant, request, LifecycleKind.ApproverUnreachable,
                $"Nobody who can approve your request for {entitlement} can be reached right now. It stays open until " +
                $"{ApprovalTimerPlan.ExpiresAt(request, _timers):yyyy-MM-dd HH:mm} UTC; after that it expires.", after,
                occasion: Guid.NewGuid().ToString("N"));
        }, ct);
        if (!stage.Escalated)
        {
            await EscalateAsync(requestId, order, unreachable: true, ct);
            return;
        }
        await RunAfterAsync(after, ct);
    }

    /// <summary>
    /// Notes when the approver got the card, for the analytics' time to decision and rubber-stamping. A failure to note
    /// it loses one measurement, never the card or the decision.
    /// </summary>
    private async Task RecordDeliveryAsync(Guid requestId, int order, string approver, bool escalated, CancellationToken ct)
    {
        try
        {
            await store.RunAsync(s => s.Requests.RecordDeliveryAsync(requestId, order, approver, escalated), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryNotRecorded(ex, requestId, order);
        }
    }

    private async Task RemindAsync(Guid requestId, int order, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var sent = await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(requestId);
            var stages = await s.Requests.GetStagesAsync(requestId);
            var stage = stages.First(st => st.Order == order);
            if (request is null || ApprovalTimerPlan.Decide(request, stage, _timers, s.Now) != ApprovalTimerAction.Remind) return default;
            await s.Requests.RecordReminderAsync(requestId, order, stage.RemindersSent, new AuditEntry(LifecycleSubjects.System, "approval.reminded",
                LifecycleSubjects.Request(requestId), $"stage {order}: reminded {string.Join(", ", stage.Approvers)}"));
            return (stage.Approvers, view: await ApprovalViews.BuildAsync(s, tenant, request, stages, order));
        }, ct);
        if (sent.Approvers is null) return;
        foreach (var approver in sent.Approvers) await SafeAsync(() => notifier.RemindApprovalAsync(approver, sent.view, ct));
    }

    /// <summary>
    /// Hands the stage to the approvers' managers as well (never to the requester or the beneficiary); the
    /// original approvers keep their buttons. Once per stage.
    /// </summary>
    private async Task EscalateAsync(Guid requestId, int order, bool unreachable, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var after = new List<Func<CancellationToken, Task>>();
        var escalated = await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(requestId);
            var stages = await s.Requests.GetStagesAsync(requestId);
            var stage = stages.FirstOrDefault(st => st.Order == order);
            if (request is not { Status: RequestStatus.PendingApproval } || stage is not { Status: StageStatus.Pending, Escalated: false })
                return default;
            var managers = ApproverRules.EscalationTargets(tenant.Directory, request.Requester, request.Beneficiary, stage.Approvers);
            var approvers = stage.Approvers.Concat(managers).Distinct(PersonKey.Comparer).ToList();
            var why = unreachable ? "the approvers could not be reached" : $"no decision within {Durations.Describe(_timers.EscalateAfter)}";
            var detail = managers.Count == 0
                ? $"stage {order}: {why}; nobody above {string.Join(", ", stage.Approvers)} can take it, so they keep it"
                : $"stage {order}: {why}; escalated to {string.Join(", ", managers)}";
            await s.Requests.EscalateStageAsync(requestId, order, approvers, new AuditEntry(LifecycleSubjects.System, "approval.escalated",
                LifecycleSubjects.Request(requestId), detail));
            var entitlement = tenant.Catalog.FindEntitlement(request.EntitlementId)?.Name ?? request.EntitlementId;
            var names = managers.Count == 0 ? null : string.Join(" and ", managers.Select(t => ApprovalViews.NameOf(tenant, t)));
            var text = (unreachable, names) switch
            {
                (true, null) => $"The approver of your request for {entitlement} cannot be reached, and there is nobody above them to ask.",
                (true, _) => $"The approver of your request for {entitlement} cannot be reached, so I also asked {names}.",
                (false, null) => $"Your request for {entitlement} has had no answer yet; I reminded the approvers again.",
                (false, _) => $"Your request for {entitlement} had no answer, so I also asked {names}.",
            };
            // A stage is escalated once, but each stage of a request can be.
            await TellPartiesAsync(s, tenant, request, unreachable ? LifecycleKind.ApproverUnreachable : LifecycleKind.Escalated, text, after,
                occasion: $"stage-{order}");
            return (request, managers);
        }, ct);
        if (escalated.request is null) return;
        LogEscalated(requestId, order, string.Join(", ", escalated.managers));
        await RunAfterAsync(after, ct);
        await SendStageCardsAsync(requestId, order, ct);
    }

    private async Task ExpireRequestAsync(Guid requestId, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var after = new List<Func<CancellationToken, Task>>();
        var expired = await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(requestId);
            if (request is not { Status: RequestStatus.PendingApproval }) return default;
            var open = (await s.Requests.GetStagesAsync(requestId)).FirstOrDefault(st => st.Status == StageStatus.Pending);
            request = await s.Requests.TransitionAsync(requestId, RequestStatus.PendingApproval, RequestStatus.Expired,
                new AuditEntry(LifecycleSubjects.System, "request.expired", LifecycleSubjects.Request(requestId),
                    $"no decision within {Durations.Describe(_timers.ExpireAfter)}"),
                $"Nobody approved it within {Durations.Describe(_timers.ExpireAfter)}.");
            await s.Requests.ExpireOpenStagesAsync(requestId);
            var view = open is null ? null : await ApprovalViews.BuildAsync(s, tenant, request, await s.Requests.GetStagesAsync(requestId), open.Order);
            if (view is not null) after.Add(c => notifier.UpdateApprovalAsync(view, c));
            var entitlement = tenant.Catalog.FindEntitlement(request.EntitlementId)?.Name ?? request.EntitlementId;
            await TellPartiesAsync(s, tenant, request, LifecycleKind.RequestExpired,
                $"Your request for {entitlement} expired: nobody approved it within {Durations.Describe(_timers.ExpireAfter)}. You can ask again.", after);
            return request;
        }, ct);
        if (expired is null) return;
        LogExpired(requestId);
        await RunAfterAsync(after, ct);
    }

    /// <summary>
    /// In the approval's transaction: enqueue the provisioning, or, for an extension, move the grant's end in
    /// place (the person already holds the access, so no connector call is needed).
    /// </summary>
    private async Task CompleteApprovedAsync(IStoreSession s, Tenant tenant, AccessRequest request, IReadOnlyList<ApprovalStage> stages,
        List<Func<CancellationToken, Task>> after)
    {
        if (request.ExtendsGrantId is not { } grantId)
        {
            await ProvisioningOutbox.EnqueueGrantAsync(s.Outbox, request.Id);
            return;
        }

        var entitlement = tenant.Catalog.FindEntitlement(request.EntitlementId)?.Name ?? request.EntitlementId;
        var grant = await s.Grants.GetAsync(grantId);
        var duration = ApprovalViews.EffectiveDuration(request, stages);
        if (grant is not { Status: GrantStatus.Active, ExpiresAt: { } end })
        {
            var failed = await s.Requests.TransitionAsync(request.Id, RequestStatus.Approved, RequestStatus.Failed,
                new AuditEntry(LifecycleSubjects.System, "request.failed", LifecycleSubjects.Request(request.Id), $"grant {grantId} is no longer active"),
                "The access ended before the extension was approved.");
            await TellPartiesAsync(s, tenant, failed, LifecycleKind.ProvisioningFailed,
                $"Your access to {entitlement} ended before the extension was approved; ask for it again if you still need it.", after);
            return;
        }

        DateTimeOffset? newEnd = duration is { } d ? (end > s.Now ? end : s.Now) + d : null;
        var extended = await s.Grants.ExtendAsync(grantId, newEnd, new AuditEntry(LifecycleSubjects.System, "grant.extended",
            LifecycleSubjects.Grant(grantId), $"by request {request.Id}: until {(newEnd is { } e ? e.ToString("u") : "no end (permanent)")}"));
        var fulfilled = await s.Requests.TransitionAsync(request.Id, RequestStatus.Approved, RequestStatus.Fulfilled,
            new AuditEntry(LifecycleSubjects.System, "request.fulfilled", LifecycleSubjects.Request(request.Id), $"grant {grantId} extended"));
        after.Add(async c =>
        {
            if (newEnd is { } at) await revokes.ScheduleAsync(grantId, at, c);
            else await revokes.UnscheduleAsync(grantId, c);
        });
        await TellPartiesAsync(s, tenant, fulfilled, LifecycleKind.Provisioned,
            newEnd is { } at ? $"Your access to {entitlement} now lasts until {at:yyyy-MM-dd HH:mm} UTC." : $"Your access to {entitlement} no longer ends.",
            after, grantId: extended.Id, expiresAt: newEnd);
    }

    private async Task<ApprovalResult> RefuseAsync(IStoreSession s, Tenant tenant, ApprovalCommand command, string actor,
        AccessRequest request, IReadOnlyList<ApprovalStage> stages, string reason)
    {
        await s.Audit.AppendAsync(new AuditEntry(actor, "approval.refused", LifecycleSubjects.Request(request.Id),
            $"{command.Action} on stage {command.StageOrder} refused: {reason}"));
        LogRefused(request.Id, command.StageOrder, actor, reason);
        return new ApprovalResult(false, reason, await ApprovalViews.BuildAsync(s, tenant, request, stages, command.StageOrder));
    }

    private static string? RefusalFor(Tenant tenant, ApprovalCommand command, string actor, AccessRequest request,
        IReadOnlyList<ApprovalStage> stages, ApprovalStage stage)
    {
        var refusal = ApproverRules.MayDecide(actor, request.Requester, request.Beneficiary, stages.SelectMany(st => st.Approvers), stage.Approvers,
            request.Status == RequestStatus.PendingApproval && stage.Status == StageStatus.Pending);
        var asked = ApprovalViews.EffectiveDuration(request, stages);
        if (refusal is null && command.Action == ApprovalAction.ApproveShorter)
            refusal = ApproverRules.MayShorten(command.ShorterDuration, asked);
        return refusal switch
        {
            null => null,
            ApproverRefusal.IsBeneficiary => "You cannot decide on a request for your own access.",
            ApproverRefusal.IsRequester => "You cannot decide on a request you made.",
            ApproverRefusal.NotAnApprover => NotAnApprover, // Nobody outside the request learns who approves it.
            ApproverRefusal.NotThisStage =>
                $"You are not an approver of this step; it is for {string.Join(" or ", stage.Approvers.Select(a => ApprovalViews.NameOf(tenant, a)))}.",
            ApproverRefusal.NotOpen => AlreadyDecided(tenant, request, stage),
            ApproverRefusal.ShorterWithoutDuration => "Approving a shorter duration needs the duration.",
            ApproverRefusal.ShorterTooShort => $"Access shorter than {Durations.Describe(PolicyEngine.MinimumDuration)} cannot be granted.",
            ApproverRefusal.ShorterNotShorter => $"{Durations.Describe(command.ShorterDuration!.Value)} is not shorter than the {Durations.Describe(asked!.Value)} asked for.",
            _ => throw new ArgumentOutOfRangeException(nameof(command), refusal, "Unknown refusal."),
        };
    }

    public const string NotAnApprover = "You are not an approver of this request.";

    private static string AlreadyDecided(Tenant tenant, AccessRequest request, ApprovalStage stage)
    {
        string By(string? who) => who is null ? "" : $" by {ApprovalViews.NameOf(tenant, who)}";
        string At(DateTimeOffset? at) => at is { } t ? $" at {t:yyyy-MM-dd HH:mm} UTC" : "";
        return stage.Status switch
        {
            StageStatus.Approved => $"Already approved{By(stage.DecidedBy)}{At(stage.DecidedAt)}.",
            StageStatus.Denied => $"Already denied{By(stage.DecidedBy)}{At(stage.DecidedAt)}.",
            StageStatus.Waiting when request.Status == RequestStatus.PendingApproval => "This step is not open yet: an earlier approval comes first.",
            _ => request.Status switch
            {
                RequestStatus.Expired => "This request expired before it was decided.",
                RequestStatus.Cancelled => "This request was cancelled.",
                RequestStatus.Denied => "This request was already denied at another step.",
                _ => $"This request is already {request.Status.ToString().ToLowerInvariant()}.",
            },
        };
    }

    /// <summary>
    /// In the change's transaction: the notice of <paramref name="kind"/> to the request's requester and beneficiary, written
    /// to the outbox; <paramref name="after"/> delivers it right after the commit.
    /// </summary>
    private async Task TellPartiesAsync(IStoreSession s, Tenant tenant, AccessRequest request, LifecycleKind kind, string text,
        List<Func<CancellationToken, Task>> after, Guid? grantId = null, DateTimeOffset? expiresAt = null, string? occasion = null)
    {
        var claim = new OutboxClaim();
        var held = await notices.EnqueueAllAsync(s, claim, LifecycleNotice.ToRequestParties(tenant.Catalog, request, kind, text, grantId, expiresAt), occasion);
        after.Add(_ => notices.DeliverAfterCommitAsync(claim, held));
    }

    private async Task RunAfterAsync(List<Func<CancellationToken, Task>> after, CancellationToken ct)
    {
        foreach (var effect in after)
            await SafeAsync(async () => { await effect(ct); return true; });
    }

    /// <summary>Delivery never undoes a committed decision: a channel failure is logged and counts as unreachable.</summary>
    private async Task<bool> SafeAsync(Func<Task<bool>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(ex);
            return false;
        }
    }

    internal static string DescribeDuration(TimeSpan? duration) => duration is { } d ? $"for {Durations.Describe(d)}" : "permanently";

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} stage {Stage}: {Actor} decided {Action}")]
    private partial void LogDecided(Guid requestId, int stage, string actor, ApprovalAction action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} stage {Stage}: decision by {Actor} refused: {Reason}")]
    private partial void LogRefused(Guid requestId, int stage, string actor, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} is pending approval but has no stage left to activate")]
    private partial void LogNoStage(Guid requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} stage {Stage}: approver {Approver} cannot be reached")]
    private partial void LogUnreachable(Guid requestId, int stage, string approver);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} stage {Stage} escalated to {Managers}")]
    private partial void LogEscalated(Guid requestId, int stage, string managers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} expired without a decision")]
    private partial void LogExpired(Guid requestId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval timer for request {RequestId} lost a race: {Reason}")]
    private partial void LogTimerConflict(Guid requestId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Approval timer for request {RequestId} failed")]
    private partial void LogTimerFailed(Exception ex, Guid requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification could not be delivered")]
    private partial void LogDeliveryFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId} stage {Stage}: the card's delivery time could not be recorded for the analytics")]
    private partial void LogDeliveryNotRecorded(Exception ex, Guid requestId, int stage);
}
