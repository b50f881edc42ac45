using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Eval;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>The channel's inbox, sent messages and seen signatures live in the database; without one, start-up fails.</summary>
public sealed class SlackChannelRegistrationTests
{
    private static IConfiguration Settings(string? database = null) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Slack:SigningSecret"] = "s",
        ["Slack:BotToken"] = "xoxb-1",
        ["Database:ConnectionString"] = database is null ? null : $"Data Source={database}",
    }).Build();

    [Test]
    public void WithoutStorage_StartUpFails_InsteadOfKeepingTheInboxInMemory()
    {
        var services = new ServiceCollection().AddLogging();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddSlackChannel(Settings()))!;

        Assert.That(error.Message, Does.Contain("AddIgaStorage")
            .And.Contain(nameof(ISlackInbox)).And.Contain(nameof(ISlackSentMessages)).And.Contain(nameof(ISlackReplayGuard)));
    }

    [Test]
    public async Task WithStorage_TheStoresAreTheDatabaseOnes()
    {
        using var folder = new TempFolder();
        var configuration = Settings(folder.File("igabot.db"));
        var services = new ServiceCollection().AddLogging();
        services.AddIgaStorage(configuration);
        services.AddSlackChannel(configuration);
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<ISlackInbox>(), Is.TypeOf<SqlSlackInbox>());
        Assert.That(provider.GetRequiredService<ISlackSentMessages>(), Is.TypeOf<SqlSlackSentMessages>());
        Assert.That(provider.GetRequiredService<ISlackReplayGuard>(), Is.TypeOf<SqlSlackReplayGuard>());
    }
}
