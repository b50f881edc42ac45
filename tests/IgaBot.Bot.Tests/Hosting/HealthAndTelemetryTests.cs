using System.Net;
using System.Text.Json;
using IgaBot.Adapters.Storage;
using IgaBot.Bot.Hosting;
using IgaBot.Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace IgaBot.Bot.Tests.Hosting;

/// <summary>The real host's health endpoints and its telemetry switch.</summary>
[TestFixture]
public sealed class HealthAndTelemetryTests
{
    [Test]
    public async Task ARunningBot_IsLiveAndReady_WithItsDatabaseSchedulerAndTenant_AndTheOldProbeStillAnswers()
    {
        using var folder = new TempFolder("igabot-health-");
        await using var bot = new RealBot(folder.Path);
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };

        var (readyStatus, ready) = await GetAsync(http, "/health/ready");
        var (liveStatus, live) = await GetAsync(http, "/health/live");
        var (oldStatus, old) = await GetAsync(http, "/healthz");

        Assert.That(readyStatus, Is.EqualTo(HttpStatusCode.OK), ready.ToString());
        var checks = ready.GetProperty("checks");
        Assert.That(checks.EnumerateObject().Select(c => c.Name), Is.EquivalentTo(new[] { "stopping", "database", "scheduler", "tenant" }));
        Assert.That(checks.EnumerateObject().Select(c => c.Value.GetProperty("status").GetString()), Has.All.EqualTo("Healthy"));
        Assert.That(checks.GetProperty("tenant").GetProperty("description").GetString(), Does.StartWith("version 1 ").And.Contain("entitlements"));
        Assert.That(checks.GetProperty("scheduler").GetProperty("description").GetString(), Does.StartWith("running"));
        Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(live.GetProperty("checks").EnumerateObject().Select(c => c.Name), Is.EqualTo(new[] { "process" }));
        Assert.That(oldStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(old.GetProperty("status").GetString(), Is.EqualTo("ok"));
        Assert.That(old.GetProperty("checks").EnumerateObject().Select(c => c.Name), Is.EquivalentTo(new[] { "catalog", "database" }));
    }

    [Test]
    public async Task WhenTheDatabaseIsGone_TheBotIsUnready_ButStaysLive()
    {
        using var folder = new TempFolder("igabot-health-gone-");
        await using var bot = new RealBot(folder.Path);
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        Assert.That((await GetAsync(http, "/health/ready")).Status, Is.EqualTo(HttpStatusCode.OK));

        // The database file is taken away (a lost volume): in its place, something SQLite cannot open.
        // The bot's own workers may open (and so recreate) the file between the delete and the directory: try again.
        var database = Path.Combine(folder.Path, "igabot.db");
        for (var attempt = 1; ; attempt++)
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.CreateDirectory(database);
                break;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(20);
            }
        }

        var (readyStatus, ready) = await GetAsync(http, "/health/ready");
        var (oldStatus, _) = await GetAsync(http, "/healthz");
        var (liveStatus, _) = await GetAsync(http, "/health/live");

        Assert.That(readyStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(ready.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        var check = ready.GetProperty("checks").GetProperty("database");
        Assert.That(check.GetProperty("status").GetString(), Is.EqualTo("Unhealthy"));
        Assert.That(check.GetProperty("description").GetString(), Does.StartWith("unreachable"));
        Assert.That(ready.GetProperty("checks").GetProperty("tenant").GetProperty("status").GetString(), Is.EqualTo("Healthy"), "the tenant in use stays");
        Assert.That(oldStatus, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(liveStatus, Is.EqualTo(HttpStatusCode.OK), "a database outage must not make the orchestrator restart every instance");
        Directory.Delete(database);
    }

    [Test]
    public async Task APostgresServerThatIsAway_IsUnhealthy_WithinTheProbeTimeout()
    {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        await using var database = StorageDatabase.Create(new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = "Host=127.0.0.1;Port=1;Username=igabot;Password=igabot;Database=igabot;Timeout=3",
        });
        var check = new DatabaseHealthCheck(new SqlIgaStore(database, TimeProvider.System));

        var result = await check.CheckHealthAsync(new HealthCheckContext());

        Assert.That(result.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(result.Description, Does.StartWith("unreachable"));
    }

    [Test]
    public async Task ReadinessFails_AsSoonAsTheHostBeginsToStop()
    {
        var lifetime = new FakeLifetime();
        var check = new StoppingHealthCheck(lifetime);
        Assert.That((await check.CheckHealthAsync(new HealthCheckContext())).Status, Is.EqualTo(HealthStatus.Healthy));

        lifetime.StopApplication();

        var stopping = await check.CheckHealthAsync(new HealthCheckContext());
        Assert.That(stopping.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(stopping.Description, Does.Contain("stopping"));
    }

    [Test]
    public async Task WithoutAnEndpoint_NothingIsExported()
    {
        using var folder = new TempFolder("igabot-otel-off-");
        await using var bot = new RealBot(folder.Path);
        bot.StartServer();

        Assert.That(bot.Services.GetService<MeterProvider>(), Is.Null);
        Assert.That(bot.Services.GetService<TracerProvider>(), Is.Null);
        await Task.CompletedTask;
    }

    [Test]
    public async Task WithAnEndpoint_IgaBotsMetersAreExported()
    {
        using var folder = new TempFolder("igabot-otel-on-");
        var exported = new List<Metric>();
        // Nothing listens on the OTLP endpoint; an in-memory exporter beside it shows what the host hands to exporters.
        await using var bot = new RealBot(folder.Path, new Dictionary<string, string> { ["OpenTelemetry:Endpoint"] = "http://127.0.0.1:1" });
        await using var withMemory = bot.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(exported))));
        withMemory.StartServer();
        var sampler = withMemory.Services.GetServices<IHostedService>().OfType<OutboxSampler>().Single();
        await sampler.SampleAsync(CancellationToken.None);

        var provider = withMemory.Services.GetRequiredService<MeterProvider>();
        Assert.That(withMemory.Services.GetService<TracerProvider>(), Is.Not.Null);
        provider.ForceFlush(10_000);

        var names = exported.Select(m => m.Name).ToHashSet();
        Assert.That(names, Does.Contain("igabot.outbox.depth").And.Contain("igabot.outbox.age").And.Contain("igabot.outbox.dead"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, body);
    }

    private sealed class FakeLifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => _stopping.Token;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() => _stopping.Cancel();
    }
}
