using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace IgaBot.Bot.Teams;

public static class TeamsChannelExtensions
{
    /// <summary>
    /// Registers the Teams channel: Bot Framework authentication read from the configuration root
    /// (MicrosoftAppId, MicrosoftAppPassword, MicrosoftAppType, MicrosoftAppTenantId), the
    /// CloudAdapter with its error boundary, the activity handler and <see cref="TeamsNotifier"/>
    /// (the host puts it first among the channel notifiers). Needs an <c>ITenantAccessor</c>, an
    /// <c>IConversationService</c>, an <c>IApprovalService</c> and an <c>IGrantService</c>.
    /// Start-up fails outside Development when MicrosoftAppId is empty (unless Teams:Enabled=false).
    /// </summary>
    public static IServiceCollection AddTeamsChannel(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = new TeamsOptions();
        TeamsOptions.Bind(options, configuration);
        if (!options.Enabled) return services;

        services.AddOptions<TeamsOptions>().Configure(o => TeamsOptions.Bind(o, configuration))
            .ValidateAtStart(o => o.Validate(environment.IsDevelopment()));
        services.AddHttpClient();
        services.AddMemoryCache();
        services.TryAddSingleton(TimeProvider.System);
        // In the database when storage is registered (AddIgaStorage), so a restart keeps who can be reached.
        services.TryAddSingleton<ITeamsReferenceStore>(sp => sp.GetService<IIgaStore>() is { } store
            ? new StoredTeamsReferenceStore(store)
            : new InMemoryTeamsReferenceStore());
        services.TryAddSingleton<ISentCardStore>(sp => sp.GetService<StorageDatabase>() is { } database
            ? new SqlSentCardStore(database)
            : new InMemorySentCardStore());

        // Tests replace the credentials factory (outbound tokens) and keep everything else real.
        services.TryAddSingleton<ServiceClientCredentialsFactory>(sp =>
            new ConfigurationServiceClientCredentialFactory(configuration, null, sp.GetRequiredService<ILogger<ServiceClientCredentialsFactory>>()));
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ConfigurationBotFrameworkAuthentication(
            configuration,
            sp.GetRequiredService<ServiceClientCredentialsFactory>(),
            authConfiguration: null,
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>()));
        // CloudAdapter's constructors are ambiguous to the container: build it by hand.
        services.AddSingleton(sp => new CloudAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<ILogger<CloudAdapter>>())
        {
            OnTurnError = sp.GetRequiredService<TeamsTurnErrorHandler>().HandleAsync,
        });
        services.AddSingleton<TeamsTurnErrorHandler>();
        services.AddSingleton<TeamsPeople>();
        services.AddSingleton<CardClickHandler>();
        services.AddSingleton<TeamsBot>();
        services.AddSingleton<TeamsNotifier>(sp => new TeamsNotifier(
            sp.GetRequiredService<CloudAdapter>(),
            sp.GetRequiredService<ITeamsReferenceStore>(),
            sp.GetRequiredService<ISentCardStore>(),
            sp.GetRequiredService<IgaBot.Core.ITenantAccessor>(),
            sp.GetRequiredService<IOptions<TeamsOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TeamsNotifier>>()));
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c> (nothing when Teams:Enabled=false).</summary>
    public static WebApplication MapTeamsChannel(this WebApplication app)
    {
        if (app.Services.GetService<TeamsBot>() is null) return app;
        LogAllowList(app);
        app.MapPost("/api/messages", async (HttpRequest request, HttpResponse response, CloudAdapter adapter, TeamsBot bot, ILogger<TeamsBot> logger, CancellationToken ct) =>
        {
            if (UnreadableBearerToken(request) is { } problem)
            {
                // The SDK parses the token before validating it and lets a parse failure escape as 500: refuse it here.
                logger.LogWarning("Refused a Teams request whose bearer token cannot be read: {Reason}", problem);
                response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            if (!await HasUsableServiceUrlAsync(request, ct))
            {
                // The adapter would fail creating its connector client and answer 500 (found by the fuzz test).
                logger.LogWarning("Refused a Teams request without a usable activity (JSON object with an http(s) serviceUrl)");
                response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            try
            {
                await adapter.ProcessAsync(request, response, bot, ct);
            }
            catch (SecurityTokenException e) when (!response.HasStarted)
            {
                // The adapter answers 401 for most bad tokens but lets a few (an unknown signing key) escape as 500.
                logger.LogWarning("Refused a Teams request with an invalid token: {Reason}", e.GetType().Name);
                response.StatusCode = StatusCodes.Status401Unauthorized;
            }
        });
        return app;
    }

    /// <summary>
    /// Whether the body is a JSON object whose <c>serviceUrl</c> is an absolute http(s) URL; the body is buffered and
    /// rewound for the adapter. An unreadable activity is answered 400 here rather than 500 inside the adapter.
    /// </summary>
    private static async Task<bool> HasUsableServiceUrlAsync(HttpRequest request, CancellationToken ct)
    {
        request.EnableBuffering();
        try
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            return document.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && document.RootElement.TryGetProperty("serviceUrl", out var url)
                && url.ValueKind == System.Text.Json.JsonValueKind.String
                && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
        finally
        {
            request.Body.Position = 0;
        }
    }

    /// <summary>
    /// Why the request's <c>Authorization: Bearer</c> token is not even a readable JWT (null when it is, or when
    /// there is no bearer token: the SDK answers those). Reads it the way the SDK will, without trusting anything.
    /// </summary>
    internal static string? UnreadableBearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            _ = new System.IdentityModel.Tokens.Jwt.JwtSecurityToken(header[scheme.Length..].Trim());
            return null;
        }
        catch (ArgumentException e)
        {
            // SecurityTokenMalformedException (IDX12739/IDX12741) and the plain ArgumentException of IDX12729 both land here.
            return e.GetType().Name;
        }
    }

    /// <summary>Says at start-up which tenants Teams activities are accepted from, so a silently open list cannot go unnoticed.</summary>
    private static void LogAllowList(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("IgaBot.Bot.Teams.TeamsChannel");
        if (options.AllowedTenants.Count > 0)
            logger.LogInformation("Teams: activities are accepted only from the tenants {AllowedTenants} (Teams:AllowedTenants)", options.DescribeAllowedTenants());
        else if (app.Environment.IsDevelopment())
            logger.LogInformation("Teams: activities are accepted from {AllowedTenants}", options.DescribeAllowedTenants());
        else
            logger.LogWarning("Teams: activities are accepted from {AllowedTenants}: set Teams:AllowedTenants to your tenant id to refuse other tenants", options.DescribeAllowedTenants());
    }
}
