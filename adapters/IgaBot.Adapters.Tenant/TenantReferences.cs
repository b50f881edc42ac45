using IgaBot.Core.People;

namespace IgaBot.Adapters.Tenant;

/// <summary>
/// The checks that need both files: every id, email and group a file mentions must exist
/// exactly once, and the management chain must end somewhere.
/// </summary>
internal static class TenantReferences
{
    public static void Check(YamlFile catalogFile, ParsedCatalog catalog, YamlFile directoryFile, IReadOnlyList<ParsedPerson> people)
    {
        var entitlements = ReportDuplicates(catalogFile, catalog.Apps.SelectMany(a => a.Entitlements), e => e.Id, "entitlement id", StringComparer.OrdinalIgnoreCase);
        ReportDuplicates(catalogFile, catalog.Apps.Where(a => a.Id is not null), a => a.Id!, "app id", StringComparer.OrdinalIgnoreCase);
        var groups = ReportDuplicates(catalogFile, catalog.Groups, g => g.Name, "group", StringComparer.OrdinalIgnoreCase);
        var emails = ReportDuplicates(directoryFile, people, p => p.Email, "email", StringComparer.OrdinalIgnoreCase);
        ReportDuplicates(directoryFile, people.Where(p => p.TeamsId is not null), p => p.TeamsId!, "teamsId", StringComparer.OrdinalIgnoreCase);
        ReportDuplicates(directoryFile, people.Where(p => p.SlackId is not null), p => p.SlackId!, "slackId", StringComparer.Ordinal);

        CheckApprovalGroupsAndConflicts(catalogFile, catalog, groups, entitlements);
        foreach (var person in people)
        {
            if (person.Manager is { } manager && !emails.ContainsKey(manager.Value))
                directoryFile.Problem(manager.Line, $"manager {manager} of {person.Email} is not in the directory");
        }
        ReportManagementLoops(directoryFile, people, emails);

        // A file that could not be parsed at all is one problem, already reported; checking the
        // other file against its emptiness would only bury it under false ones.
        if (directoryFile.Root is not null) CheckPeopleOfTheCatalog(catalogFile, catalog, emails);
        if (catalogFile.Root is not null)
        {
            foreach (var person in people) CheckAccess(directoryFile, person, entitlements);
        }
    }

    private static void CheckApprovalGroupsAndConflicts(
        YamlFile file, ParsedCatalog catalog, Dictionary<string, ParsedGroup> groups, Dictionary<string, ParsedEntitlement> entitlements)
    {
        foreach (var entitlement in catalog.Apps.SelectMany(a => a.Entitlements))
        {
            foreach (var group in entitlement.ApprovalGroups.Where(g => !groups.ContainsKey(g.Value)))
            {
                file.Problem(group.Line, group.Value == "security"
                    ? $"entitlement '{entitlement.Id}' needs security approval but there is no 'security' group under 'groups'"
                    : $"entitlement '{entitlement.Id}' needs approval from group '{group}', which is not under 'groups'");
            }
            foreach (var conflict in entitlement.Conflicts.Where(c => !IsCatalogId(c.Value, entitlements)))
                file.Problem(conflict.Line, $"entitlement '{entitlement.Id}' conflicts with '{conflict}', {Unknown(conflict.Value, entitlements)}");
        }
    }

    private static void CheckPeopleOfTheCatalog(YamlFile file, ParsedCatalog catalog, Dictionary<string, ParsedPerson> emails)
    {
        foreach (var group in catalog.Groups)
        {
            foreach (var member in group.Members.Where(m => !emails.ContainsKey(m.Value)))
                file.Problem(member.Line, $"member {member} of group '{group.Name}' is not in the directory");
        }
        foreach (var app in catalog.Apps)
        {
            if (app.Owner is { } owner && !emails.ContainsKey(owner.Value))
                file.Problem(owner.Line, $"owner {owner} of {(app.Id is null ? "an app" : $"app '{app.Id}'")} is not in the directory");
        }
    }

    /// <summary>The access the directory says each person holds today (only people who hold something).</summary>
    public static Dictionary<string, IReadOnlyList<AccessAssignment>> InitialAccess(IReadOnlyList<ParsedPerson> people) =>
        people.Where(p => p.Access.Count > 0).ToDictionary(
            p => p.Email.Value,
            p => (IReadOnlyList<AccessAssignment>)p.Access.Select(a => AccessAssignment.Parse(a.Value)).ToList(),
            StringComparer.OrdinalIgnoreCase);

    private static void CheckAccess(YamlFile file, ParsedPerson person, Dictionary<string, ParsedEntitlement> entitlements)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in person.Access)
        {
            if (!seen.Add(entry.Value))
            {
                file.Problem(entry.Line, $"{person.Email} lists '{entry}' twice in 'access'");
                continue;
            }
            var held = AccessAssignment.Parse(entry.Value);
            if (!IsCatalogId(held.EntitlementId, entitlements))
            {
                file.Problem(entry.Line, $"{person.Email} holds '{held.EntitlementId}', {Unknown(held.EntitlementId, entitlements)}");
                continue;
            }
            var scope = entitlements[held.EntitlementId].Scope;
            if (scope is null && held.Scope is not null)
                file.Problem(entry.Line, $"'{held.EntitlementId}' has no scope, so '{entry}' cannot be held; write just '{held.EntitlementId}'");
            else if (scope is not null && string.IsNullOrEmpty(held.Scope))
                file.Problem(entry.Line, $"'{held.EntitlementId}' is held for one {scope.Label}: write '{held.EntitlementId}:{scope.Label.ToUpperInvariant()}' with one of {string.Join(", ", scope.Options)}");
            else if (scope is not null && !scope.Options.Contains(held.Scope!, StringComparer.Ordinal))
                file.Problem(entry.Line, $"'{held.Scope}' is not a {scope.Label} of '{held.EntitlementId}' (expected one of {string.Join(", ", scope.Options)})");
        }
    }

    /// <summary>Follows every manager chain; a chain that comes back to a person it passed is reported once, naming everybody in the loop.</summary>
    private static void ReportManagementLoops(YamlFile file, IReadOnlyList<ParsedPerson> people, Dictionary<string, ParsedPerson> byEmail)
    {
        var done = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var start in people)
        {
            var path = new List<ParsedPerson>();
            var onPath = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var current = start;
            while (current is not null && !done.Contains(current.Email.Value))
            {
                if (!onPath.Add(current.Email.Value))
                {
                    var loop = path.SkipWhile(p => !string.Equals(p.Email.Value, current.Email.Value, StringComparison.OrdinalIgnoreCase)).ToList();
                    var names = loop.Select(p => p.Email.Value).Append(current.Email.Value);
                    var first = loop.MinBy(p => p.Email.Line)!;
                    file.Problem(first.Manager!.Line, $"the management chain loops: {string.Join(" → ", names)}");
                    break;
                }
                path.Add(current);
                current = current.Manager is { } manager ? byEmail.GetValueOrDefault(manager.Value) : null;
            }
            done.UnionWith(path.Select(p => p.Email.Value));
        }
    }

    /// <summary>Reports every repeat of a key (at the repeat, naming the first line) and returns the first of each.</summary>
    private static Dictionary<string, T> ReportDuplicates<T>(YamlFile file, IEnumerable<T> items, Func<T, Located> key, string what, StringComparer comparer)
    {
        var first = new Dictionary<string, T>(comparer);
        foreach (var item in items)
        {
            var located = key(item);
            if (first.TryGetValue(located.Value, out var earlier))
                file.Problem(located.Line, $"duplicate {what} '{located}' (first on line {key(earlier).Line})");
            else
                first[located.Value] = item;
        }
        return first;
    }

    /// <summary>References must spell the id as the catalog does: the rest of the bot compares ids as written.</summary>
    private static bool IsCatalogId(string id, Dictionary<string, ParsedEntitlement> entitlements) =>
        entitlements.TryGetValue(id, out var entitlement) && entitlement.Id.Value == id;

    private static string Unknown(string id, Dictionary<string, ParsedEntitlement> entitlements) =>
        entitlements.TryGetValue(id, out var close)
            ? $"which is spelled '{close.Id}' in the catalog"
            : "which is not an entitlement of the catalog";
}
