using IgaBot.Adapters.Connectors;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// The lifecycle services over a real SQLite file, a fake clock, a recording notifier and an in-memory
/// connector standing in for SCIM (apps naming "scim-test"); every other app falls back to manual tasks.
/// </summary>
internal sealed class LifecycleHarness : IAsyncDisposable
{
    public static DateTimeOffset Start { get; } = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    private LifecycleHarness(string folder, ServiceProvider services, FakeTimeProvider clock, FakeConnector connector)
    {
        Folder = folder;
        Services = services;
        Clock = clock;
        Connector = connector;
    }

    public string Folder { get; }
    public ServiceProvider Services { get; }
    public FakeTimeProvider Clock { get; }
    public FakeConnector Connector { get; }
    public IgaBot.Core.Tenant Tenant => Services.GetRequiredService<ITenantAccessor>().Current;
    public RecordingNotifier Notifier => Services.GetRequiredService<RecordingNotifier>();
    public IIgaStore Store => Services.GetRequiredService<IIgaStore>();
    public ApprovalWorkflow Workflow => Services.GetRequiredService<ApprovalWorkflow>();
    public IApprovalService Approvals => Services.GetRequiredService<IApprovalService>();
    public Provisioner Provisioner => Services.GetRequiredService<Provisioner>();
    public GrantRevoker Revoker => Services.GetRequiredService<GrantRevoker>();
    public IGrantService Grants => Services.GetRequiredService<IGrantService>();
    public ExpiryReminders Reminders => Services.GetRequiredService<ExpiryReminders>();
    public RecordingRevokeScheduler Triggers => (RecordingRevokeScheduler)Services.GetRequiredService<IRevokeScheduler>();

    /// <param name="connector">Makes the connector of the "scim-test" app instead of the in-memory fake (e.g. the real SCIM one).</param>
    /// <param name="tenant">The tenant accessor (default: <see cref="TestTenant"/>, fixed); a test of directory changes swaps the tenant in it.</param>
    /// <param name="configure">Last changes to the services (e.g. a notifier standing in for a channel).</param>
    public static async Task<LifecycleHarness> CreateAsync(IDictionary<string, string?>? settings = null, Func<IServiceProvider, IConnector>? connector = null,
        ITenantAccessor? tenant = null, Action<IServiceCollection>? configure = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "igabot-lifecycle-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var values = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "igabot.db")}",
            ["Provisioning:RetryBaseDelay"] = "00:00:10",
            ["Provisioning:MaxAttempts"] = "3",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var clock = new FakeTimeProvider(Start);
        var fake = new FakeConnector("scim-test");
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(tenant ?? new FixedTenant(TestTenant.Build()));
        services.AddIgaStorage(configuration);
        services.AddSingleton(fake);
        services.AddHttpClient();
        services.AddIgaTestConnectors(fake.Name, connector ?? (_ => fake));
        services.AddSingleton<IRevokeScheduler, RecordingRevokeScheduler>();
        services.AddIgaLifecycleCore(configuration);
        services.AddIgaLifecycle(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.GetRequiredService<StorageInitializer>().InitializeAsync(null, CancellationToken.None);
        return new LifecycleHarness(folder, provider, clock, fake);
    }

    /// <summary>A request as the conversation's submit step stores it, then started.</summary>
    public async Task<AccessRequest> SubmitAsync(string requester, string entitlementId, TimeSpan? duration, params string[][] stageApprovers)
    {
        return await SubmitAsync(requester, requester, entitlementId, duration, null, stageApprovers);
    }

    public async Task<AccessRequest> SubmitAsync(string requester, string beneficiary, string entitlementId, TimeSpan? duration,
        Guid? extendsGrantId, params string[][] stageApprovers)
    {
        var now = Clock.GetUtcNow();
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(),
            Requester = requester,
            Beneficiary = beneficiary,
            EntitlementId = entitlementId,
            Duration = duration,
            Justification = "investigate the failing payment jobs",
            Status = stageApprovers.Length == 0 ? RequestStatus.Approved : RequestStatus.PendingApproval,
            CreatedAt = now,
            UpdatedAt = now,
            Trace = "Policy says so.",
            ExtendsGrantId = extendsGrantId,
        };
        var stages = stageApprovers.Select((approvers, i) => new ApprovalStage
        {
            RequestId = request.Id,
            Order = i + 1,
            Step = i == 0 ? "manager" : "group:security",
            Approvers = approvers,
            Status = StageStatus.Waiting,
        }).ToList();
        await Store.RunAsync(s => s.Requests.CreateAsync(request, stages, new AuditEntry(requester, "request.submitted", LifecycleSubjects.Request(request.Id))), default);
        await Workflow.StartAsync(request.Id, default);
        return request;
    }

    /// <summary>Approves every stage in order and runs the worker: the access is in place afterwards.</summary>
    public async Task<Grant> GrantAsync(string person, string entitlementId, TimeSpan? duration)
    {
        var request = await SubmitAsync(person, entitlementId, duration);
        await Provisioner.RunDueAsync(default);
        var grants = await Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(person), default);
        return grants.Single(g => g.RequestId == request.Id);
    }

    public Task<AccessRequest?> RequestAsync(Guid id) => Store.RunAsync(s => s.Requests.GetAsync(id), default);
    public Task<Grant?> GrantByIdAsync(Guid id) => Store.RunAsync(s => s.Grants.GetAsync(id), default);
    public Task<IReadOnlyList<ApprovalStage>> StagesAsync(Guid id) => Store.RunAsync(s => s.Requests.GetStagesAsync(id), default);

    public Task<IReadOnlyList<AuditEvent>> AuditAsync(string subject) => Store.RunAsync(s => s.Audit.ListAsync(subject), default);

    public async Task<int> AuditCountAsync(string subject, string action) => (await AuditAsync(subject)).Count(e => e.Action == action);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

internal sealed class FixedTenant(IgaBot.Core.Tenant tenant) : ITenantAccessor
{
    public IgaBot.Core.Tenant Current { get; } = tenant;
}

/// <summary>Connector registry with the fake for "scim-test" and the real manual connector as the fallback.</summary>
internal static class TestConnectorRegistration
{
    public static IServiceCollection AddIgaTestConnectors(this IServiceCollection services, IConnector connector) =>
        services.AddIgaTestConnectors(connector.Name, _ => connector);

    public static IServiceCollection AddIgaTestConnectors(this IServiceCollection services, string name, Func<IServiceProvider, IConnector> connector)
    {
        services.Configure<ConnectorOptions>(o => o.Instances[name] = new ConnectorInstanceOptions { Type = ConnectorTypes.Scim });
        services.AddSingleton<IConnectorFactory>(sp => new Factory(ConnectorTypes.Scim, (_, _) => connector(sp)));
        services.AddSingleton<IConnectorFactory>(sp => new Factory(ConnectorTypes.Manual, (name, _) => new ManualConnector(name,
            sp.GetRequiredService<IManualTaskSink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ManualConnector>>())));
        services.AddSingleton<ConnectorRegistry>();
        return services;
    }

    private sealed class Factory(string type, Func<string, ConnectorInstanceOptions, IConnector> create) : IConnectorFactory
    {
        public string Type => type;
        public IConnector Create(string name, ConnectorInstanceOptions options) => create(name, options);
    }
}

/// <summary>Remembers the revoke triggers instead of firing them; tests fire them by calling the revoker.</summary>
internal sealed class RecordingRevokeScheduler : IRevokeScheduler
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, DateTimeOffset> _triggers = new();

    public IReadOnlyDictionary<Guid, DateTimeOffset> Triggers => _triggers;

    public Task ScheduleAsync(Guid grantId, DateTimeOffset at, CancellationToken ct)
    {
        _triggers[grantId] = at;
        return Task.CompletedTask;
    }

    public Task ScheduleManyAsync(IReadOnlyCollection<(Guid GrantId, DateTimeOffset At)> revokes, CancellationToken ct)
    {
        foreach (var (id, at) in revokes) _triggers[id] = at;
        return Task.CompletedTask;
    }

    public Task UnscheduleAsync(Guid grantId, CancellationToken ct)
    {
        _triggers.TryRemove(grantId, out _);
        return Task.CompletedTask;
    }

    public Task<DateTimeOffset?> NextFireAsync(Guid grantId, CancellationToken ct) =>
        Task.FromResult(_triggers.TryGetValue(grantId, out var at) ? at : (DateTimeOffset?)null);

    public void Lose(Guid grantId) => _triggers.TryRemove(grantId, out _);
}
