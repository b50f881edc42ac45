using System.Text;
using IgaBot.Adapters.Slack;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>The Slack channel in a real ASP.NET host on 127.0.0.1, wired to fakes and to <see cref="FakeSlackApi"/>.</summary>
public sealed class SlackTestHost : IAsyncDisposable
{
    public const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string BotToken = "xoxb-test-secret-token-123";

    private readonly WebApplication _app;

    private SlackTestHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;
    public FakeConversationService Conversations { get; private init; } = null!;
    public FakeApprovalService Approvals { get; private init; } = null!;
    public FakeGrantService Grants { get; private init; } = null!;
    public FakeAppHomeData Home { get; private init; } = null!;
    public ISlackInbox Inbox { get; private init; } = null!;
    public List<string> Logs { get; private init; } = null!;

    public sealed class Parts
    {
        public FakeConversationService Conversations { get; init; } = new();
        public FakeApprovalService Approvals { get; init; } = new();
        public FakeGrantService Grants { get; init; } = new();
        public FakeAppHomeData Home { get; init; } = new();
        public ISlackInbox Inbox { get; init; } = new InMemorySlackInbox();
        public Dictionary<string, string?> Settings { get; init; } = [];
        /// <summary>The replay guard (null = a new one in memory; the channel itself keeps it in the database).</summary>
        public ISlackReplayGuard? ReplayGuard { get; init; }
        /// <summary>Further services (real ones in place of the fakes' absence, e.g. the movers' reviews).</summary>
        public Action<IServiceCollection>? Services { get; init; }
    }

    public static async Task<SlackTestHost> StartAsync(FakeSlackApi api, Parts? parts = null)
    {
        parts ??= new Parts();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = BotToken,
            ["Slack:ApiBaseUrl"] = api.BaseUrl,
            ["Slack:BotUserId"] = SlackTestTenant.BotUser,
        };
        foreach (var (k, v) in parts.Settings) settings[k] = v;
        builder.Configuration.AddInMemoryCollection(settings);
        var logs = new List<string>();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(new ListLoggerProvider(logs));

        builder.Services.AddSingleton<ITenantAccessor>(new FixedTenant(SlackTestTenant.Create()));
        builder.Services.AddSingleton<IConversationService>(parts.Conversations);
        builder.Services.AddSingleton<IApprovalService>(parts.Approvals);
        builder.Services.AddSingleton<IGrantService>(parts.Grants);
        builder.Services.AddSingleton<IAppHomeData>(parts.Home);
        builder.Services.AddSingleton(parts.Inbox);
        if (parts.ReplayGuard is not null) builder.Services.AddSingleton(parts.ReplayGuard);
        parts.Services?.Invoke(builder.Services);
        // The stores the channel would keep in the database, in memory (the test has no database).
        builder.Services.TryAddSingleton<ISlackSentMessages, InMemorySlackSentMessages>();
        builder.Services.TryAddSingleton<ISlackReplayGuard, InMemorySlackReplayGuard>();
        builder.Services.AddSlackChannel(builder.Configuration);

        var app = builder.Build();
        app.MapSlackChannel();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        return new SlackTestHost(app, client)
        {
            Conversations = parts.Conversations,
            Approvals = parts.Approvals,
            Grants = parts.Grants,
            Home = parts.Home,
            Inbox = parts.Inbox,
            Logs = logs,
        };
    }

    public static string Timestamp(DateTimeOffset? at = null) => (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString();

    /// <summary>POSTs a body signed the way Slack signs it (optionally with a wrong secret or an old timestamp).</summary>
    public Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType,
        string secret = Secret, DateTimeOffset? at = null, string? sendBody = null, Dictionary<string, string>? headers = null)
    {
        var timestamp = Timestamp(at);
        var signature = SlackSignatureVerifier.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body));
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(sendBody ?? body, Encoding.UTF8, contentType),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        foreach (var (k, v) in headers ?? []) request.Headers.Add(k, v);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostEventAsync(string json, Dictionary<string, string>? headers = null) =>
        PostSignedAsync("/api/slack/events", json, "application/json", headers: headers);

    public Task<HttpResponseMessage> PostCommandAsync(string user, string text, string triggerId = "T.trigger") =>
        PostSignedAsync("/api/slack/commands", Form(new()
        {
            ["token"] = "legacy",
            ["team_id"] = "T1",
            ["channel_id"] = "C1",
            ["user_id"] = user,
            ["command"] = "/access",
            ["text"] = text,
            ["response_url"] = "https://hooks.slack.invalid/commands/1",
            ["trigger_id"] = triggerId,
        }), "application/x-www-form-urlencoded");

    public Task<HttpResponseMessage> PostInteractionAsync(string payloadJson) =>
        PostSignedAsync("/api/slack/interactions", Form(new() { ["payload"] = payloadJson }), "application/x-www-form-urlencoded");

    public static string Form(Dictionary<string, string> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value).Replace("%20", "+")}"));

    /// <summary>Waits until the inbox has nothing pending (the worker did its work).</summary>
    public async Task DrainAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if ((await Inbox.PendingAsync(DateTimeOffset.MaxValue, 1, CancellationToken.None)).Count == 0) return;
            await Task.Delay(20);
        }
        throw new TimeoutException("The Slack inbox was not drained.");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines, categoryName);
        public void Dispose() { }
    }

    private sealed class ListLogger(List<string> lines, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines) lines.Add($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
