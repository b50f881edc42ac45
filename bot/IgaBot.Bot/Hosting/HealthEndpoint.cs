using IgaBot.Core;

namespace IgaBot.Bot.Hosting;

/// <summary><c>GET /healthz</c>: 200 with the catalog and database status when both work, 503 otherwise.</summary>
internal static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (IServiceProvider services, CancellationToken ct) =>
        {
            var checks = services.GetServices<IHealthCheckPart>().ToList();
            var parts = new Dictionary<string, object>();
            var healthy = true;
            foreach (var check in checks)
            {
                var (ok, detail) = await check.CheckAsync(ct);
                healthy &= ok;
                parts[check.Name] = new { status = ok ? "ok" : "failing", detail };
            }
            return Results.Json(new { status = healthy ? "ok" : "failing", checks = parts },
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}

/// <summary>One part of the health answer (catalog, database...).</summary>
internal interface IHealthCheckPart
{
    string Name { get; }
    Task<(bool Ok, string Detail)> CheckAsync(CancellationToken ct);
}

internal sealed class CatalogHealth(ITenantAccessor tenant) : IHealthCheckPart
{
    public string Name => "catalog";

    public Task<(bool Ok, string Detail)> CheckAsync(CancellationToken ct)
    {
        try
        {
            var current = tenant.Current;
            return Task.FromResult((true, $"{current.Catalog.Apps.Count} apps, {current.Catalog.Entitlements.Count()} entitlements, {current.Directory.People.Count} people"));
        }
        catch (InvalidInputException ex)
        {
            return Task.FromResult((false, ex.Message));
        }
    }
}

internal sealed class DatabaseHealth(IgaBot.Core.Storage.IIgaStore store) : IHealthCheckPart
{
    public string Name => "database";

    public async Task<(bool Ok, string Detail)> CheckAsync(CancellationToken ct)
    {
        try
        {
            // A cheap read: walking the whole audit chain is `igabot audit verify`'s job, not a probe's.
            var last = await store.RunAsync(s => s.Audit.ListAsync(null, 1, 1), ct);
            return (true, last.Count == 0 ? "reachable; the audit log is empty" : "reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (false, ex.Message);
        }
    }
}
