namespace IgaBot.Core.People;

/// <summary>A person of the directory. The email is the identity key everywhere.</summary>
public sealed record Person
{
    public required string Email { get; init; }
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string Department { get; init; }
    public string? Manager { get; init; }
    /// <summary>Teams AAD object id.</summary>
    public string? TeamsId { get; init; }
    public string? SlackId { get; init; }
}

/// <summary>An entitlement a person holds (scope for scoped entitlements).</summary>
public sealed record AccessAssignment(string EntitlementId, string? Scope = null)
{
    /// <summary>Parses a directory access entry: <c>id</c> or <c>id:scope</c>.</summary>
    public static AccessAssignment Parse(string entry)
    {
        var colon = entry.IndexOf(':');
        return colon < 0 ? new(entry.Trim()) : new(entry[..colon].Trim(), entry[(colon + 1)..].Trim());
    }

    public override string ToString() => Scope is null ? EntitlementId : $"{EntitlementId}:{Scope}";
}

/// <summary>The people of the tenant, with their managers.</summary>
public sealed class PeopleDirectory
{
    private readonly Dictionary<string, Person> _byEmail;

    public PeopleDirectory(IReadOnlyList<Person> people)
    {
        People = people;
        _byEmail = people.ToDictionary(p => p.Email, PersonKey.Comparer);
    }

    public IReadOnlyList<Person> People { get; }

    public Person? Find(string email) => _byEmail.GetValueOrDefault(email);
    public Person Get(string email) => Find(email) ?? throw new KeyNotFoundException($"'{email}' is not in the directory.");
    public Person? ManagerOf(Person person) => person.Manager is null ? null : Find(person.Manager);
    public Person? FindByTeamsId(string id) => People.FirstOrDefault(p => string.Equals(p.TeamsId, id, StringComparison.OrdinalIgnoreCase));
    public Person? FindBySlackId(string id) => People.FirstOrDefault(p => string.Equals(p.SlackId, id, StringComparison.Ordinal));

    public IEnumerable<Person> DirectReportsOf(string email) =>
        People.Where(p => p.Manager is not null && PersonKey.Same(p.Manager, email));

    /// <summary>The other people with exactly the same title (policy peers).</summary>
    public IEnumerable<Person> PeersOf(Person person) =>
        People.Where(p => p.Title == person.Title && !PersonKey.Same(p.Email, person.Email));
}
