using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;

namespace IgaBot.Bot.Playground;

public sealed record AdminSnapshot(
    DateTimeOffset Now,
    IReadOnlyList<AdminRequest> Requests,
    IReadOnlyList<AdminGrant> Grants,
    IReadOnlyList<AdminTask> Tasks,
    AdminAudit Audit);

/// <summary>A manual provisioning task nobody has answered yet.</summary>
public sealed record AdminTask(Guid Id, string Title, string Assignee, string Operation, DateTimeOffset CreatedAt);

public sealed record AdminRequest(
    Guid Id, DateTimeOffset CreatedAt, string Requester, string Beneficiary, string Entitlement, string? Scope,
    string Duration, string Status, string? Outcome, string Trace, IReadOnlyList<AdminStage> Stages);

public sealed record AdminStage(int Order, string Step, string Status, string Approvers, string? DecidedBy);

public sealed record AdminGrant(
    Guid Id, string Person, string Entitlement, string? Scope, DateTimeOffset GrantedAt, DateTimeOffset? ExpiresAt,
    string Status, Guid? RequestId, DateTimeOffset? EndedAt, string? EndedBy, string? EndReason);

public sealed record AdminAudit(bool Verified, string? Problem, long Count, IReadOnlyList<AdminAuditEvent> Events);

public sealed record AdminAuditEvent(long Sequence, DateTimeOffset At, string Actor, string Action, string Subject, string? Detail);

/// <summary>
/// What the playground shows about the bot's state, read through the storage ports (<see cref="IIgaStore"/>)
/// in one read transaction per call. Without a registered store there is nothing to show.
/// </summary>
internal sealed class PlaygroundReader(IServiceProvider services, ITenantAccessor tenant, TimeProvider time)
{
    private const int MaxRequests = 200;
    private const int MaxAuditEvents = 200;
    private const int AuditPage = 1000;

    public bool HasStore => services.GetService<IIgaStore>() is not null;

    /// <summary>How many approval stages wait for each approver (email, case-insensitive).</summary>
    public async Task<IReadOnlyDictionary<string, int>> WaitingApprovalsAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        if (services.GetService<IIgaStore>() is not { } store) return counts;
        var stages = await store.RunAsync(session => session.Requests.ListPendingStagesAsync(), ct);
        foreach (var approver in stages.Where(s => s.Status == StageStatus.Pending).SelectMany(s => s.Approvers.Distinct(StringComparer.OrdinalIgnoreCase)))
            counts[approver] = counts.GetValueOrDefault(approver) + 1;
        return counts;
    }

    /// <summary>How many manual provisioning tasks wait for each app owner (email, case-insensitive).</summary>
    public async Task<IReadOnlyDictionary<string, int>> OpenTasksAsync(CancellationToken ct)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var task in await ListOpenTasksAsync(ct)) counts[task.Task.Assignee] = counts.GetValueOrDefault(task.Task.Assignee) + 1;
        return counts;
    }

    private async Task<IReadOnlyList<StoredManualTask>> ListOpenTasksAsync(CancellationToken ct) =>
        services.GetService<IManualTaskStore>() is { } tasks ? await tasks.ListOpenAsync(ct) : [];

    public async Task<AdminSnapshot?> AdminAsync(CancellationToken ct)
    {
        if (services.GetService<IIgaStore>() is not { } store) return null;
        var current = tenant.Current;
        string Name(string email) => current.Directory.Find(email)?.Name ?? email;
        string Entitlement(string id) => current.Catalog.FindEntitlement(id) is { } e ? $"{current.Catalog.AppOf(e).Name}: {e.Name}" : id;
        var tasks = (await ListOpenTasksAsync(ct))
            .Select(t => new AdminTask(t.Task.Id, t.Task.Title, Name(t.Task.Assignee), t.Task.Operation.ToString(), t.Task.CreatedAt)).ToList();

        return await store.RunAsync(async session =>
        {
            var requests = new List<AccessRequest>();
            foreach (var status in Enum.GetValues<RequestStatus>()) requests.AddRange(await session.Requests.ListByStatusAsync(status));
            var shown = new List<AdminRequest>();
            foreach (var request in requests.OrderByDescending(r => r.CreatedAt).Take(MaxRequests))
            {
                var stages = await session.Requests.GetStagesAsync(request.Id);
                shown.Add(new AdminRequest(
                    request.Id, request.CreatedAt, Name(request.Requester), Name(request.Beneficiary), Entitlement(request.EntitlementId),
                    Shown(request.Scope), request.Duration is { } d ? Durations.Describe(d) : "permanent", request.Status.ToString(), Shown(request.Outcome),
                    DisplayText.Neutralize(request.Trace),
                    stages.Select(s => new AdminStage(s.Order, s.Step, s.Status.ToString(), string.Join(", ", s.Approvers.Select(Name)),
                        s.DecidedBy is null ? null : Name(s.DecidedBy))).ToList()));
            }

            // Grants that came from requests; the directory's initial access (imported as permanent grants) would bury them.
            var grants = new List<Grant>();
            foreach (var person in current.Directory.People) grants.AddRange((await session.Grants.ListForPersonAsync(person.Email)).Where(g => g.RequestId is not null));
            var shownGrants = grants.OrderByDescending(g => g.GrantedAt).Select(g => new AdminGrant(
                g.Id, Name(g.Person), Entitlement(g.EntitlementId), g.Scope, g.GrantedAt, g.ExpiresAt, g.Status.ToString(), g.RequestId,
                g.EndedAt, g.EndedBy is null ? null : Name(g.EndedBy), g.EndReason)).ToList();

            var verification = await session.Audit.VerifyAsync();
            var tail = new Queue<AdminAuditEvent>();
            for (long from = 1; ; )
            {
                var page = await session.Audit.ListAsync(fromSequence: from, limit: AuditPage);
                foreach (var e in page)
                {
                    tail.Enqueue(new AdminAuditEvent(e.Sequence, e.At, DisplayText.Neutralize(e.Actor), e.Action, DisplayText.Neutralize(e.Subject), Shown(e.Detail)));
                    if (tail.Count > MaxAuditEvents) tail.Dequeue();
                }
                if (page.Count < AuditPage) break;
                from = page[^1].Sequence + 1;
            }
            var audit = new AdminAudit(verification.IsIntact, verification.IsIntact ? null : verification.Message, verification.RowsChecked, tail.Reverse().ToList());
            return new AdminSnapshot(time.GetUtcNow(), shown, shownGrants, tasks, audit);
        }, ct);
    }

    // People's words in the admin view pass the same neutralising as every channel (bidi overrides, control characters).
    private static string? Shown(string? text) => text is null ? null : DisplayText.Neutralize(text);
}
