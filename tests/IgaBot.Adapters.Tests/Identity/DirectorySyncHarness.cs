using IgaBot.Adapters.Identity;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Adapters.Tests.Lifecycle;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Identity;

/// <summary>An identity source with settable answers: the people it answers, or the failure it throws.</summary>
internal sealed class FakeDirectorySource : IDirectorySource
{
    public string Name => "idp";
    public string Type => ConnectorTypes.Entra;
    public List<Person> People { get; } = [];
    public ConnectorException? Failure { get; set; }
    public int Reads { get; private set; }

    /// <summary>Completes at the first read.</summary>
    public TaskCompletionSource FirstRead { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<DirectoryRead> ReadAsync(string? state, CancellationToken ct)
    {
        Reads++;
        FirstRead.TrySetResult();
        if (Failure is { } failure) throw failure;
        return Task.FromResult(new DirectoryRead([.. People], $"read-{Reads}"));
    }

    public void Set(Person person)
    {
        People.RemoveAll(p => string.Equals(p.Email, person.Email, StringComparison.OrdinalIgnoreCase));
        People.Add(person);
    }
}

/// <summary>Records every change set handed to the lifecycle; throws while <see cref="FailWith"/> is set.</summary>
internal sealed class RecordingLifecycle : IDirectoryLifecycle
{
    public List<DirectoryChanges> Handled { get; } = [];
    public Exception? FailWith { get; set; }

    /// <summary>Completes with the first change set handed over.</summary>
    public TaskCompletionSource<DirectoryChanges> FirstHandled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task HandleAsync(DirectoryChanges changes, CancellationToken ct)
    {
        Handled.Add(changes);
        FirstHandled.TrySetResult(changes);
        if (FailWith is { } ex) throw ex;
        return Task.CompletedTask;
    }
}

/// <summary>The tenant the tests' catalog makes, with the synced people the way the product's tenant accessors apply them.</summary>
internal sealed class SyncedTestTenant(SyncedDirectory synced) : ITenantAccessor
{
    private readonly IgaBot.Core.Tenant _tenant = TestTenant.Build();
    public IgaBot.Core.Tenant Current => synced.Apply(_tenant);
}

/// <summary>
/// The directory sync over a real SQLite file: <c>Directory:Source=idp</c>, the test tenant's catalog (AWS groups at the
/// in-memory "scim-test" connector), an identity source (scripted, or a real one against a stand-in) and a recording lifecycle.
/// </summary>
internal sealed class DirectorySyncHarness : IAsyncDisposable
{
    private readonly string _folder;
    private readonly RecordingLoggerProvider _logs;

    private DirectorySyncHarness(string folder, ServiceProvider services, FakeConnector target, RecordingLoggerProvider logs)
    {
        _folder = folder;
        _logs = logs;
        Services = services;
        Target = target;
    }

    public ServiceProvider Services { get; }
    public FakeConnector Target { get; }
    public DirectorySync Sync => Services.GetRequiredService<DirectorySync>();
    public IIgaStore Store => Services.GetRequiredService<IIgaStore>();
    public RecordingLifecycle Lifecycle => Services.GetRequiredService<RecordingLifecycle>();
    public ITenantAccessor Tenant => Services.GetRequiredService<ITenantAccessor>();
    public FakeDirectorySource? Source => Services.GetRequiredService<IDirectorySource>() as FakeDirectorySource;

    /// <param name="source">The identity source; a <see cref="FakeDirectorySource"/> when null.</param>
    /// <param name="scheduled">Adds real Quartz (a SQLite file) and starts every hosted service, as a host does.</param>
    /// <param name="target">The connector of the "scim-test" app (e.g. the real SCIM one); the in-memory fake when null.</param>
    /// <param name="configure">More services (another lifecycle handler...).</param>
    public static async Task<DirectorySyncHarness> CreateAsync(IDictionary<string, string?>? settings = null, Func<IServiceProvider, IDirectorySource>? source = null,
        bool scheduled = false, Func<IServiceProvider, IConnector>? target = null, Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "igabot-directory-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "igabot.db")}",
            ["Directory:Source"] = "idp",
            ["Scheduling:ConnectionString"] = $"Data Source={Path.Combine(folder, "quartz.db")}",
            ["Scheduling:SweepInterval"] = "01:00:00",
            ["Scheduling:OverdueSweepInterval"] = "01:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var fake = new FakeConnector("scim-test");
        var logs = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(logs));
        // Quartz keeps time with the registered TimeProvider: the scheduled harness runs on the real clock.
        services.AddSingleton<TimeProvider>(scheduled ? TimeProvider.System : new FakeTimeProvider(LifecycleHarness.Start));
        services.AddSingleton<ITenantAccessor>(sp => new SyncedTestTenant(sp.GetRequiredService<SyncedDirectory>()));
        services.AddIgaStorage(configuration);
        services.AddHttpClient();
        services.AddIgaTestConnectors(fake.Name, target ?? (_ => fake));
        // Directory:Source names a configured connector (checked at start); the tests put their own source behind it.
        services.Configure<ConnectorOptions>(o => o.Instances["idp"] = new ConnectorInstanceOptions { Type = ConnectorTypes.Entra, BaseUrl = "http://127.0.0.1:9/", Token = "t" });
        services.AddSingleton<IRevokeScheduler, RecordingRevokeScheduler>();
        services.AddIgaLifecycleCore(configuration);
        services.AddIgaLifecycle(configuration);
        services.AddSingleton<RecordingLifecycle>();
        services.AddSingleton<IDirectoryLifecycle>(sp => sp.GetRequiredService<RecordingLifecycle>());
        if (source is null) services.AddSingleton<IDirectorySource, FakeDirectorySource>();
        else services.AddSingleton(source);
        services.AddIgaDirectory(configuration);
        configure?.Invoke(services);
        if (scheduled)
        {
            services.AddSingleton<IHostApplicationLifetime, StartedLifetime>();
            services.AddIgaScheduling(configuration);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var harness = new DirectorySyncHarness(folder, provider, fake, logs);
        if (!scheduled)
        {
            await provider.GetRequiredService<StorageInitializer>().InitializeAsync(null, CancellationToken.None);
            return harness;
        }

        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
            harness._started.Add(hosted);
        }

        return harness;
    }

    /// <summary>Every line logged so far.</summary>
    public IReadOnlyList<string> LogLines => _logs.Lines;

    public Task<IReadOnlyList<StoredPerson>> PeopleAsync() => Store.RunAsync(s => s.People.ListAsync(), default);

    public Task<IReadOnlyList<AuditEvent>> AuditAsync(string? subject = null) => Store.RunAsync(s => s.Audit.ListAsync(subject), default);

    public Task<IReadOnlyList<Grant>> ActiveGrantsAsync() => Store.RunAsync(s => s.Grants.ListActiveAsync(), default);

    private readonly List<IHostedService> _started = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Enumerable.Reverse(_started))
        {
            try { await hosted.StopAsync(CancellationToken.None); }
            catch (OperationCanceledException) { }
        }

        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

internal sealed class StartedLifetime : IHostApplicationLifetime
{
    public CancellationToken ApplicationStarted => new(canceled: true);
    public CancellationToken ApplicationStopping => CancellationToken.None;
    public CancellationToken ApplicationStopped => CancellationToken.None;
    public void StopApplication() { }
}
