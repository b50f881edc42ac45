using System.Diagnostics;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// The lifecycle with real Quartz (its SQLite file) and the real clock, started and stopped like a host:
/// every registered hosted service (migrations, provisioning worker, Quartz) in order. Two instances over the
/// same folder are the same deployment before and after a restart.
/// </summary>
internal sealed class SchedulerHost : IAsyncDisposable
{
    private readonly List<IHostedService> _started = [];

    private SchedulerHost(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public static async Task<SchedulerHost> StartAsync(string folder, FakeConnector connector, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "igabot.db")}",
            ["Scheduling:ConnectionString"] = $"Data Source={Path.Combine(folder, "quartz.db")}",
            ["Scheduling:SweepInterval"] = "01:00:00",
            ["Scheduling:OverdueSweepInterval"] = "01:00:00",
            ["Provisioning:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IHostApplicationLifetime, StartedLifetime>();
        services.AddSingleton<ITenantAccessor>(new FixedTenant(TestTenant.Build()));
        services.AddIgaStorage(configuration);
        services.AddIgaTestConnectors(connector);
        services.AddIgaLifecycleCore(configuration);
        services.AddIgaLifecycle(configuration);
        services.AddIgaScheduling(configuration);
        var host = new SchedulerHost(services.BuildServiceProvider());
        foreach (var hosted in host.Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            host._started.Add(hosted);
        }
        return host;
    }

    /// <summary>Active grants of <see cref="TestTenant.AwsRead"/> ending after <paramref name="expiresIn"/>, their members at the target, their revokes scheduled.</summary>
    public async Task<IReadOnlyList<Grant>> CreateGrantsAsync(FakeConnector connector, int count, TimeSpan expiresIn)
    {
        var store = Services.GetRequiredService<IIgaStore>();
        var now = Services.GetRequiredService<TimeProvider>().GetUtcNow();
        var grants = Enumerable.Range(0, count).Select(i => new Grant
        {
            Id = Guid.NewGuid(),
            Person = $"person{i}@contoso.test",
            EntitlementId = TestTenant.AwsRead,
            GrantedAt = now,
            ExpiresAt = now + expiresIn,
            Status = GrantStatus.Active,
        }).ToList();
        await store.RunAsync(async s =>
        {
            foreach (var g in grants) await s.Grants.CreateAsync(g, new AuditEntry("test", "grant.created", LifecycleSubjects.Grant(g.Id)));
        }, default);
        foreach (var g in grants) connector.Add("aws-prod-read", g.Person);
        await Services.GetRequiredService<IRevokeScheduler>().ScheduleManyAsync([.. grants.Select(g => (g.Id, g.ExpiresAt!.Value))], default);
        return grants;
    }

    /// <summary>Waits until every one of <paramref name="grants"/> is revoked; fails the test after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilRevokedAsync(IReadOnlyList<Grant> grants, TimeSpan timeout)
    {
        var store = Services.GetRequiredService<IIgaStore>();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var open = await store.RunAsync(async s =>
            {
                var n = 0;
                foreach (var g in grants) if ((await s.Grants.GetAsync(g.Id))!.Status != GrantStatus.Revoked) n++;
                return n;
            }, default);
            if (open == 0) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Not every grant was revoked within {timeout}.");
    }

    public async Task<Grant> GetGrantAsync(Guid id) =>
        (await Services.GetRequiredService<IIgaStore>().RunAsync(s => s.Grants.GetAsync(id), default))!;

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_started))
        {
            try { await hosted.StopAsync(CancellationToken.None); }
            catch (OperationCanceledException) { }
        }
        _started.Clear();
        await Services.DisposeAsync();
    }

    private sealed class StartedLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => new(canceled: true);
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
