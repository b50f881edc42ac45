using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Budgets;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using static IgaBot.Bot.AdminConsole.ConsoleLayout;

namespace IgaBot.Bot.AdminConsole;

/// <summary>
/// The console's changes, each through the service that owns it (so it is checked, audited with the signed-in person
/// as actor, and provisioned as any other change): revoke and extend a grant (<see cref="GrantService"/>), answer a
/// manual task (<see cref="IApprovalService"/>). Each answers by redirecting to its page with a notice; bad input
/// gets a page that says what to fix, and nothing changes.
/// </summary>
internal static partial class ConsoleActions
{
    public static void Map(RouteGroupBuilder console)
    {
        console.MapPost("/grants/{id:guid}/revoke", RevokeAsync);
        console.MapPost("/grants/{id:guid}/extend", ExtendAsync);
        console.MapPost("/tasks/{id:guid}/done", (HttpContext c, Guid id, IApprovalService s, CancellationToken ct) => AnswerTaskAsync(c, id, true, s, ct));
        console.MapPost("/tasks/{id:guid}/cannot", (HttpContext c, Guid id, IApprovalService s, CancellationToken ct) => AnswerTaskAsync(c, id, false, s, ct));
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, Guid id, ConsoleReader reader, GrantService grants, ILoggerFactory logs, CancellationToken ct)
    {
        var viewer = context.Viewer();
        if (await MayChangeAsync(context, viewer, reader, id, ct) is { } refused) return refused;
        var reason = (await context.Request.ReadFormAsync(ct))["reason"].ToString().Trim();
        if (reason.Length == 0) return BadInput(context, viewer, "Give a reason for revoking: it is recorded in the audit trail and shown to the holder. Nothing was changed.", "grants");
        var said = await grants.RevokeForAsync(id, viewer.Email, Clip(reason), ct);
        LogChange(logs.CreateLogger("IgaBot.Console"), "revoke", id, viewer.Email);
        ConsoleNotice.Set(context, said);
        return Results.Redirect($"{Root}/grants");
    }

    private static async Task<IResult> ExtendAsync(HttpContext context, Guid id, ConsoleReader reader, GrantService grants, ILoggerFactory logs, CancellationToken ct)
    {
        var viewer = context.Viewer();
        if (await MayChangeAsync(context, viewer, reader, id, ct) is { } refused) return refused;
        var form = await context.Request.ReadFormAsync(ct);
        var reason = form["reason"].ToString().Trim();
        var by = form["by"].ToString().Trim();
        if (!Durations.TryParseIso(by, out var extension) || extension <= TimeSpan.Zero)
            return BadInput(context, viewer, $"'{by}' is not a length of time such as PT8H or P7D. Nothing was changed.", "grants");
        if (reason.Length == 0) return BadInput(context, viewer, "Give a reason for extending: it is recorded in the audit trail. Nothing was changed.", "grants");
        try
        {
            var said = await grants.ExtendForAsync(id, viewer.Email, extension, Clip(reason), ct);
            LogChange(logs.CreateLogger("IgaBot.Console"), "extend", id, viewer.Email);
            ConsoleNotice.Set(context, said);
            return Results.Redirect($"{Root}/grants");
        }
        catch (Exception e) when (e is InvalidInputException or ConflictException)
        {
            return BadInput(context, viewer, $"{e.Message} Nothing was changed.", "grants");
        }
    }

    private static async Task<IResult> AnswerTaskAsync(HttpContext context, Guid id, bool done, IApprovalService approvals, CancellationToken ct)
    {
        var viewer = context.Viewer();
        var reason = (await context.Request.ReadFormAsync(ct))["reason"].ToString().Trim();
        if (!done && reason.Length == 0) return BadInput(context, viewer, "Say why it cannot be done: the requester is told. Nothing was changed.", "tasks");
        try
        {
            var view = await approvals.CompleteManualTaskAsync(id, viewer.Email, done, reason.Length == 0 ? null : Clip(reason), ct);
            ConsoleNotice.Set(context, $"{view.Text}: {view.Resolution ?? "answered"}.");
            return Results.Redirect($"{Root}/tasks");
        }
        catch (ForbiddenException e)
        {
            return Page(context, viewer, "Not yours to answer", $"<p class=\"error\" role=\"alert\">{E(e.Message)} Nothing was changed.</p><p><a href=\"{Root}/tasks\">Back to the tasks</a></p>", StatusCodes.Status403Forbidden);
        }
        catch (SlowDownException e)
        {
            return Page(context, viewer, "Slow down", $"<p class=\"error\" role=\"alert\">{E(e.Message)}</p><p><a href=\"{Root}/tasks\">Back to the tasks</a></p>", StatusCodes.Status429TooManyRequests);
        }
        catch (InvalidInputException e)
        {
            return BadInput(context, viewer, $"{e.Message} Nothing was changed.", "tasks");
        }
    }

    /// <summary>The grant exists and is of an app the viewer may act on (admins: any), else the page that says why not.</summary>
    private static async Task<IResult?> MayChangeAsync(HttpContext context, ConsoleViewer viewer, ConsoleReader reader, Guid id, CancellationToken ct)
    {
        if (await reader.GrantAsync(id, ct) is not { } grant) return BadInput(context, viewer, $"There is no grant {id}. Nothing was changed.", "grants");
        if (viewer.MaySeeApp(reader.Resolve(grant.EntitlementId).App?.Id)) return null;
        return Page(context, viewer, "Not your app", $"<p class=\"error\" role=\"alert\">This grant is of an app you do not own, so you cannot change it. Nothing was changed.</p><p><a href=\"{Root}/grants\">Back to the grants</a></p>", StatusCodes.Status403Forbidden);
    }

    private static IResult BadInput(HttpContext context, ConsoleViewer viewer, string message, string back) =>
        Page(context, viewer, "Nothing changed", $"<p class=\"error\" role=\"alert\">{E(message)}</p><p><a href=\"{Root}/{back}\">Back</a></p>", StatusCodes.Status400BadRequest);

    private static string Clip(string text) => text.Length <= 500 ? text : text[..500];

    [LoggerMessage(Level = LogLevel.Information, Message = "Console: {Change} of {Id} by {Actor}")]
    private static partial void LogChange(ILogger logger, string change, Guid id, string actor);
}
