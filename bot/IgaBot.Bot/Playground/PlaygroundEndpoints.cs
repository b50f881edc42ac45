using IgaBot.Bot.Playground.DirectLine;
using IgaBot.Core;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace IgaBot.Bot.Playground;

/// <summary>A person of the tenant as the persona switcher shows them.</summary>
public sealed record PersonaView(string Email, string Name, string Title, string Department, PersonaManager? Manager, int WaitingApprovals, int OpenTasks);

public sealed record PersonaManager(string Email, string Name);

/// <summary>The page (<c>/</c>), the admin view (<c>/admin</c>), their bundle, and the small JSON API they read.</summary>
internal static class PlaygroundEndpoints
{
    public const string ApiPrefix = "/playground/api";

    public static IEndpointRouteBuilder MapPlaygroundPages(this IEndpointRouteBuilder endpoints, PlaygroundBundle bundle)
    {
        endpoints.MapGet("/", () => bundle.Page("index.html"));
        endpoints.MapGet("/admin", () => bundle.Page("admin.html"));

        var api = endpoints.MapGroup(ApiPrefix);
        api.MapGet("/personas", PersonasAsync);
        api.MapPost("/session", Session);
        api.MapGet("/admin", AdminAsync);
        return endpoints;
    }

    private static async Task<IResult> PersonasAsync(ITenantAccessor tenant, PlaygroundReader reader, PlaygroundGreeter greeter, CancellationToken ct)
    {
        var directory = tenant.Current.Directory;
        var waiting = await reader.WaitingApprovalsAsync(ct);
        var tasks = await reader.OpenTasksAsync(ct);
        var people = directory.People.Select(p => new PersonaView(
            p.Email, p.Name, p.Title, p.Department,
            directory.ManagerOf(p) is { } m ? new PersonaManager(m.Email, m.Name) : null,
            waiting.GetValueOrDefault(p.Email), tasks.GetValueOrDefault(p.Email))).ToList();
        return Results.Json(new { people, greeted = greeter.Finished });
    }

    /// <summary>Starts acting as a persona: the Direct Line token and conversation of their chat.</summary>
    private static IResult Session(SessionRequest? body, ITenantAccessor tenant, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(body?.Email))
            return Results.Problem(title: "Say who to act as", detail: "Send {\"email\": \"...\"} with the email of a person of the tenant.", statusCode: StatusCodes.Status400BadRequest);
        if (tenant.Current.Directory.Find(body.Email.Trim()) is not { } person)
            return Results.Problem(title: "Unknown person", detail: $"'{body.Email}' is not in the tenant's directory.", statusCode: StatusCodes.Status400BadRequest);
        return Results.Json(new
        {
            token = DirectLineTokens.Issue(person.Email, time.GetUtcNow()),
            conversationId = PlaygroundIds.ConversationOf(person.Email),
            userId = PlaygroundIds.UserIdOf(person.Email),
            userName = person.Name,
        });
    }

    private static async Task<IResult> AdminAsync(PlaygroundReader reader, CancellationToken ct) =>
        await reader.AdminAsync(ct) is { } snapshot
            ? Results.Json(snapshot)
            : Results.Problem(title: "No storage", detail: "The bot runs without a database (AddIgaStorage), so there is nothing to show.", statusCode: StatusCodes.Status503ServiceUnavailable);

    private sealed record SessionRequest(string? Email);
}

/// <summary>Where the built page lives: <c>wwwroot/playground</c> beside the executable, or in the content root (<c>dotnet run</c>).</summary>
internal sealed class PlaygroundBundle
{
    private PlaygroundBundle(string? directory) => Directory = directory;

    public string? Directory { get; }

    public IFileProvider? Files => Directory is null ? null : new PhysicalFileProvider(Directory);

    public static PlaygroundBundle Find(IHostEnvironment environment)
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "wwwroot", "playground"),
            Path.Combine(environment.ContentRootPath, "wwwroot", "playground"),
        };
        return new PlaygroundBundle(candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "index.html"))));
    }

    public IResult Page(string name)
    {
        if (Directory is null || !File.Exists(Path.Combine(Directory, name)))
            return Results.Text("The playground page has not been built. Install Node.js (npm) and build the bot again: the build bundles bot/IgaBot.Bot/Playground/web.",
                "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        return Results.File(Path.Combine(Directory, name), "text/html; charset=utf-8");
    }

    public static void NoCache(Microsoft.AspNetCore.StaticFiles.StaticFileResponseContext context) =>
        context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache";
}
