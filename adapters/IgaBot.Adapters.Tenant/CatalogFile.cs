using IgaBot.Core.Catalog;
using IgaBot.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace IgaBot.Adapters.Tenant;

internal sealed record ParsedGroup(Located Name, IReadOnlyList<Located> Members);

/// <summary>
/// An entitlement read from the catalog, with the lines of what still has to be checked against
/// the rest of the tenant. <see cref="Value"/> is null when a field is missing or wrong (already
/// reported); the entry still takes part in the checks so that one mistake is reported once.
/// </summary>
internal sealed record ParsedEntitlement(
    Located Id, EntitlementScope? Scope, IReadOnlyList<Located> ApprovalGroups, IReadOnlyList<Located> Conflicts, Entitlement? Value);

/// <summary>An app read from the catalog; <see cref="Value"/> (and <see cref="Id"/>) is null when a field is missing or wrong (already reported).</summary>
internal sealed record ParsedApp(Located? Id, Located? Owner, IReadOnlyList<ParsedEntitlement> Entitlements, App? Value);

internal sealed record ParsedCatalog(IReadOnlyList<ParsedGroup> Groups, IReadOnlyList<ParsedApp> Apps);

/// <summary>
/// Reads catalog.yaml: <c>groups: {name: [emails]}</c> and <c>apps[]</c> with their entitlements.
/// Checks everything that can be checked inside one entry; references to people, groups and other
/// entitlements are checked later, once both files are read.
/// </summary>
internal static class CatalogFile
{
    private static readonly string[] TopKeys = ["groups", "apps"];
    private static readonly string[] AppKeys = ["id", "name", "description", "owner", "connector", "aliases", "entitlements"];
    private static readonly string[] EntitlementKeys =
    [
        "id", "name", "description", "risk", "defaultDuration", "maxDuration", "approvals", "autoApprove",
        "requiresJustification", "eligible", "conflicts", "scope", "target", "actions",
    ];

    // Durations below this are not requestable anywhere (DESIGN: "durations from one minute up").
    private static readonly TimeSpan ShortestDuration = TimeSpan.FromMinutes(1);

    public static ParsedCatalog Parse(YamlFile file)
    {
        if (file.Root is not { } root) return new([], []);
        file.RejectUnknownKeys(root, "the catalog", TopKeys);

        var groups = ParseGroups(file, root);
        var appNodes = file.MappingList(root, "apps", "the catalog");
        if (appNodes is null && file.Value(root, "apps") is null) file.Problem(root, "the catalog has no 'apps'");
        var apps = (appNodes ?? []).Select(node => ParseApp(file, node)).ToList();
        return new(groups, apps);
    }

    private static List<ParsedGroup> ParseGroups(YamlFile file, YamlMappingNode root)
    {
        var groups = new List<ParsedGroup>();
        if (file.Mapping(root, "groups", "the catalog") is not { } map) return groups;
        foreach (var (key, value) in map.Children)
        {
            if (file.Text(key, "a group name") is not { } name) continue;
            var members = file.TextList(value, $"group '{name}'") ?? [];
            if (members.Count == 0) file.Problem(name.Line, $"group '{name}' has no members, so nobody could approve for it");
            groups.Add(new(name, members));
        }
        return groups;
    }

    private static ParsedApp ParseApp(YamlFile file, YamlMappingNode node)
    {
        var id = file.RequiredText(node, "id", "an app");
        var what = id is null ? "an app" : $"app '{id}'";
        file.RejectUnknownKeys(node, what, AppKeys);
        var name = file.RequiredText(node, "name", what);
        var description = file.RequiredText(node, "description", what);
        var owner = file.RequiredText(node, "owner", what);
        var connector = file.RequiredText(node, "connector", what);
        var aliases = file.TextList(node, "aliases", what) ?? [];

        var entitlements = new List<ParsedEntitlement>();
        var entitlementNodes = file.MappingList(node, "entitlements", what);
        if (file.Value(node, "entitlements") is null or YamlSequenceNode { Children.Count: 0 })
            file.Problem(node, $"{what} has no entitlements");
        foreach (var entitlementNode in entitlementNodes ?? [])
        {
            if (ParseEntitlement(file, entitlementNode, id?.Value) is { } entitlement) entitlements.Add(entitlement);
        }

        var complete = id is not null && name is not null && description is not null && owner is not null && connector is not null
            && entitlements.All(e => e.Value is not null);
        var app = !complete ? null : new App
        {
            Id = id!.Value,
            Name = name!.Value,
            Description = description!.Value,
            Owner = owner!.Value,
            Connector = connector!.Value,
            Aliases = aliases.Select(a => a.Value).ToList(),
            Entitlements = entitlements.Select(e => e.Value!).ToList(),
        };
        return new(id, owner, entitlements, app);
    }

    private static ParsedEntitlement? ParseEntitlement(YamlFile file, YamlMappingNode node, string? appId)
    {
        var id = file.RequiredText(node, "id", "an entitlement");
        var what = id is null ? "an entitlement" : $"entitlement '{id}'";
        file.RejectUnknownKeys(node, what, EntitlementKeys);
        if (id is not null && id.Value.Any(c => c == ':' || char.IsWhiteSpace(c)))
        {
            // The directory writes a scoped holding as "id:scope".
            file.Problem(id.Line, $"entitlement id '{id}' must not contain ':' or spaces");
        }
        var name = file.RequiredText(node, "name", what);
        var description = file.RequiredText(node, "description", what);
        var risk = ParseRisk(file, node, what);
        var defaultDuration = ParseDuration(file, node, "defaultDuration", what);
        var maxDuration = ParseDuration(file, node, "maxDuration", what);
        if (defaultDuration is { } d && maxDuration is { } max && d.Value > max.Value)
            file.Problem(d.Line, $"defaultDuration of {what} ({Durations.Describe(d.Value)}) is longer than its maxDuration ({Durations.Describe(max.Value)})");

        var (approvals, approvalGroups) = ParseApprovals(file, node, what);
        var peerCoverage = ParsePeerCoverage(file, node, what);
        var requiresJustification = file.Boolean(node, "requiresJustification", what) ?? false;
        var departments = ParseEligibleDepartments(file, node, what);
        var conflicts = file.TextList(node, "conflicts", what) ?? [];
        if (id is not null)
        {
            foreach (var self in conflicts.Where(c => string.Equals(c.Value, id.Value, StringComparison.OrdinalIgnoreCase)))
                file.Problem(self.Line, $"{what} lists itself in 'conflicts'");
        }
        var scope = ParseScope(file, node, what);
        var target = ParseTarget(file, node, what, scoped: file.Value(node, "scope") is not null);
        var actions = file.TextList(node, "actions", what) ?? [];

        if (id is null) return null;
        var complete = appId is not null && name is not null && description is not null && risk is not null && approvals is not null;
        var entitlement = !complete ? null : new Entitlement
        {
            Id = id.Value,
            AppId = appId!,
            Name = name!.Value,
            Description = description!.Value,
            Risk = risk!.Value,
            DefaultDuration = defaultDuration?.Value,
            MaxDuration = maxDuration?.Value,
            Approvals = approvals!,
            PeerCoverage = peerCoverage,
            RequiresJustification = requiresJustification,
            EligibleDepartments = departments,
            Conflicts = conflicts.Select(c => c.Value).ToList(),
            Scope = scope,
            Target = target,
            Actions = actions.Select(a => a.Value).ToList(),
        };
        return new(id, scope, approvalGroups, conflicts, entitlement);
    }

    private static Risk? ParseRisk(YamlFile file, YamlMappingNode node, string what)
    {
        if (file.RequiredText(node, "risk", what) is not { } text) return null;
        switch (text.Value.ToLowerInvariant())
        {
            case "low": return Risk.Low;
            case "medium": return Risk.Medium;
            case "high": return Risk.High;
            case "critical": return Risk.Critical;
            default:
                file.Problem(text.Line, $"unknown risk '{text}' for {what} (expected low, medium, high or critical)");
                return null;
        }
    }

    private static (TimeSpan Value, int Line)? ParseDuration(YamlFile file, YamlMappingNode node, string key, string what)
    {
        if (file.OptionalText(node, key, what) is not { } text) return null;
        if (!Durations.TryParseIso(text.Value, out var duration))
        {
            file.Problem(text.Line, $"{key} of {what} is not an ISO 8601 duration: '{text}' (write e.g. PT4H, P1D, P2W, P3M)");
            return null;
        }
        if (duration < ShortestDuration)
        {
            file.Problem(text.Line, $"{key} of {what} must be at least one minute, not '{text}'");
            return null;
        }
        return (duration, text.Line);
    }

    /// <summary>
    /// The approval stages. A missing list is a mistake rather than "no approval": auto-approval
    /// must be written on purpose as <c>approvals: []</c>.
    /// </summary>
    private static (List<ApprovalStep>? Steps, List<Located> Groups) ParseApprovals(YamlFile file, YamlMappingNode node, string what)
    {
        var groups = new List<Located>();
        var entries = file.TextList(node, "approvals", what);
        if (entries is null)
        {
            if (file.Value(node, "approvals") is null)
                file.Problem(node, $"{what} has no 'approvals' (write approvals: [] if it needs no approval)");
            return (null, groups);
        }
        var steps = new List<ApprovalStep>();
        var valid = true;
        foreach (var entry in entries)
        {
            var text = entry.Value;
            var group = text.Equals("security", StringComparison.OrdinalIgnoreCase) ? "security"
                : text.StartsWith("group:", StringComparison.OrdinalIgnoreCase) ? text["group:".Length..].Trim()
                : null;
            if (text.Equals("manager", StringComparison.OrdinalIgnoreCase)) steps.Add(ApprovalStep.Manager);
            else if (text.Equals("owner", StringComparison.OrdinalIgnoreCase)) steps.Add(ApprovalStep.Owner);
            else if (group is { Length: > 0 })
            {
                steps.Add(ApprovalStep.ForGroup(group));
                groups.Add(new(group, entry.Line));
            }
            else
            {
                file.Problem(entry.Line, $"unknown approval step '{text}' for {what} (expected manager, owner, security or group:NAME)");
                valid = false;
            }
        }
        return (valid ? steps : null, groups);
    }

    private static double? ParsePeerCoverage(YamlFile file, YamlMappingNode node, string what)
    {
        if (file.Mapping(node, "autoApprove", what) is not { } autoApprove) return null;
        file.RejectUnknownKeys(autoApprove, $"autoApprove of {what}", "peerCoverage");
        if (file.Number(autoApprove, "peerCoverage", $"autoApprove of {what}") is not { } coverage)
        {
            if (file.Value(autoApprove, "peerCoverage") is null) file.Problem(autoApprove, $"autoApprove of {what} has no 'peerCoverage'");
            return null;
        }
        if (coverage is >= 0 and <= 1) return coverage;
        file.Problem(file.Value(autoApprove, "peerCoverage")!, $"peerCoverage of {what} must be between 0 and 1 (a share of peers, 0.5 = half), not {coverage}");
        return null;
    }

    private static IReadOnlyList<string> ParseEligibleDepartments(YamlFile file, YamlMappingNode node, string what)
    {
        if (file.Mapping(node, "eligible", what) is not { } eligible) return [];
        file.RejectUnknownKeys(eligible, $"eligible of {what}", "departments");
        var departments = file.TextList(eligible, "departments", $"eligible of {what}");
        if (file.Value(eligible, "departments") is null or YamlSequenceNode { Children.Count: 0 })
            file.Problem(eligible, $"eligible of {what} lists no departments (remove 'eligible' to let everybody ask)");
        return departments?.Select(d => d.Value).ToList() ?? [];
    }

    private static EntitlementScope? ParseScope(YamlFile file, YamlMappingNode node, string what)
    {
        if (file.Mapping(node, "scope", what) is not { } scope) return null;
        file.RejectUnknownKeys(scope, $"scope of {what}", "label", "options");
        var label = file.RequiredText(scope, "label", $"scope of {what}");
        var (options, aliases) = ParseOptions(file, scope, $"scope of {what}");
        if (file.Value(scope, "options") is null or YamlSequenceNode { Children.Count: 0 })
            file.Problem(scope, $"scope of {what} has no options to choose from");
        foreach (var duplicate in (options ?? []).GroupBy(o => o.Value, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            file.Problem(duplicate.Last().Line, $"scope option '{duplicate.Key}' of {what} is listed twice");
        // Kept even when incomplete (the problem is reported) so that the directory's "id:scope"
        // entries are still checked against whatever options there are.
        return new(label?.Value ?? "scope", options?.Select(o => o.Value).ToList() ?? []) { Aliases = aliases };
    }

    // An option is a value ("dev-2") or, with other names people use for it, {value: dev-2, aliases: [d2]}.
    private static (List<Located>? Options, Dictionary<string, IReadOnlyList<string>> Aliases) ParseOptions(YamlFile file, YamlMappingNode scope, string what)
    {
        var aliases = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (file.Value(scope, "options") is not YamlSequenceNode list) return (file.TextList(scope, "options", what)?.ToList(), aliases);
        var options = new List<Located>();
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                if (file.Text(item, $"an option of {what}") is { } plain) options.Add(plain);
                continue;
            }
            file.RejectUnknownKeys(mapping, $"an option of {what}", "value", "aliases");
            if (file.RequiredText(mapping, "value", $"an option of {what}") is not { } value) continue;
            options.Add(value);
            aliases[value.Value] = file.TextList(mapping, "aliases", $"option '{value.Value}' of {what}")?.Select(a => a.Value).ToList() ?? [];
        }
        return (options, aliases);
    }

    private static Dictionary<string, string> ParseTarget(YamlFile file, YamlMappingNode node, string what, bool scoped)
    {
        var target = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file.Mapping(node, "target", what) is not { } map) return target;
        foreach (var (key, valueNode) in map.Children)
        {
            if (file.Text(key, $"a key of target of {what}") is not { } name) continue;
            if (file.Text(valueNode, $"target '{name}' of {what}") is not { } value) continue;
            if (!scoped && value.Value.Contains("{scope}", StringComparison.Ordinal))
                file.Problem(value.Line, $"target '{name}' of {what} uses {{scope}} but the entitlement has no scope");
            target[name.Value] = value.Value;
        }
        return target;
    }
}
