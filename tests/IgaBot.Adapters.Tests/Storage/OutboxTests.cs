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
    public async Task Renew_PushesOnlyItsOwnClaimsLease()
    {
        await Db.Store.RunAsync(async s =>
        {
            await s.Outbox.EnqueueAsync("provision", "{}", "a");
            await s.Outbox.EnqueueAsync("provision", "{}", "b");
        }, Ct);
        var mine = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromSeconds(30), "claim-1"), Ct);
        var theirs = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromSeconds(30), "claim-2"), Ct);
        Db.Clock.Advance(TimeSpan.FromSeconds(20));

        var renewed = await Db.Store.RunAsync(s => s.Outbox.RenewAsync([mine[0].Id, theirs[0].Id], "claim-1", TimeSpan.FromSeconds(30)), Ct);
        Db.Clock.Advance(TimeSpan.FromSeconds(20));
        // 40 s after the claims: theirs ran out, mine was renewed at 20 s until 50 s.
        var retaken = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(30), "claim-3"), Ct);

        Assert.That(renewed, Is.EqualTo(1));
        Assert.That(retaken.Select(m => m.Id), Is.EqualTo(new[] { theirs[0].Id }));
    }

    [Test]
    public async Task EnqueueClaimed_IsHeldByItsWriterUntilTheLeaseRunsOut_ThenAnyWorkerTakesIt_AsASecondAttempt()
    {
        var written = await Db.Store.RunAsync(s => s.Outbox.EnqueueClaimedAsync("notice", "{}", "notice:1", "writer", TimeSpan.FromSeconds(30)), Ct);
        var again = await Db.Store.RunAsync(s => s.Outbox.EnqueueClaimedAsync("notice", "{\"other\":1}", "notice:1", "someone-else", TimeSpan.FromSeconds(30)), Ct);
        var meanwhile = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(30), "worker"), Ct);
        var renewed = await Db.Store.RunAsync(s => s.Outbox.RenewAsync([written.Id], "writer", TimeSpan.FromSeconds(30)), Ct);
        Db.Clock.Advance(TimeSpan.FromSeconds(31));
        var taken = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(10, TimeSpan.FromSeconds(30), "worker"), Ct);

        Assert.That(written.ClaimedBy, Is.EqualTo("writer"));
        Assert.That(written.Attempts, Is.EqualTo(1));
        Assert.That(written.NextAttemptAt, Is.EqualTo(TestDatabase.Start.AddSeconds(30)));
        Assert.That(again.Id, Is.EqualTo(written.Id), "the same key is one message");
        Assert.That(again.ClaimedBy, Is.EqualTo("writer"), "still the first writer's");
        Assert.That(again.Payload, Is.EqualTo("{}"));
        Assert.That(meanwhile, Is.Empty, "nobody else takes a message its writer holds");
        Assert.That(renewed, Is.EqualTo(1), "the writer renews it like any claim");
        Assert.That(taken.Select(m => (m.Id, m.Attempts, m.ClaimedBy)), Is.EqualTo(new[] { (written.Id, 2, (string?)"worker") }));
    }

    [Test]
    public void EnqueueClaimed_WithoutAClaimOrLease_IsRefused()
    {
        Assert.That(() => Db.Store.RunAsync(s => s.Outbox.EnqueueClaimedAsync("notice", "{}", "notice:1", " ", TimeSpan.FromSeconds(30)), Ct),
            Throws.TypeOf<InvalidInputException>());
        Assert.That(() => Db.Store.RunAsync(s => s.Outbox.EnqueueClaimedAsync("notice", "{}", "notice:1", "writer", TimeSpan.Zero), Ct),
            Throws.TypeOf<InvalidInputException>());
    }

    [Test]
    public async Task Release_MakesTheMessageDueAtOnce_WithoutCountingTheAttempt()
    {
        var message = await Db.Store.RunAsync(s => s.Outbox.EnqueueAsync("provision", "{}", "a"), Ct);
        await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromMinutes(5), "stopping"), Ct);

        var wrongClaim = await Db.Store.RunAsync(s => s.Outbox.ReleaseAsync([message.Id], "someone-else"), Ct);
        var released = await Db.Store.RunAsync(s => s.Outbox.ReleaseAsync([message.Id], "stopping"), Ct);
        var taken = await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromMinutes(5), "other-instance"), Ct);
        var again = await Db.Store.RunAsync(s => s.Outbox.ReleaseAsync([message.Id], "stopping"), Ct);

        Assert.That(wrongClaim, Is.Zero);
        Assert.That(released, Is.EqualTo(1));
        Assert.That(taken.Single().Id, Is.EqualTo(message.Id));
        Assert.That(taken.Single().Attempts, Is.EqualTo(1), "the handed-back attempt is not counted");
        Assert.That(again, Is.Zero, "a claim taken over is no longer the stopping instance's to hand back");
    }

    [Test]
    public async Task Fail_EndsTheClaim_SoARenewalDoesNotHideTheBackoff()
    {
        var message = await Db.Store.RunAsync(s => s.Outbox.EnqueueAsync("provision", "{}", "a"), Ct);
        await Db.Store.RunAsync(s => s.Outbox.ClaimDueAsync(1, TimeSpan.FromMinutes(5), "claim-1"), Ct);
        var failed = await Db.Store.RunAsync(s => s.Outbox.FailAsync(message.Id, "HTTP 503", ThreeTries), Ct);

        var renewed = await Db.Store.RunAsync(s => s.Outbox.RenewAsync([message.Id], "claim-1", TimeSpan.FromMinutes(5)), Ct);

        Assert.That(renewed, Is.Zero);
        Assert.That((await Db.Store.RunAsync(s => s.Outbox.GetAsync(message.Id), Ct))!.NextAttemptAt, Is.EqualTo(failed.NextAttemptAt));
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
