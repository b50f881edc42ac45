namespace IgaBot.Core.Catalog;

public enum Risk { Low, Medium, High, Critical }

/// <summary>Who approves one stage of a request, as written in the catalog.</summary>
public enum ApprovalStepKind { Manager, Owner, Group }

/// <summary>One catalog approval stage: <c>manager</c>, <c>owner</c>, <c>security</c> (= <c>group:security</c>) or <c>group:NAME</c>.</summary>
public sealed record ApprovalStep(ApprovalStepKind Kind, string? Group = null)
{
    public static ApprovalStep Manager { get; } = new(ApprovalStepKind.Manager);
    public static ApprovalStep Owner { get; } = new(ApprovalStepKind.Owner);
    public static ApprovalStep ForGroup(string name) => new(ApprovalStepKind.Group, name);

    public override string ToString() => Kind switch
    {
        ApprovalStepKind.Manager => "manager",
        ApprovalStepKind.Owner => "owner",
        _ => $"group:{Group}",
    };
}

public sealed record EntitlementScope(string Label, IReadOnlyList<string> Options)
{
    /// <summary>
    /// Other ways people name an option (optional catalog metadata, DESIGN §9): option → its aliases
    /// ("d2" for <c>dev-2</c>). The planner uses them when given; it never needs them.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Aliases { get; init; } = new Dictionary<string, IReadOnlyList<string>>();
}

public sealed record Entitlement
{
    public required string Id { get; init; }
    public required string AppId { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required Risk Risk { get; init; }
    public TimeSpan? DefaultDuration { get; init; }
    public TimeSpan? MaxDuration { get; init; }
    public IReadOnlyList<ApprovalStep> Approvals { get; init; } = [];
    /// <summary>Share of peers (same exact title) that must hold it for auto-approval; null = never by peers.</summary>
    public double? PeerCoverage { get; init; }
    public bool RequiresJustification { get; init; }
    /// <summary>Departments allowed to hold it; empty = everybody.</summary>
    public IReadOnlyList<string> EligibleDepartments { get; init; } = [];
    public IReadOnlyList<string> Conflicts { get; init; } = [];
    public EntitlementScope? Scope { get; init; }
    /// <summary>Connector-specific target (e.g. <c>group</c>); "{scope}" is substituted.</summary>
    public IReadOnlyDictionary<string, string> Target { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Optional short verb phrases of what it lets a person do ("merge pull requests"), DESIGN §9;
    /// empty when the catalog gives only the description.
    /// </summary>
    public IReadOnlyList<string> Actions { get; init; } = [];

    public bool IsScoped => Scope is not null;

    /// <summary>Whether the two may not be held together (separation of duties): declared on either side, ids compared ignoring case, as policy compares them.</summary>
    public bool ConflictsWith(Entitlement other) =>
        Conflicts.Contains(other.Id, StringComparer.OrdinalIgnoreCase) || other.Conflicts.Contains(Id, StringComparer.OrdinalIgnoreCase);
}

public sealed record App
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string Owner { get; init; }
    /// <summary>Connector instance name (settings <c>Connectors:NAME</c>); unconfigured names fall back to manual.</summary>
    public required string Connector { get; init; }
    /// <summary>Optional other names people use for the app (abbreviations, nicknames, model names), DESIGN §9.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public IReadOnlyList<Entitlement> Entitlements { get; init; } = [];
}

/// <summary>The entitlement catalog: apps, their entitlements and the approver groups.</summary>
public sealed class AccessCatalog
{
    private readonly Dictionary<string, Entitlement> _entitlements;
    private readonly Dictionary<string, App> _apps;

    public AccessCatalog(IReadOnlyList<App> apps, IReadOnlyDictionary<string, IReadOnlyList<string>> groups)
    {
        Apps = apps;
        Groups = groups;
        _apps = apps.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase);
        _entitlements = apps.SelectMany(a => a.Entitlements).ToDictionary(e => e.Id, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<App> Apps { get; }
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Groups { get; }
    public IEnumerable<Entitlement> Entitlements => Apps.SelectMany(a => a.Entitlements);

    public Entitlement? FindEntitlement(string id) => _entitlements.GetValueOrDefault(id);
    public App? FindApp(string id) => _apps.GetValueOrDefault(id);
    public App AppOf(Entitlement entitlement) => _apps[entitlement.AppId];

    public IReadOnlyList<string> GroupMembers(string group) =>
        Groups.TryGetValue(group, out var members) ? members : [];
}
