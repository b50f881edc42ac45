using IgaBot.Adapters.Slack;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>What every <see cref="ISlackInbox"/> must do; one fixture per implementation.</summary>
public abstract class SlackInboxContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private ISlackInbox _inbox = null!;

    protected abstract Task<ISlackInbox> CreateAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    [SetUp]
    public async Task SetUp() => _inbox = await CreateAsync();

    [TearDown]
    public Task TearDown() => CleanUpAsync();

    private static SlackInboxItem Item(string? dedup = null, int minutes = 0, string user = "U1") => new()
    {
        Id = Guid.NewGuid(),
        Kind = SlackInboxKind.Event,
        Payload = """{"type":"event_callback"}""",
        DedupKey = dedup,
        UserId = user,
        ReceivedAt = T0.AddMinutes(minutes),
    };

    [Test]
    public async Task AnItem_IsPendingUntilDone()
    {
        var item = Item("Ev1");
        Assert.That(await _inbox.AddAsync(item, CancellationToken.None), Is.True);

        var pending = await _inbox.PendingAsync(T0, 10, CancellationToken.None);
        Assert.That(pending.Single(), Is.EqualTo(item));

        await _inbox.MarkDoneAsync(item.Id, T0.AddSeconds(1), CancellationToken.None);
        Assert.That(await _inbox.PendingAsync(T0.AddMinutes(1), 10, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task TheSameEventId_IsStoredOnce_EvenAfterItWasDone()
    {
        var first = Item("Ev1");
        await _inbox.AddAsync(first, CancellationToken.None);
        await _inbox.MarkDoneAsync(first.Id, T0, CancellationToken.None);

        Assert.That(await _inbox.AddAsync(Item("Ev1"), CancellationToken.None), Is.False);
        Assert.That(await _inbox.AddAsync(Item(null), CancellationToken.None), Is.True);
        Assert.That(await _inbox.AddAsync(Item(null), CancellationToken.None), Is.True, "items without an event id never collide");
        Assert.That(await _inbox.PendingAsync(T0, 10, CancellationToken.None), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task PendingItems_ComeOldestFirst_AndAtMostAsManyAsAsked()
    {
        var late = Item(minutes: 2);
        var early = Item(minutes: 1);
        var earliest = Item(minutes: 0);
        foreach (var i in new[] { late, early, earliest }) await _inbox.AddAsync(i, CancellationToken.None);

        var pending = await _inbox.PendingAsync(T0.AddHours(1), 2, CancellationToken.None);

        Assert.That(pending.Select(p => p.Id), Is.EqualTo(new[] { earliest.Id, early.Id }));
    }

    [Test]
    public async Task AFailedAttempt_WaitsForItsRetryTime_ThenGivingUpEndsIt()
    {
        var item = Item("Ev9");
        await _inbox.AddAsync(item, CancellationToken.None);

        await _inbox.MarkAttemptFailedAsync(item.Id, "boom", T0, T0.AddSeconds(4), CancellationToken.None);
        Assert.That(await _inbox.PendingAsync(T0.AddSeconds(3), 10, CancellationToken.None), Is.Empty);
        var retry = (await _inbox.PendingAsync(T0.AddSeconds(4), 10, CancellationToken.None)).Single();
        Assert.That((retry.Attempts, retry.LastError), Is.EqualTo((1, "boom")));

        await _inbox.MarkAttemptFailedAsync(item.Id, "boom again", T0.AddSeconds(5), null, CancellationToken.None);
        Assert.That(await _inbox.PendingAsync(T0.AddDays(1), 10, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Purging_ForgetsOnlyOldFinishedItems()
    {
        var oldDone = Item("EvOld");
        var recentDone = Item("EvRecent");
        var pending = Item("EvPending");
        foreach (var i in new[] { oldDone, recentDone, pending }) await _inbox.AddAsync(i, CancellationToken.None);
        await _inbox.MarkDoneAsync(oldDone.Id, T0, CancellationToken.None);
        await _inbox.MarkDoneAsync(recentDone.Id, T0.AddDays(3), CancellationToken.None);

        var purged = await _inbox.PurgeFinishedAsync(T0.AddDays(2), CancellationToken.None);

        Assert.That(purged, Is.EqualTo(1));
        Assert.That(await _inbox.AddAsync(Item("EvOld"), CancellationToken.None), Is.True, "a forgotten event id may come again");
        Assert.That(await _inbox.AddAsync(Item("EvRecent"), CancellationToken.None), Is.False);
        Assert.That((await _inbox.PendingAsync(T0.AddDays(5), 10, CancellationToken.None)).Select(i => i.DedupKey),
            Is.EquivalentTo(new[] { "EvPending", "EvOld" }));
    }
}

public sealed class InMemorySlackInboxTests : SlackInboxContractTests
{
    protected override Task<ISlackInbox> CreateAsync() => Task.FromResult<ISlackInbox>(new InMemorySlackInbox());
}

public sealed class SqliteSlackInboxTests : SlackInboxContractTests
{
    private Storage.TestDatabase? _db;

    protected override async Task<ISlackInbox> CreateAsync()
    {
        _db = await Storage.TestDatabase.CreateAsync(Adapters.Storage.DatabaseProvider.Sqlite);
        return new SqlSlackInbox(_db.Database);
    }

    protected override async Task CleanUpAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }
}

public sealed class PostgresSlackInboxTests : SlackInboxContractTests
{
    private Storage.TestDatabase? _db;

    protected override async Task<ISlackInbox> CreateAsync()
    {
        _db = await Storage.TestDatabase.CreateAsync(Adapters.Storage.DatabaseProvider.Postgres);
        return new SqlSlackInbox(_db.Database);
    }

    protected override async Task CleanUpAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
    }
}
