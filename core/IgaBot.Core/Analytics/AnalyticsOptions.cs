namespace IgaBot.Core.Analytics;

/// <summary>Settings section <c>Analytics</c>: how the approval analytics judge what they measure.</summary>
public sealed class AnalyticsOptions : ISelfValidatingOptions
{
    public const string Section = "Analytics";

    /// <summary>
    /// An approval decided within this many seconds of the card's delivery counts as rubber-stamped: too fast for the
    /// approver to have read who, what, for how long and why.
    /// </summary>
    public int RubberStampSeconds { get; set; } = 30;

    /// <summary>The longest period one report may cover.</summary>
    public static TimeSpan LongestPeriod { get; } = TimeSpan.FromDays(3 * 366);

    public const string RubberStampProblem = $"{Section}:RubberStampSeconds must be a whole number of seconds from 1 to 3600.";

    /// <summary>Every problem, each naming the key to fix; empty when usable.</summary>
    public IReadOnlyList<string> Validate() => RubberStampSeconds is < 1 or > 3600 ? [RubberStampProblem] : [];
}
