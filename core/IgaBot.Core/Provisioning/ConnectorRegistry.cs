using System.Collections.Concurrent;
using IgaBot.Core.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.Provisioning;

/// <summary>Makes connectors of one type (adapters register one per type).</summary>
public interface IConnectorFactory
{
    /// <summary>One of <see cref="ConnectorTypes"/>.</summary>
    string Type { get; }

    /// <summary>A connector for the instance <paramref name="name"/> with its settings.</summary>
    IConnector Create(string name, ConnectorInstanceOptions options);
}

/// <summary>
/// Picks the connector for an app by the name in its catalog entry (<c>connector: NAME</c>), from
/// settings <c>Connectors:NAME</c>. A name that is not configured falls back to <c>manual</c>, so an
/// app is never left without a way to be provisioned. One instance per name, made on first use.
/// </summary>
public sealed partial class ConnectorRegistry
{
    private readonly ConnectorOptions _options;
    private readonly Dictionary<string, IConnectorFactory> _factories;
    private readonly ConcurrentDictionary<string, IConnector> _connectors = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILogger<ConnectorRegistry> _logger;

    public ConnectorRegistry(IOptions<ConnectorOptions> options, IEnumerable<IConnectorFactory> factories, ILogger<ConnectorRegistry> logger)
    {
        _options = options.Value;
        _logger = logger;
        _factories = new Dictionary<string, IConnectorFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var factory in factories)
        {
            _factories[factory.Type] = factory;
        }

        if (!_factories.ContainsKey(ConnectorTypes.Manual))
        {
            throw new InvalidOperationException("No manual connector is registered; it is the fallback for every unconfigured app.");
        }
    }

    /// <summary>The connector instance names present in settings.</summary>
    public IReadOnlyCollection<string> ConfiguredNames => _options.Instances.Keys;

    /// <summary>The connector that provisions <paramref name="app"/>.</summary>
    public IConnector For(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return ForName(app.Connector);
    }

    /// <summary>
    /// Every group of <paramref name="catalog"/> whose connector can list its members: one per entitlement and scope option
    /// whose <c>target.group</c> names a group (an entitlement without one, or whose group needs a scope it lacks, has none).
    /// </summary>
    public IEnumerable<(IConnector Connector, Entitlement Entitlement, string? Scope, string Group)> ListableGroups(AccessCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var app in catalog.Apps)
        {
            var connector = For(app);
            if (!connector.CanListMembers) continue;
            foreach (var entitlement in app.Entitlements)
            {
                var scopes = entitlement.Scope is { } scope ? scope.Options.Select(o => (string?)o) : [null];
                foreach (var option in scopes)
                {
                    string? group;
                    try { group = ProvisioningTarget.GroupFor(entitlement, option); }
                    catch (InvalidInputException) { continue; }
                    if (group is not null) yield return (connector, entitlement, option, group);
                }
            }
        }
    }

    /// <summary>The connector instance <paramref name="name"/>, or a manual one of that name when it is not configured.</summary>
    /// <exception cref="InvalidOperationException">The settings name a type that no factory makes (settings validation reports this at start).</exception>
    public IConnector ForName(string? name)
    {
        var key = string.IsNullOrWhiteSpace(name) ? ConnectorTypes.Manual : name.Trim();
        return _connectors.GetOrAdd(key, n => new Telemetry.InstrumentedConnector(Create(n)));
    }

    private IConnector Create(string name)
    {
        if (!_options.Instances.TryGetValue(name, out var instance))
        {
            LogFallback(name);
            return _factories[ConnectorTypes.Manual].Create(name, new ConnectorInstanceOptions { Type = ConnectorTypes.Manual });
        }

        var type = ConnectorTypes.Normalize(instance.Type);
        if (type is null || !_factories.TryGetValue(type, out var factory))
        {
            throw new InvalidOperationException(
                $"{ConnectorOptions.Section}:{name}:Type is '{instance.Type}', and no connector of that type is available; expected one of {string.Join(", ", _factories.Keys)}.");
        }

        // The settings' spelling of the name, whatever case the app used.
        var configuredName = _options.Instances.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        LogCreated(configuredName, type);
        return factory.Create(configuredName, instance);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} is not configured; its apps are provisioned by manual tasks to their owners")]
    private partial void LogFallback(string connector);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connector {Connector} uses type {Type}")]
    private partial void LogCreated(string connector, string type);
}
