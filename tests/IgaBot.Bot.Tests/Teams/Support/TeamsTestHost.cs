using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using IgaBot.Bot.Teams;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Rest;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>
/// The bot's Teams channel on a real Kestrel host (127.0.0.1, random port) with fake services,
/// Bot Framework authentication on (an app id is set) and pointed at the local token issuer.
/// </summary>
internal sealed class TeamsTestHost : IAsyncDisposable
{
    public const string AppId = "0b6f7a42-7c2e-4d8f-9a51-3c0de5a1b2c4";

    private WebApplication _app = null!;

    private TeamsTestHost() { }

    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _app.Services;
    public FakeConversationService Conversation { get; } = new();
    public FakeApprovalService Approvals { get; } = new();
    public FakeGrantService Grants { get; } = new();
    public FakeTenantAccessor Tenant { get; } = new();
    public FakeTimeProvider Time { get; } = new(Samples.Now);
    public RecordingLoggerProvider Logs { get; } = new();
    public TeamsNotifier Notifier => Services.GetRequiredService<TeamsNotifier>();
    public ITeamsReferenceStore References => Services.GetRequiredService<ITeamsReferenceStore>();

    /// <param name="settings">Replace the defaults below; a null value removes the default.</param>
    /// <param name="underneath">Configuration sources read before the settings, as appsettings.json is.</param>
    /// <param name="over">Configuration sources read after the settings, as environment variables are.</param>
    public static async Task<TeamsTestHost> StartAsync(LocalTokenIssuer issuer, IDictionary<string, string?>? settings = null, string environment = "Production",
        Action<IConfigurationBuilder>? underneath = null, Action<IConfigurationBuilder>? over = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["MicrosoftAppId"] = AppId,
            ["MicrosoftAppPassword"] = "not-used-the-test-credentials-factory-signs-outbound-calls",
            ["MicrosoftAppType"] = "MultiTenant",
            // Setting any of these switches the SDK to fully "parameterized" authentication, so the
            // public-cloud values of the others are spelled out; only the inbound issuer is local.
            ["ToBotFromChannelOpenIdMetadataUrl"] = issuer.MetadataUrl,
            ["ToBotFromChannelTokenIssuer"] = LocalTokenIssuer.Issuer,
            ["ToChannelFromBotLoginUrl"] = "https://login.microsoftonline.com/botframework.com",
            ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
            ["OAuthUrl"] = "https://api.botframework.com",
            ["ToBotFromEmulatorOpenIdMetadataUrl"] = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration",
            ["CallerId"] = "urn:botframework:azure",
            ["ValidateAuthority"] = "true",
            ["Teams:AllowedTenants"] = TestPeople.TenantId,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            if (value is null) config.Remove(key);
            else config[key] = value;
        }

        var host = new TeamsTestHost();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        underneath?.Invoke(builder.Configuration);
        builder.Configuration.AddInMemoryCollection(config);
        over?.Invoke(builder.Configuration);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(host.Logs);

        builder.Services.AddSingleton<ITenantAccessor>(host.Tenant);
        builder.Services.AddSingleton<IConversationService>(host.Conversation);
        builder.Services.AddSingleton<IApprovalService>(host.Approvals);
        builder.Services.AddSingleton<IGrantService>(host.Grants);
        builder.Services.AddSingleton<TimeProvider>(host.Time);
        if (!string.IsNullOrEmpty(config.GetValueOrDefault("MicrosoftAppId")))
            builder.Services.AddSingleton<ServiceClientCredentialsFactory>(new OutboundTestCredentialsFactory());
        // The stores the channel keeps in the database, in memory (the test has no database).
        builder.Services.AddSingleton<ITeamsReferenceStore, InMemoryTeamsReferenceStore>();
        builder.Services.AddSingleton<ISentCardStore, InMemorySentCardStore>();
        builder.Services.AddTeamsChannel(builder.Configuration, builder.Environment);

        var app = builder.Build();
        app.MapTeamsChannel();
        host._app = app;
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Client = new HttpClient { BaseAddress = new Uri(address) };
        return host;
    }

    /// <summary>POSTs an activity to /api/messages as the Bot Framework service would, with this bearer token (or none).</summary>
    public Task<HttpResponseMessage> PostActivityAsync(JsonObject activity, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// Inbound validation stays the SDK's (it checks the token's audience against MicrosoftAppId);
    /// only the bot's own outbound token, which would come from Entra ID, is a fixed test value.
    /// </summary>
    private sealed class OutboundTestCredentialsFactory() : PasswordServiceClientCredentialFactory(TeamsTestHost.AppId, "unused", null, null, null)
    {
        public override Task<ServiceClientCredentials> CreateCredentialsAsync(string appId, string audience, string loginEndpoint, bool validateAuthority, CancellationToken cancellationToken) =>
            Task.FromResult<ServiceClientCredentials>(new TokenCredentials("outbound-test-token"));
    }
}
