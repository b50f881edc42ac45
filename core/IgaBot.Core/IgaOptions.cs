namespace IgaBot.Core;

/// <summary>Settings section <c>Iga</c>: which tenant files to load.</summary>
public sealed class IgaOptions
{
    public const string Section = "Iga";

    /// <summary>The catalog YAML; a relative path is looked up in the working directory, then beside the executable.</summary>
    public string CatalogPath { get; set; } = "Tenant/catalog.yaml";

    public string DirectoryPath { get; set; } = "Tenant/directory.yaml";

    /// <summary>
    /// How often the host looks at its tenant files and at the tenant published in the database (several instances
    /// share it): a change reaches every instance within this interval. Zero reads the tenant at start only.
    /// </summary>
    public TimeSpan TenantRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem of these settings, each naming its setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(CatalogPath)) problems.Add($"{Section}:CatalogPath is required.");
        if (string.IsNullOrWhiteSpace(DirectoryPath)) problems.Add($"{Section}:DirectoryPath is required.");
        if (TenantRefreshInterval < TimeSpan.Zero || TenantRefreshInterval > TimeSpan.FromDays(1))
            problems.Add($"{Section}:TenantRefreshInterval must be between 0 and 1 day.");
        return problems;
    }

    /// <summary>Resolves a configured path: as given when it exists (or is absolute), else beside the executable.</summary>
    public static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path)) return Path.GetFullPath(path);
        var beside = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(beside) ? beside : Path.GetFullPath(path);
    }
}
