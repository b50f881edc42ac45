using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using IgaBot.Core.People;

namespace IgaBot.Bot.AdminConsole;

internal sealed record RequestRow(AccessRequest Request, App? App, Entitlement? Entitlement, IReadOnlyList<ApprovalStage> Stages);

internal sealed record GrantRow(Grant Grant, App? App, Entitlement? Entitlement);

/// <summary>
/// What the console reads, through the storage ports (<see cref="IIgaStore"/>), already cut down to what the viewer may
/// see: admins everything, app owners their apps. Lists are capped; the page says when more matched.
/// </summary>
internal sealed class ConsoleReader(IIgaStore store, ITenantAccessor tenants)
{
    public const int MaxRows = 300;
    private const int AuditPage = 1000;

    public Tenant Tenant => tenants.Current;

    public (App? App, Entitlement? Entitlement) Resolve(string entitlementId)
    {
        var entitlement = Tenant.Catalog.FindEntitlement(entitlementId);
        return (entitlement is null ? null : Tenant.Catalog.FindApp(entitlement.AppId), entitlement);
    }

    public string Name(string email) => Tenant.Directory.Find(email)?.Name ?? email;

    /// <summary>Requests newest first, filtered by status, app and person (requester or beneficiary), with their stages.</summary>
    public async Task<(IReadOnlyList<RequestRow> Rows, int Matched)> RequestsAsync(ConsoleViewer viewer, RequestStatus? status, string? app, string? person, CancellationToken ct)
    {
        return await store.RunAsync(async s =>
        {
            var found = new List<AccessRequest>();
            foreach (var st in status is { } one ? [one] : Enum.GetValues<RequestStatus>()) found.AddRange(await s.Requests.ListByStatusAsync(st));
            var matched = found
                .Select(r => (Request: r, Resolved: Resolve(r.EntitlementId)))
                .Where(r => viewer.MaySeeApp(r.Resolved.App?.Id))
                .Where(r => string.IsNullOrEmpty(app) || string.Equals(r.Resolved.App?.Id, app, StringComparison.OrdinalIgnoreCase))
                .Where(r => string.IsNullOrEmpty(person) || PersonKey.Same(r.Request.Requester, person) || PersonKey.Same(r.Request.Beneficiary, person))
                .OrderByDescending(r => r.Request.CreatedAt)
                .ToList();
            var rows = new List<RequestRow>();
            foreach (var (request, (a, e)) in matched.Take(MaxRows)) rows.Add(new RequestRow(request, a, e, await s.Requests.GetStagesAsync(request.Id)));
            return ((IReadOnlyList<RequestRow>)rows, matched.Count);
        }, ct);
    }

    /// <summary>
    /// Grants the viewer may see: the active ones (soonest end first), or with <paramref name="status"/> any other state
    /// (read person by person, newest first). Filtered by app and person.
    /// </summary>
    public async Task<(IReadOnlyList<GrantRow> Rows, int Matched, DateTimeOffset Now)> GrantsAsync(ConsoleViewer viewer, GrantStatus? status, string? app, string? person, CancellationToken ct)
    {
        var people = string.IsNullOrEmpty(person) ? Tenant.Directory.People.Select(p => p.Email).ToList() : [person.Trim()];
        return await store.RunAsync(async s =>
        {
            var found = new List<Grant>();
            if (status is GrantStatus.Active or null)
            {
                found.AddRange(string.IsNullOrEmpty(person) ? await s.Grants.ListActiveAsync() : await s.Grants.ListActiveForPersonAsync(person.Trim()));
            }
            else
            {
                foreach (var p in people) found.AddRange((await s.Grants.ListForPersonAsync(p)).Where(g => g.Status == status));
            }
            var matched = found
                .Select(g => new GrantRow(g, Resolve(g.EntitlementId).App, Resolve(g.EntitlementId).Entitlement))
                .Where(g => viewer.MaySeeApp(g.App?.Id))
                .Where(g => string.IsNullOrEmpty(app) || string.Equals(g.App?.Id, app, StringComparison.OrdinalIgnoreCase))
                .OrderBy(g => g.Grant.Status == GrantStatus.Active ? g.Grant.ExpiresAt ?? DateTimeOffset.MaxValue : DateTimeOffset.MaxValue)
                .ThenByDescending(g => g.Grant.GrantedAt)
                .ToList();
            return ((IReadOnlyList<GrantRow>)matched.Take(MaxRows).ToList(), matched.Count, s.Now);
        }, ct);
    }

    public Task<Grant?> GrantAsync(Guid id, CancellationToken ct) => store.RunAsync(s => s.Grants.GetAsync(id), ct);

    /// <summary>Active holders per entitlement id.</summary>
    public async Task<ILookup<string, Grant>> HoldersAsync(CancellationToken ct)
    {
        var active = await store.RunAsync(s => s.Grants.ListActiveAsync(), ct);
        return active.ToLookup(g => g.EntitlementId, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Who would be asked to approve <paramref name="entitlement"/> for <paramref name="person"/> if they asked now: the
    /// policy engine's own decision on their and their peers' access and their open requests, nothing stored.
    /// </summary>
    public async Task<PolicyDecision> PreviewAsync(Core.People.Person person, Entitlement entitlement, string? scope, CancellationToken ct)
    {
        var tenant = Tenant;
        var people = tenant.Directory.PeersOf(person).Select(p => p.Email).Append(person.Email).ToList();
        var (active, open, now) = await store.RunAsync(async s =>
            (await s.Grants.ListActiveForPeopleAsync(people), await s.Requests.ListOpenForBeneficiaryAsync(person.Email), s.Now), ct);
        var snapshot = new AccessSnapshot(
            [.. active.Select(g => new Holding(g.Person, g.EntitlementId, g.Scope, g.ExpiresAt))],
            [.. open.Select(r => new Holding(r.Beneficiary, r.EntitlementId, r.Scope))]);
        var duration = entitlement.DefaultDuration ?? entitlement.MaxDuration;
        return PolicyEngine.Evaluate(
            new PolicyRequest(person, person, entitlement, scope, duration is { } d ? DurationRequest.Of(d) : DurationRequest.Permanent, "Preview in the console: who would be asked."),
            tenant, snapshot, now);
    }

    /// <summary>
    /// The audit rows whose actor, action, subject or detail contain <paramref name="search"/> (all when empty), newest
    /// first, at most <paramref name="limit"/>; and how many matched.
    /// </summary>
    public async Task<(IReadOnlyList<AuditEvent> Rows, long Matched)> AuditAsync(string? search, int limit, CancellationToken ct)
    {
        var shown = new Queue<AuditEvent>();
        long matched = 0;
        await EachAuditRowAsync(search, e =>
        {
            matched++;
            shown.Enqueue(e);
            if (shown.Count > limit) shown.Dequeue();
        }, ct);
        return (shown.Reverse().ToList(), matched);
    }

    /// <summary>Every audit row that matches <paramref name="search"/>, in sequence order, page by page.</summary>
    public async Task EachAuditRowAsync(string? search, Action<AuditEvent> row, CancellationToken ct)
    {
        var term = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        for (long from = 1; ;)
        {
            var page = await store.RunAsync(s => s.Audit.ListAsync(fromSequence: from, limit: AuditPage), ct);
            foreach (var e in page.Where(e => term is null || Matches(e, term))) row(e);
            if (page.Count < AuditPage) return;
            from = page[^1].Sequence + 1;
        }
    }

    public Task<AuditVerification> VerifyAuditAsync(CancellationToken ct) => store.RunAsync(s => s.Audit.VerifyAsync(), ct);

    public Task<IReadOnlyList<AuditEvent>> AuditAboutAsync(string subject, CancellationToken ct) => store.RunAsync(s => s.Audit.ListAsync(subject), ct);

    public Task<IReadOnlyList<OutboxMessage>> DeadOutboxAsync(CancellationToken ct) => store.RunAsync(s => s.Outbox.ListDeadAsync(), ct);

    private static bool Matches(AuditEvent e, string term) =>
        e.Actor.Contains(term, StringComparison.OrdinalIgnoreCase) || e.Action.Contains(term, StringComparison.OrdinalIgnoreCase)
        || e.Subject.Contains(term, StringComparison.OrdinalIgnoreCase) || (e.Detail?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false);

}
