namespace IgaBot.Core.Grants;

/// <summary>Settings section <c>Grants</c>: reminders before access ends.</summary>
public sealed class GrantOptions : ISelfValidatingOptions
{
    public const string Section = "Grants";

    /// <summary>How long before the end the holder is reminded (with Extend / Release now); only leads shorter than the grant are used.</summary>
    public List<TimeSpan> ExpiryReminders { get; set; } = [];

    /// <summary>The leads in force: the configured ones, or 1 day and 1 hour when none are configured.</summary>
    public IReadOnlyList<TimeSpan> EffectiveReminders =>
        ExpiryReminders.Count > 0 ? ExpiryReminders : [TimeSpan.FromDays(1), TimeSpan.FromHours(1)];

    public IReadOnlyList<string> Validate() =>
        ExpiryReminders.Any(l => l <= TimeSpan.Zero) ? [$"{Section}:ExpiryReminders must all be positive durations."] : [];
}
