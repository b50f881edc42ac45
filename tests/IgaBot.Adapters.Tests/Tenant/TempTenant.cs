using IgaBot.Adapters.Tenant;

namespace IgaBot.Adapters.Tests.Tenant;

/// <summary>
/// A small tenant written to a temporary folder: one app <c>wiki</c> owned by boss@example.com,
/// a <c>security</c> group, and the people given. Tests swap in the piece they want to break.
/// </summary>
internal sealed class TempTenant : IDisposable
{
    public const string Boss = "  - {email: boss@example.com, name: Boss, title: Director, department: Ops}\n";

    public const string ReadEntitlement = """
              - id: wiki-read
                name: Wiki Read
                description: Read every page.
                risk: low
                approvals: [manager]

        """;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "igabot-tenant-" + Guid.NewGuid().ToString("N"));

    public TempTenant() => Directory.CreateDirectory(_folder);

    public string CatalogPath => Path.Combine(_folder, "catalog.yaml");
    public string DirectoryPath => Path.Combine(_folder, "directory.yaml");

    /// <summary>A catalog whose only app holds the given entitlements (YAML list items indented by 6).</summary>
    public static string CatalogWith(string entitlements, string groups = "  security: [boss@example.com]\n", string owner = "boss@example.com") =>
        "groups:\n" + groups + $"""
        apps:
          - id: wiki
            name: Wiki
            description: The team wiki.
            owner: {owner}
            connector: manual
            entitlements:

        """ + entitlements;

    /// <summary>A directory of boss@example.com plus the given users (YAML list items indented by 2).</summary>
    public static string DirectoryWith(string users = "") => "users:\n" + Boss + users;

    public TenantLoadResult Load(string catalog, string directory)
    {
        File.WriteAllText(CatalogPath, catalog);
        File.WriteAllText(DirectoryPath, directory);
        return TenantLoader.Load(CatalogPath, DirectoryPath);
    }

    /// <summary>The 1-based line of the first line of <paramref name="text"/> that contains <paramref name="marker"/>.</summary>
    public static int LineOf(string text, string marker)
    {
        var lines = text.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        if (index < 0) throw new ArgumentException($"'{marker}' is not in the text.");
        return index + 1;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }
}
