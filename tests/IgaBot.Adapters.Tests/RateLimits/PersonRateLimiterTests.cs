using IgaBot.Adapters.RateLimits;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Budgets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.RateLimits;

/// <summary>
/// Per-person budgets over ASP.NET Core's rate limiter and the shared counters in the database: a burst is served up
/// to the limit and refused after, a refusal is audited once per window, and instances on one database share a budget.
/// </summary>
public sealed class PersonRateLimiterTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string Jake = "jake.miller@contoso.com";
    private const string Lucy = "lucy.evans@contoso.com";

    private readonly List<PersonRateLimiter> _limiters = [];

    [TearDown]
    public void DisposeLimiters()
    {
        foreach (var limiter in _limiters) limiter.Dispose();
        _limiters.Clear();
    }

    private PersonRateLimiter Limiter(int turns = 20, TimeSpan? window = null, bool shared = true, bool enabled = true, int clicks = 30)
    {
        var options = new RateLimitOptions
        {
            Enabled = enabled,
            Shared = shared,
            Turns = new BudgetOptions { Limit = turns, Window = window ?? TimeSpan.FromMinutes(1) },
            CardClicks = new BudgetOptions { Limit = clicks, Window = window ?? TimeSpan.FromMinutes(1) },
        };
        var limiter = new PersonRateLimiter(Options.Create(options), Db.Clock, NullLogger<PersonRateLimiter>.Instance,
            new SqlRateLimitWindows(Db.Database), Db.Store);
        _limiters.Add(limiter);
        return limiter;
    }

    private async Task<List<BudgetVerdict>> TakeAsync(ITurnBudget budget, string person, int times, BudgetKind kind = BudgetKind.Turn)
    {
        var verdicts = new List<BudgetVerdict>();
        for (var i = 0; i < times; i++) verdicts.Add(await budget.TryTakeAsync(kind, person, Ct));
        return verdicts;
    }

    private Task<IReadOnlyList<AuditEvent>> RefusalsOfAsync(string person) =>
        Db.Store.RunAsync(async s => (IReadOnlyList<AuditEvent>)(await s.Audit.ListAsync(LifecycleSubjects.Person(person)))
            .Where(e => e.Action == PersonRateLimiter.RefusedAction).ToList(), Ct);

    [Test]
    public async Task ThirtyTurnsInASecond_AreServedUpToTheLimit_ThenRefusedWithWhenToTryAgain()
    {
        var limiter = Limiter(turns: 20);

        var verdicts = await TakeAsync(limiter, Jake, 30);

        Assert.That(verdicts.Take(20).All(v => v.Allowed), Is.True);
        Assert.That(verdicts.Skip(20).Any(v => v.Allowed), Is.False);
        Assert.That(verdicts.Skip(20).Select(v => v.RetryAfter), Is.All.GreaterThan(TimeSpan.Zero).And.All.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
        Assert.That((await limiter.TryTakeAsync(BudgetKind.Turn, Lucy, Ct)).Allowed, Is.True, "another person has their own budget");
        Assert.That((await limiter.TryTakeAsync(BudgetKind.CardClick, Jake, Ct)).Allowed, Is.True, "clicks are a budget of their own");
    }

    [Test]
    public async Task Refusals_AreAuditedOncePerWindow_NotOncePerRequest()
    {
        var limiter = Limiter(turns: 3);

        await TakeAsync(limiter, Jake, 13);

        var refusals = await RefusalsOfAsync(Jake);
        Assert.That(refusals, Has.Count.EqualTo(1), "ten refused turns, one audit row");
        Assert.That(refusals[0].Actor, Is.EqualTo(Jake));
        Assert.That(refusals[0].Detail, Does.Contain("Turns").And.Contain("more than 3"));

        // The next (aligned) window: one more row at its first refusal, and only one.
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        await TakeAsync(limiter, Jake, 5);

        Assert.That(await RefusalsOfAsync(Jake), Has.Count.EqualTo(2));
        Assert.That((await Db.Store.RunAsync(s => s.Audit.VerifyAsync(), Ct)).IsIntact, Is.True);
    }

    [Test]
    public async Task TwoInstancesOnOneDatabase_ShareOneBudget_AndAuditARefusalOnce()
    {
        var first = Limiter(turns: 5);
        var second = Limiter(turns: 5);

        var verdicts = new List<BudgetVerdict>();
        for (var i = 0; i < 4; i++)
        {
            verdicts.Add(await first.TryTakeAsync(BudgetKind.Turn, Jake, Ct));
            verdicts.Add(await second.TryTakeAsync(BudgetKind.Turn, Jake, Ct));
        }

        Assert.That(verdicts.Count(v => v.Allowed), Is.EqualTo(5), "five in the window, whichever instance took them");
        Assert.That(await RefusalsOfAsync(Jake), Has.Count.EqualTo(1), "both instances refused; one audit row");
    }

    [Test]
    public async Task ConcurrentTurns_OnTwoInstances_NeverGrantMoreThanTheLimit()
    {
        var first = Limiter(turns: 10);
        var second = Limiter(turns: 10);

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            Task.Run(async () => await (i % 2 == 0 ? first : second).TryTakeAsync(BudgetKind.Turn, Jake, Ct))));

        Assert.That(verdicts.Count(v => v.Allowed), Is.EqualTo(10));
        Assert.That(await RefusalsOfAsync(Jake), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task WithoutSharing_EachInstanceCountsAlone()
    {
        var first = Limiter(turns: 2, shared: false);
        var second = Limiter(turns: 2, shared: false);

        var allowed = (await TakeAsync(first, Jake, 3)).Count(v => v.Allowed) + (await TakeAsync(second, Jake, 3)).Count(v => v.Allowed);

        Assert.That(allowed, Is.EqualTo(4));
    }

    [Test]
    public async Task TheSamePerson_IsOneBudget_WhateverTheCaseOfTheirEmail()
    {
        var limiter = Limiter(turns: 2);

        var verdicts = new[]
        {
            await limiter.TryTakeAsync(BudgetKind.Turn, Jake, Ct),
            await limiter.TryTakeAsync(BudgetKind.Turn, Jake.ToUpperInvariant(), Ct),
            await limiter.TryTakeAsync(BudgetKind.Turn, $"  {Jake} ", Ct),
        };

        Assert.That(verdicts.Select(v => v.Allowed), Is.EqualTo(new[] { true, true, false }));
    }

    [Test]
    public async Task ALimitOfZero_OrLimitsSwitchedOff_RefuseNothing()
    {
        var unlimited = Limiter(turns: 0);
        var off = Limiter(turns: 1, enabled: false);

        Assert.That((await TakeAsync(unlimited, Jake, 50)).All(v => v.Allowed), Is.True);
        Assert.That((await TakeAsync(off, Lucy, 50)).All(v => v.Allowed), Is.True);
        Assert.That(await RefusalsOfAsync(Jake), Is.Empty);
    }

    [Test]
    public async Task AfterItsWindow_TheBudgetIsThereAgain()
    {
        var limiter = Limiter(turns: 2, window: TimeSpan.FromSeconds(1));
        Assert.That((await TakeAsync(limiter, Jake, 3)).Select(v => v.Allowed), Is.EqualTo(new[] { true, true, false }));

        // The in-process window runs on the real clock, the shared one on the store's.
        await Task.Delay(TimeSpan.FromSeconds(1.3));
        Db.Clock.Advance(TimeSpan.FromSeconds(1));

        Assert.That((await limiter.TryTakeAsync(BudgetKind.Turn, Jake, Ct)).Allowed, Is.True);
    }

    [Test]
    public void Windows_AreAlignedTheSameOnEveryInstance()
    {
        var at = new DateTimeOffset(2025, 3, 3, 8, 17, 42, TimeSpan.Zero);

        Assert.That(PersonRateLimiter.WindowStart(at, TimeSpan.FromMinutes(1)), Is.EqualTo(new DateTimeOffset(2025, 3, 3, 8, 17, 0, TimeSpan.Zero)));
        Assert.That(PersonRateLimiter.WindowStart(at, TimeSpan.FromHours(1)), Is.EqualTo(new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.Zero)));
    }

    [Test]
    public void Settings_WithANegativeLimit_OrAnAbsurdWindow_AreProblems()
    {
        var options = new RateLimitOptions
        {
            Turns = new BudgetOptions { Limit = -1, Window = TimeSpan.FromMinutes(1) },
            ModelCalls = new BudgetOptions { Limit = 5, Window = TimeSpan.Zero },
        };

        Assert.That(options.Validate(), Has.Count.EqualTo(2));
        Assert.That(new RateLimitOptions().Validate(), Is.Empty, "the defaults are valid");
    }

    [Test]
    public void TheSlowDownSentences_SayHowLongToWait()
    {
        Assert.That(SlowDown.Text(BudgetKind.Turn, TimeSpan.FromSeconds(37)), Does.Contain("slow down").And.Contain("40 seconds"));
        Assert.That(SlowDown.Text(BudgetKind.CardClick, TimeSpan.FromSeconds(2)), Does.Contain("a few seconds"));
        Assert.That(SlowDown.Wait(TimeSpan.FromMinutes(41.2)), Is.EqualTo("42 minutes"));
    }
}
