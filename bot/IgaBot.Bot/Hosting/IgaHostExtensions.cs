using IgaBot.Adapters.Tenant;
using IgaBot.Core;

namespace IgaBot.Bot.Hosting;

/// <summary>The composition root's pieces that belong to the host itself.</summary>
internal static class IgaHostExtensions
{
    /// <summary>Settings beside the executable come first, so the bot runs from any working directory.</summary>
    public static WebApplicationBuilder AddIgaSettings(this WebApplicationBuilder builder)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(beside))
        {
            var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = beside, Optional = true };
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(0, source);
        }
        return builder;
    }

    public static IServiceCollection AddIgaTenant(this IServiceCollection services)
    {
        services.AddOptions<IgaOptions>().BindConfiguration(IgaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ITenantAccessor, FileTenantAccessor>();
        services.AddSingleton<IHealthCheckPart, CatalogHealth>();
        return services;
    }
}
