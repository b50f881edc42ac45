using IgaBot.Core.Analytics;
using IgaBot.Core.Requests;

namespace IgaBot.Core.Tests.Analytics;

public sealed class ApprovalAnalyticsComputeTests
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);

    private static IEnumerable<TimeSpan> Seconds(params int[] values) => values.Select(v => TimeSpan.FromSeconds(v));

    [Test]
    public void Percentile_IsTheNearestRank()
    {
        // 1..10 s: p50 = ⌈5⌉ = 5th = 5 s; p90 = ⌈9⌉ = 9th = 9 s. Four values: p50 = ⌈2⌉ = 2nd, p90 = ⌈3.6⌉ = 4th.
        Assert.That(ApprovalAnalytics.Percentile(Seconds(10, 3, 1, 2, 4, 5, 6, 7, 8, 9), 50), Is.EqualTo(TimeSpan.FromSeconds(5)));
        Assert.That(ApprovalAnalytics.Percentile(Seconds(10, 3, 1, 2, 4, 5, 6, 7, 8, 9), 90), Is.EqualTo(TimeSpan.FromSeconds(9)));
        Assert.That(ApprovalAnalytics.Percentile(Seconds(40, 10, 30, 20), 50), Is.EqualTo(TimeSpan.FromSeconds(20)));
        Assert.That(ApprovalAnalytics.Percentile(Seconds(40, 10, 30, 20), 90), Is.EqualTo(TimeSpan.FromSeconds(40)));
        Assert.That(ApprovalAnalytics.Percentile(Seconds(7), 90), Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(ApprovalAnalytics.Percentile([], 50), Is.Null);
    }

    [Test]
    public void WeekOf_IsTheMondayBeforeInUtc()
    {
        Assert.That(ApprovalAnalytics.WeekOf(Monday), Is.EqualTo(new DateOnly(2025, 3, 3)));
        Assert.That(ApprovalAnalytics.WeekOf(Monday.AddDays(7).AddTicks(-1)), Is.EqualTo(new DateOnly(2025, 3, 3)), "Sunday 23:59:59.9999999");
        // Monday 01:00 in UTC+2 is Sunday 23:00 UTC: the week before.
        Assert.That(ApprovalAnalytics.WeekOf(new DateTimeOffset(2025, 3, 10, 1, 0, 0, TimeSpan.FromHours(2))), Is.EqualTo(new DateOnly(2025, 3, 3)));
    }

    [Test]
    public void Compute_ADecisionStampedBeforeTheDelivery_CountsAsNoTimeAtAll()
    {
        // Two instances' clocks a little apart: the decision's time is a second before the delivery's.
        var request = new RequestFact(Guid.NewGuid(), "aws", "AWS", Monday, RequestStatus.Fulfilled);
        var history = new ApprovalHistory(
            [request],
            [new StageFact(request.Id, 1, StageStatus.Approved, ["nina@contoso.test"], Monday, "nina@contoso.test", Monday.AddSeconds(9), false)],
            [new DeliveryFact(request.Id, 1, "nina@contoso.test", Monday.AddSeconds(10), false)],
            [],
            new Dictionary<string, string>());

        var report = ApprovalAnalytics.Compute(new AnalyticsPeriod(Monday, Monday.AddDays(1)), history, TimeSpan.FromSeconds(30), Monday.AddDays(1));

        var nina = report.Approvers.Single();
        Assert.That((nina.Name, nina.TimeToDecisionP50, nina.RubberStamped), Is.EqualTo(("nina@contoso.test", (TimeSpan?)TimeSpan.Zero, 1)));
    }
}
