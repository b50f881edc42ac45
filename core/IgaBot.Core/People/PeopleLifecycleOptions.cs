namespace IgaBot.Core.People;

/// <summary>
/// What the joiner, mover and leaver handling reads from the <c>Directory</c> section (the directory sync reads
/// its own keys from the same section).
/// </summary>
public sealed class PeopleLifecycleOptions : ISelfValidatingOptions
{
    public const string Section = "Directory";

    /// <summary>How long a mover's new manager has to answer the review before the ineligible grants are revoked.</summary>
    public int MoverReviewDays { get; set; } = 14;

    /// <summary>"Keep" on a review keeps a grant this many days at most (a temporary grant keeps its own earlier end).</summary>
    public int MoverKeepDays { get; set; } = 90;

    /// <summary>
    /// The share of a joiner's peers (same title) that must hold an entitlement for the welcome to suggest it;
    /// unset: the entitlement's own <c>autoApprove.peerCoverage</c>, or more than half when it has none.
    /// </summary>
    public double? JoinerSuggestionCoverage { get; set; }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (MoverReviewDays is < 1 or > 365) problems.Add($"Directory:MoverReviewDays must be between 1 and 365 (is {MoverReviewDays}).");
        if (MoverKeepDays is < 1 or > 3650) problems.Add($"Directory:MoverKeepDays must be between 1 and 3650 (is {MoverKeepDays}).");
        if (JoinerSuggestionCoverage is { } c && (double.IsNaN(c) || c <= 0 || c > 1))
            problems.Add($"Directory:JoinerSuggestionCoverage must be above 0 and at most 1 (is {c}).");
        return problems;
    }
}
