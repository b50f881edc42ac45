using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Tests.Storage;

public class OutboxTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private static readonly OutboxRetryPolicy ThreeTries = new(3, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1));

    [Test]
    public async Task Enqueue_WithAKeyAlreadyUsed_KeepsTheFirstMessage()
    {
        var first = await Db.Store.RunAsync(s => s.Outbox.EnqueueAsync("provision", """{"grant":"1"}""", "provision:1"), Ct);
        var again = await Db.Store.RunAsync(s => s.Outbox.EnqueueAsync("provision", """{"grant":"other"}""", "provision:1"), Ct);

        Assert.That(again.Id, Is.EqualTo(first.Id));
        Assert.That(again.Payload, Is.EqualTo("""{"grant":"1"}"""));
        Assert.That(first.Status, Is.EqualTo(OutboxStatus.Pending));
        Assert.That(first.NextAttemptAt, Is.EqualTo(TestDatabase.Start));
    }

    [Test]
    public async Task Claim_TakesDueMessagesOnce_UntilTheLeaseRunsOut()
    {
        await Db.Store.RunAsync(async s =>
        {
            await s.Outbox.EnqueueAsync("provision", "{}", "a");
            await s.Outbox.EnqueueAsync("provision", "{}", "b");
        }, Ct);

        var first = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(5)), Ct);
        var second = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(5)), Ct);
        Db.Clock.Advance(TimeSpan.FromMinutes(5));
        var afterLease = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromMinutes(5)), Ct);

        Assert.That(first.Select(m => m.Key), Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(first.Select(m => m.Attempts), Is.All.EqualTo(1));
        Assert.That(first[0].NextAttemptAt, Is.EqualTo(TestDatabase.Start.AddMinutes(5)));
        Assert.That(second, Is.Empty);
        Assert.That(afterLease, Has.Count.EqualTo(1));
        Assert.That(afterLease[0].Attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task Fail_BacksOffExponentially_ThenGivesUp()
    {
        var message = await Db.Store.RunAsync(s => s.Outbox.EnqueueAsync("provision", "{}", "k"), Ct);
        var delays = new List<TimeSpan>();
        OutboxMessage failed = message;

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Db.Clock.SetUtcNow(failed.NextAttemptAt);
            var claimed = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromMinutes(10)), Ct);
            Assert.That(claimed.Single().Id, Is.EqualTo(message.Id));
            failed = await Db.Store.RunAsync(s => s.Outbox.FailAsync(message.Id, $"HTTP 503 #{attempt}", ThreeTries), Ct);
            delays.Add(failed.NextAttemptAt - Db.Clock.GetUtcNow());
        }

        Assert.That(delays.Take(2), Is.EqualTo(new[] { TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20) }));
        Assert.That(failed.Status, Is.EqualTo(OutboxStatus.Dead));
        Assert.That(failed.LastError, Is.EqualTo("HTTP 503 #3"));
        Db.Clock.Advance(TimeSpan.FromDays(1));
        Assert.That(await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1)), Ct), Is.Empty);
        Assert.That((await Db.Store.RunAsync(s => s.Outbox.ListDeadAsync(), Ct)).Select(m => m.Id), Is.EqualTo(new[] { message.Id }));
    }

    [Test]
    public async Task Complete_MarksDone_AndIsHarmlessTwice()
    {
        var message = await Db.Store.RunAsync(s => s.Outbox.EnqueueAsync("provision", "{}", "k"), Ct);
        await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromMinutes(1)), Ct);

        await Db.Store.RunAsync(s => s.Outbox.CompleteAsync(message.Id), Ct);
        await Db.Store.RunAsync(s => s.Outbox.CompleteAsync(message.Id), Ct);

        var done = await Db.Store.RunAsync(s => s.Outbox.GetAsync(message.Id), Ct);
        Assert.That(done!.Status, Is.EqualTo(OutboxStatus.Done));
        Assert.That(done.CompletedAt, Is.EqualTo(TestDatabase.Start));
        Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s => s.Outbox.FailAsync(message.Id, "late"), Ct));
    }

    [Test]
    public async Task Enqueue_RolledBackWithItsChange_LeavesNoMessage()
    {
        Assert.ThrowsAsync<InvalidOperationException>(() => Db.Store.RunAsync(async s =>
        {
            await s.Outbox.EnqueueAsync("provision", "{}", "k");
            throw new InvalidOperationException("boom");
        }, Ct));

        Assert.That(await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromMinutes(1)), Ct), Is.Empty);
    }

    [Test]
    public void RetryPolicy_CapsTheDelay()
    {
        Assert.That(ThreeTries.DelayAfter(1), Is.EqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(ThreeTries.DelayAfter(3), Is.EqualTo(TimeSpan.FromSeconds(40)));
        Assert.That(ThreeTries.DelayAfter(30), Is.EqualTo(TimeSpan.FromMinutes(1)));
    }
}
