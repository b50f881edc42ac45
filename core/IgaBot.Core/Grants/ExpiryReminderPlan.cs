namespace IgaBot.Core.Grants;

/// <summary>Which expiry reminder a grant is due for: the leads that fit in its length, latest due first.</summary>
public static class ExpiryReminderPlan
{
    /// <summary>
    /// The reminder leads (time before the end) that make sense for <paramref name="grant"/>: only those
    /// shorter than the grant's length, so a two-hour grant gets the one-hour reminder and not the one-day one.
    /// </summary>
    public static IReadOnlyList<TimeSpan> LeadsFor(Grant grant, IEnumerable<TimeSpan> leads)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (grant.ExpiresAt is not { } end) return [];
        var length = end - grant.GrantedAt;
        return [.. leads.Where(l => l > TimeSpan.Zero && l < length).Distinct().OrderByDescending(l => l)];
    }

    /// <summary>
    /// The reminder due at <paramref name="now"/>: of the fitting leads whose moment has come, the shortest
    /// (after a pause, the holder gets the reminder that is still true, not a stale "ends in 1 day").
    /// Null when none is due or the grant has ended.
    /// </summary>
    public static TimeSpan? Due(Grant grant, IEnumerable<TimeSpan> leads, DateTimeOffset now)
    {
        if (grant.Status != GrantStatus.Active || grant.ExpiresAt is not { } end || now >= end) return null;
        var due = LeadsFor(grant, leads).Where(l => end - l <= now).ToList();
        return due.Count == 0 ? null : due.Min();
    }
}
