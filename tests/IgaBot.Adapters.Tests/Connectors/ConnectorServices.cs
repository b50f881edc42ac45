using IgaBot.Adapters.Connectors;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>The connectors wired as the host wires them (<c>AddIgaConnectors</c>), from in-memory settings.</summary>
public sealed class ConnectorServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public ConnectorServices(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs))
            .AddSingleton<IManualTaskSink>(Sink);
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddIgaConnectors(configuration);

        // Stand-ins that serve https (the token endpoint, for MSAL) do so with a certificate only these clients trust.
        services.ConfigureHttpClientDefaults(client => client.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => TestCertificate.Validate(certificate, errors) },
        }));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public RecordingManualTaskSink Sink { get; } = new();
    public RecordingLoggerProvider Logs { get; } = new();
    public IServiceProvider Provider => _provider;
    public ConnectorRegistry Registry => _provider.GetRequiredService<ConnectorRegistry>();

    /// <summary>Settings for one connector instance (without a Token when <paramref name="token"/> is null).</summary>
    public static Dictionary<string, string?> Instance(string name, string type, Uri baseUrl, string? token, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Connectors:{name}:Type"] = type,
            [$"Connectors:{name}:BaseUrl"] = baseUrl.AbsoluteUri,
        };
        if (token is not null)
        {
            settings[$"Connectors:{name}:Token"] = token;
        }

        foreach (var (key, value) in more)
        {
            settings[$"Connectors:{name}:{key}"] = value;
        }

        return settings;
    }

    public void Dispose() => _provider.Dispose();
}
