using System.Globalization;
using System.Text;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using Microsoft.Extensions.Options;
using static IgaBot.Bot.AdminConsole.ConsoleLayout;
using IgaBot.Core.People;

namespace IgaBot.Bot.AdminConsole;

/// <summary>
/// The console's pages, server-rendered: requests, grants (revoke, extend), manual tasks, the catalog (holders, the
/// approver preview), the audit trail (search, chain status, export), connectors, and the approval analytics (<see cref="ConsoleAnalytics"/>). Changes
/// are POST forms handled in <see cref="ConsoleActions"/>; the group's filter has already signed the viewer in,
/// refused strangers and checked the anti-forgery token.
/// </summary>
internal static class ConsolePages
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("", Overview);
        console.MapGet("/requests", RequestsAsync);
        console.MapGet("/grants", GrantsAsync);
        console.MapGet("/tasks", TasksAsync);
        console.MapGet("/catalog", CatalogAsync);
        console.MapGet("/audit", AuditAsync);
        console.MapGet("/audit/export", ConsoleExport.AuditAsync);
        console.MapGet("/connectors", ConsoleConnectors.PageAsync);
        ConsoleAnalytics.Map(console);
        ConsoleActions.Map(console);
    }

    private static IResult Overview(HttpContext context)
    {
        var viewer = context.Viewer();
        var links = string.Concat(Nav.Where(n => viewer.IsAdmin || !n.AdminsOnly).Select(n => $"<li><a href=\"{E(n.Path)}\">{E(n.Label)}</a></li>"));
        var scope = viewer.IsAdmin ? "You are an admin: you see every app." : $"You own {viewer.OwnedApps.Count} app{(viewer.OwnedApps.Count == 1 ? "" : "s")}: you see their requests, grants, tasks and catalog entries.";
        return Page(context, viewer, "Overview", $"<p>{E(scope)}</p><ul>{links}</ul>");
    }

    /// <summary>Answers 403 in the layout when an app owner opens an admins-only page.</summary>
    internal static IResult? AdminsOnly(HttpContext context, ConsoleViewer viewer) => viewer.IsAdmin ? null
        : Page(context, viewer, "Admins only", "<p role=\"alert\">This page is for console admins (<code>Console:Admins</code>); app owners see their apps' requests, grants, tasks and catalog.</p>", StatusCodes.Status403Forbidden);

    private static IEnumerable<(string, string)> AppOptions(ConsoleReader reader, ConsoleViewer viewer) =>
        reader.Tenant.Catalog.Apps.Where(a => viewer.MaySeeApp(a.Id)).Select(a => (a.Id, a.Name));

    private static IEnumerable<(string, string)> PeopleOptions(ConsoleReader reader) =>
        reader.Tenant.Directory.People.OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Select(p => (p.Email, $"{p.Name} ({p.Email})"));

    private static string Invalid(string what) => $"<p class=\"error\" role=\"alert\">{E(what)}</p>";

    private static async Task<IResult> RequestsAsync(HttpContext context, ConsoleReader reader, string? status, string? app, string? person, CancellationToken ct)
    {
        var viewer = context.Viewer();
        RequestStatus? wanted = null;
        var problem = "";
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<RequestStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) wanted = parsed;
            else problem = Invalid($"'{status}' is not a request status; showing every status.");
        }
        var (rows, matched) = await reader.RequestsAsync(viewer, wanted, app, person, ct);
        var filters = $"""
            <form class="filters" method="get" action="{Root}/requests" aria-label="Filter requests">
              <div>{Select("status", "Status", wanted?.ToString(), Enum.GetNames<RequestStatus>().Select(n => (n, n)))}</div>
              <div>{Select("app", "App", app, AppOptions(reader, viewer))}</div>
              <div>{Select("person", "Person (asked or for)", person, PeopleOptions(reader))}</div>
              <div><button type="submit">Filter</button></div>
            </form>
            """;
        var body = new StringBuilder(filters).Append(problem);
        body.Append($"<div class=\"table-wrap\"><table data-testid=\"requests\"><caption>{Count(rows.Count, matched, "request")}, newest first</caption>");
        body.Append("<thead><tr><th scope=\"col\">Created</th><th scope=\"col\">For</th><th scope=\"col\">Asked by</th><th scope=\"col\">Access</th><th scope=\"col\">Duration</th><th scope=\"col\">Status</th><th scope=\"col\">Stages and policy trace</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var r = row.Request;
            var stages = string.Concat(row.Stages.Select(s =>
                $"<li>{E(s.Step)}: <span class=\"status status-{E(s.Status.ToString())}\">{E(s.Status.ToString())}</span> — {E(string.Join(", ", s.Approvers.Select(reader.Name)))}{(s.DecidedBy is null ? "" : $"; decided by {E(reader.Name(s.DecidedBy))}{(s.DecidedAt is { } at ? $" {Time(at)}" : "")}")}</li>"));
            var trace = string.Concat(DisplayText.Neutralize(r.Trace).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"<li>{E(l)}</li>"));
            body.Append($"""
                <tr data-request="{r.Id}" data-app="{E(row.App?.Id)}">
                <td>{Time(r.CreatedAt)}</td><td>{E(reader.Name(r.Beneficiary))}</td><td>{E(reader.Name(r.Requester))}</td>
                <td>{E(Label(row.App?.Name, row.Entitlement?.Name ?? r.EntitlementId, r.Scope))}{(r.ExtendsGrantId is null ? "" : " <span class=\"muted\">(extension)</span>")}</td>
                <td>{E(r.Duration is { } d ? Durations.Describe(d) : "permanent")}</td>
                <td><span class="status status-{E(r.Status.ToString())}">{E(r.Status.ToString())}</span>{(r.Outcome is null ? "" : $"<br><span class=\"muted\">{E(DisplayText.Neutralize(r.Outcome))}</span>")}</td>
                <td><details><summary>{row.Stages.Count} stage{(row.Stages.Count == 1 ? "" : "s")}, trace</summary>
                  {(row.Stages.Count == 0 ? "<p class=\"muted\">No approval stages.</p>" : $"<ol class=\"stages\">{stages}</ol>")}
                  <p class="muted">Policy trace:</p><ul class="trace">{trace}</ul>
                  <p class="muted">Reason given: {E(DisplayText.Neutralize(r.Justification ?? "none"))}</p></details></td>
                </tr>
                """);
        }
        body.Append("</tbody></table></div>");
        return Page(context, viewer, "Requests", body.ToString());
    }

    private static async Task<IResult> GrantsAsync(HttpContext context, ConsoleReader reader, string? status, string? app, string? person, CancellationToken ct)
    {
        var viewer = context.Viewer();
        GrantStatus? wanted = GrantStatus.Active;
        var problem = "";
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<GrantStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)) wanted = parsed;
            else problem = Invalid($"'{status}' is not a grant status; showing active grants.");
        }
        var (rows, matched, now) = await reader.GrantsAsync(viewer, wanted, app, person, ct);
        var token = Antiforgery(context);
        var extensions = new[] { TimeSpan.FromHours(1), TimeSpan.FromHours(8), TimeSpan.FromDays(1), TimeSpan.FromDays(7), TimeSpan.FromDays(30) };
        var body = new StringBuilder($"""
            <form class="filters" method="get" action="{Root}/grants" aria-label="Filter grants">
              <div>{Select("status", "Status", wanted?.ToString(), Enum.GetNames<GrantStatus>().Select(n => (n, n)), any: "")}</div>
              <div>{Select("app", "App", app, AppOptions(reader, viewer))}</div>
              <div>{Select("person", "Person", person, PeopleOptions(reader))}</div>
              <div><button type="submit">Filter</button></div>
            </form>
            """).Append(problem);
        body.Append($"<div class=\"table-wrap\"><table data-testid=\"grants\"><caption>{Count(rows.Count, matched, $"{wanted} grant")}{(wanted == GrantStatus.Active ? ", soonest end first" : "")}</caption>");
        body.Append("<thead><tr><th scope=\"col\">Person</th><th scope=\"col\">Access</th><th scope=\"col\">Granted</th><th scope=\"col\">Ends</th><th scope=\"col\">Time left</th><th scope=\"col\">Status</th><th scope=\"col\">Actions</th></tr></thead><tbody>");
        foreach (var row in rows)
        {
            var g = row.Grant;
            var label = Label(row.App?.Name, row.Entitlement?.Name ?? g.EntitlementId, g.Scope);
            var who = reader.Name(g.Person);
            var left = g.Status != GrantStatus.Active ? "" : g.ExpiresAt is not { } end ? "permanent" : end <= now ? "overdue" : Durations.Describe(Round(end - now));
            var actions = g.Status is GrantStatus.Active or GrantStatus.RevokeFailed
                ? $"""
                  <form method="post" action="{Root}/grants/{g.Id}/revoke" aria-label="Revoke {E(label)} from {E(who)}">{token}
                    <label class="visually-hidden" for="r-{g.Id}">Reason for revoking</label>
                    <input type="text" id="r-{g.Id}" name="reason" required placeholder="Reason" maxlength="500">
                    <button type="submit" class="danger">{(g.Status == GrantStatus.RevokeFailed ? "Retry revoke" : "Revoke")}</button></form>
                  {(g.Status == GrantStatus.Active && g.ExpiresAt is not null ? $"""
                  <form method="post" action="{Root}/grants/{g.Id}/extend" aria-label="Extend {E(label)} for {E(who)}">{token}
                    <label class="visually-hidden" for="x-{g.Id}">Extend by</label>
                    <select id="x-{g.Id}" name="by">{string.Concat(extensions.Where(x => row.Entitlement?.MaxDuration is not { } max || x <= max).Select(x => $"<option value=\"{Durations.ToIso(x)}\">{E(Durations.Describe(x))}</option>"))}</select>
                    <label class="visually-hidden" for="xr-{g.Id}">Reason for extending</label>
                    <input type="text" id="xr-{g.Id}" name="reason" required placeholder="Reason" maxlength="500">
                    <button type="submit">Extend</button></form>
                  """ : "")}
                  """
                : E(g.EndReason is null ? "" : $"{g.EndReason}{(g.EndedBy is null ? "" : $" ({reader.Name(g.EndedBy)})")}");
            body.Append($"""
                <tr data-grant="{g.Id}" data-status="{g.Status}" data-app="{E(row.App?.Id)}">
                <td>{E(who)}</td><td>{E(label)}</td><td>{Time(g.GrantedAt)}</td><td>{(g.ExpiresAt is null ? "never" : Time(g.ExpiresAt))}</td>
                <td>{E(left)}</td><td><span class="status status-{g.Status}">{g.Status}</span></td><td>{actions}</td></tr>
                """);
        }
        body.Append("</tbody></table></div>");
        return Page(context, viewer, "Grants", body.ToString());
    }

    private static async Task<IResult> TasksAsync(HttpContext context, ConsoleReader reader, ManualTaskDesk desk, CancellationToken ct)
    {
        var viewer = context.Viewer();
        var open = (await desk.ListOpenAsync(ct))
            .Where(t => viewer.MaySeeApp(t.Task.Target.AppId) || PersonKey.Same(t.Task.Assignee, viewer.Email))
            .ToList();
        var token = Antiforgery(context);
        var body = new StringBuilder("<p>Changes in apps without a connector, waiting for their owners to make them by hand. Only the person a task is assigned to can answer it.</p>");
        body.Append($"<div class=\"table-wrap\"><table data-testid=\"tasks\"><caption>{open.Count} open task{(open.Count == 1 ? "" : "s")}, oldest first</caption>");
        body.Append("<thead><tr><th scope=\"col\">Created</th><th scope=\"col\">Task</th><th scope=\"col\">Assigned to</th><th scope=\"col\">Answer</th></tr></thead><tbody>");
        foreach (var stored in open)
        {
            var t = stored.Task;
            var answer = PersonKey.Same(t.Assignee, viewer.Email)
                ? $"""
                  <form method="post" action="{Root}/tasks/{t.Id}/done" aria-label="Mark done: {E(t.Title)}">{token}<button type="submit">Done</button></form>
                  <form method="post" action="{Root}/tasks/{t.Id}/cannot" aria-label="Cannot do: {E(t.Title)}">{token}
                    <label class="visually-hidden" for="c-{t.Id}">Why it cannot be done</label>
                    <input type="text" id="c-{t.Id}" name="reason" required placeholder="Why not" maxlength="500"><button type="submit">Can't do</button></form>
                  """
                : "<span class=\"muted\">waiting for the assignee</span>";
            body.Append($"<tr data-task=\"{t.Id}\"><td>{Time(t.CreatedAt)}</td><td>{E(DisplayText.Neutralize(t.Title))}</td><td>{E(reader.Name(t.Assignee))}</td><td>{answer}</td></tr>");
        }
        body.Append("</tbody></table></div>");
        return Page(context, viewer, "Manual tasks", body.ToString());
    }

    private static async Task<IResult> CatalogAsync(HttpContext context, ConsoleReader reader, string? app, string? person, string? entitlement, string? scope, CancellationToken ct)
    {
        var viewer = context.Viewer();
        var catalog = reader.Tenant.Catalog;
        var apps = catalog.Apps.Where(a => viewer.MaySeeApp(a.Id) && (string.IsNullOrEmpty(app) || string.Equals(a.Id, app, StringComparison.OrdinalIgnoreCase))).ToList();
        var holders = await reader.HoldersAsync(ct);
        var entitlementOptions = catalog.Apps.Where(a => viewer.MaySeeApp(a.Id)).SelectMany(a => a.Entitlements.Select(e => (e.Id, $"{a.Name}: {e.Name}")));
        var body = new StringBuilder();

        // The preview: what the policy engine would decide if this person asked now.
        body.Append($"""
            <section aria-labelledby="preview-title"><h2 id="preview-title">Who would be asked to approve?</h2>
            <form class="filters" method="get" action="{Root}/catalog" aria-label="Approver preview">
              <div>{Select("person", "For", person, PeopleOptions(reader), any: "Choose a person")}</div>
              <div>{Select("entitlement", "Access", entitlement, entitlementOptions, any: "Choose access")}</div>
              <div><label for="f-scope">Scope (if it has one)</label><input type="text" id="f-scope" name="scope" value="{E(scope)}"></div>
              <div><button type="submit">Preview</button></div>
            </form>
            """);
        if (!string.IsNullOrEmpty(person) || !string.IsNullOrEmpty(entitlement))
            body.Append(await PreviewAsync(reader, viewer, person, entitlement, scope, ct));
        body.Append("</section>");

        foreach (var a in apps)
        {
            body.Append($"""
                <section aria-labelledby="app-{E(a.Id)}"><h2 id="app-{E(a.Id)}">{E(a.Name)}</h2>
                <p class="muted">Owner: {E(reader.Name(a.Owner))} · connector: {E(a.Connector)}</p>
                <div class="table-wrap"><table data-app="{E(a.Id)}"><caption>Entitlements of {E(a.Name)} and who holds them</caption>
                <thead><tr><th scope="col">Entitlement</th><th scope="col">Risk</th><th scope="col">Approvals</th><th scope="col">Longest</th><th scope="col">Holders</th></tr></thead><tbody>
                """);
            foreach (var e in a.Entitlements)
            {
                var held = holders[e.Id].OrderBy(g => reader.Name(g.Person), StringComparer.OrdinalIgnoreCase)
                    .Select(g => $"{reader.Name(g.Person)}{(g.Scope is null ? "" : $" ({g.Scope})")}").ToList();
                body.Append($"""
                    <tr data-entitlement="{E(e.Id)}"><th scope="row">{E(e.Name)}<br><span class="muted">{E(e.Description)}</span></th><td>{e.Risk}</td>
                    <td>{E(e.Approvals.Count == 0 ? "none" : string.Join(" → ", e.Approvals))}</td>
                    <td>{E(e.MaxDuration is { } m ? Durations.Describe(m) : "no limit")}</td>
                    <td>{(held.Count == 0 ? "<span class=\"muted\">nobody</span>" : E(string.Join(", ", held)))}</td></tr>
                    """);
            }
            body.Append("</tbody></table></div></section>");
        }
        return Page(context, viewer, "Catalog", body.ToString());
    }

    private static async Task<string> PreviewAsync(ConsoleReader reader, ConsoleViewer viewer, string? person, string? entitlementId, string? scope, CancellationToken ct)
    {
        var tenant = reader.Tenant;
        if (string.IsNullOrWhiteSpace(person) || tenant.Directory.Find(person.Trim()) is not { } who)
            return Invalid("Choose a person of the directory to preview for.");
        if (string.IsNullOrWhiteSpace(entitlementId) || tenant.Catalog.FindEntitlement(entitlementId.Trim()) is not { } entitlement || !viewer.MaySeeApp(entitlement.AppId))
            return Invalid("Choose an entitlement of the catalog (of your apps).");
        var decision = await reader.PreviewAsync(who, entitlement, string.IsNullOrWhiteSpace(scope) ? entitlement.Scope?.Options.FirstOrDefault() : scope.Trim(), ct);
        var outcome = decision.Outcome switch
        {
            PolicyOutcome.NeedsApproval => $"{who.Name} would need approval for {entitlement.Name}:",
            PolicyOutcome.AutoApproved => $"{who.Name} would get {entitlement.Name} without anyone being asked.",
            PolicyOutcome.AlreadyHeld => $"{who.Name} already holds {entitlement.Name}.",
            PolicyOutcome.Denied => $"{who.Name} would be refused {entitlement.Name}.",
            _ => $"{who.Name} would first be asked for more: {string.Join(" ", decision.Missing.Select(m => m.Prompt))}",
        };
        var stages = string.Concat(decision.Stages.Select(s => $"<li>{E(s.Description)}</li>"));
        var trace = string.Concat(decision.Trace.Select(t => $"<li>{E(t)}</li>"));
        return $"""
            <div class="card" data-testid="preview" data-outcome="{decision.Outcome}">
            <p><strong class="visually-hidden">Preview:</strong>{E(outcome)}</p>
            {(stages.Length == 0 ? "" : $"<ol class=\"stages\" data-testid=\"preview-stages\">{stages}</ol>")}
            <details><summary>Policy trace</summary><ul class="trace">{trace}</ul></details>
            <p class="muted">Computed by the policy engine on {E(who.Name)}'s and their peers' access now; nothing was asked or stored.</p></div>
            """;
    }

    private static async Task<IResult> AuditAsync(HttpContext context, ConsoleReader reader, string? q, CancellationToken ct)
    {
        var viewer = context.Viewer();
        if (AdminsOnly(context, viewer) is { } refused) return refused;
        var verification = await reader.VerifyAuditAsync(ct);
        var (rows, matched) = await reader.AuditAsync(q, 200, ct);
        var status = verification.IsIntact
            ? $"<p class=\"ok\" data-testid=\"chain\">Chain verified: {E(verification.Message)}</p>"
            : $"<p class=\"error\" role=\"alert\" data-testid=\"chain\">Chain broken at row {verification.BrokenSequence}: {E(verification.Message)}</p>";
        var body = new StringBuilder(status);
        body.Append($"""
            <form class="filters" method="get" action="{Root}/audit" role="search" aria-label="Search the audit trail">
              <div><label for="f-q">Actor, action, subject or detail contains</label><input type="search" id="f-q" name="q" value="{E(q)}"></div>
              <div><button type="submit">Search</button></div>
            </form>
            <p>Export {(string.IsNullOrWhiteSpace(q) ? "everything" : "these rows")}:
              <a href="{Root}/audit/export{Query(("format", "csv"), ("q", q))}">CSV</a> ·
              <a href="{Root}/audit/export{Query(("format", "jsonl"), ("q", q))}">JSON lines</a> (with the hashes, to re-check the chain outside IgaBot)</p>
            <div class="table-wrap"><table data-testid="audit"><caption>{Count(rows.Count, (int)Math.Min(matched, int.MaxValue), "row")}, newest first</caption>
            <thead><tr><th scope="col">#</th><th scope="col">At</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Subject</th><th scope="col">Detail</th></tr></thead><tbody>
            """);
        foreach (var e in rows)
            body.Append($"<tr><td>{e.Sequence}</td><td>{Time(e.At)}</td><td>{E(DisplayText.Neutralize(e.Actor))}</td><td>{E(e.Action)}</td><td>{E(DisplayText.Neutralize(e.Subject))}</td><td>{E(e.Detail is null ? "" : DisplayText.Neutralize(e.Detail))}</td></tr>");
        body.Append("</tbody></table></div>");
        return Page(context, viewer, "Audit trail", body.ToString());
    }

    internal static string Label(string? app, string entitlement, string? scope)
    {
        var what = app is { Length: > 0 } a && !entitlement.StartsWith(a, StringComparison.OrdinalIgnoreCase) ? $"{a}: {entitlement}" : entitlement;
        return scope is null ? what : $"{what} ({scope})";
    }

    private static string Count(int shown, int matched, string noun) =>
        shown == matched ? $"{matched} {noun}{(matched == 1 ? "" : "s")}" : $"{shown} of {matched} {noun}s shown (narrow the filters to see the rest)";

    private static TimeSpan Round(TimeSpan left) => TimeSpan.FromMinutes(Math.Max(1, Math.Round(left.TotalMinutes)));
}
