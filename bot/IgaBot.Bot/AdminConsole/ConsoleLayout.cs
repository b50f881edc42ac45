using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Antiforgery;

namespace IgaBot.Bot.AdminConsole;

/// <summary>One entry of the console's navigation: every page is listed here once, in order.</summary>
/// <param name="AdminsOnly">App owners do not see the entry, and the page answers them 403.</param>
internal sealed record ConsoleNavEntry(string Path, string Label, bool AdminsOnly);

/// <summary>
/// The console's one layout (landmarks, skip link, the navigation, who is signed in) and the few helpers pages build
/// HTML with. Every value from people, the catalog or the database goes through <see cref="E"/>; nothing else
/// writes text into a page.
/// </summary>
internal static class ConsoleLayout
{
    public const string Root = "/console";

    /// <summary>The navigation, in order. A new page adds its line here and maps its route in <see cref="ConsolePages"/>.</summary>
    public static IReadOnlyList<ConsoleNavEntry> Nav { get; } =
    [
        new($"{Root}/requests", "Requests", AdminsOnly: false),
        new($"{Root}/grants", "Grants", AdminsOnly: false),
        new($"{Root}/tasks", "Manual tasks", AdminsOnly: false),
        new($"{Root}/catalog", "Catalog", AdminsOnly: false),
        new($"{Root}/audit", "Audit trail", AdminsOnly: true),
        new($"{Root}/connectors", "Connectors", AdminsOnly: true),
        // The approval analytics (ConsoleAnalytics).
        new($"{Root}/analytics", "Analytics", AdminsOnly: true),
    ];

    /// <summary>HTML-encodes text (null reads as empty).</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A time as the console shows it: UTC, to the minute, in a &lt;time&gt; element.</summary>
    public static string Time(DateTimeOffset? at) => at is { } t
        ? $"<time datetime=\"{t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}\">{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}</time>"
        : "";

    /// <summary>The hidden anti-forgery field every form that changes something carries.</summary>
    public static string Antiforgery(HttpContext context)
    {
        var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{E(tokens.FormFieldName)}\" value=\"{E(tokens.RequestToken)}\">";
    }

    /// <summary>A query string from the non-empty values, for links that keep the filters.</summary>
    public static string Query(params (string Name, string? Value)[] values)
    {
        var parts = values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{Uri.EscapeDataString(v.Name)}={Uri.EscapeDataString(v.Value!)}").ToList();
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>A &lt;select&gt; with its label; <paramref name="options"/> are (value, text); the empty value reads "any".</summary>
    public static string Select(string name, string label, string? selected, IEnumerable<(string Value, string Text)> options, string any = "Any")
    {
        var html = new StringBuilder();
        html.Append($"<label for=\"f-{E(name)}\">{E(label)}</label><select id=\"f-{E(name)}\" name=\"{E(name)}\">");
        if (any.Length > 0) html.Append($"<option value=\"\">{E(any)}</option>");
        foreach (var (value, text) in options)
            html.Append($"<option value=\"{E(value)}\"{(string.Equals(value, selected, StringComparison.OrdinalIgnoreCase) ? " selected" : "")}>{E(text)}</option>");
        html.Append("</select>");
        return html.ToString();
    }

    /// <summary>A whole page in the layout: the signed-in person, the navigation (their entries), the notice left by the last change.</summary>
    public static IResult Page(HttpContext context, ConsoleViewer viewer, string title, string body, int status = StatusCodes.Status200OK)
    {
        var path = context.Request.Path.Value ?? "";
        var nav = new StringBuilder();
        foreach (var entry in Nav.Where(n => viewer.IsAdmin || !n.AdminsOnly))
        {
            var current = path.StartsWith(entry.Path, StringComparison.OrdinalIgnoreCase) ? " aria-current=\"page\"" : "";
            nav.Append($"<li><a href=\"{E(entry.Path)}\"{current}>{E(entry.Label)}</a></li>");
        }
        var notice = ConsoleNotice.Take(context) is { } text
            ? $"<p class=\"notice\" role=\"status\" data-testid=\"notice\">{E(text)}</p>"
            : "";
        var role = viewer.IsAdmin ? "admin" : "app owner";
        var header = $"""
            <header class="top">
              <a class="brand" href="{Root}">IgaBot console</a>
              <nav aria-label="Console"><ul>{nav}</ul></nav>
              <div class="who"><span data-testid="signed-in">{E(viewer.Name)}</span> <span class="role">({role})</span>
                <form method="post" action="{Root}/signout">{Antiforgery(context)}<button type="submit" class="link">Sign out</button></form></div>
            </header>
            """;
        return Html(Document(title, header, $"<h1>{E(title)}</h1>{notice}{body}"), status);
    }

    /// <summary>A page outside the signed-in layout (sign-in, refusals).</summary>
    public static IResult Bare(string title, string body, int status) =>
        Html(Document(title, $"<header class=\"top\"><span class=\"brand\">IgaBot console</span></header>", $"<h1>{E(title)}</h1>{body}"), status);

    private static string Document(string title, string header, string main) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)} · IgaBot console</title>
        <link rel="stylesheet" href="{Root}/console.css">
        <link rel="icon" href="data:,">
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        {header}
        <main id="main" tabindex="-1">
        {main}
        </main>
        </body>
        </html>
        """;

    private static IResult Html(string html, int status) => Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);

    /// <summary>The console's style sheet: readable at 1280 px and on a phone; wide tables scroll inside their own box.</summary>
    public const string Css = """
        :root { --fg:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#fff; --accent:#0b5cad; --warn:#9a3b00; --ok:#1a7f37; --bad:#b42318; }
        * { box-sizing: border-box; }
        body { margin:0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
        a { color:var(--accent); }
        :focus-visible { outline:3px solid #f0b400; outline-offset:2px; }
        .skip { position:absolute; left:-999px; top:0; background:#fff; padding:.5rem; }
        .skip:focus { left:.5rem; z-index:10; }
        header.top { display:flex; flex-wrap:wrap; align-items:center; gap:.5rem 1.25rem; padding:.6rem 1rem; border-bottom:1px solid var(--line); background:#f6f8fa; }
        .brand { font-weight:700; color:var(--fg); text-decoration:none; }
        header nav ul { display:flex; flex-wrap:wrap; gap:.25rem .9rem; list-style:none; margin:0; padding:0; }
        header nav a { text-decoration:none; padding:.2rem 0; }
        header nav a[aria-current="page"] { font-weight:700; border-bottom:2px solid var(--accent); }
        .who { margin-left:auto; display:flex; align-items:center; gap:.4rem; color:var(--muted); }
        .who form { display:inline; }
        button.link { background:none; border:none; color:var(--accent); text-decoration:underline; cursor:pointer; font:inherit; padding:0; }
        main { padding:1rem; max-width:1400px; }
        h1 { font-size:1.4rem; margin:.3rem 0 1rem; }
        h2 { font-size:1.1rem; margin:1.5rem 0 .5rem; }
        .notice { background:#ddf4e4; border:1px solid #9bd3ac; padding:.5rem .75rem; border-radius:4px; }
        .error { background:#fde8e7; border:1px solid #f1aeb5; padding:.5rem .75rem; border-radius:4px; }
        form.filters { display:flex; flex-wrap:wrap; gap:.5rem 1rem; align-items:flex-end; margin-bottom:1rem; }
        form.filters > div { display:flex; flex-direction:column; min-width:0; max-width:100%; }
        label { font-size:.85rem; color:var(--muted); }
        th .muted { font-weight:normal; }
        input, select { max-width:100%; }
        input, select, button { font:inherit; padding:.3rem .45rem; border:1px solid var(--line); border-radius:4px; background:#fff; color:var(--fg); }
        button { cursor:pointer; background:#f3f4f6; }
        button.danger { border-color:var(--bad); color:var(--bad); }
        .table-wrap { overflow-x:auto; border:1px solid var(--line); border-radius:4px; }
        table { border-collapse:collapse; width:100%; min-width:720px; }
        caption { text-align:left; padding:.5rem .6rem; color:var(--muted); caption-side:top; }
        th, td { text-align:left; vertical-align:top; padding:.45rem .6rem; border-top:1px solid var(--line); }
        thead th { background:#f6f8fa; border-top:none; font-size:.85rem; }
        td form { display:flex; flex-wrap:wrap; gap:.3rem; margin:.15rem 0; }
        td form input[type=text] { min-width:9rem; }
        .status { font-weight:600; }
        .status-Active, .status-Fulfilled, .status-Approved, .ok { color:var(--ok); }
        .status-Denied, .status-Failed, .status-RevokeFailed, .bad { color:var(--bad); }
        .muted { color:var(--muted); }
        details summary { cursor:pointer; color:var(--accent); }
        ol.stages, ul.trace { margin:.3rem 0; padding-left:1.2rem; }
        .cards { display:grid; grid-template-columns:repeat(auto-fit, minmax(12rem, 1fr)); gap:.75rem; }
        .card { border:1px solid var(--line); border-radius:6px; padding:.75rem; }
        .card strong { display:block; font-size:1.6rem; }
        .visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
        @media (max-width: 640px) {
          header.top { padding:.5rem; }
          .who { margin-left:0; width:100%; }
          main { padding:.6rem; }
          table { min-width:560px; }
        }
        """;
}

/// <summary>The sentence a change leaves for the next page (post, redirect, get): a short-lived cookie on /console.</summary>
internal static class ConsoleNotice
{
    private const string Cookie = "IgaBot.Console.Notice";

    public static void Set(HttpContext context, string text) =>
        context.Response.Cookies.Append(Cookie, Uri.EscapeDataString(text), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = ConsoleLayout.Root,
            IsEssential = true,
            MaxAge = TimeSpan.FromMinutes(1),
        });

    public static string? Take(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(Cookie, out var value) || string.IsNullOrEmpty(value)) return null;
        context.Response.Cookies.Delete(Cookie, new CookieOptions { Path = ConsoleLayout.Root });
        return Uri.UnescapeDataString(value);
    }
}
