using IgaBot.Core.People;

namespace IgaBot.Core.Policy;

/// <summary>Why a decision on an approval stage does not count (DESIGN §6 rules 7 and 8).</summary>
public enum ApproverRefusal
{
    /// <summary>The actor is the beneficiary: nobody decides on their own access.</summary>
    IsBeneficiary,
    /// <summary>The actor made the request.</summary>
    IsRequester,
    /// <summary>The actor approves no stage of the request (and is not told who does).</summary>
    NotAnApprover,
    /// <summary>The actor approves another stage of the request.</summary>
    NotThisStage,
    /// <summary>The stage or the request is no longer open (or not open yet).</summary>
    NotOpen,
    /// <summary>"Approve for less" without the shorter duration.</summary>
    ShorterWithoutDuration,
    /// <summary>The shorter duration is under <see cref="PolicyEngine.MinimumDuration"/>.</summary>
    ShorterTooShort,
    /// <summary>The "shorter" duration is not shorter than the one asked for.</summary>
    ShorterNotShorter,
}

/// <summary>
/// Who may approve (DESIGN §6 rules 7 and 8): nobody approves a request in which they are the requester or the
/// beneficiary, and such a person's place goes up their management chain, when a stage is planned and when it escalates.
/// </summary>
public static class ApproverRules
{
    /// <summary>Whether <paramref name="email"/> is the requester or the beneficiary, and so may not approve.</summary>
    public static bool IsSetAside(string email, string requester, string beneficiary) =>
        PersonKey.Same(email, requester) || PersonKey.Same(email, beneficiary);

    /// <summary>
    /// The first person up the management chain of <paramref name="email"/> who is neither the requester nor the
    /// beneficiary; null at the top of the chain or when the chain loops.
    /// </summary>
    public static string? FirstAllowedAbove(PeopleDirectory directory, string email, string requester, string beneficiary)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var seen = new HashSet<string>(PersonKey.Comparer) { email };
        var current = directory.Find(email)?.Manager;
        while (current is not null && seen.Add(current))
        {
            if (!IsSetAside(current, requester, beneficiary)) return current;
            current = directory.Find(current)?.Manager;
        }
        return null;
    }

    /// <summary>
    /// Who an unanswered stage escalates to: each approver's first allowed manager (see <see cref="FirstAllowedAbove"/>),
    /// once each, leaving out the stage's own approvers.
    /// </summary>
    public static IReadOnlyList<string> EscalationTargets(PeopleDirectory directory, string requester, string beneficiary, IReadOnlyList<string> approvers)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        var targets = new List<string>();
        foreach (var approver in approvers)
        {
            var manager = FirstAllowedAbove(directory, approver, requester, beneficiary);
            if (manager is not null && !approvers.Any(a => PersonKey.Same(a, manager)) && !targets.Any(t => PersonKey.Same(t, manager)))
                targets.Add(manager);
        }
        return targets;
    }

    /// <summary>
    /// Whether <paramref name="actor"/> may decide a stage: not the beneficiary, not the requester, an approver of this
    /// stage, and the stage open. Null when they may.
    /// </summary>
    public static ApproverRefusal? MayDecide(string actor, string requester, string beneficiary,
        IEnumerable<string> requestApprovers, IReadOnlyList<string> stageApprovers, bool stageOpen)
    {
        ArgumentNullException.ThrowIfNull(requestApprovers);
        ArgumentNullException.ThrowIfNull(stageApprovers);
        if (PersonKey.Same(actor, beneficiary)) return ApproverRefusal.IsBeneficiary;
        if (PersonKey.Same(actor, requester)) return ApproverRefusal.IsRequester;
        if (!requestApprovers.Any(a => PersonKey.Same(a, actor))) return ApproverRefusal.NotAnApprover;
        if (!stageApprovers.Any(a => PersonKey.Same(a, actor))) return ApproverRefusal.NotThisStage;
        return stageOpen ? null : ApproverRefusal.NotOpen;
    }

    /// <summary>
    /// Whether an approver may grant <paramref name="shorter"/> instead of <paramref name="asked"/> (null = permanent):
    /// it must be given, at least <see cref="PolicyEngine.MinimumDuration"/>, and shorter. Null when it may.
    /// </summary>
    public static ApproverRefusal? MayShorten(TimeSpan? shorter, TimeSpan? asked)
    {
        if (shorter is not { } length) return ApproverRefusal.ShorterWithoutDuration;
        if (length < PolicyEngine.MinimumDuration) return ApproverRefusal.ShorterTooShort;
        return asked is { } current && length >= current ? ApproverRefusal.ShorterNotShorter : null;
    }
}
