using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Core;
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
