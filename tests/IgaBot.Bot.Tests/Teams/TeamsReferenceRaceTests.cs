using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Bot.Teams;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core.Audit;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>
/// Two instances save the same person's Teams references at once on PostgreSQL (READ COMMITTED: a read does not
/// block the other instance's write). Skipped without IGABOT_TEST_POSTGRES.
/// </summary>
[NonParallelizable]
public sealed class TeamsReferenceRaceTests
{
    private string _server = "";
    private string _schema = "";
    private StorageDatabase _database = null!;

    [SetUp]
    public async Task SetUp()
    {
        _server = Environment.GetEnvironmentVariable("IGABOT_TEST_POSTGRES") ?? "";
        if (string.IsNullOrWhiteSpace(_server))
            Assert.Ignore("PostgreSQL not available: set IGABOT_TEST_POSTGRES to a connection string to run the two-instance reference test.");
        _schema = "igabot_test_" + Guid.NewGuid().ToString("N");
        await using (var admin = new NpgsqlConnection(_server))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"CREATE SCHEMA {_schema}");
        }
        _database = StorageDatabase.Create(new DatabaseOptions
        {
            Provider = DatabaseProvider.Postgres,
            ConnectionString = new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema }.ConnectionString,
        });
        await new DatabaseMigrator(_database, TimeProvider.System, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown()
    {
        if (string.IsNullOrWhiteSpace(_schema)) return;
        await _database.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
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
        UserEmail = TestPeople.Nina.Email,
        SeenAt = Samples.Now.AddMinutes(minute),
    };

    [Test]
    public async Task AChannelMessageSavedWhileThe1To1ChatIsSavedElsewhere_KeepsThe1To1Chat()
    {
        var a = new StoredTeamsReferenceStore(new SqlIgaStore(_database, TimeProvider.System));
        await a.SaveAsync(Reference("a:old-chat", "personal", 0), CancellationToken.None);

        // Instance B has read Nina's document (old 1:1 chat) when instance A saves her new 1:1 chat; then B saves
        // the channel message it received.
        var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = new StoredTeamsReferenceStore(new PausingStore(new SqlIgaStore(_database, TimeProvider.System), read, go.Task));
        var saving = b.SaveAsync(Reference("19:general;messageid=7", "channel", 2), CancellationToken.None);
        await read.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await a.SaveAsync(Reference("a:new-chat", "personal", 1), CancellationToken.None);
        go.SetResult();
        await saving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That((await a.FindPersonalAsync(TestPeople.Nina.Email, CancellationToken.None))?.ConversationId, Is.EqualTo("a:new-chat"),
            "instance A's save is not lost under instance B's");
        Assert.That((await a.FindLatestForPersonAsync(TestPeople.Nina.Email, CancellationToken.None))?.ConversationId, Is.EqualTo("19:general;messageid=7"));
    }

    /// <summary>The first transaction pauses right after reading a conversation reference, until told to go on.</summary>
    private sealed class PausingStore(IIgaStore inner, TaskCompletionSource read, Task go) : IIgaStore
    {
        private int _paused;

        public Task<T> RunAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken ct) =>
            inner.RunAsync(s => work(Interlocked.Exchange(ref _paused, 1) == 0 ? new Session(s, read, go) : s), ct);

        public Task RunAsync(Func<IStoreSession, Task> work, CancellationToken ct) =>
            RunAsync<bool>(async s => { await work(s); return true; }, ct);

        private sealed class Session(IStoreSession s, TaskCompletionSource read, Task go) : IStoreSession
        {
            public DateTimeOffset Now => s.Now;
            public IRequestStore Requests => s.Requests;
            public IGrantStore Grants => s.Grants;
            public IAuditLog Audit => s.Audit;
            public IConversationStore Conversations => s.Conversations;
            public IConversationReferenceStore ConversationReferences { get; } = new References(s.ConversationReferences, read, go);
            public IPeopleStore People => s.People;
            public ICatalogStore Catalog => s.Catalog;
            public IOutbox Outbox => s.Outbox;
            public IEmbeddingStore Embeddings => s.Embeddings;
            public ITenantSourceStore TenantSource => s.TenantSource;
            public IDirectorySyncStore Directory => s.Directory;
        }

        private sealed class References(IConversationReferenceStore inner, TaskCompletionSource read, Task go) : IConversationReferenceStore
        {
            public async Task<ConversationReference?> GetAsync(string person, string channel)
            {
                var found = await inner.GetAsync(person, channel);
                read.TrySetResult();
                await go;
                return found;
            }

            public Task UpsertAsync(string person, string channel, string json) => inner.UpsertAsync(person, channel, json);
            public Task<long> SaveAsync(string person, string channel, string json, long expectedVersion) => inner.SaveAsync(person, channel, json, expectedVersion);
            public Task<IReadOnlyList<ConversationReference>> ListForPersonAsync(string person) => inner.ListForPersonAsync(person);
        }
    }
}
