using IgaBot.Core.Agent;
using IgaBot.Core.Telemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IgaBot.Bot.Hosting;

/// <summary>Settings section <c>OpenTelemetry</c>.</summary>
internal sealed class TelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>The OTLP collector; empty = the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, and without both nothing is exported.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (default, usually port 4317) or <c>http/protobuf</c> (usually port 4318).</summary>
    public string? Protocol { get; set; }

    /// <summary>The service name in the exported resource (default <c>igabot</c>).</summary>
    public string ServiceName { get; set; } = "igabot";
}

internal static class TelemetrySetup
{
    /// <summary>
    /// Exports IgaBot's meters (<see cref="IgaTelemetry.Name"/>, <see cref="ModelUsageMeter.MeterName"/>) and activity
    /// source, with ASP.NET Core's requests, by OTLP, but only when an endpoint is configured (<c>OpenTelemetry:Endpoint</c>
    /// or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Without one nothing of the OpenTelemetry SDK is registered; the
    /// instruments still record for any in-process listener.
    /// </summary>
    public static IServiceCollection AddIgaTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var endpoint = !string.IsNullOrWhiteSpace(options.Endpoint) ? options.Endpoint : configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(endpoint)) return services;
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new InvalidOperationException($"OpenTelemetry:Endpoint '{endpoint}' is not an http(s) URL (e.g. http://otel-collector:4317).");
        var protocol = options.Protocol?.Trim().ToLowerInvariant() switch
        {
            null or "" or "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
            _ => throw new InvalidOperationException($"OpenTelemetry:Protocol '{options.Protocol}' is not grpc or http/protobuf."),
        };

        // The standard OTEL_EXPORTER_OTLP_* variables apply as they are when the settings name no endpoint. Over
        // http/protobuf a configured endpoint is the collector's base address and each signal gets its own path.
        Action<OtlpExporterOptions> Otlp(string signal) => o =>
        {
            if (string.IsNullOrWhiteSpace(options.Endpoint)) return;
            o.Protocol = protocol;
            o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
                ? new Uri(uri.AbsoluteUri.TrimEnd('/') + "/v1/" + signal)
                : uri;
        };

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(options.ServiceName, serviceInstanceId: $"{Environment.MachineName}/{Environment.ProcessId}"))
            .WithMetrics(m => m
                .AddMeter(IgaTelemetry.Name, ModelUsageMeter.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(Otlp("metrics")))
            .WithTracing(t => t
                .AddSource(IgaTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = c => !c.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddOtlpExporter(Otlp("traces")));
        return services;
    }
}
