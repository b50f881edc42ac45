using IgaBot.Core;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Identity;

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>
    /// Registers where people come from (<c>Directory</c> section, validated at start against <c>Connectors</c>): with
    /// <c>Directory:Source</c> unset or <c>yaml</c> nothing changes (the tenant's directory file); with the name of an entra,
    /// okta or scim connector instance, its <see cref="IDirectorySource"/>, the <see cref="DirectorySync"/> and the
    /// <see cref="SyncedDirectory"/> the tenant accessors show. The periodic job is declared by <c>AddIgaScheduling</c>.
    /// Needs <c>AddIgaConnectors</c> and <c>AddIgaStorage</c>.
    /// </summary>
    public static IServiceCollection AddIgaDirectory(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(DirectoryOptions.Section);
        services.AddOptions<DirectoryOptions>().Bind(section)
            .ValidateAtStart<DirectoryOptions, IOptions<ConnectorOptions>>((o, connectors) => o.Validate(connectors.Value));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SyncedDirectory>();
        services.TryAddSingleton<DirectorySync>();

        var options = section.Get<DirectoryOptions>() ?? new DirectoryOptions();
        if (!options.FromYaml)
        {
            var name = options.Source.Trim();
            services.TryAddSingleton<IDirectorySource>(sp => Create(name,
                sp.GetRequiredService<IOptions<ConnectorOptions>>().Value,
                sp.GetRequiredService<IHttpClientFactory>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<DirectorySync>()));
        }

        return services;
    }

    /// <summary>The source for connector instance <paramref name="name"/> (entra, okta or scim).</summary>
    public static IDirectorySource Create(string name, ConnectorOptions connectors, IHttpClientFactory clients, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(connectors);
        if (!connectors.Instances.TryGetValue(name, out var instance))
            throw new InvalidOperationException($"{DirectoryOptions.Section}:Source is '{name}', and no {ConnectorOptions.Section}:{name} is configured.");
        var configured = connectors.Instances.Keys.First(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
        return ConnectorTypes.Normalize(instance.Type) switch
        {
            ConnectorTypes.Entra => new EntraDirectorySource(configured, instance, clients, time, logger),
            ConnectorTypes.Okta => new OktaDirectorySource(configured, instance, clients, time, logger),
            ConnectorTypes.Scim => new ScimDirectorySource(configured, instance, clients, time, logger),
            _ => throw new InvalidOperationException($"{DirectoryOptions.Section}:Source '{name}' is a {instance.Type} connector; a directory source must be entra, okta or scim."),
        };
    }
}
