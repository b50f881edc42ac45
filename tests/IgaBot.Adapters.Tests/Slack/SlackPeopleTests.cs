using IgaBot.Adapters.Slack;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackPeopleTests
{
    private FakeSlackApi _api = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeSlackApi.StartAsync();
        AddSlackUsers(_api);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "s",
            ["Slack:BotToken"] = "xoxb-1",
            ["Slack:ApiBaseUrl"] = _api.BaseUrl,
            ["Slack:IdentityCacheMinutes"] = "60",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<ITenantAccessor>(new FixedTenant(Create()));
        services.AddSingleton<IConversationService>(new FakeConversationService());
        services.AddSingleton<IApprovalService>(new FakeApprovalService());
        services.AddSingleton<IGrantService>(new FakeGrantService());
        services.AddSingleton<IAppHomeData>(new FakeAppHomeData());
        services.AddSingleton<ISlackInbox>(new InMemorySlackInbox());
        services.AddSingleton<ISlackSentMessages>(new InMemorySlackSentMessages());
        services.AddSingleton<ISlackReplayGuard>(new InMemorySlackReplayGuard());
        services.AddSlackChannel(configuration);
        _services = services.BuildServiceProvider();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _services.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task ASlackUser_IsLookedUpOnceAndAgainAfterTheCacheExpires()
    {
        var people = _services.GetRequiredService<SlackPeople>();

        var first = await people.FindPersonAsync(AliceSlack, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(59));
        await people.FindPersonAsync(AliceSlack, CancellationToken.None);
        Assert.That(_api.CallsOf("users.info"), Has.Count.EqualTo(1));

        _clock.Advance(TimeSpan.FromMinutes(2));
        await people.FindPersonAsync(AliceSlack, CancellationToken.None);

        Assert.That(first?.Email, Is.EqualTo("alice@example.com"));
        Assert.That(_api.CallsOf("users.info"), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task TheDirectorysSlackId_WinsWithoutAskingSlack()
    {
        var people = _services.GetRequiredService<SlackPeople>();

        Assert.That((await people.FindPersonAsync(NinaSlack, CancellationToken.None))?.Email, Is.EqualTo("nina@example.com"));
        Assert.That(await people.FindSlackUserIdAsync("nina@example.com", CancellationToken.None), Is.EqualTo(NinaSlack));
        Assert.That(_api.Calls, Is.Empty);
    }

    [Test]
    public async Task PeopleOutsideTheDirectory_AndBots_AreNobody()
    {
        var people = _services.GetRequiredService<SlackPeople>();

        Assert.That(await people.FindPersonAsync(MallorySlack, CancellationToken.None), Is.Null);
        Assert.That(await people.FindPersonAsync(BotUser, CancellationToken.None), Is.Null);
        Assert.That(await people.FindPersonAsync("UNOBODY", CancellationToken.None), Is.Null);
    }
}
