using System.Text.RegularExpressions;

namespace IgaBot.Core;

/// <summary>
/// The one scheme of audit subjects, <c>kind:id</c>, so that the log of one request, grant, task or person can be read back
/// (<c>igabot audit export --subject request:…</c>):
/// <c>request:&lt;guid&gt;</c>, <c>grant:&lt;guid&gt;</c>, <c>task:&lt;guid&gt;</c> (a manual task),
/// <c>person:&lt;email, lower case&gt;</c> (what concerns a person and no stored request: a refused ask),
/// <c>target:&lt;connector&gt;:&lt;group&gt;</c> (drift found in a target system), and <c>system:tenant</c> / <c>system:audit</c> / <c>system:directory</c>.
/// </summary>
public static partial class LifecycleSubjects
{
    /// <summary>The actor recorded for what the system does on its own (timers, sweeper, worker).</summary>
    public const string System = "system";

    /// <summary>The subject of tenant syncs (the directory and catalog mirrored into the database).</summary>
    public const string Tenant = "system:tenant";

    /// <summary>The subject of the audit log's own events (the keyed chain starting).</summary>
    public const string AuditLog = "system:audit";

    /// <summary>The subject of directory syncs from an identity source (read, refused, applied, delivered).</summary>
    public const string Directory = "system:directory";

    public static string Request(Guid id) => $"request:{id}";
    public static string Grant(Guid id) => $"grant:{id}";
    public static string ManualTask(Guid id) => $"task:{id}";
    public static string Person(string email) => $"person:{email.Trim().ToLowerInvariant()}";
    public static string Target(string connector, string group) => $"target:{connector}:{group}";

    /// <summary>Whether <paramref name="subject"/> follows the scheme.</summary>
    public static bool IsWellFormed(string? subject) => subject is not null && Scheme().IsMatch(subject);

    [GeneratedRegex(@"^(?:(?:request|grant|task):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|person:[^\sA-Z]+@[^\sA-Z]+|target:[^:\s]+:\S.*|system:(?:tenant|audit|directory))$")]
    private static partial Regex Scheme();
}
