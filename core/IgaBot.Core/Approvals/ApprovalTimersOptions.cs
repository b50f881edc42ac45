namespace IgaBot.Core.Approvals;

/// <summary>
/// Settings section <c>Approvals:Timers</c>: how long a stage waits before its approvers are reminded,
/// before it escalates to their managers, and how long a request may stay undecided before it expires.
/// </summary>
public sealed class ApprovalTimersOptions : ISelfValidatingOptions
{
    public const string Section = "Approvals:Timers";

    /// <summary>After this long without a decision the stage's approvers get a reminder.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>After this long without a decision the stage goes to the approvers' managers (once).</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>A request still waiting for approval this long after it was submitted expires.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Every problem, each naming the key to fix; empty when usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (ReminderAfter <= TimeSpan.Zero) problems.Add($"{Section}:ReminderAfter must be positive.");
        if (EscalateAfter <= TimeSpan.Zero) problems.Add($"{Section}:EscalateAfter must be positive.");
        if (ExpireAfter <= TimeSpan.Zero) problems.Add($"{Section}:ExpireAfter must be positive.");
        if (EscalateAfter <= ReminderAfter)
            problems.Add($"{Section}:EscalateAfter ({EscalateAfter}) must be longer than ReminderAfter ({ReminderAfter}), or the reminder never goes out.");
        if (ExpireAfter <= EscalateAfter)
            problems.Add($"{Section}:ExpireAfter ({ExpireAfter}) must be longer than EscalateAfter ({EscalateAfter}), or nobody is ever escalated to.");
        return problems;
    }
}
