using IgaBot.Bot.Playground.DirectLine;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Playground;

public static class PlaygroundExtensions
{
    /// <summary>
    /// Registers the playground when it is on (Development, or <c>Playground:Enabled=true</c>; never with a
    /// <c>MicrosoftAppId</c>): its local Direct Line and Bot Connector, the greeter, and the readers of the page
    /// and admin view. Needs the Teams channel (<c>/api/messages</c>) and an <c>ITenantAccessor</c>; reads
    /// approvals, requests, grants and the audit trail through <c>IIgaStore</c> when one is registered.
    /// </summary>
    public static IServiceCollection AddPlayground(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var whyOff = PlaygroundOptions.WhyOff(configuration, environment);
        services.AddSingleton(new PlaygroundSwitch(whyOff));
        if (whyOff is not null) return services;

        services.AddOptions<PlaygroundOptions>().Configure(o => PlaygroundOptions.Bind(o, configuration));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<PlaygroundOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(PlaygroundBot.HttpClientName);
        // Every chat message is an HTTP call to the bot: the client's per-request lines would drown the log.
        services.AddLogging(logging => logging.AddFilter($"System.Net.Http.HttpClient.{PlaygroundBot.HttpClientName}", LogLevel.Warning));
        services.AddSingleton<PlaygroundAddress>();
        services.AddSingleton<PlaygroundBot>();
        services.AddSingleton<PlaygroundTranscripts>();
        services.AddSingleton<PlaygroundReader>();
        services.AddSingleton<PlaygroundGreeter>();
        services.AddHostedService(sp => sp.GetRequiredService<PlaygroundGreeter>());
        return services;
    }

    /// <summary>Maps <c>/</c>, <c>/admin</c>, <c>/playground/**</c> when the playground is on; nothing otherwise (those paths answer 404).</summary>
    public static WebApplication MapPlayground(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IgaBot.Playground");
        var whyOff = app.Services.GetService<PlaygroundSwitch>() is { } playground ? playground.WhyOff : "AddPlayground was not called";
        if (whyOff is not null)
        {
            logger.Log(app.Environment.IsDevelopment() ? LogLevel.Warning : LogLevel.Information, "Playground off: {Reason}", whyOff);
            return app;
        }
        if (!app.Environment.IsDevelopment())
            logger.LogWarning("Playground on outside Development (Playground:Enabled): anyone who reaches this server can act as any person of the tenant");

        var bundle = PlaygroundBundle.Find(app.Environment);
        if (bundle.Files is { } files)
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/playground", OnPrepareResponse = PlaygroundBundle.NoCache });
        else
            logger.LogWarning("Playground page not built (no wwwroot/playground/index.html): install Node.js (npm) and build the bot again");

        app.MapPlaygroundPages(bundle);
        app.MapPlaygroundDirectLine();
        app.MapPlaygroundConnector();
        return app;
    }

    /// <summary>Whether AddPlayground switched the playground on, and why not.</summary>
    private sealed record PlaygroundSwitch(string? WhyOff);
}
