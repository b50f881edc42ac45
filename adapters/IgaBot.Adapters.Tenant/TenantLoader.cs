using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tenant;

/// <summary>
/// Loads a tenant from its two YAML files (the format is in DESIGN.md, "Catalog and directory
/// files"). It works in three steps: parse each file into YAML nodes, read and check every entry
/// (within its file, then across both files), and only when nothing at all is wrong build the
/// <see cref="Core.Tenant"/>. Every problem is reported at once with its file and line, so an
/// admin fixes the files in one pass; a tenant with any mistake loads nothing.
/// </summary>
public static class TenantLoader
{
    public static TenantLoadResult Load(string catalogPath, string directoryPath)
    {
        var problems = new ProblemList();
        // 1. Parse: broken YAML and missing files become problems here.
        return Load(YamlFile.Read(catalogPath, problems), YamlFile.Read(directoryPath, problems), problems);
    }

    /// <summary>Loads a tenant from the files' texts (read elsewhere); problems name <paramref name="catalogPath"/> and <paramref name="directoryPath"/>.</summary>
    public static TenantLoadResult LoadText(string catalogPath, string catalogText, string directoryPath, string directoryText)
    {
        var problems = new ProblemList();
        return Load(YamlFile.FromText(catalogPath, catalogText, problems), YamlFile.FromText(directoryPath, directoryText, problems), problems);
    }

    private static TenantLoadResult Load(YamlFile catalogFile, YamlFile directoryFile, ProblemList problems)
    {
        var catalogPath = catalogFile.Path;
        var directoryPath = directoryFile.Path;

        // 2. Check: each entry on its own, then the references between entries and files.
        var catalog = CatalogFile.Parse(catalogFile);
        var people = DirectoryFile.Parse(directoryFile);
        TenantReferences.Check(catalogFile, catalog, directoryFile, people);

        if (problems.Count > 0) return new(null, problems.Sorted(catalogPath, directoryPath));

        // 3. Build: with no problem reported, every parsed entry is complete.
        var groups = catalog.Groups.ToDictionary(
            g => g.Name.Value,
            g => (IReadOnlyList<string>)g.Members.Select(m => m.Value).ToList(),
            StringComparer.OrdinalIgnoreCase);
        var tenant = new Core.Tenant(
            new AccessCatalog(catalog.Apps.Select(a => a.Value!).ToList(), groups),
            new PeopleDirectory(people.Select(p => p.Value!).ToList()),
            TenantReferences.InitialAccess(people));
        return new(tenant, []);
    }

    /// <summary>Loads the tenant or throws <see cref="InvalidInputException"/> listing every problem, one per line.</summary>
    public static Core.Tenant LoadOrThrow(string catalogPath, string directoryPath) => OrThrow(Load(catalogPath, directoryPath));

    /// <summary>The loaded tenant, or <see cref="InvalidInputException"/> listing every problem, one per line.</summary>
    public static Core.Tenant OrThrow(TenantLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tenant is { } tenant) return tenant;
        var count = result.Problems.Count == 1 ? "1 problem" : $"{result.Problems.Count} problems";
        throw new InvalidInputException(
            $"The tenant was not loaded ({count}):{Environment.NewLine}{string.Join(Environment.NewLine, result.Problems)}");
    }
}
