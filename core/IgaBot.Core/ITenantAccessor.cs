namespace IgaBot.Core;

/// <summary>
/// The tenant (catalog + directory) in force right now. Read <see cref="Current"/> at each use and
/// never keep it: an administrator may reload the files while the bot runs.
/// </summary>
public interface ITenantAccessor
{
    Tenant Current { get; }
}
