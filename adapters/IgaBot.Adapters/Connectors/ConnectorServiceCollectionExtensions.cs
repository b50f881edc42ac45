using IgaBot.Core;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Connectors;

public static class ConnectorServiceCollectionExtensions
{
    /// <summary>
    /// Registers the connectors and <see cref="ConnectorRegistry"/> from the <c>Connectors</c> section
    /// (<c>Connectors:NAME:Type/BaseUrl/Token</c>), validated at start. The manual connector needs an
    /// <see cref="IManualTaskSink"/>, which the provisioning workflow registers.
    /// </summary>
    public static IServiceCollection AddIgaConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(ConnectorOptions.Section);
        services.AddOptions<ConnectorOptions>()
            .Configure(options => Bind(section, options))
            .ValidateAtStart(o => o.Validate());
        services.TryAddSingleton(TimeProvider.System);

        foreach (var instance in section.GetChildren())
        {
            // Each instance's clients bound every try (Timeout) and wait out short throttles (MaxRetryWait, MaxAttempts).
            ConnectorHttp.AddConnectorClients(services, instance.Key);
        }

        services.AddSingleton<IConnectorFactory>(sp => new ConnectorFactory(ConnectorTypes.Scim, (name, options) => new ScimConnector(
            name, options, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ScimConnector>>())));
        services.AddSingleton<IConnectorFactory>(sp => new ConnectorFactory(ConnectorTypes.Entra, (name, options) => new EntraConnector(
            name, options, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<EntraConnector>>())));
        services.AddSingleton<IConnectorFactory>(sp => new ConnectorFactory(ConnectorTypes.Okta, (name, options) => new OktaConnector(
            name, options, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<OktaConnector>>())));
        services.AddSingleton<IConnectorFactory>(sp => new ConnectorFactory(ConnectorTypes.Manual, (name, _) => new ManualConnector(
            name,
            sp.GetService<IManualTaskSink>() ?? throw new InvalidOperationException(
                $"App connector '{name}' is manual, and no {nameof(IManualTaskSink)} is registered to receive its tasks."),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ManualConnector>>())));
        services.TryAddSingleton<ConnectorRegistry>();
        return services;
    }

    private static void Bind(IConfigurationSection section, ConnectorOptions options)
    {
        foreach (var instance in section.GetChildren())
        {
            options.Instances[instance.Key] = instance.Get<ConnectorInstanceOptions>() ?? new ConnectorInstanceOptions();
        }
    }

    private sealed class ConnectorFactory(string type, Func<string, ConnectorInstanceOptions, IConnector> create) : IConnectorFactory
    {
        public string Type => type;
        public IConnector Create(string name, ConnectorInstanceOptions options) => create(name, options);
    }
}
