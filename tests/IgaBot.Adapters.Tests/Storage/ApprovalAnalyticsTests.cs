using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Analytics;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Options;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

/// <summary>
/// The approval analytics over a seeded history: twelve requests and seven grants written through the stores at known
/// times of a fake clock, and every figure worked out by hand below.
/// </summary>
public class ApprovalAnalyticsTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private const string Omar = "omar.haddad@contoso.com";
    private const string Alice = "alice.chen@contoso.com";

    private static DateTimeOffset At(int day, int hour, int minute = 0, int second = 0) => new(2025, 3, day, hour, minute, second, TimeSpan.Zero);

    // Two weeks: Monday 3 March 00:00 to Monday 17 March 00:00 (UTC).
    private static readonly AnalyticsPeriod Period = new(At(3, 0), At(17, 0));

    // The clock when the analytics are computed.
    private static readonly DateTimeOffset Now = At(16, 0);

    private ApprovalAnalytics Analytics() =>
        new(new SqlApprovalHistoryReader(Db.Database), Options.Create(new AnalyticsOptions { RubberStampSeconds = 30 }), Db.Clock);

    /// <summary>
    /// The history. Nina is the GitHub requests' manager approver, Raj the GitHub owner (and Nina's manager, so
    /// escalations go to him), Omar the AWS owner. Times in brackets are from the card's delivery to the decision.
    /// <code>
    /// R1  GitHub  Mon 03 08:00  Nina approves      (10 s)
    /// R2  GitHub  Mon 03 09:00  Nina approves      (20 min = 1200 s; her card was re-sent at 09:10, the first delivery counts)
    /// R3  GitHub  Tue 04 10:00  Nina denies        (1 h = 3600 s)
    /// R4  GitHub  Wed 05 12:00  Nina approves      (30 s: exactly the limit, so rubber-stamped)
    ///                           then Raj approves  (2 h = 7200 s from his card at 12:01)
    /// R5  GitHub  Thu 06 08:00  Nina silent; escalated Sat 08 08:00 to Raj, who approves at 09:00 (1 h = 3600 s)
    /// R6  GitHub  Fri 07 08:00  Nina silent; the request expires Fri 14 08:00
    /// R7  GitHub  Mon 10 09:00  Nina approves      (20 s)
    /// R8  GitHub  Tue 11 09:00  Nina has not answered yet
    /// R9  AWS     Mon 03 10:00  Omar approves      (5 min = 300 s, measured from the stage's activation: no delivery recorded)
    /// R10 AWS     Tue 04 10:00  Omar denies        (10 min = 600 s)
    /// R11 AWS     Wed 12 10:00  Omar approves      (25 s)
    /// R12 GitHub  Fri 28 Feb    outside the period (Nina approves it in 5 s: must not count)
    /// </code>
    /// Grants (revocation lateness = removed at the target − expires_at):
    /// <code>
    /// G1 GitHub ends Wed 05 12:00, removed 12:00:40           → 40 s
    /// G2 GitHub ends Thu 06 12:00, removed 12:05              → 300 s
    /// G3 GitHub ends Fri 07 00:00, removed 01:00              → 3600 s
    /// G4 GitHub ends Mon 10 00:00, released Sun 09 12:00      → ended early
    /// G5 GitHub ends Wed 12 00:00, the revoke failed          → still held, 4 days overdue at Sun 16 00:00
    /// G6 AWS    ends Sat 08 00:00, removed 00:02              → 120 s
    /// G7 GitHub ends Sun 16 12:00                             → not due yet
    /// </code>
    /// </summary>
    private async Task SeedAsync()
    {
        var github = SmallTenant().Catalog.Apps.Single();
        var aws = new App
        {
            Id = "aws", Name = "AWS", Description = "Cloud accounts", Owner = Omar, Connector = "manual",
            Entitlements =
            [
                new Entitlement { Id = "aws-read", AppId = "aws", Name = "AWS Read", Description = "Read the console", Risk = Risk.Low, Approvals = [ApprovalStep.Owner] },
            ],
        };
        var people = SmallTenant(null,
            new Person { Email = Omar, Name = "Omar Haddad", Title = "Cloud Lead", Department = "Platform", Manager = Raj },
            new Person { Email = Alice, Name = "Alice Chen", Title = "Analyst", Department = "Finance", Manager = Nina }).Directory;
        await Db.Store.RunAsync(async s =>
        {
            await s.People.SyncAsync(people);
            await s.Catalog.SyncAsync(new AccessCatalog([github, aws], new Dictionary<string, IReadOnlyList<string>>()));
        }, Ct);

        var timeline = new List<(DateTimeOffset At, Func<IStoreSession, Task> Step)>();
        void On(DateTimeOffset at, Func<IStoreSession, Task> step) => timeline.Add((at, step));

        Guid Ask(DateTimeOffset at, string entitlement, params string[][] stages)
        {
            var id = Guid.NewGuid();
            On(at, async s =>
            {
                var request = Request(at, beneficiary: Tom) with { Id = id, EntitlementId = entitlement, Scope = null };
                await s.Requests.CreateAsync(request,
                    [.. stages.Select((approvers, i) => Stage(id, i + 1, StageStatus.Waiting, approvers))], Audit("request.submitted", $"request:{id}"));
                await s.Requests.ActivateStageAsync(id, 1, Audit("approval.stage-activated", $"request:{id}"));
            });
            return id;
        }
        void Deliver(DateTimeOffset at, Guid request, string approver, int stage = 1, bool escalated = false) =>
            On(at, s => s.Requests.RecordDeliveryAsync(request, stage, approver, escalated));
        void Decide(DateTimeOffset at, Guid request, string approver, StageStatus outcome, int stage = 1, int? next = null) => On(at, async s =>
        {
            await s.Requests.DecideStageAsync(request, stage, new StageDecision(outcome, approver), Audit("approval.decided", $"request:{request}", approver));
            if (next is { } n) await s.Requests.ActivateStageAsync(request, n, Audit("approval.stage-activated", $"request:{request}"));
            else await s.Requests.TransitionAsync(request, RequestStatus.PendingApproval,
                outcome == StageStatus.Approved ? RequestStatus.Approved : RequestStatus.Denied, Audit("request.decided", $"request:{request}", approver));
        });

        var r1 = Ask(At(3, 8), "github-read", [Nina]);
        Deliver(At(3, 8, 0, 5), r1, Nina);
        Decide(At(3, 8, 0, 15), r1, Nina, StageStatus.Approved);

        var r2 = Ask(At(3, 9), "github-read", [Nina]);
        Deliver(At(3, 9), r2, Nina);
        Deliver(At(3, 9, 10), r2, Nina);
        Decide(At(3, 9, 20), r2, Nina, StageStatus.Approved);

        var r3 = Ask(At(4, 10), "github-read", [Nina]);
        Deliver(At(4, 10), r3, Nina);
        Decide(At(4, 11), r3, Nina, StageStatus.Denied);

        var r4 = Ask(At(5, 12), "github-write", [Nina], [Raj]);
        Deliver(At(5, 12), r4, Nina);
        Decide(At(5, 12, 0, 30), r4, Nina, StageStatus.Approved, next: 2);
        Deliver(At(5, 12, 1), r4, Raj, stage: 2);
        Decide(At(5, 14, 1), r4, Raj, StageStatus.Approved, stage: 2);

        var r5 = Ask(At(6, 8), "github-read", [Nina]);
        Deliver(At(6, 8), r5, Nina);
        On(At(8, 8), s => s.Requests.EscalateStageAsync(r5, 1, [Nina, Raj], Audit("approval.escalated", $"request:{r5}")));
        Deliver(At(8, 8), r5, Nina, escalated: true); // the escalation re-sends Nina's card too: not a new delivery
        Deliver(At(8, 8), r5, Raj, escalated: true);
        Decide(At(8, 9), r5, Raj, StageStatus.Approved);

        var r6 = Ask(At(7, 8), "github-read", [Nina]);
        Deliver(At(7, 8), r6, Nina);
        On(At(14, 8), async s =>
        {
            await s.Requests.TransitionAsync(r6, RequestStatus.PendingApproval, RequestStatus.Expired, Audit("request.expired", $"request:{r6}"));
            await s.Requests.ExpireOpenStagesAsync(r6);
        });

        var r7 = Ask(At(10, 9), "github-read", [Nina]);
        Deliver(At(10, 9), r7, Nina);
        Decide(At(10, 9, 0, 20), r7, Nina, StageStatus.Approved);

        var r8 = Ask(At(11, 9), "github-read", [Nina]);
        Deliver(At(11, 9), r8, Nina);

        var r9 = Ask(At(3, 10), "aws-read", [Omar]);
        Decide(At(3, 10, 5), r9, Omar, StageStatus.Approved);

        var r10 = Ask(At(4, 10), "aws-read", [Omar]);
        Deliver(At(4, 10), r10, Omar);
        Decide(At(4, 10, 10), r10, Omar, StageStatus.Denied);

        var r11 = Ask(At(12, 10), "aws-read", [Omar]);
        Deliver(At(12, 10), r11, Omar);
        Decide(At(12, 10, 0, 25), r11, Omar, StageStatus.Approved);

        // R12 was made before the period (its creation time is the record's, not the clock's).
        var r12 = Guid.NewGuid();
        On(At(3, 8), async s =>
        {
            await s.Requests.CreateAsync(Request(new DateTimeOffset(2025, 2, 28, 9, 0, 0, TimeSpan.Zero)) with { Id = r12, EntitlementId = "github-read", Scope = null },
                [Stage(r12, 1, StageStatus.Waiting, Nina)], Audit("request.submitted", $"request:{r12}"));
            await s.Requests.ActivateStageAsync(r12, 1, Audit("approval.stage-activated", $"request:{r12}"));
            await s.Requests.RecordDeliveryAsync(r12, 1, Nina, escalated: false);
        });
        Decide(At(3, 8, 0, 5), r12, Nina, StageStatus.Approved);

        Guid Granted(string person, string entitlement, DateTimeOffset expiresAt)
        {
            var grant = Grant(At(3, 8), null, person, entitlement) with { ExpiresAt = expiresAt };
            On(At(3, 8), s => s.Grants.CreateAsync(grant, Audit("grant.created", $"grant:{grant.Id}")));
            return grant.Id;
        }
        void Revoke(DateTimeOffset startedAt, DateTimeOffset removedAt, Guid grant, bool fails = false)
        {
            On(startedAt, s => s.Grants.ChangeStatusAsync(grant, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", $"grant:{grant}")));
            On(removedAt, s => s.Grants.ChangeStatusAsync(grant, GrantStatus.Revoking, fails ? GrantStatus.RevokeFailed : GrantStatus.Revoked,
                Audit("grant.revoked", $"grant:{grant}")));
        }
        var g1 = Granted(Tom, "github-read", At(5, 12));
        Revoke(At(5, 12), At(5, 12, 0, 40), g1);
        var g2 = Granted(Nina, "github-read", At(6, 12));
        Revoke(At(6, 12), At(6, 12, 5), g2);
        var g3 = Granted(Alice, "github-read", At(7, 0));
        Revoke(At(7, 0), At(7, 1), g3);
        var g4 = Granted(Omar, "github-read", At(10, 0));
        Revoke(At(9, 12), At(9, 12), g4);
        var g5 = Granted(Raj, "github-read", At(12, 0));
        Revoke(At(12, 0), At(12, 0, 10), g5, fails: true);
        var g6 = Granted(Tom, "aws-read", At(8, 0));
        Revoke(At(8, 0), At(8, 0, 2), g6);
        Granted(Alice, "github-write", At(16, 12));

        // Stable sort: steps at the same instant keep the order they were written in.
        foreach (var (at, step) in timeline.OrderBy(t => t.At))
        {
            Db.Clock.SetUtcNow(at);
            await Db.Store.RunAsync(step, Ct);
        }
        Db.Clock.SetUtcNow(Now);
    }

    [Test]
    public async Task Analytics_OverTheSeededHistory_MatchTheFiguresWorkedOutByHand()
    {
        await SeedAsync();

        var report = await Analytics().ComputeAsync(Period, Ct);

        Assert.That(report.RubberStampWithin, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(report.ComputedAt, Is.EqualTo(Now));

        // Nina: cards for R1, R2, R3, R4 (stage 1), R5, R6, R7, R8 = 8 asked. Decided R1, R2, R3, R4, R7 = 5:
        // approved 4, denied 1 (R3). Times sorted: 10, 20, 30, 1200, 3600 s. p50 = ⌈0.5·5⌉ = 3rd = 30 s;
        // p90 = ⌈0.9·5⌉ = 5th = 3600 s. Rubber-stamped (≤ 30 s, approvals): R1 10 s, R7 20 s, R4 30 s = 3 of 4 approvals.
        // Escalated: R5 (she had it first). Expired: R6. R12 is outside the period.
        // Raj: R4 stage 2 and R5 (escalated to him) = 2 asked, 2 approved: 7200 s and 3600 s (from his own card);
        // sorted 3600, 7200: p50 = 1st = 3600 s, p90 = ⌈1.8⌉ = 2nd = 7200 s; none rubber-stamped, none escalated from him.
        // Omar: R9, R10, R11 = 3 asked and decided: approved R9 (300 s, from activation), R11 (25 s), denied R10 (600 s);
        // sorted 25, 300, 600: p50 = 2nd = 300 s, p90 = ⌈2.7⌉ = 3rd = 600 s; rubber-stamped 1 (R11) of 2 approvals.
        Assert.That(report.Approvers, Is.EqualTo(new[]
        {
            new ApproverFigures(Nina, "Nina Petrova", 8, 5, 4, 1, Seconds(30), Seconds(3600), 3, 1, 1),
            new ApproverFigures(Omar, "Omar Haddad", 3, 3, 2, 1, Seconds(300), Seconds(600), 1, 0, 0),
            new ApproverFigures(Raj, "Raj Patel", 2, 2, 2, 0, Seconds(3600), Seconds(7200), 0, 0, 0),
        }));
        var nina = report.Approvers[0];
        Assert.That((nina.ApproveRate, nina.DenyRate, nina.RubberStampShare), Is.EqualTo((4 / 5.0, 1 / 5.0, 3 / 4.0)));
        var omar = report.Approvers[1];
        Assert.That((omar.ApproveRate, omar.DenyRate, omar.RubberStampShare), Is.EqualTo((2 / 3.0, 1 / 3.0, 1 / 2.0)));
        var raj = report.Approvers[2];
        Assert.That((raj.ApproveRate, raj.DenyRate, raj.RubberStampShare), Is.EqualTo((1.0, 0.0, 0.0)));

        // AWS: R9, R10, R11 = 3 requests; Omar's decisions as above; nothing escalated or expired.
        // GitHub: R1–R8 = 8 requests; decisions Nina's 5 + Raj's 2 = 7 (approved 6, denied 1). Times sorted:
        // 10, 20, 30, 1200, 3600, 3600, 7200 s: p50 = ⌈3.5⌉ = 4th = 1200 s, p90 = ⌈6.3⌉ = 7th = 7200 s.
        // Rubber-stamped 3 of 6 approvals; escalations 1 (R5); expired requests 1 (R6).
        Assert.That(report.Apps, Is.EqualTo(new[]
        {
            new AppFigures("aws", "AWS", 3, 3, 2, 1, Seconds(300), Seconds(600), 1, 0, 0),
            new AppFigures("github", "GitHub", 8, 7, 6, 1, Seconds(1200), Seconds(7200), 3, 1, 1),
        }));
        Assert.That((report.Apps[1].ApproveRate, report.Apps[1].DenyRate, report.Apps[1].RubberStampShare), Is.EqualTo((6 / 7.0, 1 / 7.0, 3 / 6.0)));

        // Week of 3 March: R1, R2, R3, R4, R5, R6, R9, R10 = 8; week of 10 March: R7, R8, R11 = 3.
        Assert.That(report.Weeks, Is.EqualTo(new[] { new WeekFigures(new DateOnly(2025, 3, 3), 8), new WeekFigures(new DateOnly(2025, 3, 10), 3) }));

        // GitHub: due G1–G5 (G7 ends after now) = 5; removed at or after the end: G1 40 s, G2 300 s, G3 3600 s = 3;
        // sorted 40, 300, 3600: p50 = 2nd = 300 s, p90 = ⌈2.7⌉ = 3rd = 3600 s, max 3600 s. Ended early: G4.
        // Still held: G5, overdue from Wed 12 00:00 to Sun 16 00:00 = 4 days.
        // AWS: G6 only: due 1, removed 1, 120 s for p50, p90 and max.
        Assert.That(report.Revocations, Is.EqualTo(new[]
        {
            new RevocationFigures("aws", "AWS", 1, 1, Seconds(120), Seconds(120), Seconds(120), 0, 0, null),
            new RevocationFigures("github", "GitHub", 5, 3, Seconds(300), Seconds(3600), Seconds(3600), 1, 1, TimeSpan.FromDays(4)),
        }));
    }

    [Test]
    public async Task Analytics_ForOneApp_CountOnlyThatAppsRequestsApproversAndGrants()
    {
        await SeedAsync();

        var report = await Analytics().ComputeAsync(Period with { AppId = "aws" }, Ct);

        // Only AWS: Omar's three requests (two in the first week, R11 in the second) and G6.
        Assert.That(report.Approvers.Select(a => a.Approver), Is.EqualTo(new[] { Omar }));
        Assert.That(report.Apps.Select(a => (a.AppId, a.Requests)), Is.EqualTo(new[] { ("aws", 3) }));
        Assert.That(report.Weeks.Select(w => w.Requests), Is.EqualTo(new[] { 2, 1 }));
        Assert.That(report.Revocations.Select(r => (r.AppId, r.Revoked)), Is.EqualTo(new[] { ("aws", 1) }));
    }

    [Test]
    public async Task Analytics_OfALaterPeriod_StartAtZeroAndListEveryWeek()
    {
        await SeedAsync();

        var report = await Analytics().ComputeAsync(new AnalyticsPeriod(At(17, 0), At(31, 12)), Ct);

        Assert.That(report.Approvers, Is.Empty);
        Assert.That(report.Apps, Is.Empty);
        Assert.That(report.Revocations, Is.Empty);
        Assert.That(report.Weeks, Is.EqualTo(new[] { new WeekFigures(new DateOnly(2025, 3, 17), 0), new WeekFigures(new DateOnly(2025, 3, 24), 0), new WeekFigures(new DateOnly(2025, 3, 31), 0) }));
    }

    [Test]
    public void Analytics_OfAPeriodThatEndsBeforeItStarts_AreRefusedWithTheReason()
    {
        var error = Assert.ThrowsAsync<InvalidInputException>(() => Analytics().ComputeAsync(new AnalyticsPeriod(At(17, 0), At(3, 0)), Ct));

        Assert.That(error!.Message, Does.Contain("must start before it ends"));
    }

    [Test]
    public async Task RecordDelivery_KeepsTheFirstDeliveryOfEachApprover()
    {
        var request = Request(Db.Clock.GetUtcNow());
        await Db.Store.RunAsync(s => s.Requests.CreateAsync(request, [Stage(request.Id, 1, StageStatus.Pending, Nina)], Audit("request.submitted", "r")), Ct);

        var first = await Db.Store.RunAsync(s => s.Requests.RecordDeliveryAsync(request.Id, 1, "Nina.Petrova@Contoso.com", escalated: false), Ct);
        Db.Clock.Advance(TimeSpan.FromMinutes(5));
        var again = await Db.Store.RunAsync(s => s.Requests.RecordDeliveryAsync(request.Id, 1, Nina, escalated: true), Ct);

        Assert.That((first, again), Is.EqualTo((true, false)));
        Assert.That(await Db.ScalarRawAsync<string>("SELECT delivered_at || ' ' || approver || ' ' || escalated FROM approval_deliveries"),
            Is.EqualTo($"2025-03-03T08:00:00.0000000Z {Nina} 0"));
    }

    private static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);
}
