using IgaBot.Core.Audit;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace IgaBot.Core.Grants;

public enum DriftKind
{
    /// <summary>The target system has a member that no active grant explains.</summary>
    UnexplainedMember,
    /// <summary>An active grant whose person is missing from the target system.</summary>
    MissingFromTarget,
}

public sealed record Drift(DriftKind Kind, string Connector, string Group, string Person, string EntitlementId, string? Scope, Guid? GrantId);

public sealed record ReconcileReport(int TriggersRecreated, IReadOnlyList<Drift> Drift, IReadOnlyList<string> Unreadable);

/// <summary>
/// Compares the grants with the world: every active grant with an end has a revoke trigger (missing ones
/// are made again), and each connector that can list members agrees with the grants (drift is audited and
/// logged, never "fixed" silently: a person decides).
/// </summary>
public sealed partial class GrantReconciler(
    IIgaStore store,
    ITenantAccessor tenants,
    ConnectorRegistry connectors,
    IRevokeScheduler revokes,
    ILogger<GrantReconciler> logger)
{
    public async Task<ReconcileReport> RunAsync(CancellationToken ct)
    {
        var tenant = tenants.Current;
        var active = await store.RunAsync(s => s.Grants.ListActiveAsync(), ct);

        var recreated = 0;
        foreach (var grant in active)
        {
            if (grant.ExpiresAt is not { } end) continue;
            if (await revokes.NextFireAsync(grant.Id, ct) is not null) continue;
            await revokes.ScheduleAsync(grant.Id, end, ct);
            recreated++;
            LogRecreated(grant.Id, end);
        }

        var drift = new List<Drift>();
        var unreadable = new List<string>();
        foreach (var (connector, entitlement, option, group) in connectors.ListableGroups(tenant.Catalog))
        {
            IReadOnlyList<string> members;
            try
            {
                members = await connector.ListMembersAsync(group, ct);
            }
            catch (Exception ex) when (ex is ConnectorException or HttpRequestException or NotSupportedException)
            {
                unreadable.Add($"{connector.Name}:{group}");
                LogUnreadable(connector.Name, group, ex.Message);
                continue;
            }
            var holders = active.Where(g => string.Equals(g.EntitlementId, entitlement.Id, StringComparison.OrdinalIgnoreCase)
                && string.Equals(g.Scope ?? "", option ?? "", StringComparison.OrdinalIgnoreCase)).ToList();
            var memberSet = members.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var holderSet = holders.Select(h => h.Person).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var member in memberSet.Where(m => !holderSet.Contains(m)).Order(StringComparer.OrdinalIgnoreCase))
                drift.Add(new Drift(DriftKind.UnexplainedMember, connector.Name, group, member, entitlement.Id, option, null));
            foreach (var holder in holders.Where(h => !memberSet.Contains(h.Person)))
                drift.Add(new Drift(DriftKind.MissingFromTarget, connector.Name, group, holder.Person, entitlement.Id, option, holder.Id));
        }

        if (drift.Count > 0)
        {
            await store.RunAsync(async s =>
            {
                foreach (var d in drift)
                {
                    var subject = d.GrantId is { } id ? LifecycleSubjects.Grant(id) : LifecycleSubjects.Target(d.Connector, d.Group);
                    var detail = d.Kind == DriftKind.UnexplainedMember
                        ? $"{d.Person} is a member of {d.Group} ({d.Connector}) but holds no grant of {d.EntitlementId}{(d.Scope is null ? "" : $":{d.Scope}")}"
                        : $"{d.Person} holds {d.EntitlementId}{(d.Scope is null ? "" : $":{d.Scope}")} but is not a member of {d.Group} ({d.Connector})";
                    await s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "reconcile.drift", subject, detail));
                    LogDrift(d.Kind, d.Connector, d.Group, d.Person);
                }
            }, ct);
        }
        return new ReconcileReport(recreated, drift, unreadable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Grant {GrantId} had no revoke trigger; made one for {ExpiresAt}")]
    private partial void LogRecreated(Guid grantId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Drift {Kind} in {Connector} group {Group}: {Person}")]
    private partial void LogDrift(DriftKind kind, string connector, string group, string person);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciler could not read {Connector} group {Group}: {Reason}")]
    private partial void LogUnreadable(string connector, string group, string reason);
}
