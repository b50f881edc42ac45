using System.Text.Json;
using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.Provisioning;

/// <summary>
/// Delivers the provisioning outbox through the connectors, at least once: a message is completed in the
/// same transaction as the state change its connector call made true (grant created and request Fulfilled,
/// or grant Revoked), so a crash between the call and the commit only repeats an idempotent call.
/// Failures are retried with backoff and end visibly (request Failed, grant RevokeFailed) with an alert
/// to the app owner. The notices of these changes (access ready, removed, set-up failed, the owner's alerts) are outbox
/// messages too (<see cref="NoticeDelivery"/>), written with the change's commit and delivered right after it, or by
/// another worker when this instance dies first.
/// </summary>
public sealed partial class Provisioner(
    IIgaStore store,
    ITenantAccessor tenants,
    ConnectorRegistry connectors,
    IManualTaskStore manualTasks,
    NoticeDelivery notices,
    IRevokeScheduler revokes,
    IOptions<ProvisioningOptions> options,
    ILogger<Provisioner> logger)
{
    private readonly ProvisioningOptions _options = options.Value;

    /// <summary>
    /// Claims due messages and handles them; returns how many were claimed. The claim's lease is renewed while the
    /// work runs; when <paramref name="ct"/> is cancelled (the instance stops), what is not finished is handed back.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var claim = Guid.NewGuid().ToString("N");
        var claimed = await store.RunAsync(s => s.Outbox.ClaimDueAsync(_options.BatchSize, _options.Lease, claim), ct);
        if (claimed.Count == 0) return 0;
        var held = new OutboxClaim(claim, claimed.Select(m => m.Id));
        try
        {
            await notices.WhileHeldAsync(held, () => HandleAsync(claimed, held, ct));
        }
        finally
        {
            if (ct.IsCancellationRequested) await HandBackAsync(held.Ids, claim);
        }
        return claimed.Count;
    }

    private async Task HandleAsync(IReadOnlyList<OutboxMessage> claimed, OutboxClaim held, CancellationToken ct)
    {
        var revokes = new List<(OutboxMessage Message, Guid GrantId)>();
        // Each grant is its own connector call and its own transactions: a few side by side.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(claimed, parallel, async (message, _) =>
        {
            await GuardAsync(message, async () =>
            {
                switch (message.Kind)
                {
                    case ProvisioningOutbox.GrantKind:
                        await ProvisionAsync(message, JsonSerializer.Deserialize<ProvisioningOutbox.GrantPayload>(message.Payload)!, ct);
                        break;
                    case ProvisioningOutbox.RevokeKind:
                        lock (revokes) revokes.Add((message, JsonSerializer.Deserialize<ProvisioningOutbox.RevokePayload>(message.Payload)!.GrantId));
                        break;
                    case NoticeOutbox.Kind:
                        // A notice its writer did not deliver (it died, or the channel failed): delivered here, once.
                        await notices.DeliverAsync(message);
                        break;
                    default:
                        await FailAsync(message, $"No handler for outbox messages of kind '{message.Kind}'.", permanent: false, ct);
                        break;
                }
            }, ct);
        });
        if (revokes.Count > 0) await DeprovisionAsync([.. revokes.OrderBy(r => r.Message.CreatedAt).ThenBy(r => r.Message.Id)], held, ct);
    }

    /// <summary>The instance is stopping: what this claim did not finish is due again now, for another instance.</summary>
    private async Task HandBackAsync(Guid[] ids, string claim)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var released = await store.RunAsync(s => s.Outbox.ReleaseAsync(ids, claim), timeout.Token);
            if (released > 0) LogHandedBack(released);
        }
        catch (Exception ex)
        {
            // The lease brings them back anyway.
            LogHandBackFailed(ex);
        }
    }

    private async Task GuardAsync(OutboxMessage message, Func<Task> handle, CancellationToken ct)
    {
        try
        {
            await handle();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogHandlerFailed(ex, message.Id, message.Kind);
            // The lease brings the message back; recording the failure keeps the backoff honest.
            try { await FailAsync(message, ex.Message, permanent: false, ct); }
            catch (Exception inner) when (inner is not OperationCanceledException) { LogHandlerFailed(inner, message.Id, message.Kind); }
        }
    }

    private async Task ProvisionAsync(OutboxMessage message, ProvisioningOutbox.GrantPayload payload, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var request = await store.RunAsync(async s =>
        {
            var r = await s.Requests.GetAsync(payload.RequestId);
            if (r is { Status: RequestStatus.Approved })
            {
                r = await s.Requests.TransitionAsync(r.Id, RequestStatus.Approved, RequestStatus.Provisioning,
                    new AuditEntry(LifecycleSubjects.System, "request.provisioning", LifecycleSubjects.Request(r.Id), $"grant {payload.GrantId}"));
            }
            if (r is not { Status: RequestStatus.Provisioning }) await s.Outbox.CompleteAsync(message.Id);
            return r;
        }, ct);
        if (request is not { Status: RequestStatus.Provisioning }) return;

        if (await TargetOrFailAsync(message, tenant, request.EntitlementId, request.Beneficiary, request.Scope, payload.GrantId,
                $"'{request.EntitlementId}' is no longer in the catalog.", ct) is not { } found) return;
        var (connector, target) = found;
        var result = await CallAsync(() => connector.GrantAsync(target, ct));
        LogConnectorResult("grant", connector.Name, target.PersonEmail, target.EntitlementLabel, result.ToString());
        switch (result.Outcome)
        {
            case ConnectorOutcome.Done:
                await FulfilAsync(request.Id, payload.GrantId, result.Reference ?? target.Group, LifecycleSubjects.System, message.Id, ct);
                break;
            case ConnectorOutcome.Pending:
                if (Guid.TryParse(result.Reference, out var taskId)) await manualTasks.LinkRequestAsync(taskId, request.Id, ct);
                await store.RunAsync(async s =>
                {
                    await s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "request.awaiting-owner", LifecycleSubjects.Request(request.Id),
                        result.Message));
                    await s.Outbox.CompleteAsync(message.Id);
                }, ct);
                break;
            default:
                await FailAsync(message, result.Message ?? result.Outcome.ToString(), result.Outcome == ConnectorOutcome.Permanent, ct);
                break;
        }
    }

    /// <summary>
    /// Removes a batch of grants: one read, the connector calls, then one commit for every removal that is done
    /// (grant Revoked, message completed, audited), so a burst of expiries costs a few transactions, not two each.
    /// </summary>
    private async Task DeprovisionAsync(List<(OutboxMessage Message, Guid GrantId)> revokes, OutboxClaim held, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var grants = await store.RunAsync(async s =>
        {
            var found = new List<(OutboxMessage Message, Grant Grant)>();
            foreach (var (message, grantId) in revokes)
            {
                var g = await s.Grants.GetAsync(grantId);
                // Revoked (a retry after the commit) or RevokeFailed (a person gave up on it): nothing left to do.
                if (g is { Status: GrantStatus.Revoking }) found.Add((message, g));
                else await s.Outbox.CompleteAsync(message.Id);
            }
            return found;
        }, ct);

        var done = new List<(OutboxMessage Message, Grant Grant, string Detail)>();
        var pending = new List<(OutboxMessage Message, Grant Grant, string? Note)>();
        // The removals of a batch go out side by side (each is its own call to its own target), a few at a time.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = ct };
        await Parallel.ForEachAsync(grants, parallel, async (item, _) =>
        {
            var (message, grant) = item;
            await GuardAsync(message, async () =>
            {
                if (await TargetOrFailAsync(message, tenant, grant.EntitlementId, grant.Person, grant.Scope, grant.Id,
                        $"'{grant.EntitlementId}' is no longer in the catalog, so nothing knows where to remove it from.", ct) is not { } found) return;
                var (connector, target) = found;
                var result = await CallAsync(() => connector.RevokeAsync(target, ct));
                LogConnectorResult("revoke", connector.Name, target.PersonEmail, target.EntitlementLabel, result.ToString());
                switch (result.Outcome)
                {
                    case ConnectorOutcome.Done:
                        lock (done) done.Add((message, grant, $"removed by connector {connector.Name}"));
                        break;
                    case ConnectorOutcome.Pending:
                        lock (pending) pending.Add((message, grant, result.Message));
                        break;
                    default:
                        await FailAsync(message, result.Message ?? result.Outcome.ToString(), result.Outcome == ConnectorOutcome.Permanent, ct);
                        break;
                }
            }, ct);
        });

        if (pending.Count > 0)
        {
            await store.RunAsync(async s =>
            {
                foreach (var (message, grant, note) in pending)
                {
                    await s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "grant.awaiting-owner", LifecycleSubjects.Grant(grant.Id), note));
                    await s.Outbox.CompleteAsync(message.Id);
                }
            }, ct);
        }
        if (done.Count == 0) return;
        var revoked = await store.RunAsync(async s =>
        {
            var ended = new List<Revoked>();
            foreach (var (message, grant, detail) in done.OrderBy(d => d.Message.CreatedAt).ThenBy(d => d.Message.Id))
            {
                if (await RevokeInSessionAsync(s, tenant, grant.Id, LifecycleSubjects.System, detail, message.Id, held) is { } r) ended.Add(r);
            }
            return ended;
        }, ct);
        // The holders are told side by side too: a burst's notices do not hold the worker back from the next removals. A
        // notice not started when the instance stops is handed back with the claim, for another instance to deliver.
        await Parallel.ForEachAsync(revoked, parallel, async (r, _) => await AfterRevokedAsync(r, ct));
    }

    /// <summary>
    /// The access is in place: creates the grant (ending after the approved duration, counted from now),
    /// fulfils the request, completes the outbox message and writes the people's notices, all in one transaction; then
    /// schedules the revoke and tells the people. A second call for the same request changes nothing.
    /// </summary>
    public async Task<bool> FulfilAsync(Guid requestId, Guid grantId, string? connectorRef, string actor, Guid? messageId, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var claim = new OutboxClaim();
        var done = await store.RunAsync(async s =>
        {
            var request = await s.Requests.GetAsync(requestId) ?? throw new InvalidInputException($"There is no request {requestId}.");
            if (request.Status != RequestStatus.Provisioning)
            {
                if (messageId is { } m) await s.Outbox.CompleteAsync(m);
                return default;
            }
            var stages = await s.Requests.GetStagesAsync(requestId);
            var duration = ApprovalViews.EffectiveDuration(request, stages);
            var grant = await s.Grants.GetAsync(grantId);
            if (grant is null)
            {
                grant = new Grant
                {
                    Id = grantId,
                    Person = request.Beneficiary,
                    EntitlementId = request.EntitlementId,
                    Scope = request.Scope,
                    GrantedAt = s.Now,
                    ExpiresAt = duration is { } d ? s.Now + d : null,
                    Status = GrantStatus.Active,
                    RequestId = request.Id,
                    ConnectorRef = connectorRef,
                };
                await s.Grants.CreateAsync(grant, new AuditEntry(actor, "grant.created", LifecycleSubjects.Grant(grantId),
                    $"{request.Beneficiary} holds {request.EntitlementId}{(request.Scope is null ? "" : $":{request.Scope}")} " +
                    $"{ApprovalWorkflow.DescribeDuration(duration)} (request {request.Id})"));
            }
            request = await s.Requests.TransitionAsync(requestId, RequestStatus.Provisioning, RequestStatus.Fulfilled,
                new AuditEntry(actor, "request.fulfilled", LifecycleSubjects.Request(requestId), $"grant {grantId}"));
            if (messageId is { } id) await s.Outbox.CompleteAsync(id);
            // The beneficiary left while the connector was adding them (the directory comes from an identity source and
            // no longer has them): the leaver's offboarding could not cancel a request already at the connector, so the
            // access it just created is taken away again, in the same transaction.
            var left = grant.Status == GrantStatus.Active && tenant.Directory.Find(request.Beneficiary) is null
                && await s.Directory.GetVersionAsync() > 0
                && await GrantRevoker.StartInAsync(s, grant, LifecycleSubjects.System,
                    $"leaver: {request.Beneficiary} left the directory while the access was being provisioned");
            // The removal is in the outbox; the worker's next pass makes it, and the leaver is told nothing.
            if (left) return (request, grant, left, told: (IReadOnlyList<OutboxMessage>)[]);
            var name = tenant.Catalog.FindEntitlement(request.EntitlementId)?.Name ?? request.EntitlementId;
            var told = await notices.EnqueueAllAsync(s, claim, LifecycleNotice.ToRequestParties(tenant.Catalog, request, LifecycleKind.Provisioned,
                grant.ExpiresAt is { } until
                    ? $"You now have {name}{ScopeText(request.Scope)} until {until:yyyy-MM-dd HH:mm} UTC."
                    : $"You now have {name}{ScopeText(request.Scope)}.",
                grant.Id, grant.ExpiresAt));
            return (request, grant, left, told);
        }, ct);
        if (done.request is null) return false;
        if (done.left) return true;

        if (done.grant.ExpiresAt is { } end) await SafeAsync(() => revokes.ScheduleAsync(grantId, end, ct));
        await notices.DeliverAfterCommitAsync(claim, done.told);
        return true;
    }

    /// <summary>The access is gone from the target: Revoking → Revoked (once), message completed, holder told.</summary>
    public async Task<bool> FinishRevokeAsync(Guid grantId, string actor, string detail, Guid? messageId, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var held = new OutboxClaim();
        var revoked = await store.RunAsync(s => RevokeInSessionAsync(s, tenant, grantId, actor, detail, messageId, held), ct);
        if (revoked is not { } r) return false;
        await notices.WhileHeldAsync(held, () => AfterRevokedAsync(r, ct));
        return true;
    }

    /// <summary>A grant this transaction revoked, and the holder's notice when this instance holds it (to deliver after the commit).</summary>
    private sealed record Revoked(Grant Grant, OutboxMessage? Notice);

    /// <summary>
    /// Revoking → Revoked, the outbox message completed, and the holder's notice enqueued, held by <paramref name="held"/>'s
    /// claim: all in the caller's transaction, so a revoke is never committed without its notice.
    /// </summary>
    private async Task<Revoked?> RevokeInSessionAsync(IStoreSession s, Tenant tenant, Guid grantId, string actor, string detail, Guid? messageId,
        OutboxClaim held)
    {
        var current = await s.Grants.GetAsync(grantId) ?? throw new InvalidInputException($"There is no grant {grantId}.");
        Revoked? revoked = null;
        if (current.Status == GrantStatus.Revoking)
        {
            var grant = await s.Grants.ChangeStatusAsync(grantId, GrantStatus.Revoking, GrantStatus.Revoked,
                new AuditEntry(actor, "grant.revoked", LifecycleSubjects.Grant(grantId), detail));
            var notice = await notices.EnqueueAsync(s, held, LifecycleNotice.ToHolder(tenant.Catalog, grant, LifecycleKind.Revoked,
                grant.ExpiresAt, name => $"Your access to {name}{ScopeText(grant.Scope)} has been removed ({grant.EndReason ?? "ended"})."));
            revoked = new Revoked(grant, notice);
        }
        if (messageId is { } m) await s.Outbox.CompleteAsync(m);
        return revoked;
    }

    private async Task AfterRevokedAsync(Revoked revoked, CancellationToken ct)
    {
        var grant = revoked.Grant;
        Telemetry.IgaTelemetry.RecordRevoked(grant);
        // A trigger that fired has removed itself; only a grant that ended early still has one waiting.
        if (grant.ExpiresAt is not { } end || end > grant.EndedAt) await SafeAsync(() => revokes.UnscheduleAsync(grant.Id, ct));
        if (revoked.Notice is { } notice) await notices.DeliverAsync(notice);
    }

    /// <summary>
    /// The revoke cannot be done: Revoking → RevokeFailed, and the app owner is alerted (the alert written with the change).
    /// Never reported as done.
    /// </summary>
    public async Task<bool> GiveUpRevokeAsync(Guid grantId, string actor, string why, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var claim = new OutboxClaim();
        var (grant, alerts) = await store.RunAsync(async s =>
        {
            var current = await s.Grants.GetAsync(grantId);
            if (current is not { Status: GrantStatus.Revoking }) return default;
            var failed = await s.Grants.ChangeStatusAsync(grantId, GrantStatus.Revoking, GrantStatus.RevokeFailed,
                new AuditEntry(actor, "grant.revoke-failed", LifecycleSubjects.Grant(grantId), why));
            var (app, entitlement) = Resolve(tenant, failed.EntitlementId);
            if (app is null) return (failed, (IReadOnlyList<OutboxMessage>)[]);
            var person = tenant.Directory.Find(failed.Person)?.Name ?? failed.Person;
            // A removal retried by hand can fail again: each failure is its own alert (the claim names this one).
            return (failed, await notices.EnqueueAllAsync(s, claim, [new LifecycleNotice
            {
                Kind = LifecycleKind.ProvisioningFailed,
                RecipientEmail = app.Owner,
                EntitlementName = entitlement?.Name ?? failed.EntitlementId,
                AppName = app.Name,
                Scope = failed.Scope,
                GrantId = failed.Id,
                Text = $"Removing {person} from {entitlement?.Name ?? failed.EntitlementId}{ScopeText(failed.Scope)} failed: {why} " +
                       "They still have the access. Please remove it by hand, or fix the problem and retry with `igabot grants revoke`.",
            }], occasion: claim.Name));
        }, ct);
        if (grant is null) return false;
        LogRevokeFailed(grantId, why);
        await notices.DeliverAfterCommitAsync(claim, alerts);
        return true;
    }

    /// <summary>The grant cannot be made: Provisioning → Failed; the people and the app owner are told (the notices written with the change).</summary>
    public async Task<bool> GiveUpGrantAsync(Guid requestId, string actor, string why, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var claim = new OutboxClaim();
        var (request, told) = await store.RunAsync(async s =>
        {
            var current = await s.Requests.GetAsync(requestId);
            if (current is not { Status: RequestStatus.Provisioning or RequestStatus.Approved }) return default;
            var failed = await s.Requests.TransitionAsync(requestId, current.Status, RequestStatus.Failed,
                new AuditEntry(actor, "request.failed", LifecycleSubjects.Request(requestId), why), why);
            var (app, entitlement) = Resolve(tenant, failed.EntitlementId);
            var name = entitlement?.Name ?? failed.EntitlementId;
            var people = LifecycleNotice.ToRequestParties(tenant.Catalog, failed, LifecycleKind.ProvisioningFailed,
                $"Your request for {name}{ScopeText(failed.Scope)} was approved, but setting it up failed: {why} The app owner has been told.");
            var owner = app is null ? [] : new[]
            {
                new LifecycleNotice
                {
                    Kind = LifecycleKind.ProvisioningFailed,
                    RecipientEmail = app.Owner,
                    EntitlementName = name,
                    AppName = app.Name,
                    Scope = failed.Scope,
                    RequestId = failed.Id,
                    Text = $"Giving {tenant.Directory.Find(failed.Beneficiary)?.Name ?? failed.Beneficiary} {name}{ScopeText(failed.Scope)} failed: {why}",
                },
            };
            // The owner may be the requester too: the owner's alert is another notice than the requester's, so it has its own key.
            var held = new List<OutboxMessage>(await notices.EnqueueAllAsync(s, claim, people));
            held.AddRange(await notices.EnqueueAllAsync(s, claim, owner, occasion: "owner"));
            return (failed, (IReadOnlyList<OutboxMessage>)held);
        }, ct);
        if (request is null) return false;
        LogGrantFailed(requestId, why);
        await notices.DeliverAfterCommitAsync(claim, told);
        return true;
    }

    private async Task FailAsync(OutboxMessage message, string error, bool permanent, CancellationToken ct)
    {
        var policy = permanent ? new OutboxRetryPolicy(1, _options.RetryBaseDelay, _options.RetryMaxDelay) : _options.RetryPolicy;
        var failed = await store.RunAsync(s => s.Outbox.FailAsync(message.Id, error, policy), ct);
        if (failed.Status != OutboxStatus.Dead)
        {
            LogRetry(message.Id, message.Kind, failed.Attempts, failed.NextAttemptAt, error);
            return;
        }
        var why = permanent ? error : $"{error} (gave up after {failed.Attempts} attempts)";
        switch (message.Kind)
        {
            case ProvisioningOutbox.GrantKind:
                await GiveUpGrantAsync(JsonSerializer.Deserialize<ProvisioningOutbox.GrantPayload>(message.Payload)!.RequestId, LifecycleSubjects.System, why, ct);
                break;
            case ProvisioningOutbox.RevokeKind:
                await GiveUpRevokeAsync(JsonSerializer.Deserialize<ProvisioningOutbox.RevokePayload>(message.Payload)!.GrantId, LifecycleSubjects.System, why, ct);
                break;
            case NoticeOutbox.Kind:
                LogNoticeGivenUp(message.Id, why);
                break;
        }
    }

    private static async Task<ConnectorResult> CallAsync(Func<Task<ConnectorResult>> call)
    {
        try
        {
            return await call();
        }
        catch (ConnectorException ex)
        {
            return ex.Failure;
        }
        catch (HttpRequestException ex)
        {
            return ConnectorResult.Transient(ex.Message);
        }
        catch (TimeoutException ex)
        {
            return ConnectorResult.Transient(ex.Message);
        }
    }

    private async Task SafeAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSideEffectFailed(ex);
        }
    }

    /// <summary>
    /// The connector and target of one grant's change, or null when there is nothing to call: the entitlement left the
    /// catalog (<paramref name="gone"/>) or its target cannot be made; either fails <paramref name="message"/> for good.
    /// </summary>
    private async Task<(IConnector Connector, ProvisioningTarget Target)?> TargetOrFailAsync(OutboxMessage message, Tenant tenant,
        string entitlementId, string person, string? scope, Guid grantId, string gone, CancellationToken ct)
    {
        var (app, entitlement) = Resolve(tenant, entitlementId);
        if (app is null || entitlement is null)
        {
            await FailAsync(message, gone, permanent: true, ct);
            return null;
        }
        ProvisioningTarget target;
        try
        {
            target = ProvisioningTarget.For(app, entitlement, PersonOf(tenant, person), scope, grantId);
        }
        catch (InvalidInputException ex)
        {
            await FailAsync(message, ex.Message, permanent: true, ct);
            return null;
        }
        return (connectors.For(app), target);
    }

    internal static (App? App, Entitlement? Entitlement) Resolve(Tenant tenant, string entitlementId)
    {
        var entitlement = tenant.Catalog.FindEntitlement(entitlementId);
        return (entitlement is null ? null : tenant.Catalog.FindApp(entitlement.AppId), entitlement);
    }

    /// <summary>The person, or a stand-in when they left the directory: their access must still be removable.</summary>
    internal static Person PersonOf(Tenant tenant, string email) =>
        tenant.Directory.Find(email) ?? new Person { Email = email, Name = email, Title = "", Department = "" };

    private static string ScopeText(string? scope) => scope is null ? "" : $" ({scope})";

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: handed {Count} claimed outbox messages back")]
    private partial void LogHandedBack(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Handing claimed outbox messages back failed; they come back when their lease runs out")]
    private partial void LogHandBackFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} {Operation} {Person} {Entitlement}: {Result}")]
    private partial void LogConnectorResult(string operation, string connector, string person, string entitlement, string result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {MessageId} ({Kind}) failed attempt {Attempts}; next try at {NextAttempt}: {Error}")]
    private partial void LogRetry(Guid messageId, string kind, int attempts, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling outbox message {MessageId} ({Kind}) threw")]
    private partial void LogHandlerFailed(Exception ex, Guid messageId, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Revoking grant {GrantId} failed for good: {Reason}")]
    private partial void LogRevokeFailed(Guid grantId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Provisioning request {RequestId} failed for good: {Reason}")]
    private partial void LogGrantFailed(Guid requestId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice {MessageId} was given up: {Reason}")]
    private partial void LogNoticeGivenUp(Guid messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A follow-up of a provisioning step failed (the step itself is committed)")]
    private partial void LogSideEffectFailed(Exception ex);
}
