using System.Globalization;
using System.Text;
using System.Text.Json;
using IgaBot.Adapters.Analytics;
using IgaBot.Core;
using IgaBot.Core.Analytics;
using static IgaBot.Bot.AdminConsole.ConsoleLayout;

namespace IgaBot.Bot.AdminConsole;

/// <summary>
/// <c>/console/analytics</c>: the approval analytics of a period (and optionally one app), a chart per measure drawn
/// with Chart.js and, for each table of figures, the table itself (the accessible form of its charts) and a CSV
/// export. Admins only. The page needs from the console only its route group and <see cref="ConsoleLayout.Page"/>.
/// </summary>
internal static class ConsoleAnalytics
{
    private const string Path = $"{Root}/analytics";

    /// <summary>The default period: the last four weeks, today (UTC) included.</summary>
    private const int DefaultDays = 28;

    public static void Map(RouteGroupBuilder console)
    {
        console.MapGet("/analytics", PageAsync);
        console.MapGet("/analytics/export", ExportAsync);
        console.MapGet("/analytics/assets/{file}", Asset);
    }

    private static async Task<IResult> PageAsync(HttpContext context, ApprovalAnalytics analytics, ITenantAccessor tenants, TimeProvider clock,
        string? from, string? to, string? app, CancellationToken ct)
    {
        var viewer = context.Viewer();
        if (ConsolePages.AdminsOnly(context, viewer) is { } refused) return refused;
        var tenant = tenants.Current;
        var choice = Choose(from, to, app, tenant, clock);
        var body = new StringBuilder();
        body.Append($"""
            <link rel="stylesheet" href="{Path}/assets/analytics.css">
            <form class="filters" method="get" action="{Path}" aria-label="Choose the period and the app">
              <div><label for="f-from">From (UTC day)</label><input type="date" id="f-from" name="from" value="{E(choice.From)}" required></div>
              <div><label for="f-to">To (UTC day, included)</label><input type="date" id="f-to" name="to" value="{E(choice.To)}" required></div>
              <div>{Select("app", "App", choice.App, tenant.Catalog.Apps.OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase).Select(a => (a.Id, a.Name)), "Every app")}</div>
              <div><button type="submit">Show</button></div>
            </form>
            """);
        foreach (var problem in choice.Problems) body.Append($"<p class=\"error\" role=\"alert\">{E(problem)}</p>");

        ApprovalAnalyticsReport report;
        try
        {
            report = await analytics.ComputeAsync(choice.Period, ct);
        }
        catch (InvalidInputException e)
        {
            body.Append($"<p class=\"error\" role=\"alert\" data-testid=\"period-problem\">{E(e.Message)}</p>");
            return Page(context, viewer, "Approval analytics", body.ToString(), StatusCodes.Status400BadRequest);
        }

        var appName = choice.App is { } id ? tenant.Catalog.FindApp(id)?.Name ?? id : null;
        body.Append($"""
            <p data-testid="period">Requests created from {E(choice.From)} to {E(choice.To)} (UTC){(appName is null ? "" : $" for {E(appName)}")}, and
            the access that was due to end in those days. Times to decision run from the moment the approver's card was delivered;
            an approval within {report.RubberStampWithin.TotalSeconds:0} seconds of it counts as rubber-stamped (setting <code>Analytics:RubberStampSeconds</code>).</p>
            """);

        var charts = new List<ChartSpec>();
        var query = (Name: "from", Value: (string?)choice.From);
        string Export(AnalyticsTable table) =>
            $"<p class=\"export\"><a href=\"{Path}/export{Query(("table", table.ToString().ToLowerInvariant()), query, ("to", choice.To), ("app", choice.App))}\">Download the {E(TableName(table))} table as CSV</a></p>";

        // Requests per week.
        var weeks = report.Weeks;
        body.Append("<section aria-labelledby=\"h-weeks\"><h2 id=\"h-weeks\">Requests per week</h2><div class=\"charts\">");
        body.Append(Chart(charts, "c-weeks", "Requests per week", "t-weeks", "count", [.. weeks.Select(w => $"Week of {w.WeekStart:yyyy-MM-dd}")],
            [new("Requests", [.. weeks.Select(w => (double?)w.Requests)])]));
        body.Append("</div>");
        body.Append(Table("t-weeks", "weeks", "Requests per week (weeks start on Monday, UTC)",
            ["Week of", "Requests"],
            weeks.Select(w => (w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), new[] { Count(w.Requests) }))));
        body.Append(Export(AnalyticsTable.Weeks)).Append("</section>");

        // Per approver.
        var approvers = report.Approvers;
        var approverNames = approvers.Select(a => a.Name).ToArray();
        body.Append("<section aria-labelledby=\"h-approvers\"><h2 id=\"h-approvers\">Per approver</h2>");
        if (approvers.Count == 0) body.Append("<p>No approver was asked about a request of this period.</p>");
        else
        {
            body.Append("<div class=\"charts\">");
            body.Append(Chart(charts, "c-approver-time", "Time to decision per approver (median and 90th percentile)", "t-approvers", "duration", approverNames,
                [new("Median (p50)", [.. approvers.Select(a => Seconds(a.TimeToDecisionP50))]), new("90th percentile (p90)", [.. approvers.Select(a => Seconds(a.TimeToDecisionP90))])], horizontal: true));
            body.Append(Chart(charts, "c-approver-rates", "Approve and deny rates per approver", "t-approvers", "percent", approverNames,
                [new("Approved", [.. approvers.Select(a => a.ApproveRate)]), new("Denied", [.. approvers.Select(a => a.DenyRate)])], horizontal: true, stacked: true));
            body.Append(Chart(charts, "c-approver-stamp", "Share of approvals rubber-stamped per approver", "t-approvers", "percent", approverNames,
                [new("Rubber-stamped", [.. approvers.Select(a => a.RubberStampShare)])], horizontal: true));
            body.Append(Chart(charts, "c-approver-late", "Escalated and expired per approver", "t-approvers", "count", approverNames,
                [new("Escalated", [.. approvers.Select(a => (double?)a.Escalated)]), new("Expired", [.. approvers.Select(a => (double?)a.Expired)])], horizontal: true));
            body.Append("</div>");
        }
        body.Append(Table("t-approvers", "approvers", "Approvers: cards received, decisions and how fast",
            ["Approver", "Asked", "Decisions", "Approved", "Denied", "Approve rate", "Deny rate", "Time to decision p50", "Time to decision p90", "Rubber-stamped", "Rubber-stamped share", "Escalated", "Expired"],
            approvers.Select(a => (a.Name, new[]
            {
                Count(a.Asked), Count(a.Decisions), Count(a.Approved), Count(a.Denied), Percent(a.ApproveRate), Percent(a.DenyRate),
                Duration(a.TimeToDecisionP50), Duration(a.TimeToDecisionP90), Count(a.RubberStamped), Percent(a.RubberStampShare), Count(a.Escalated), Count(a.Expired),
            }))));
        body.Append(Export(AnalyticsTable.Approvers)).Append("</section>");

        // Per app.
        var apps = report.Apps;
        var appNames = apps.Select(a => a.AppName).ToArray();
        body.Append("<section aria-labelledby=\"h-apps\"><h2 id=\"h-apps\">Per app</h2>");
        if (apps.Count == 0) body.Append("<p>No request was made in this period.</p>");
        else
        {
            body.Append("<div class=\"charts\">");
            body.Append(Chart(charts, "c-app-time", "Time to decision per app (median and 90th percentile)", "t-apps", "duration", appNames,
                [new("Median (p50)", [.. apps.Select(a => Seconds(a.TimeToDecisionP50))]), new("90th percentile (p90)", [.. apps.Select(a => Seconds(a.TimeToDecisionP90))])], horizontal: true));
            body.Append(Chart(charts, "c-app-rates", "Approve and deny rates per app", "t-apps", "percent", appNames,
                [new("Approved", [.. apps.Select(a => a.ApproveRate)]), new("Denied", [.. apps.Select(a => a.DenyRate)])], horizontal: true, stacked: true));
            body.Append(Chart(charts, "c-app-stamp", "Share of approvals rubber-stamped per app", "t-apps", "percent", appNames,
                [new("Rubber-stamped", [.. apps.Select(a => a.RubberStampShare)])], horizontal: true));
            body.Append(Chart(charts, "c-app-late", "Escalations and expired requests per app", "t-apps", "count", appNames,
                [new("Escalations", [.. apps.Select(a => (double?)a.Escalations)]), new("Expired requests", [.. apps.Select(a => (double?)a.ExpiredRequests)])], horizontal: true));
            body.Append("</div>");
        }
        body.Append(Table("t-apps", "apps", "Apps: requests, decisions and how fast",
            ["App", "Requests", "Decisions", "Approved", "Denied", "Approve rate", "Deny rate", "Time to decision p50", "Time to decision p90", "Rubber-stamped", "Rubber-stamped share", "Escalations", "Expired requests"],
            apps.Select(a => (a.AppName, new[]
            {
                Count(a.Requests), Count(a.Decisions), Count(a.Approved), Count(a.Denied), Percent(a.ApproveRate), Percent(a.DenyRate),
                Duration(a.TimeToDecisionP50), Duration(a.TimeToDecisionP90), Count(a.RubberStamped), Percent(a.RubberStampShare), Count(a.Escalations), Count(a.ExpiredRequests),
            }))));
        body.Append(Export(AnalyticsTable.Apps)).Append("</section>");

        // Revocation lateness.
        var revocations = report.Revocations;
        body.Append("""
            <section aria-labelledby="h-revocations"><h2 id="h-revocations">Revocation lateness</h2>
            <p>How long after its end (<code>expires_at</code>) temporary access was actually removed at the target (the connector confirmed it).</p>
            """);
        if (revocations.Count == 0) body.Append("<p>No temporary access was due to end in this period.</p>");
        else
        {
            body.Append("<div class=\"charts\">");
            body.Append(Chart(charts, "c-revocations", "Revocation lateness per app (median, 90th percentile, latest)", "t-revocations", "duration", [.. revocations.Select(r => r.AppName)],
            [
                new("Median (p50)", [.. revocations.Select(r => Seconds(r.LatenessP50))]),
                new("90th percentile (p90)", [.. revocations.Select(r => Seconds(r.LatenessP90))]),
                new("Latest", [.. revocations.Select(r => Seconds(r.LatenessMax))]),
            ], horizontal: true));
            body.Append("</div>");
        }
        body.Append(Table("t-revocations", "revocations", "Temporary access due to end, per app",
            ["App", "Due", "Removed", "Lateness p50", "Lateness p90", "Latest", "Ended early", "Still held", "Longest overdue"],
            revocations.Select(r => (r.AppName, new[]
            {
                Count(r.Due), Count(r.Revoked), Duration(r.LatenessP50), Duration(r.LatenessP90), Duration(r.LatenessMax),
                Count(r.EndedEarly), r.StillHeld > 0 ? $"<span class=\"bad\">{Count(r.StillHeld)}</span>" : Count(r.StillHeld), Duration(r.LongestOverdue),
            }))));
        body.Append(Export(AnalyticsTable.Revocations)).Append("</section>");

        // The charts' numbers, for analytics.js; the serializer escapes <, > and & so the block cannot end the script.
        body.Append($"<script type=\"application/json\" id=\"analytics-data\">{JsonSerializer.Serialize(new { charts }, Json)}</script>");
        body.Append($"<script src=\"{Path}/assets/chart.umd.min.js\"></script><script src=\"{Path}/assets/analytics.js\"></script>");
        return Page(context, viewer, "Approval analytics", body.ToString());
    }

    private static async Task<IResult> ExportAsync(HttpContext context, ApprovalAnalytics analytics, ITenantAccessor tenants, TimeProvider clock,
        string? table, string? from, string? to, string? app, CancellationToken ct)
    {
        var viewer = context.Viewer();
        if (ConsolePages.AdminsOnly(context, viewer) is { } refused) return refused;
        if (!Enum.TryParse<AnalyticsTable>(table, ignoreCase: true, out var which) || !Enum.IsDefined(which))
            return Page(context, viewer, "Nothing exported",
                $"<p class=\"error\" role=\"alert\">'{E(table)}' is not an analytics table; use approvers, apps, weeks or revocations.</p>", StatusCodes.Status400BadRequest);
        var choice = Choose(from, to, app, tenants.Current, clock);
        if (choice.Problems.Count > 0)
            return Page(context, viewer, "Nothing exported", string.Concat(choice.Problems.Select(p => $"<p class=\"error\" role=\"alert\">{E(p)}</p>")), StatusCodes.Status400BadRequest);
        ApprovalAnalyticsReport report;
        try
        {
            report = await analytics.ComputeAsync(choice.Period, ct);
        }
        catch (InvalidInputException e)
        {
            return Page(context, viewer, "Nothing exported", $"<p class=\"error\" role=\"alert\">{E(e.Message)}</p>", StatusCodes.Status400BadRequest);
        }
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{AnalyticsCsv.FileName(report, which)}\"";
        context.Response.ContentType = "text/csv; charset=utf-8";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        await AnalyticsCsv.WriteAsync(writer, report, which, ct);
        return Results.Empty;
    }

    /// <summary>Chart.js (as it ships, pinned in AdminConsole/web), the page's script and its styles.</summary>
    private static IResult Asset(string file)
    {
        if (file == "analytics.css") return Results.Text(Css, "text/css; charset=utf-8");
        if (file is not ("chart.umd.min.js" or "analytics.js")) return Results.NotFound();
        var stream = typeof(ConsoleAnalytics).Assembly.GetManifestResourceStream($"IgaBot.Console.{file}");
        return stream is null ? Results.NotFound() : Results.Stream(stream, "text/javascript; charset=utf-8");
    }

    private sealed record Choice(AnalyticsPeriod Period, string From, string To, string? App, IReadOnlyList<string> Problems);

    /// <summary>The period and app asked for; what cannot be read falls back to the default and says so.</summary>
    private static Choice Choose(string? from, string? to, string? app, Tenant tenant, TimeProvider clock)
    {
        var problems = new List<string>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var last = Day(to, "to", today, problems);
        var first = Day(from, "from", last.AddDays(1 - DefaultDays), problems);
        string? appId = null;
        if (!string.IsNullOrWhiteSpace(app))
        {
            if (tenant.Catalog.FindApp(app.Trim()) is { } found) appId = found.Id;
            else problems.Add($"There is no app '{app.Trim()}' in the catalog; showing every app.");
        }
        var period = new AnalyticsPeriod(Midnight(first), Midnight(last.AddDays(1)), appId);
        return new Choice(period, first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), appId, problems);
    }

    private static DateOnly Day(string? text, string name, DateOnly fallback, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        problems.Add($"'{text.Trim()}' is not a day for '{name}' (write it as YYYY-MM-DD); showing {fallback:yyyy-MM-dd} instead.");
        return fallback;
    }

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private sealed record DatasetSpec(string Label, double?[] Data);

    private sealed record ChartSpec(string Id, string Kind, bool Horizontal, bool Stacked, string[] Labels, DatasetSpec[] Datasets);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A chart's place on the page: a canvas that screen readers take as one image, labelled with what it shows and
    /// described by the table that holds its numbers.
    /// </summary>
    private static string Chart(List<ChartSpec> charts, string id, string title, string tableId, string kind, string[] labels, DatasetSpec[] datasets,
        bool horizontal = false, bool stacked = false)
    {
        charts.Add(new ChartSpec(id, kind, horizontal, stacked, labels, datasets));
        // Horizontal bars: a row per approver or app, so the box grows with them.
        var height = horizontal ? Math.Clamp(80 + (labels.Length * datasets.Length * 22), 160, 900) : 260;
        return $"""
            <figure class="chart">
              <figcaption id="{id}-title">{E(title)}</figcaption>
              <div class="chart-box" style="height:{height}px"><canvas id="{id}" role="img" aria-labelledby="{id}-title" aria-describedby="{tableId}" data-testid="{id}"></canvas></div>
              <p class="muted chart-note">The numbers are in the table below.</p>
            </figure>
            """;
    }

    private static string Table(string id, string testId, string caption, string[] headers, IEnumerable<(string RowHeader, string[] Cells)> rows)
    {
        var html = new StringBuilder($"<div class=\"table-wrap\"><table id=\"{id}\" data-testid=\"{testId}\"><caption>{E(caption)}</caption><thead><tr>");
        foreach (var header in headers) html.Append($"<th scope=\"col\">{E(header)}</th>");
        html.Append("</tr></thead><tbody>");
        var any = false;
        foreach (var (rowHeader, cells) in rows)
        {
            any = true;
            html.Append($"<tr><th scope=\"row\">{E(rowHeader)}</th>");
            foreach (var cell in cells) html.Append($"<td>{cell}</td>");
            html.Append("</tr>");
        }
        if (!any) html.Append($"<tr><td colspan=\"{headers.Length}\" class=\"muted\">Nothing in this period.</td></tr>");
        return html.Append("</tbody></table></div>").ToString();
    }

    private static string TableName(AnalyticsTable table) => table switch
    {
        AnalyticsTable.Weeks => "requests per week",
        AnalyticsTable.Approvers => "per approver",
        AnalyticsTable.Apps => "per app",
        _ => "revocation lateness",
    };

    private static double? Seconds(TimeSpan? value) => value?.TotalSeconds;

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);

    private const string None = "<span class=\"muted\">none</span>";

    private static string Percent(double? share) => share is { } s ? E((s * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %") : None;

    /// <summary>A duration as people read it: "25 s", "20 min", "2 h", "4 d 2 h".</summary>
    internal static string Duration(TimeSpan? value)
    {
        if (value is not { } d) return None;
        var text = d.TotalSeconds < 60 ? $"{d.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s"
            : d.TotalMinutes < 60 ? Pair((int)d.TotalMinutes, "min", d.Seconds, "s")
            : d.TotalHours < 24 ? Pair((int)d.TotalHours, "h", d.Minutes, "min")
            : Pair((int)d.TotalDays, "d", d.Hours, "h");
        return E(text);

        static string Pair(int big, string bigUnit, int small, string smallUnit) =>
            small == 0 ? $"{big} {bigUnit}" : $"{big} {bigUnit} {small} {smallUnit}";
    }

    private const string Css = """
        .charts { display:grid; grid-template-columns:repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap:1rem; margin:.5rem 0 1rem; }
        figure.chart { margin:0; border:1px solid #d0d7de; border-radius:6px; padding:.6rem; min-width:0; }
        figure.chart figcaption { font-weight:600; margin-bottom:.4rem; }
        .chart-box { position:relative; width:100%; }
        .chart-note { font-size:.8rem; margin:.3rem 0 0; }
        p.export { margin:.5rem 0 1.5rem; }
        section h2 { border-bottom:1px solid #d0d7de; padding-bottom:.2rem; }
        """;
}
