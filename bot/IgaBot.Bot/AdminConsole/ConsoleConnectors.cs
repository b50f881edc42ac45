using System.Text;
using IgaBot.Core;
using IgaBot.Core.Provisioning;
using Quartz;
using static IgaBot.Bot.AdminConsole.ConsoleLayout;

namespace IgaBot.Bot.AdminConsole;

/// <summary>
/// The connectors the catalog's apps name: their type, a live read of one of their groups (health), when the
/// reconciler last ran, the unmanaged access it found (members of a target group that no grant explains, from the
/// audit trail), and provisioning that gave up. Admins only.
/// </summary>
internal static class ConsoleConnectors
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public static async Task<IResult> PageAsync(HttpContext context, ConsoleReader reader, ConnectorRegistry connectors, IServiceProvider services, CancellationToken ct)
    {
        var viewer = context.Viewer();
        if (ConsolePages.AdminsOnly(context, viewer) is { } refused) return refused;
        var tenant = reader.Tenant;
        var body = new StringBuilder();

        var lastReconcile = await LastReconcileAsync(services, ct);
        body.Append($"<p data-testid=\"last-reconcile\">Last reconcile: {(lastReconcile is { } at ? Time(at) : "not run yet on this scheduler")}.</p>");

        body.Append("<div class=\"table-wrap\"><table data-testid=\"connectors\"><caption>Connectors named by the catalog</caption>");
        body.Append("<thead><tr><th scope=\"col\">Connector</th><th scope=\"col\">Type</th><th scope=\"col\">Apps</th><th scope=\"col\">Health</th><th scope=\"col\">Unmanaged access (drift)</th></tr></thead><tbody>");
        foreach (var group in tenant.Catalog.Apps.GroupBy(a => a.Connector, StringComparer.OrdinalIgnoreCase))
        {
            var connector = connectors.ForName(group.Key);
            var configured = connectors.ConfiguredNames.Contains(group.Key, StringComparer.OrdinalIgnoreCase);
            var targets = group.SelectMany(a => a.Entitlements).SelectMany(e => (e.Scope?.Options.Select(o => (string?)o) ?? [null]).Select(o => Group(e, o))).OfType<string>().Distinct().ToList();
            var health = connector.CanListMembers ? await ProbeAsync(connector, targets.FirstOrDefault(), ct) : "<span class=\"muted\">manual: app owners make the changes</span>";
            var drift = new List<string>();
            foreach (var target in targets)
                foreach (var e in await reader.AuditAboutAsync(LifecycleSubjects.Target(connector.Name, target), ct))
                    if (e.Action == "reconcile.drift") drift.Add($"{Time(e.At)} {E(e.Detail)}");
            body.Append($"""
                <tr data-connector="{E(group.Key)}"><th scope="row">{E(group.Key)}</th>
                <td>{E(connector.Type)}{(configured ? "" : " <span class=\"muted\">(not configured: falls back to manual)</span>")}</td>
                <td>{E(string.Join(", ", group.Select(a => a.Name)))}</td><td>{health}</td>
                <td>{(drift.Count == 0 ? "<span class=\"muted\">none found</span>" : $"<ul>{string.Concat(drift.TakeLast(20).Select(d => $"<li>{d}</li>"))}</ul>")}</td></tr>
                """);
        }
        body.Append("</tbody></table></div>");

        var dead = await reader.DeadOutboxAsync(ct);
        body.Append($"<h2>Provisioning that gave up</h2>");
        body.Append(dead.Count == 0
            ? "<p class=\"muted\">None: every change reached its target or a person.</p>"
            : $"<ul>{string.Concat(dead.Select(d => $"<li>{Time(d.CreatedAt)} {E(d.Kind)} after {d.Attempts} attempts: {E(d.LastError)}</li>"))}</ul>");
        return Page(context, viewer, "Connectors", body.ToString());
    }

    private static string? Group(Core.Catalog.Entitlement entitlement, string? scope)
    {
        try { return ProvisioningTarget.GroupFor(entitlement, scope); }
        catch (InvalidInputException) { return null; }
    }

    /// <summary>Reads one group's members, bounded in time: the connector answers, or why not.</summary>
    private static async Task<string> ProbeAsync(IConnector connector, string? group, CancellationToken ct)
    {
        if (group is null) return "<span class=\"muted\">no group to read</span>";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            var members = await connector.ListMembersAsync(group, timeout.Token);
            return $"<span class=\"ok\">answers</span> ({E(group)}: {members.Count} member{(members.Count == 1 ? "" : "s")})";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"<span class=\"bad\">no answer within {ProbeTimeout.TotalSeconds:0} s</span>";
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or NotSupportedException)
        {
            return $"<span class=\"bad\">failing</span>: {E(e.Message)}";
        }
    }

    private static async Task<DateTimeOffset?> LastReconcileAsync(IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory) return null;
        var scheduler = await factory.GetScheduler(ct);
        var trigger = await scheduler.GetTrigger(new TriggerKey("reconcile", "lifecycle"), ct);
        return trigger?.PreviousFireTimeUtc;
    }
}
