namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// Settings section <c>Scheduling</c>: where Quartz keeps its schedule and the periodic jobs. With SQLite (one node)
/// Quartz has its own file; with <c>Database:Provider=Postgres</c> it shares the application's database, clustered,
/// so any instance fires any trigger and each periodic job runs once per interval across the instances.
/// </summary>
public sealed class LifecycleSchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>
    /// SQLite only: Quartz's tables live in their own file, apart from the application's database. With PostgreSQL they
    /// are in the application's database (migration 0050) and this is not read.
    /// </summary>
    public string ConnectionString { get; set; } = "Data Source=data/quartz.db";

    /// <summary>How often the approval timers run and expiry reminders go out (with an overdue sweep as well).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often overdue grants are looked for on their own: the net under the per-grant triggers. When a burst of
    /// expiries outruns the triggers, this sweep revokes the backlog in bulk.
    /// </summary>
    public TimeSpan OverdueSweepInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often grants are compared with the triggers and the target systems.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Jobs Quartz runs at once, which is also how many due triggers it takes from its store in one round. Revoke
    /// jobs mostly wait for their shared commit, so a burst of expiries drains faster with more of them.
    /// </summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>
    /// PostgreSQL (clustered) only: how often each instance records in the database that it is alive. An instance that
    /// misses its check-in by as much again is taken for dead, and another one recovers its triggers and the revokes it
    /// was running. Shorter finds a dead instance sooner, at the cost of a small write per instance per interval.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString)) problems.Add($"{Section}:ConnectionString is required (a SQLite file for Quartz).");
        if (SweepInterval < TimeSpan.FromSeconds(1)) problems.Add($"{Section}:SweepInterval must be at least one second.");
        if (OverdueSweepInterval < TimeSpan.FromSeconds(1)) problems.Add($"{Section}:OverdueSweepInterval must be at least one second.");
        if (ReconcileInterval < TimeSpan.FromSeconds(1)) problems.Add($"{Section}:ReconcileInterval must be at least one second.");
        if (ClusterCheckinInterval < TimeSpan.FromMilliseconds(500) || ClusterCheckinInterval > TimeSpan.FromMinutes(10))
            problems.Add($"{Section}:ClusterCheckinInterval must be between half a second and ten minutes.");
        if (MaxConcurrency < 1) problems.Add($"{Section}:MaxConcurrency must be at least 1.");
        return problems;
    }
}
