namespace IgaBot.Core.Scheduling;

/// <summary>Settings section <c>Scheduling</c>: Quartz's own database and the periodic jobs.</summary>
public sealed class LifecycleSchedulingOptions
{
    public const string Section = "Scheduling";

    /// <summary>Quartz's tables live in their own SQLite file, apart from the application's database.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/quartz.db";

    /// <summary>How often the sweeper revokes overdue grants, runs the approval timers and sends expiry reminders.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often grants are compared with the triggers and the target systems.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Jobs Quartz runs at once (revokes due at the same moment run side by side).</summary>
    public int MaxConcurrency { get; set; } = 8;

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString)) problems.Add($"{Section}:ConnectionString is required (a SQLite file for Quartz).");
        if (SweepInterval < TimeSpan.FromSeconds(1)) problems.Add($"{Section}:SweepInterval must be at least one second.");
        if (ReconcileInterval < TimeSpan.FromSeconds(1)) problems.Add($"{Section}:ReconcileInterval must be at least one second.");
        if (MaxConcurrency < 1) problems.Add($"{Section}:MaxConcurrency must be at least 1.");
        return problems;
    }
}
