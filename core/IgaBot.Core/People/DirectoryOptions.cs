using IgaBot.Core.Provisioning;

namespace IgaBot.Core.People;

/// <summary>
/// Settings section <c>Directory</c>: where people come from. <c>yaml</c> (the default) is the tenant's directory file,
/// as always; the name of a <c>Connectors:NAME</c> instance of type <c>entra</c>, <c>okta</c> or <c>scim</c> makes that
/// identity source the directory every part of the product sees, synced every <see cref="SyncInterval"/>.
/// </summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";
    public const string Yaml = "yaml";

    /// <summary><c>yaml</c>, or the name of a connector instance of type entra, okta or scim.</summary>
    public string Source { get; set; } = Yaml;

    /// <summary>How often the source is read (cluster-wide, once per interval). Zero: only <c>igabot directory sync</c>.</summary>
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The largest share of the directory that may leave in one sync (0..1, default 0.8). A read that would remove more is
    /// taken for a broken source: nothing changes, it is audited and logged at error.
    /// </summary>
    public double MaxLeaverShare { get; set; } = 0.8;

    /// <summary>Whether people come from the tenant's YAML file (no setting, or <c>yaml</c>).</summary>
    public bool FromYaml => string.IsNullOrWhiteSpace(Source) || string.Equals(Source.Trim(), Yaml, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every problem, each naming the key to fix; empty when usable.</summary>
    public IReadOnlyList<string> Validate(ConnectorOptions connectors)
    {
        ArgumentNullException.ThrowIfNull(connectors);
        var problems = new List<string>();
        if (SyncInterval < TimeSpan.Zero) problems.Add($"{Section}:SyncInterval must not be negative (zero turns the periodic sync off).");
        else if (SyncInterval > TimeSpan.Zero && SyncInterval < TimeSpan.FromSeconds(1)) problems.Add($"{Section}:SyncInterval must be at least one second.");
        if (double.IsNaN(MaxLeaverShare) || MaxLeaverShare <= 0 || MaxLeaverShare > 1)
            problems.Add($"{Section}:MaxLeaverShare is {MaxLeaverShare}; it must be above 0 and at most 1 (0.8 = refuse a sync that removes more than 80% of people).");
        if (FromYaml) return problems;
        var name = Source.Trim();
        if (!connectors.Instances.TryGetValue(name, out var instance))
        {
            problems.Add($"{Section}:Source is '{name}', and no {ConnectorOptions.Section}:{name} is configured; set it to '{Yaml}' or configure that connector.");
        }
        else if (ConnectorTypes.Normalize(instance.Type) is not (ConnectorTypes.Entra or ConnectorTypes.Okta or ConnectorTypes.Scim))
        {
            problems.Add($"{Section}:Source is '{name}', a {instance.Type ?? "typeless"} connector; a directory source must be an entra, okta or scim connector.");
        }
        return problems;
    }
}
