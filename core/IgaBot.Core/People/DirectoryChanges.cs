namespace IgaBot.Core.People;

/// <summary>
/// What changed in the directory between two reads of the identity source: the people who joined,
/// the people whose department, title or manager changed, and the people who left (disabled or deleted).
/// </summary>
/// <remarks>
/// Made by the directory sync after it has stored the new directory; handed to every
/// <see cref="IDirectoryLifecycle"/>. Delivery is at least once, so a handler must be idempotent.
/// </remarks>
public sealed record DirectoryChanges(
    IReadOnlyList<Person> Joiners,
    IReadOnlyList<PersonMove> Movers,
    IReadOnlyList<Person> Leavers)
{
    public static DirectoryChanges None { get; } = new([], [], []);

    public bool IsEmpty => Joiners.Count == 0 && Movers.Count == 0 && Leavers.Count == 0;
}

/// <summary>A person as the directory knew them before a sync and as it knows them after.</summary>
public sealed record PersonMove(Person Before, Person After)
{
    public bool DepartmentChanged => !string.Equals(Before.Department, After.Department, StringComparison.Ordinal);

    public bool TitleChanged => !string.Equals(Before.Title, After.Title, StringComparison.Ordinal);

    public bool ManagerChanged => !string.Equals(Before.Manager, After.Manager, StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Acts on joiners, movers and leavers once the directory holds the new data (leavers: revoke and
/// re-route; movers: review by the new manager; joiners: a welcome with suggested access).
/// </summary>
public interface IDirectoryLifecycle
{
    Task HandleAsync(DirectoryChanges changes, CancellationToken ct);
}
