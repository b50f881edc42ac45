using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.People;

/// <summary>
/// Leavers: every Active grant starts its revoke through the provisioning outbox at once (so a SCIM, Entra or Okta
/// target loses the membership on the worker's next pass, and a manual app becomes a removal task for its owner),
/// the leaver's open requests are cancelled, and the approval stages they were to decide go to their manager (or,
/// when the manager left too, up the management chain). Each step is audited; the people whose requests were
/// cancelled or re-routed are told, by notices written with the change (<see cref="NoticeDelivery"/>).
/// </summary>
/// <remarks>
/// Idempotent: a second delivery finds the grants Revoking, the requests Cancelled and the stages re-routed (the
/// re-route is guarded on the approvers it read), so it changes nothing and tells nobody again.
/// </remarks>
public sealed partial class LeaverOffboarding(
    IIgaStore store,
    ITenantAccessor tenants,
    ApprovalWorkflow workflow,
    INotifier notifier,
    NoticeDelivery notices,
    ProvisioningSignal signal,
    IManualTaskStore tasks,
    ILogger<LeaverOffboarding> logger) : IDirectoryLifecycle
{
    private const int MaxHops = 32;

    public async Task HandleAsync(DirectoryChanges changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Leavers.Count == 0) return;
        var tenant = tenants.Current;
        var leavers = changes.Leavers
            // Back in the directory by the time this runs (re-enabled): not a leaver any more.
            .Where(p => tenant.Directory.Find(p.Email) is null)
            .GroupBy(p => p.Email, PersonKey.Comparer).Select(g => g.First())
            .ToList();
        if (leavers.Count == 0) return;
        var gone = leavers.ToDictionary(p => p.Email, PersonKey.Comparer);

        // The stages waiting for a leaver, read once for the whole batch.
        var waiting = await store.RunAsync(async s =>
        {
            var found = new List<(AccessRequest Request, ApprovalStage Stage)>();
            foreach (var request in await s.Requests.ListByStatusAsync(RequestStatus.PendingApproval))
            {
                foreach (var stage in await s.Requests.GetStagesAsync(request.Id))
                {
                    if (stage.Status is StageStatus.Waiting or StageStatus.Pending && stage.Approvers.Any(gone.ContainsKey))
                        found.Add((request, stage));
                }
            }
            return found;
        }, ct);

        foreach (var leaver in leavers)
        {
            try
            {
                await OffboardAsync(tenant, leaver, gone, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One person's failure does not stop the others; the next delivery tries again.
                LogFailed(ex, leaver.Email);
            }
        }
        try
        {
            await HandOverTasksAsync(tenant, gone, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex, string.Join(", ", gone.Keys));
        }
        foreach (var (request, stage) in waiting)
        {
            try
            {
                await RerouteAsync(tenant, request, stage, gone, ct);
            }
            catch (ConflictException ex)
            {
                LogRerouteRace(request.Id, stage.Order, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, string.Join(", ", stage.Approvers));
            }
        }
    }

    private async Task OffboardAsync(Tenant tenant, Person leaver, IReadOnlyDictionary<string, Person> gone, CancellationToken ct)
    {
        var reason = $"{leaver.Name} left the directory";
        var cancelled = new List<AccessRequest>();
        var claim = new OutboxClaim();
        var told = new List<OutboxMessage>();
        var revoking = await store.RunAsync(async s =>
        {
            var started = 0;
            foreach (var grant in await s.Grants.ListActiveForPersonAsync(leaver.Email))
            {
                if (await GrantRevoker.StartInAsync(s, grant, LifecycleSubjects.System, $"leaver: {reason}")) started++;
            }
            foreach (var request in await s.Requests.ListByPersonAsync(leaver.Email))
            {
                // Provisioning is under way at the connector: it finishes, and the grant it makes is revoked with the next
                // delivery or by the reconciler; cancelling it here would leave the membership without a grant.
                if (!request.IsOpen || request.Status == RequestStatus.Provisioning) continue;
                var done = await s.Requests.TransitionAsync(request.Id, request.Status, RequestStatus.Cancelled,
                    new AuditEntry(LifecycleSubjects.System, "request.cancelled", LifecycleSubjects.Request(request.Id), $"leaver: {reason}"),
                    $"Cancelled: {reason}.");
                await s.Requests.ExpireOpenStagesAsync(request.Id);
                cancelled.Add(done);
                told.AddRange(await notices.EnqueueAllAsync(s, claim, CancelledNotices(tenant, leaver, done, gone)));
            }
            if (started + cancelled.Count > 0)
            {
                await s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "directory.leaver", LifecycleSubjects.Person(leaver.Email),
                    $"{reason}: {started} grants being revoked, {cancelled.Count} open requests cancelled"));
            }
            return started;
        }, ct);
        if (revoking > 0) signal.Wake();
        LogOffboarded(leaver.Email, revoking, cancelled.Count);

        await notices.DeliverAfterCommitAsync(claim, told);
    }

    /// <summary>The notices of a request cancelled because <paramref name="leaver"/> left, to whoever had a stake in it and is still here.</summary>
    private static IEnumerable<LifecycleNotice> CancelledNotices(Tenant tenant, Person leaver, AccessRequest request, IReadOnlyDictionary<string, Person> gone)
    {
        var entitlement = tenant.Catalog.FindEntitlement(request.EntitlementId);
        var app = entitlement is null ? null : tenant.Catalog.FindApp(entitlement.AppId);
        var name = entitlement?.Name ?? request.EntitlementId;
        // Whoever is still here and had a stake in the request: the requester who asked for the leaver, or the person
        // the leaver asked for.
        foreach (var person in new[] { request.Requester, request.Beneficiary }.Distinct(PersonKey.Comparer).Where(p => !gone.ContainsKey(p)))
        {
            var text = PersonKey.Same(request.Beneficiary, leaver.Email)
                ? $"Your request for {name} for {leaver.Name} was cancelled: {leaver.Name} has left."
                : $"The request {leaver.Name} made for your {name} was cancelled because {leaver.Name} has left; ask again if you still need it.";
            yield return new LifecycleNotice
            {
                Kind = LifecycleKind.Denied,
                RecipientEmail = person,
                EntitlementName = name,
                AppName = app?.Name ?? "",
                Scope = request.Scope,
                RequestId = request.Id,
                Text = text,
            };
        }
    }

    private async Task RerouteAsync(Tenant tenant, AccessRequest request, ApprovalStage stage, IReadOnlyDictionary<string, Person> gone, CancellationToken ct)
    {
        var leaving = stage.Approvers.Where(gone.ContainsKey).ToList();
        var successors = new List<string>();
        foreach (var email in leaving)
        {
            if (Successor(tenant, gone[email], [request.Requester, request.Beneficiary], gone) is { } next && !successors.Any(s => PersonKey.Same(s, next))) successors.Add(next);
        }
        var approvers = stage.Approvers.Where(a => !gone.ContainsKey(a))
            .Concat(successors).Distinct(PersonKey.Comparer).ToList();
        var names = string.Join(" and ", leaving.Select(e => gone[e].Name));
        if (approvers.Count == 0)
        {
            await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "approval.reroute-impossible",
                LifecycleSubjects.Request(request.Id), $"stage {stage.Order}: {names} left and nobody above them is in the directory; the request expires unless decided")), ct);
            return;
        }
        var entitlement = tenant.Catalog.FindEntitlement(request.EntitlementId);
        var who = string.Join(" or ", successors.Select(e => ApprovalViews.NameOf(tenant, e)));
        var text = successors.Count == 0
            ? $"{names}, who was to approve your request for {entitlement?.Name ?? request.EntitlementId}, has left; the other approvers still have it."
            : $"{names}, who was to approve your request for {entitlement?.Name ?? request.EntitlementId}, has left, so I asked {who} instead.";
        var claim = new OutboxClaim();
        var rerouted = await store.RunAsync(async s =>
        {
            var current = (await s.Requests.GetStagesAsync(request.Id)).FirstOrDefault(st => st.Order == stage.Order);
            if (current is not { Status: StageStatus.Waiting or StageStatus.Pending } || !current.Approvers.Any(gone.ContainsKey)) return default;
            var stageNow = await s.Requests.ReassignStageAsync(request.Id, stage.Order, current.Approvers, approvers, new AuditEntry(LifecycleSubjects.System,
                "approval.rerouted", LifecycleSubjects.Request(request.Id),
                $"stage {stage.Order}: {names} left the directory; now {string.Join(", ", approvers)}"));
            // A stage can be re-routed again when another approver leaves later: each re-route is its own notice.
            var told = await notices.EnqueueAllAsync(s, claim, LifecycleNotice.ToRequestParties(tenant.Catalog, request, LifecycleKind.Escalated, text)
                .Where(n => !gone.ContainsKey(n.RecipientEmail)), occasion: claim.Name);
            return (stage: stageNow, told);
        }, ct);
        if (rerouted.stage is null) return;
        LogRerouted(request.Id, stage.Order, string.Join(", ", approvers));

        if (rerouted.stage.Status == StageStatus.Pending) await workflow.SendStageCardsAsync(request.Id, stage.Order, ct);
        await notices.DeliverAfterCommitAsync(claim, rerouted.told);
    }

    /// <summary>
    /// Who takes a leaver's approvals: their manager, or when the manager is gone too (or is the request's requester or
    /// beneficiary, who may not approve it), the next one up, through the last records of the others who left.
    /// </summary>
    internal static string? Successor(Tenant tenant, Person leaver, IReadOnlyCollection<string> excluded, IReadOnlyDictionary<string, Person> gone)
    {
        var manager = leaver.Manager;
        for (var hops = 0; manager is not null && hops < MaxHops; hops++)
        {
            if (tenant.Directory.Find(manager) is { } present)
            {
                if (!excluded.Any(e => PersonKey.Same(e, present.Email))) return present.Email;
                manager = present.Manager;
            }
            else
            {
                manager = gone.TryGetValue(manager, out var left) ? left.Manager : null;
            }
        }
        return null;
    }

    /// <summary>
    /// Open manual tasks assigned to a leaver (an app owner who left) go to the app's owner in the catalog when that is
    /// someone still here, else up the leaver's management chain; never to the person the task is about.
    /// </summary>
    private async Task HandOverTasksAsync(Tenant tenant, IReadOnlyDictionary<string, Person> gone, CancellationToken ct)
    {
        foreach (var stored in await tasks.ListOpenAsync(ct))
        {
            var task = stored.Task;
            if (!gone.TryGetValue(task.Assignee, out var leaver)) continue;
            var owner = task.Target.AppId is { } appId ? tenant.Catalog.FindApp(appId)?.Owner : null;
            var next = owner is not null && tenant.Directory.Find(owner) is not null && !PersonKey.Same(owner, task.Target.PersonEmail)
                ? owner
                : Successor(tenant, leaver, [task.Target.PersonEmail], gone);
            if (next is null)
            {
                LogTaskStranded(task.Id, leaver.Email);
                continue;
            }
            if (!await tasks.ReassignAsync(task.Id, task.Assignee, next, ct)) continue;
            await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "manual-task.reassigned",
                LifecycleSubjects.ManualTask(task.Id), $"{leaver.Name} left the directory; \"{task.Title}\" now goes to {next}")), ct);
            if (await tasks.GetAsync(task.Id, ct) is { } moved) await SafeAsync(() => notifier.SendManualTaskAsync(ManualTaskDesk.ViewOf(moved), ct));
        }
    }

    private async Task SafeAsync(Func<Task<bool>> send)
    {
        try
        {
            await send();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Leaver {Person}: {Grants} grants being revoked, {Requests} open requests cancelled")]
    private partial void LogOffboarded(string person, int grants, int requests);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} stage {Stage} re-routed to {Approvers}: an approver left")]
    private partial void LogRerouted(Guid requestId, int stage, string approvers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} stage {Stage} was changed while re-routing it: {Reason}")]
    private partial void LogRerouteRace(Guid requestId, int stage, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Manual task {TaskId} was {Leaver}'s, and nobody still here can take it; it waits in `igabot`")]
    private partial void LogTaskStranded(Guid taskId, string leaver);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the leaver {Person} failed; the next delivery tries again")]
    private partial void LogFailed(Exception ex, string person);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A leaver notice could not be delivered")]
    private partial void LogDeliveryFailed(Exception ex);
}
