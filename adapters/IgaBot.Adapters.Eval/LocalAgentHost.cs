using IgaBot.Adapters.Llm;
using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Agent;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Eval;

/// <summary>
/// The agent over one tenant and one SQLite file, composed without a web host: what <c>igabot eval</c>
/// runs each case on, and what tests use to run the real conversation end to end. The tenant-wide
/// pieces (the semantic index and the planner's reading) can be shared between hosts.
/// </summary>
public sealed class LocalAgentHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private LocalAgentHost(ServiceProvider services) => _services = services;

    public IServiceProvider Services => _services;
    public IConversationService Conversation => _services.GetRequiredService<IConversationService>();

    /// <summary>The pieces that depend only on the tenant, built once and shared by the hosts of that tenant.</summary>
    public sealed record SharedPieces(SemanticEntitlementSearch Search, IPlannerUnderstanding Understanding)
    {
        public static async Task<SharedPieces> CreateAsync(Core.Tenant tenant, CancellationToken ct)
        {
            var accessor = new FixedTenantAccessor(tenant);
            var search = new SemanticEntitlementSearch(accessor);
            await search.WarmUpAsync(ct);
            return new(search, new PlannerUnderstanding(accessor, search));
        }
    }

    /// <summary>
    /// Composes the agent over <paramref name="databasePath"/>. With <paramref name="initialize"/> the database is
    /// migrated and loaded with the tenant (its people, catalog and initial access); otherwise it is used as it is
    /// (a copy of a loaded one, or the same file after a restart).
    /// </summary>
    /// <param name="settings">More settings, e.g. an <c>OpenAI</c> section; null = the offline planner.</param>
    public static async Task<LocalAgentHost> StartAsync(Core.Tenant tenant, string databasePath, SharedPieces shared,
        IConfiguration? settings = null, bool initialize = true, Action<IServiceCollection>? configure = null, CancellationToken ct = default)
    {
        var builder = new ConfigurationBuilder();
        if (settings is not null) builder.AddConfiguration(settings);
        // The database is always this host's own file, whatever the given settings name (a bot's appsettings.json does).
        builder.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:ConnectionString"] = $"Data Source={databasePath}",
        });
        var configuration = builder.Build();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(tenant);
        services.AddSingleton<ITenantAccessor>(new FixedTenantAccessor(tenant));
        services.AddSingleton<IEntitlementSearch>(shared.Search);
        services.AddSingleton(shared.Search);
        services.AddSingleton(shared.Understanding);
        configure?.Invoke(services);
        services.TryAddSingleton<IGrantService, UnavailableGrantService>();
        services.AddIgaStorage(configuration);
        services.AddIgaAgentCore();
        services.AddIgaPlanner();
        services.AddIgaAgent(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
        var host = new LocalAgentHost(provider);
        if (initialize)
            await provider.GetRequiredService<StorageInitializer>().InitializeAsync(tenant, ct);
        return host;
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();

    private sealed class FixedTenantAccessor(Core.Tenant tenant) : ITenantAccessor
    {
        public Core.Tenant Current => tenant;
    }
}
