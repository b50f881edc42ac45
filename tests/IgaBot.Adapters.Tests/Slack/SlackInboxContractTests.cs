using IgaBot.Adapters.Slack;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>What every <see cref="ISlackInbox"/> must do; one fixture per implementation.</summary>
public abstract class SlackInboxContractTests
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);
    private ISlackInbox _inbox = null!;

    protected abstract Task<ISlackInbox> CreateAsync();

    /// <summary>Another inbox over the same store: a second instance, or the process after a restart.</summary>
    protected abstract Task<ISlackInbox> ReopenAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

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

    [Test]
    public async Task TwoWorkersClaimingAtOnce_GetDisjointItems_AndBetweenThemAll()
    {
        var items = Enumerable.Range(0, 20).Select(i => Item(minutes: i, user: $"U{i}")).ToList();
        foreach (var i in items) await _inbox.AddAsync(i, CancellationToken.None);
        var other = await ReopenAsync();

        var claims = await Task.WhenAll(
            Task.Run(() => _inbox.ClaimAsync("w1", Lease, T0.AddHours(1), 15, CancellationToken.None)),
            Task.Run(() => other.ClaimAsync("w2", Lease, T0.AddHours(1), 15, CancellationToken.None)));

        Assert.That(claims[0].Select(i => i.Id).Intersect(claims[1].Select(i => i.Id)), Is.Empty, "no item is claimed twice");
        Assert.That(claims.SelectMany(c => c).Select(i => i.Id), Is.EquivalentTo(items.Select(i => i.Id)));
        Assert.That(claims[0].Select(i => i.ClaimedBy).Distinct(), Is.EqualTo(new[] { "w1" }).Or.Empty);
        Assert.That(claims[1].Select(i => i.ClaimedBy).Distinct(), Is.EqualTo(new[] { "w2" }).Or.Empty);
        Assert.That(await other.ClaimAsync("w3", Lease, T0.AddHours(1), 15, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task AClaimedItem_IsClaimableAgainOnlyOnceItsClaimRanOut()
    {
        var item = Item();
        await _inbox.AddAsync(item, CancellationToken.None);

        var taken = (await _inbox.ClaimAsync("crashed", Lease, T0, 10, CancellationToken.None)).Single();
        Assert.That((taken.Id, taken.ClaimedBy, taken.ClaimedUntil), Is.EqualTo((item.Id, "crashed", T0 + Lease)));
        Assert.That(await _inbox.ClaimAsync("w2", Lease, T0 + Lease - TimeSpan.FromSeconds(1), 10, CancellationToken.None), Is.Empty);

        var again = (await _inbox.ClaimAsync("w2", Lease, T0 + Lease, 10, CancellationToken.None)).Single();
        Assert.That((again.Id, again.ClaimedBy), Is.EqualTo((item.Id, "w2")));
    }

    [Test]
    public async Task ARenewedClaim_HoldsUntilItsNewEnd()
    {
        await _inbox.AddAsync(Item(), CancellationToken.None);
        await _inbox.ClaimAsync("w1", Lease, T0, 10, CancellationToken.None);

        await _inbox.RenewClaimsAsync("w1", T0.AddSeconds(50), CancellationToken.None);

        Assert.That(await _inbox.ClaimAsync("w2", Lease, T0.AddSeconds(49), 10, CancellationToken.None), Is.Empty);
        Assert.That(await _inbox.ClaimAsync("w2", Lease, T0.AddSeconds(50), 10, CancellationToken.None), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task APersonsLaterItem_WaitsWhileTheirEarlierOneIsClaimed()
    {
        var alice1 = Item(minutes: 0, user: "UALICE");
        var alice2 = Item(minutes: 1, user: "UALICE");
        var bob = Item(minutes: 2, user: "UBOB");
        foreach (var i in new[] { alice1, alice2, bob }) await _inbox.AddAsync(i, CancellationToken.None);
        var now = T0.AddHours(1);

        Assert.That((await _inbox.ClaimAsync("w1", Lease, now, 1, CancellationToken.None)).Single().Id, Is.EqualTo(alice1.Id));
        Assert.That((await _inbox.ClaimAsync("w2", Lease, now, 10, CancellationToken.None)).Single().Id, Is.EqualTo(bob.Id));

        await _inbox.MarkDoneAsync(alice1.Id, now, CancellationToken.None);
        Assert.That((await _inbox.ClaimAsync("w2", Lease, now, 10, CancellationToken.None)).Single().Id, Is.EqualTo(alice2.Id));
    }

    [Test]
    public async Task AfterARestart_GivenBackItemsAreTakenAtOnce_ACrashedWorkersAfterTheirClaimAndAFailedOneAtItsRetry()
    {
        var a = Item(minutes: 0, user: "U1");
        var b = Item(minutes: 1, user: "U2");
        var c = Item(minutes: 2, user: "U3");
        foreach (var i in new[] { a, b, c }) await _inbox.AddAsync(i, CancellationToken.None);
        await _inbox.ClaimAsync("stopping", Lease, T0, 1, CancellationToken.None);
        await _inbox.ClaimAsync("crashing", Lease, T0, 1, CancellationToken.None);
        await _inbox.ClaimAsync("failing", Lease, T0, 1, CancellationToken.None);
        await _inbox.MarkAttemptFailedAsync(c.Id, "boom", T0, T0.AddSeconds(4), CancellationToken.None);
        await _inbox.ReleaseClaimsAsync("stopping", CancellationToken.None);

        var restarted = await ReopenAsync();

        Assert.That((await restarted.ClaimAsync("new", Lease, T0.AddSeconds(1), 10, CancellationToken.None)).Select(i => i.Id), Is.EqualTo(new[] { a.Id }));
        Assert.That((await restarted.ClaimAsync("new", Lease, T0.AddSeconds(4), 10, CancellationToken.None)).Select(i => i.Id), Is.EqualTo(new[] { c.Id }));
        Assert.That((await restarted.ClaimAsync("new", Lease, T0 + Lease, 10, CancellationToken.None)).Select(i => i.Id), Is.EqualTo(new[] { b.Id }));
        foreach (var i in new[] { a, b, c }) await restarted.MarkDoneAsync(i.Id, T0 + Lease, CancellationToken.None);
        Assert.That(await restarted.PendingAsync(T0.AddDays(1), 10, CancellationToken.None), Is.Empty);
        Assert.That(await restarted.ClaimAsync("new", Lease, T0.AddDays(1), 10, CancellationToken.None), Is.Empty);
    }
}

public sealed class InMemorySlackInboxTests : SlackInboxContractTests
{
    private InMemorySlackInbox _inbox = null!;

    protected override Task<ISlackInbox> CreateAsync() => Task.FromResult<ISlackInbox>(_inbox = new InMemorySlackInbox());

    // One process's memory: what it holds is all there is to share.
    protected override Task<ISlackInbox> ReopenAsync() => Task.FromResult<ISlackInbox>(_inbox);
}

/// <summary>The SQL inbox on one database engine: created fresh per test, and reopened as another process would.</summary>
public abstract class SqlSlackInboxTests(Adapters.Storage.DatabaseProvider provider) : SlackInboxContractTests
{
    private Storage.TestDatabase? _db;
    private readonly List<Adapters.Storage.StorageDatabase> _reopened = [];

    protected override async Task<ISlackInbox> CreateAsync()
    {
        _db = await Storage.TestDatabase.CreateAsync(provider);
        return new SqlSlackInbox(_db.Database);
    }

    protected override Task<ISlackInbox> ReopenAsync()
    {
        var database = Adapters.Storage.StorageDatabase.Create(_db!.Options);
        _reopened.Add(database);
        return Task.FromResult<ISlackInbox>(new SqlSlackInbox(database));
    }

    protected override async Task CleanUpAsync()
    {
        foreach (var database in _reopened) await database.DisposeAsync();
        _reopened.Clear();
        if (_db is not null) await _db.DisposeAsync();
    }
}

public sealed class SqliteSlackInboxTests() : SqlSlackInboxTests(Adapters.Storage.DatabaseProvider.Sqlite);

public sealed class PostgresSlackInboxTests() : SqlSlackInboxTests(Adapters.Storage.DatabaseProvider.Postgres);
