using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IgaBot.Bot.Playground;
using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Bot.Tests.Playground.Support;

/// <summary>
/// The playground on a real Kestrel host (127.0.0.1, random port) in front of <see cref="FakeBot"/>, which sits
/// behind a real, unauthenticated <see cref="CloudAdapter"/> at <c>/api/messages</c> as IgaBot's Teams handler does.
/// </summary>
internal sealed class PlaygroundTestHost : IAsyncDisposable
{
    public const string Jake = "jake.miller@contoso.com";
    public const string Nina = "nina.petrova@contoso.com";
    public const string Lucy = "lucy.evans@contoso.com";
    public const string JakeTeamsId = "36f675cc-81e7-4ef5-a8e2-5d940ed90475";

    private WebApplication _app = null!;

    public HttpClient Client { get; private set; } = null!;
    public FakeBot Bot { get; } = new();
    public CloudAdapter Adapter => _app.Services.GetRequiredService<CloudAdapter>();
    public IServiceProvider Services => _app.Services;

    public static Tenant TestTenant { get; } = new(
        new AccessCatalog([], new Dictionary<string, IReadOnlyList<string>>()),
        new PeopleDirectory(
        [
            new Person { Email = Nina, Name = "Nina Petrova", Title = "Engineering Manager", Department = "Engineering" },
            new Person { Email = Jake, Name = "Jake Miller", Title = "Software Engineer", Department = "Engineering", Manager = Nina, TeamsId = JakeTeamsId },
            new Person { Email = Lucy, Name = "Lucy Evans", Title = "Software Engineer", Department = "Engineering", Manager = Nina },
        ]),
        new Dictionary<string, IReadOnlyList<AccessAssignment>>());

    public static async Task<PlaygroundTestHost> StartAsync(string environment = "Development", IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var host = new PlaygroundTestHost();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        // Greeting every persona at start is tested on its own; elsewhere it would only add "hello" messages.
        var config = new Dictionary<string, string?> { ["Playground:GreetEveryone"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;
        builder.Configuration.AddInMemoryCollection(config);
        builder.Logging.ClearProviders();

        builder.Services.AddSingleton<ITenantAccessor>(new FixedTenant(TestTenant));
        builder.Services.AddPlayground(builder.Configuration, builder.Environment);
        builder.Services.AddSingleton(new CloudAdapter(new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build())));
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, CloudAdapter adapter) => adapter.ProcessAsync(request, response, host.Bot));
        app.MapPlayground();
        host._app = app;
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Client = new HttpClient { BaseAddress = new Uri(address) };
        return host;
    }

    /// <summary>Starts a Web Chat session as this persona: the token the page gets, then the Direct Line conversation.</summary>
    public async Task<DirectLineSession> StartSessionAsync(string email)
    {
        var session = await (await Client.PostAsJsonAsync("/playground/api/session", new { email })).Content.ReadFromJsonAsync<JsonObject>();
        var token = (string)session!["token"]!;
        var start = new HttpRequestMessage(HttpMethod.Post, "/playground/directline/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = await (await Client.SendAsync(start)).Content.ReadFromJsonAsync<JsonObject>();
        return new DirectLineSession(Client, token, (string)started!["conversationId"]!);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await _app.DisposeAsync();
    }

    private sealed class FixedTenant(Tenant tenant) : ITenantAccessor
    {
        public Tenant Current => tenant;
    }
}

/// <summary>One persona's Direct Line conversation, driven the way Web Chat drives it.</summary>
internal sealed class DirectLineSession(HttpClient client, string token, string conversationId)
{
    public string ConversationId => conversationId;
    public string Token => token;
    public string? Watermark { get; private set; }

    public Task<HttpResponseMessage> PostAsync(JsonObject activity) => SendAsync(HttpMethod.Post, $"conversations/{conversationId}/activities", activity);

    public Task<HttpResponseMessage> SayAsync(string text) =>
        PostAsync(new JsonObject { ["type"] = "message", ["text"] = text, ["channelData"] = new JsonObject { ["clientActivityID"] = Guid.NewGuid().ToString("N") } });

    /// <summary>The activities after the last watermark read (or after <paramref name="from"/>), and moves the watermark on.</summary>
    public async Task<IReadOnlyList<JsonObject>> ReadAsync(string? from = null)
    {
        var response = await SendAsync(HttpMethod.Get, $"conversations/{conversationId}/activities?watermark={from ?? Watermark}", null);
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Watermark = (string?)body["watermark"];
        return ((JsonArray)body["activities"]!).Select(a => (JsonObject)a!).ToList();
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject? body)
    {
        var request = new HttpRequestMessage(method, "/playground/directline/v3/directline/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return client.SendAsync(request);
    }
}
