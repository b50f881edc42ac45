using IgaBot.Adapters.Storage;
using IgaBot.Core.Requests;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

public class UnitOfWorkTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Test]
    public async Task RunAsync_CommitsEverythingTheWorkDid()
    {
        var request = Request(Db.Clock.GetUtcNow());
        var grant = Grant(Db.Clock.GetUtcNow(), TimeSpan.FromDays(14));

        await Db.Store.RunAsync(async s =>
        {
            await s.Requests.CreateAsync(request, [], Audit("request.submitted", "r"));
            await s.Grants.CreateAsync(grant with { RequestId = request.Id }, Audit("grant.created", "g"));
            await s.Outbox.EnqueueAsync("provision", "{}", $"provision:{grant.Id}");
        }, Ct);

        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM access_requests"), Is.EqualTo(1));
        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM grants"), Is.EqualTo(1));
        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM outbox_messages"), Is.EqualTo(1));
        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM audit_events"), Is.EqualTo(2));
    }

    [Test]
    public async Task RunAsync_WhenTheWorkThrows_RollsBackEveryStore()
    {
        var grant = Grant(Db.Clock.GetUtcNow(), null);

        Assert.ThrowsAsync<TimeoutException>(() => Db.Store.RunAsync(async s =>
        {
            await s.Grants.CreateAsync(grant, Audit("grant.created", "g"));
            await s.Conversations.SaveAsync("c1", "{}", 0);
            throw new TimeoutException("connector timed out");
        }, Ct));

        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM grants"), Is.Zero);
        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM conversation_states"), Is.Zero);
        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM audit_events"), Is.Zero);
    }

    [Test]
    public void RunAsync_InsideRunAsync_IsRefusedInsteadOfDeadlocking()
    {
        var error = Assert.ThrowsAsync<InvalidOperationException>(() => Db.Store.RunAsync(s => Db.Store.RunAsync(_ => Task.CompletedTask, Ct), Ct));

        Assert.That(error!.Message, Does.Contain("inside another RunAsync"));
    }

    [Test]
    public async Task Session_UsedAfterItsRunEnded_IsRefused()
    {
        IgaBot.Core.Storage.IStoreSession? leaked = null;
        await Db.Store.RunAsync(s => { leaked = s; return Task.CompletedTask; }, Ct);

        Assert.ThrowsAsync<ObjectDisposedException>(() => leaked!.Grants.ListActiveAsync());
    }

    [Test]
    public async Task Values_AreStoredInThePortableEncodings()
    {
        var at = new DateTimeOffset(2025, 3, 3, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(5);
        var request = Request(at) with { Duration = TimeSpan.FromHours(4) };
        await Db.Store.RunAsync(s => s.Requests.CreateAsync(request, [], Audit("request.submitted", "r")), Ct);

        Assert.That(await Db.ScalarRawAsync<string>("SELECT id FROM access_requests"), Is.EqualTo(request.Id.ToString("D")));
        Assert.That(await Db.ScalarRawAsync<string>("SELECT created_at FROM access_requests"), Is.EqualTo("2025-03-03T08:00:00.0000005Z"));
        Assert.That(await Db.ScalarRawAsync<long>("SELECT duration_ticks FROM access_requests"), Is.EqualTo(TimeSpan.FromHours(4).Ticks));
        Assert.That(await Db.ScalarRawAsync<string>("SELECT status FROM access_requests"), Is.EqualTo(nameof(RequestStatus.PendingApproval)));
    }

    [Test]
    public async Task Cancellation_StopsTheNextQueryAndRollsBack()
    {
        using var cts = new CancellationTokenSource();
        var grant = Grant(Db.Clock.GetUtcNow(), null);

        Assert.CatchAsync<OperationCanceledException>(() => Db.Store.RunAsync(async s =>
        {
            await s.Grants.CreateAsync(grant, Audit("grant.created", "g"));
            await cts.CancelAsync();
            await s.Grants.ListActiveAsync();
        }, cts.Token));

        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM grants"), Is.Zero);
    }
}
