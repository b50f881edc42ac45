using IgaBot.Adapters.Storage;
using IgaBot.Bot.Teams;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>With storage registered, where to reach people and which cards to update survive a restart.</summary>
public sealed class TeamsStorageTests
{
    private string _dir = "";
    private IConfiguration _configuration = null!;

    [SetUp]
    public void MakeDatabaseFolder()
    {
        _dir = Directory.CreateTempSubdirectory("igabot-teams-refs-").FullName;
        _configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={Path.Combine(_dir, "igabot.db")}" })
            .Build();
    }

    [TearDown]
    public void RemoveDatabaseFolder()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A fresh container over the same database file, as after a restart.</summary>
    private async Task<ServiceProvider> StartAsync()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ITenantAccessor>(new FakeTenantAccessor())
            .AddSingleton<IConversationService>(new FakeConversationService())
            .AddSingleton<IApprovalService>(new FakeApprovalService())
            .AddSingleton<IGrantService>(new FakeGrantService())
            .AddIgaStorage(_configuration)
            .AddTeamsChannel(_configuration, new HostingEnvironment { EnvironmentName = "Development" })
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        return services;
    }

    private static TeamsReference Reference(string conversationId, string type, int minute) => new()
    {
        ConversationId = conversationId,
        ConversationType = type,
        ServiceUrl = "https://smba.trafficmanager.net/emea/",
        ChannelId = "msteams",
        TenantId = TestPeople.TenantId,
        BotId = "28:bot",
        UserId = "29:nina",
        UserAadObjectId = "aad-nina",
        UserEmail = TestPeople.Nina.Email,
        SeenAt = Samples.Now.AddMinutes(minute),
    };

    [Test]
    public void WithoutStorage_StartUpFails_InsteadOfKeepingReferencesInMemory()
    {
        var services = new ServiceCollection().AddLogging();

        var error = Assert.Throws<InvalidOperationException>(() =>
            services.AddTeamsChannel(new ConfigurationBuilder().Build(), new HostingEnvironment { EnvironmentName = "Development" }))!;

        Assert.That(error.Message, Does.Contain("AddIgaStorage").And.Contain("ITeamsReferenceStore").And.Contain("ISentCardStore"));
    }

    [Test]
    public async Task WithStorage_TheStoresAreTheDatabaseOnes()
    {
        await using var services = await StartAsync();

        Assert.That(services.GetRequiredService<ITeamsReferenceStore>(), Is.TypeOf<StoredTeamsReferenceStore>());
        Assert.That(services.GetRequiredService<ISentCardStore>(), Is.TypeOf<SqlSentCardStore>());
    }

    [Test]
    public async Task References_AreKeptInTheDatabase_AndFoundAfterARestart()
    {
        await using (var services = await StartAsync())
        {
            var store = services.GetRequiredService<ITeamsReferenceStore>();
            Assert.That(store, Is.TypeOf<StoredTeamsReferenceStore>());
            await store.SaveAsync(Reference("a:chat-nina", "personal", 1), CancellationToken.None);
            await store.SaveAsync(Reference("19:general;messageid=3", "channel", 2), CancellationToken.None);
        }

        await using var restarted = await StartAsync();
        var after = restarted.GetRequiredService<ITeamsReferenceStore>();

        Assert.That((await after.FindPersonalAsync("Nina.Petrova@contoso.com", CancellationToken.None))?.ConversationId, Is.EqualTo("a:chat-nina"),
            "a message in a channel does not replace the 1:1 chat");
        Assert.That((await after.FindLatestForPersonAsync(TestPeople.Nina.Email, CancellationToken.None))?.ConversationId, Is.EqualTo("19:general;messageid=3"));
    }

    [Test]
    public async Task ReferencesOfPeopleOutsideTheDirectory_AreNotKept()
    {
        await using var services = await StartAsync();
        var store = services.GetRequiredService<ITeamsReferenceStore>();

        await store.SaveAsync(Reference("a:chat-x", "personal", 1) with { UserEmail = null }, CancellationToken.None);

        Assert.That(await store.FindLatestForPersonAsync(TestPeople.Nina.Email, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task SentCards_AreKeptInTheDatabase_OneCopyPerRecipient_AndFoundAfterARestart()
    {
        var key = SentCard.ApprovalKey(Samples.PendingApproval().RequestId, 1);
        SentCard Card(string email, string activityId, int minute) => new()
        {
            Key = key,
            RecipientEmail = email,
            ActivityId = activityId,
            Conversation = Reference("a:chat-" + email[..4], "personal", minute),
            SentAt = Samples.Now.AddMinutes(minute),
        };
        await using (var services = await StartAsync())
        {
            var store = services.GetRequiredService<ISentCardStore>();
            Assert.That(store, Is.TypeOf<SqlSentCardStore>());
            await store.SaveAsync(Card(TestPeople.Nina.Email, "activity-1", 1), CancellationToken.None);
            await store.SaveAsync(Card(TestPeople.Raj.Email, "activity-2", 2), CancellationToken.None);
            await store.SaveAsync(Card("NINA.petrova@contoso.com", "activity-3", 3), CancellationToken.None);
        }

        await using var restarted = await StartAsync();
        var cards = await restarted.GetRequiredService<ISentCardStore>().FindAsync(key, CancellationToken.None);

        Assert.That(cards.Select(c => (c.RecipientEmail, c.ActivityId)), Is.EqualTo(new[]
        {
            (TestPeople.Raj.Email, "activity-2"),
            (TestPeople.Nina.Email, "activity-3"),
        }));
        Assert.That(cards[1].Conversation.ConversationId, Is.EqualTo("a:chat-NINA"));
        Assert.That(cards[1].SentAt, Is.EqualTo(Samples.Now.AddMinutes(3)));
        Assert.That(await restarted.GetRequiredService<ISentCardStore>().FindAsync("approval:other:1", CancellationToken.None), Is.Empty);
    }
}
