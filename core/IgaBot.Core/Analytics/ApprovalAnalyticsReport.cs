namespace IgaBot.Core.Analytics;

/// <summary>
/// The approval analytics of one period (see <see cref="ApprovalAnalytics"/> for how each figure is measured). Every
/// table is a list of rows, so a chart, its accessible table and its CSV export show the same numbers.
/// </summary>
public sealed record ApprovalAnalyticsReport(
    AnalyticsPeriod Period,
    DateTimeOffset ComputedAt,
    TimeSpan RubberStampWithin,
    IReadOnlyList<ApproverFigures> Approvers,
    IReadOnlyList<AppFigures> Apps,
    IReadOnlyList<WeekFigures> Weeks,
    IReadOnlyList<RevocationFigures> Revocations);

/// <summary>The decision figures an approver's row and an app's row both have, in the same order.</summary>
public interface IDecisionFigures
{
    int Decisions { get; }
    int Approved { get; }
    int Denied { get; }
    TimeSpan? TimeToDecisionP50 { get; }
    TimeSpan? TimeToDecisionP90 { get; }
    int RubberStamped { get; }
    double? ApproveRate { get; }
    double? DenyRate { get; }
    double? RubberStampShare { get; }
}

/// <summary>How one approver decided the stages of the period's requests.</summary>
/// <param name="Asked">Stages whose card went to this approver (or that they decided).</param>
/// <param name="Decisions">Stages they decided: <paramref name="Approved"/> + <paramref name="Denied"/>.</param>
/// <param name="TimeToDecisionP50">Median time from the card's delivery to their decision (nearest rank); null without decisions.</param>
/// <param name="TimeToDecisionP90">90th percentile of the same (nearest rank).</param>
/// <param name="RubberStamped">Approvals decided within the rubber-stamp seconds of delivery.</param>
/// <param name="Escalated">Stages they were asked first that went on to their managers for want of an answer.</param>
/// <param name="Expired">Stages they were asked whose request expired undecided.</param>
public sealed record ApproverFigures(
    string Approver,
    string Name,
    int Asked,
    int Decisions,
    int Approved,
    int Denied,
    TimeSpan? TimeToDecisionP50,
    TimeSpan? TimeToDecisionP90,
    int RubberStamped,
    int Escalated,
    int Expired) : IDecisionFigures
{
    public double? ApproveRate => Share(Approved, Decisions);
    public double? DenyRate => Share(Denied, Decisions);
    /// <summary>The share of their approvals that were rubber-stamped.</summary>
    public double? RubberStampShare => Share(RubberStamped, Approved);

    internal static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;
}

/// <summary>How the period's requests for one app were decided.</summary>
/// <param name="Requests">Requests created in the period.</param>
/// <param name="Decisions">Stage decisions on them (<paramref name="Approved"/> + <paramref name="Denied"/>).</param>
/// <param name="Escalations">Stages escalated to the approvers' managers.</param>
/// <param name="ExpiredRequests">Requests that expired because nobody decided in time.</param>
public sealed record AppFigures(
    string AppId,
    string AppName,
    int Requests,
    int Decisions,
    int Approved,
    int Denied,
    TimeSpan? TimeToDecisionP50,
    TimeSpan? TimeToDecisionP90,
    int RubberStamped,
    int Escalations,
    int ExpiredRequests) : IDecisionFigures
{
    public double? ApproveRate => ApproverFigures.Share(Approved, Decisions);
    public double? DenyRate => ApproverFigures.Share(Denied, Decisions);
    public double? RubberStampShare => ApproverFigures.Share(RubberStamped, Approved);
}

/// <summary>Requests created in one week (Monday 00:00 UTC to the next Monday), every week of the period listed.</summary>
public sealed record WeekFigures(DateOnly WeekStart, int Requests);

/// <summary>
/// How late one app's temporary access ended at the target: for grants whose end (<c>expires_at</c>) fell in the
/// period and has passed.
/// </summary>
/// <param name="Due">Grants whose end has passed.</param>
/// <param name="Revoked">Of those, the ones removed at or after their end (the lateness figures are over these).</param>
/// <param name="LatenessP50">Median of (removed at the target − end), nearest rank.</param>
/// <param name="LatenessMax">The latest removal.</param>
/// <param name="EndedEarly">Released or revoked before their end: not late, not counted in the lateness.</param>
/// <param name="StillHeld">Past their end and not removed yet (revoking, or the revoke failed).</param>
/// <param name="LongestOverdue">How long the oldest of <paramref name="StillHeld"/> has been overdue now.</param>
public sealed record RevocationFigures(
    string AppId,
    string AppName,
    int Due,
    int Revoked,
    TimeSpan? LatenessP50,
    TimeSpan? LatenessP90,
    TimeSpan? LatenessMax,
    int EndedEarly,
    int StillHeld,
    TimeSpan? LongestOverdue);
