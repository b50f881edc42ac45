using IgaBot.Core.Grants;
using IgaBot.Core.Requests;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.Analytics;

/// <summary>
/// Approval analytics per approver and per app over a period: time to decision (p50/p90), approve and deny rates,
/// rubber-stamping, escalations and expired requests, requests per week, and revocation lateness.
/// </summary>
/// <remarks>
/// <para>The period selects requests by their creation (<c>created_at</c> in [from, to)); everything that later happened
/// to those requests (decisions, escalations, expiry) counts for the period, so a request is counted once however
/// long it took. Revocation lateness selects grants by their end (<c>expires_at</c> in [from, to)).</para>
/// <para><b>Delivery</b> is the moment the channel (Teams, Slack, the playground) accepted the approval card for that
/// approver: <see cref="Storage.IRequestStore.RecordDeliveryAsync"/>, written by the approval workflow right after the
/// send succeeds, first delivery per stage and approver (a reminder is not a delivery). A stage decided by someone
/// who has no delivery row (decided before deliveries were recorded, or from a page without a card) is measured from
/// the stage's first delivery to anyone, or failing that from its activation (<c>activated_at</c>, which an
/// escalation moves to the escalation's time).</para>
/// <para><b>Time to decision</b> = decided_at − delivery, per decided stage (approved or denied), never negative.
/// Percentiles are nearest rank: with the n times sorted ascending, p50 is the ⌈0.5·n⌉-th and p90 the ⌈0.9·n⌉-th.</para>
/// <para><b>Approve / deny rate</b> = approved (denied) stage decisions ÷ all stage decisions. <b>Rubber-stamped</b> =
/// approvals decided within <see cref="AnalyticsOptions.RubberStampSeconds"/> of delivery (inclusive); the share is
/// of approvals. <b>Escalated</b> (per approver): stages the approver was asked first (delivered before the
/// escalation) that were escalated; per app: escalated stages. <b>Expired</b>: stages (per approver) or requests
/// (per app) whose request expired undecided.</para>
/// <para><b>Revocation lateness</b> = ended_at − expires_at: ended_at is when the grant became Revoked, which happens
/// only once the connector confirmed the removal at the target (the outbox's revoke completed, or the owner answered
/// the manual task). Grants ended before their end are not late; grants past their end and not removed are listed as
/// still held, with how long the oldest has been overdue.</para>
/// </remarks>
public sealed class ApprovalAnalytics(IApprovalHistoryReader reader, IOptions<AnalyticsOptions> options, TimeProvider clock)
{
    /// <summary>
    /// The analytics of <paramref name="period"/>. <see cref="InvalidInputException"/> when the period is empty,
    /// reversed or longer than <see cref="AnalyticsOptions.LongestPeriod"/>.
    /// </summary>
    public async Task<ApprovalAnalyticsReport> ComputeAsync(AnalyticsPeriod period, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (period.From >= period.To)
            throw new InvalidInputException($"The period must start before it ends ({period.From:yyyy-MM-dd HH:mm} is not before {period.To:yyyy-MM-dd HH:mm}).");
        if (period.To - period.From > AnalyticsOptions.LongestPeriod)
            throw new InvalidInputException($"A period can be at most {AnalyticsOptions.LongestPeriod.TotalDays:0} days long.");
        var app = string.IsNullOrWhiteSpace(period.AppId) ? null : period.AppId.Trim();
        period = period with { From = period.From.ToUniversalTime(), To = period.To.ToUniversalTime(), AppId = app };
        var history = await reader.ReadAsync(period, ct);
        return Compute(period, history, TimeSpan.FromSeconds(options.Value.RubberStampSeconds), clock.GetUtcNow());
    }

    /// <summary>The figures of <paramref name="history"/> (already limited to the period), as of <paramref name="now"/>.</summary>
    public static ApprovalAnalyticsReport Compute(AnalyticsPeriod period, ApprovalHistory history, TimeSpan rubberStampWithin, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(history);
        var requests = history.Requests.ToDictionary(r => r.Id);
        var deliveries = history.Deliveries.ToLookup(d => (d.RequestId, d.Order));
        var stages = history.Stages.Where(s => requests.ContainsKey(s.RequestId))
            .Select(s => Measure(s, requests[s.RequestId], [.. deliveries[(s.RequestId, s.Order)]], rubberStampWithin))
            .ToList();

        var approvers = stages
            .SelectMany(s => s.Asked.Select(a => (approver: a, stage: s)))
            .GroupBy(x => x.approver, StringComparer.Ordinal)
            .Select(g => ApproverRow(g.Key, NameOf(history, g.Key), [.. g.Select(x => x.stage)]))
            .OrderBy(a => a.Approver, StringComparer.Ordinal)
            .ToList();

        var apps = history.Requests
            .GroupBy(r => (r.AppId, r.AppName))
            .Select(g => AppRow(g.Key.AppId, g.Key.AppName, [.. g], [.. stages.Where(s => s.Request.AppId == g.Key.AppId)]))
            .OrderBy(a => a.AppName, StringComparer.OrdinalIgnoreCase).ThenBy(a => a.AppId, StringComparer.Ordinal)
            .ToList();

        var revocations = history.GrantEnds
            .Where(g => g.ExpiresAt <= now)
            .GroupBy(g => (g.AppId, g.AppName))
            .Select(g => RevocationRow(g.Key.AppId, g.Key.AppName, [.. g], now))
            .OrderBy(r => r.AppName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.AppId, StringComparer.Ordinal)
            .ToList();

        return new ApprovalAnalyticsReport(period, now, rubberStampWithin, approvers, apps, Weeks(period, history.Requests), revocations);
    }

    /// <summary>The nearest-rank percentile (<paramref name="percent"/> of 1–100) of <paramref name="values"/>; null when empty.</summary>
    public static TimeSpan? Percentile(IEnumerable<TimeSpan> values, int percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return null;
        var rank = (percent * sorted.Count + 99) / 100; // ⌈percent·n/100⌉ in integers
        return sorted[rank - 1];
    }

    /// <summary>The Monday (UTC) of the week <paramref name="at"/> falls in.</summary>
    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    private sealed record MeasuredStage(
        StageFact Stage,
        RequestFact Request,
        IReadOnlyCollection<string> Asked,
        IReadOnlyCollection<string> AskedBeforeEscalation,
        TimeSpan? TimeToDecision,
        bool RubberStamped)
    {
        public bool Decided => Stage is { Status: StageStatus.Approved or StageStatus.Denied, DecidedBy: not null };
        public bool ExpiredUndecided => Stage is { Status: StageStatus.Expired, ActivatedAt: not null } && Request.Status == RequestStatus.Expired;
    }

    private static MeasuredStage Measure(StageFact stage, RequestFact request, IReadOnlyList<DeliveryFact> deliveries, TimeSpan rubberStampWithin)
    {
        var asked = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var d in deliveries) asked.Add(d.Approver);
        // Before deliveries were recorded: whoever the stage names was asked once it opened.
        if (deliveries.Count == 0 && stage.ActivatedAt is not null) asked.UnionWith(stage.Approvers);
        if (stage.DecidedBy is { } decider) asked.Add(decider);
        var first = deliveries.Where(d => !d.Escalated).Select(d => d.Approver).ToHashSet(StringComparer.Ordinal);

        TimeSpan? time = null;
        var rubberStamped = false;
        if (stage is { Status: StageStatus.Approved or StageStatus.Denied, DecidedAt: { } decidedAt, DecidedBy: { } by })
        {
            var deliveredAt = deliveries.FirstOrDefault(d => d.Approver == by)?.DeliveredAt
                ?? (deliveries.Count > 0 ? deliveries.Min(d => d.DeliveredAt) : stage.ActivatedAt);
            if (deliveredAt is { } at)
            {
                time = decidedAt > at ? decidedAt - at : TimeSpan.Zero;
                rubberStamped = stage.Status == StageStatus.Approved && time <= rubberStampWithin;
            }
        }
        return new MeasuredStage(stage, request, asked, stage.Escalated ? first : [], time, rubberStamped);
    }

    private static ApproverFigures ApproverRow(string approver, string name, IReadOnlyList<MeasuredStage> stages)
    {
        var d = DecisionsOf(stages.Where(s => s.Decided && s.Stage.DecidedBy == approver));
        return new ApproverFigures(approver, name, Asked: stages.Count, d.Decisions, d.Approved, d.Denied, d.P50, d.P90, d.RubberStamped,
            Escalated: stages.Count(s => s.AskedBeforeEscalation.Contains(approver)),
            Expired: stages.Count(s => s.ExpiredUndecided));
    }

    /// <summary>The figures of <see cref="IDecisionFigures"/> over some decided stages.</summary>
    private static (int Decisions, int Approved, int Denied, TimeSpan? P50, TimeSpan? P90, int RubberStamped) DecisionsOf(
        IEnumerable<MeasuredStage> decidedStages)
    {
        var decided = decidedStages.ToList();
        var times = decided.Where(s => s.TimeToDecision is not null).Select(s => s.TimeToDecision!.Value).ToList();
        return (decided.Count,
            decided.Count(s => s.Stage.Status == StageStatus.Approved),
            decided.Count(s => s.Stage.Status == StageStatus.Denied),
            Percentile(times, 50),
            Percentile(times, 90),
            decided.Count(s => s.RubberStamped));
    }

    private static AppFigures AppRow(string appId, string appName, IReadOnlyList<RequestFact> requests, IReadOnlyList<MeasuredStage> stages)
    {
        var d = DecisionsOf(stages.Where(s => s.Decided));
        return new AppFigures(appId, appName, Requests: requests.Count, d.Decisions, d.Approved, d.Denied, d.P50, d.P90, d.RubberStamped,
            Escalations: stages.Count(s => s.Stage.Escalated),
            ExpiredRequests: requests.Count(r => r.Status == RequestStatus.Expired));
    }

    private static RevocationFigures RevocationRow(string appId, string appName, IReadOnlyList<GrantEndFact> due, DateTimeOffset now)
    {
        var removed = due.Where(g => g is { Status: GrantStatus.Revoked, EndedAt: { } end } && end >= g.ExpiresAt).ToList();
        var lateness = removed.Select(g => g.EndedAt!.Value - g.ExpiresAt).ToList();
        var stillHeld = due.Where(g => g.Status != GrantStatus.Revoked).ToList();
        return new RevocationFigures(
            appId,
            appName,
            Due: due.Count,
            Revoked: removed.Count,
            Percentile(lateness, 50),
            Percentile(lateness, 90),
            lateness.Count == 0 ? null : lateness.Max(),
            EndedEarly: due.Count(g => g is { Status: GrantStatus.Revoked, EndedAt: { } end } && end < g.ExpiresAt),
            StillHeld: stillHeld.Count,
            stillHeld.Count == 0 ? null : now - stillHeld.Min(g => g.ExpiresAt));
    }

    private static List<WeekFigures> Weeks(AnalyticsPeriod period, IReadOnlyList<RequestFact> requests)
    {
        var counts = requests.GroupBy(r => WeekOf(r.CreatedAt)).ToDictionary(g => g.Key, g => g.Count());
        var weeks = new List<WeekFigures>();
        var last = WeekOf(period.To - TimeSpan.FromTicks(1));
        for (var week = WeekOf(period.From); week <= last; week = week.AddDays(7))
            weeks.Add(new WeekFigures(week, counts.GetValueOrDefault(week)));
        return weeks;
    }

    private static string NameOf(ApprovalHistory history, string email) =>
        history.PeopleNames.TryGetValue(email, out var name) ? name : email;
}
