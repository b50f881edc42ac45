namespace IgaBot.Core;

/// <summary>The audit subjects of lifecycle events, so the log of one request or grant can be read back.</summary>
public static class LifecycleSubjects
{
    /// <summary>The actor recorded for what the system does on its own (timers, sweeper, worker).</summary>
    public const string System = "system";

    public static string Request(Guid id) => $"request:{id}";
    public static string Grant(Guid id) => $"grant:{id}";
    public static string ManualTask(Guid id) => $"task:{id}";

    /// <summary>A person, by the email the directory knows them by (lower case): e.g. a rate limit they ran into.</summary>
    public static string Person(string email) => $"person:{email.Trim().ToLowerInvariant()}";
}
