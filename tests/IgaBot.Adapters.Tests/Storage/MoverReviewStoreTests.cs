using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.People;
using IgaBot.Core.Requests;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

/// <summary>The movers' reviews, the joiners' welcomes and the re-routing of a leaver's stages, on SQLite and PostgreSQL (migration 0065).</summary>
public class MoverReviewStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private MoverReview Review(string changeKey = "k1", params MoverReviewItem[] items) => new()
    {
        Id = Guid.NewGuid(),
        Person = "Tom.Baker@Contoso.com",
        Reviewer = Nina,
        ChangeKey = changeKey,
        ChangeText = "department Engineering → Sales",
        CreatedAt = Db.Clock.GetUtcNow(),
        DueAt = Db.Clock.GetUtcNow().AddDays(14),
        Items = items.Length > 0 ? items :
        [
            new() { GrantId = Guid.NewGuid(), EntitlementId = "aws-read", Scope = "prod", Ineligible = true, ApprovedByOldManager = false, Why = "Eligibility: no." },
            new() { GrantId = Guid.NewGuid(), EntitlementId = "github-write", Ineligible = false, ApprovedByOldManager = true, Why = "Approved by Raj." },
        ],
    };

    [Test]
    public async Task Add_ThenGet_ReturnsTheReviewWithItsItems_AndTheSameMoveAgainIsNotAdded()
    {
        var reviews = new SqlMoverReviewStore(Db.Database);
        var review = Review();

        Assert.That(await reviews.AddAsync(review, Ct), Is.True);
        Assert.That(await reviews.AddAsync(Review() with { Id = Guid.NewGuid() }, Ct), Is.False, "one review per person and move");
        Assert.That(await reviews.AddAsync(Review("k2"), Ct), Is.True, "another move of the same person is reviewed again");

        var loaded = await reviews.GetAsync(review.Id, Ct);
        Assert.That(loaded, Is.Not.Null);
        Assert.That(loaded!.Person, Is.EqualTo(Tom));
        Assert.That(loaded.DueAt, Is.EqualTo(review.DueAt));
        Assert.That(loaded.Items, Is.EquivalentTo(review.Items));
        Assert.That((await reviews.ListForPersonAsync(Tom, Ct)).Select(r => r.ChangeKey), Is.EquivalentTo(new[] { "k1", "k2" }));
    }

    [Test]
    public async Task Decide_CountsOncePerItem_AndClose_OncePerReview_AndOnlyDueOpenReviewsAreListed()
    {
        var reviews = new SqlMoverReviewStore(Db.Database);
        var review = Review();
        await reviews.AddAsync(review, Ct);
        var item = review.Items[0].GrantId;
        var until = Db.Clock.GetUtcNow().AddDays(90);

        Assert.That(await reviews.DecideAsync(review.Id, item, ReviewDecision.Keep, until, Nina, Db.Clock.GetUtcNow(), Ct), Is.True);
        Assert.That(await reviews.DecideAsync(review.Id, item, ReviewDecision.Revoke, null, Nina, Db.Clock.GetUtcNow(), Ct), Is.False);
        var decided = (await reviews.GetAsync(review.Id, Ct))!.Items.Single(i => i.GrantId == item);
        Assert.That((decided.Decision, decided.KeepUntil, decided.DecidedBy), Is.EqualTo((ReviewDecision.Keep, (DateTimeOffset?)until, Nina)));

        Assert.That(await reviews.ListDueAsync(Db.Clock.GetUtcNow().AddDays(14).AddSeconds(-1), Ct), Is.Empty);
        Assert.That((await reviews.ListDueAsync(Db.Clock.GetUtcNow().AddDays(14), Ct)).Select(r => r.Id), Is.EqualTo(new[] { review.Id }));
        Assert.That(await reviews.CloseAsync(review.Id, Db.Clock.GetUtcNow(), Ct), Is.True);
        Assert.That(await reviews.CloseAsync(review.Id, Db.Clock.GetUtcNow(), Ct), Is.False);
        Assert.That(await reviews.ListDueAsync(Db.Clock.GetUtcNow().AddDays(30), Ct), Is.Empty);
    }

    [Test]
    public async Task JoinerWelcome_IsRecordedOncePerPerson()
    {
        var ledger = new SqlJoinerWelcomeLedger(Db.Database);

        Assert.That(await ledger.TryRecordAsync(Tom, Db.Clock.GetUtcNow(), ["github-read"], Ct), Is.True);
        Assert.That(await ledger.TryRecordAsync(Tom.ToUpperInvariant(), Db.Clock.GetUtcNow(), [], Ct), Is.False);
    }

    [Test]
    public async Task ReassignStage_GuardedOnTheApproversReadBefore()
    {
        var request = Request(Db.Clock.GetUtcNow());
        await Db.Store.RunAsync(s => s.Requests.CreateAsync(request,
        [
            Stage(request.Id, 1, StageStatus.Pending, Nina, Raj) with { ActivatedAt = Db.Clock.GetUtcNow() },
        ], Audit("request.submitted", LifecycleSubjects.Request(request.Id))), Ct);

        var moved = await Db.Store.RunAsync(s => s.Requests.ReassignStageAsync(request.Id, 1, [Nina, Raj], [Raj, "olivia.brown@contoso.com"],
            Audit("approval.rerouted", LifecycleSubjects.Request(request.Id))), Ct);
        Assert.That(moved.Approvers, Is.EqualTo(new[] { Raj, "olivia.brown@contoso.com" }));
        Assert.That(moved.Status, Is.EqualTo(StageStatus.Pending));

        Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s => s.Requests.ReassignStageAsync(request.Id, 1, [Nina, Raj], [Raj],
            Audit("approval.rerouted", LifecycleSubjects.Request(request.Id))), Ct));
        var audit = await Db.Store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Request(request.Id)), Ct);
        Assert.That(audit.Count(e => e.Action == "approval.rerouted"), Is.EqualTo(1));
    }
}
