using System.Text.Json;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace IgaBot.Bot.Hosting;

/// <summary>
/// Health through <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>:
/// <list type="bullet">
/// <item><c>GET /health/live</c>: the process answers (liveness; never the database, so an outage does not restart every instance);</item>
/// <item><c>GET /health/ready</c>: database, scheduler, tenant, and not stopping (readiness: a load balancer sends work only here);</item>
/// <item><c>GET /healthz</c>: the older probe (catalog and database), kept for existing monitors.</item>
/// </list>
/// Each answers 200 when healthy or degraded and 503 when unhealthy, with every check's status and description as JSON.
/// </summary>
internal static class HealthEndpoint
{
    public const string Live = "live";
    public const string Ready = "ready";
    public const string Legacy = "healthz";

    /// <summary>A probe that takes longer than this counts as failing (a database that hangs is as bad as one that is away).</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddIgaHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("answering"), tags: [Live])
            .AddCheck<StoppingHealthCheck>("stopping", tags: [Ready])
            .AddCheck<DatabaseHealthCheck>("database", timeout: CheckTimeout, tags: [Ready, Legacy])
            .AddCheck<SchedulerHealthCheck>("scheduler", timeout: CheckTimeout, tags: [Ready])
            .AddCheck<TenantHealthCheck>("tenant", tags: [Ready])
            .AddCheck<CatalogHealthCheck>("catalog", tags: [Legacy]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", Options(Live));
        endpoints.MapHealthChecks("/health/ready", Options(Ready));
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(Legacy),
            ResponseWriter = WriteLegacyAsync,
            ResultStatusCodes = StatusCodes(),
        });
        return endpoints;
    }

    private static HealthCheckOptions Options(string tag) => new()
    {
        Predicate = r => r.Tags.Contains(tag),
        ResponseWriter = WriteAsync,
        ResultStatusCodes = StatusCodes(),
    };

    private static Dictionary<HealthStatus, int> StatusCodes() => new()
    {
        [HealthStatus.Healthy] = Microsoft.AspNetCore.Http.StatusCodes.Status200OK,
        [HealthStatus.Degraded] = Microsoft.AspNetCore.Http.StatusCodes.Status200OK,
        [HealthStatus.Unhealthy] = Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString(),
                description = e.Value.Description ?? e.Value.Exception?.Message,
                durationMs = Math.Round(e.Value.Duration.TotalMilliseconds),
            }),
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }

    /// <summary>The shape <c>/healthz</c> always had: ok/failing with a detail per check.</summary>
    private static Task WriteLegacyAsync(HttpContext context, HealthReport report)
    {
        static string Status(HealthStatus s) => s == HealthStatus.Unhealthy ? "failing" : "ok";
        var body = new
        {
            status = Status(report.Status),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = Status(e.Value.Status),
                detail = e.Value.Description ?? e.Value.Exception?.Message,
            }),
        };
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}

/// <summary>Unready as soon as the host begins to stop, so the load balancer drains this instance first.</summary>
internal sealed class StoppingHealthCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("stopping: handing back claimed work")
            : HealthCheckResult.Healthy("running"));
}

/// <summary>The database answers a cheap read of the schema and the audit log.</summary>
internal sealed class DatabaseHealthCheck(IgaBot.Core.Storage.IIgaStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // A cheap read: walking the whole audit chain is `igabot audit verify`'s job, not a probe's.
            var last = await store.RunAsync(s => s.Audit.ListAsync(null, 1, 1), cancellationToken);
            return HealthCheckResult.Healthy(last.Count == 0 ? "reachable; the audit log is empty" : "reachable");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"unreachable: {ex.Message}");
        }
    }
}

/// <summary>Quartz is started and not in standby (it fires the revokes and the sweeps).</summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var status = await scheduler.GetStatus(cancellationToken);
            if (status != SchedulerStatus.Running) return HealthCheckResult.Unhealthy($"not running ({status})");
            var meta = await scheduler.GetMetadata(cancellationToken);
            return HealthCheckResult.Healthy($"running ({meta.SchedulerInstanceId}{(meta.JobStoreClustered ? ", clustered" : "")})");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"unavailable: {ex.Message}");
        }
    }
}

/// <summary>
/// The tenant in use: the published version (several instances share it), degraded when this instance's files have
/// problems or differ from the published version (it runs on the published one either way).
/// </summary>
internal sealed class TenantHealthCheck(ITenantAccessor tenant) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var current = tenant.Current;
            var size = $"{current.Catalog.Apps.Count} apps, {current.Catalog.Entitlements.Count()} entitlements, {current.Directory.People.Count} people";
            if (tenant is not SharedTenantAccessor shared) return Task.FromResult(HealthCheckResult.Healthy(size));
            var status = shared.Status;
            var version = $"version {status.Version} (sha256 {Short(status.ContentHash)}, published by {status.PublishedBy}): {size}";
            if (status.FileProblems.Count > 0)
            {
                return Task.FromResult(HealthCheckResult.Degraded(
                    $"{version}; this instance's files have {status.FileProblems.Count} problem(s) and were not published, first: {status.FileProblems[0]}"));
            }
            if (status.FilesDifferFromPublished)
                return Task.FromResult(HealthCheckResult.Degraded($"{version}; this instance's files are older than the published version"));
            return Task.FromResult(HealthCheckResult.Healthy(version));
        }
        catch (InvalidInputException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message));
        }
    }

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}

/// <summary>The catalog loaded (for <c>/healthz</c>, as before).</summary>
internal sealed class CatalogHealthCheck(ITenantAccessor tenant) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var current = tenant.Current;
            return Task.FromResult(HealthCheckResult.Healthy(
                $"{current.Catalog.Apps.Count} apps, {current.Catalog.Entitlements.Count()} entitlements, {current.Directory.People.Count} people"));
        }
        catch (InvalidInputException ex)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy(ex.Message));
        }
    }
}
