using IgaBot.Adapters.Slack;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackApiClientTests
{
    private FakeSlackApi _api = null!;
    private SlackTestHost _host = null!;
    private SlackApiClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeSlackApi.StartAsync();
        SlackTestTenant.AddSlackUsers(_api);
        _host = await SlackTestHost.StartAsync(_api);
        _client = _host.Services.GetRequiredService<SlackApiClient>();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Test]
    public void OkFalse_BecomesATypedErrorWithSlacksCode()
    {
        _api.Script("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");

        var error = Assert.ThrowsAsync<SlackApiException>(() =>
            _client.PostMessageAsync("C404", SlackMessages.Text("hi"), null, CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo("channel_not_found"));
        Assert.That(error.Method, Is.EqualTo("chat.postMessage"));
    }

    [Test]
    public async Task ARateLimit_IsRetriedAfterTheTimeSlackAsks()
    {
        _api.Script("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfterSeconds: 1);
        var started = DateTime.UtcNow;

        var posted = await _client.PostMessageAsync("DUALICE", SlackMessages.Text("hi"), null, CancellationToken.None);

        Assert.That(posted.Ts, Is.Not.Empty);
        Assert.That(_api.CallsOf("chat.postMessage"), Has.Count.EqualTo(2));
        Assert.That(DateTime.UtcNow - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.95)), "waited for Retry-After");
    }

    [Test]
    public async Task AServerError_IsRetried()
    {
        _api.Script("conversations.open", 503, "upstream down");

        var channel = await _client.OpenDirectMessageAsync("UALICE", CancellationToken.None);

        Assert.That(channel, Is.EqualTo("DUALICE"));
        Assert.That(_api.CallsOf("conversations.open"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task WriteMethodsSendJson_ReadMethodsSendForms_AllWithTheBotToken()
    {
        await _client.PostMessageAsync("DUALICE", SlackMessages.Text("hi"), null, CancellationToken.None);
        var user = await _client.GetUserAsync("UALICE", CancellationToken.None);

        var post = _api.CallsOf("chat.postMessage").Single();
        var info = _api.CallsOf("users.info").Single();
        Assert.Multiple(() =>
        {
            Assert.That(post.ContentType, Does.StartWith("application/json"));
            Assert.That(info.ContentType, Does.StartWith("application/x-www-form-urlencoded"));
            Assert.That(info.Arg("user"), Is.EqualTo("UALICE"));
            Assert.That(post.Authorization, Is.EqualTo("Bearer " + SlackTestHost.BotToken));
            Assert.That(info.Authorization, Is.EqualTo("Bearer " + SlackTestHost.BotToken));
            Assert.That(user, Is.EqualTo(new SlackUser("UALICE", "alice@example.com", "Alice Moreau", false, false)));
        });
    }

    [Test]
    public async Task AnUnknownUser_IsNullNotAnError()
    {
        Assert.That(await _client.GetUserAsync("UNOBODY", CancellationToken.None), Is.Null);
        Assert.That(await _client.LookupUserByEmailAsync("nobody@example.com", CancellationToken.None), Is.Null);
    }
}
