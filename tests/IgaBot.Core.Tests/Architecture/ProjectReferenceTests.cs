using System.Xml.Linq;

namespace IgaBot.Core.Tests.Architecture;

/// <summary>
/// The project graph the README's "Where things are" draws, read from the .csproj files: a project that references one
/// it must not fails here, before anyone has to notice it in a review.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>
    /// Every product project and the projects it may reference (core is implied for the adapters). A new project under
    /// adapters/ must be added here, with what it may use: that is the point.
    /// </summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["IgaBot.Core"] = [],
        ["IgaBot.Adapters.Tenant"] = ["IgaBot.Core"],
        ["IgaBot.Adapters.Planner"] = ["IgaBot.Core"],
        ["IgaBot.Adapters.Llm"] = ["IgaBot.Core"],
        ["IgaBot.Adapters.Connectors"] = ["IgaBot.Core"],
        ["IgaBot.Adapters.Storage"] = ["IgaBot.Core", "IgaBot.Adapters.Tenant"],
        ["IgaBot.Adapters.Slack"] = ["IgaBot.Core", "IgaBot.Adapters.Storage"],
        ["IgaBot.Adapters.Lifecycle"] = ["IgaBot.Core", "IgaBot.Adapters.Storage"],
        ["IgaBot.Adapters.Eval"] = ["IgaBot.Core", "IgaBot.Adapters.Storage", "IgaBot.Adapters.Tenant", "IgaBot.Adapters.Planner", "IgaBot.Adapters.Llm"],
    };

    private static readonly string Root = FindRoot();

    [Test]
    public void Core_ReferencesNoOtherProject_NorBotFrameworkQuartzOrHosting()
    {
        var core = Project.Read(Path.Combine(Root, "core", "IgaBot.Core", "IgaBot.Core.csproj"));

        Assert.That(core.References, Is.Empty, "core references no adapters or bot project");
        Assert.That(core.Packages.Where(p => p.StartsWith("Microsoft.Bot.", StringComparison.OrdinalIgnoreCase)
                || p.StartsWith("Quartz", StringComparison.OrdinalIgnoreCase)
                || p.StartsWith("Microsoft.Extensions.Hosting", StringComparison.OrdinalIgnoreCase)), Is.Empty,
            "core has no Bot Framework, Quartz or hosting package: jobs and workers live in adapters");
        Assert.That(core.Imports.Where(i => i.Contains("BotFramework", StringComparison.OrdinalIgnoreCase)), Is.Empty);
        Assert.That(core.Frameworks, Is.Empty, "core needs no shared framework beyond .NET itself");
    }

    [Test]
    public void EveryAdaptersProject_IsInTheAllowedGraph()
    {
        var found = ProjectsUnder("adapters").Select(p => p.Name).Order().ToList();

        Assert.That(found, Is.EquivalentTo(Allowed.Keys.Where(k => k.StartsWith("IgaBot.Adapters.", StringComparison.Ordinal))),
            "a project under adapters/ is added to the allowed graph here and in the README's \"Where things are\"");
    }

    [Test]
    public void AdaptersProjects_ReferenceCore_AndOnlyTheirAllowedSiblings()
    {
        foreach (var project in ProjectsUnder("adapters").Append(Project.Read(Path.Combine(Root, "core", "IgaBot.Core", "IgaBot.Core.csproj"))))
        {
            var forbidden = project.References.Except(Allowed[project.Name]).ToList();
            Assert.That(forbidden, Is.Empty, $"{project.Name} references {string.Join(", ", forbidden)}, which it must not");
            if (project.Name != "IgaBot.Core")
                Assert.That(project.References, Does.Contain("IgaBot.Core"), $"{project.Name} is an adapter of core");
        }
    }

    [Test]
    public void Slack_ReferencesNeitherThePlannerNorTheModel()
    {
        var slack = ProjectsUnder("adapters").Single(p => p.Name == "IgaBot.Adapters.Slack");

        Assert.That(slack.References, Does.Not.Contain("IgaBot.Adapters.Planner").And.Not.Contain("IgaBot.Adapters.Llm"));
    }

    [Test]
    public void NothingInAdapters_ReferencesTheBot_OrBotFramework()
    {
        foreach (var project in ProjectsUnder("adapters"))
        {
            Assert.That(project.References.Where(r => r.StartsWith("IgaBot.Bot", StringComparison.Ordinal)), Is.Empty, project.Name);
            Assert.That(project.Packages.Where(p => p.StartsWith("Microsoft.Bot.", StringComparison.OrdinalIgnoreCase)), Is.Empty, project.Name);
            Assert.That(project.Imports.Where(i => i.Contains("BotFramework", StringComparison.OrdinalIgnoreCase)), Is.Empty, project.Name);
        }
    }

    [Test]
    public void TheSolution_ListsEveryProject()
    {
        var solution = File.ReadAllText(Path.Combine(Root, "IgaBot.sln")).Replace('\\', '/');
        var projects = new[] { "core", "adapters", "bot", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains("node_modules", StringComparison.Ordinal))
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/'));

        Assert.That(projects.Where(p => !solution.Contains($"\"{p}\"", StringComparison.Ordinal)), Is.Empty,
            "build/test.sh builds and tests IgaBot.sln: a project missing from it is neither built nor tested");
    }

    private static IEnumerable<Project> ProjectsUnder(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.csproj", SearchOption.AllDirectories).Select(Project.Read);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "IgaBot.sln"))) return dir.FullName;
        throw new InvalidOperationException($"IgaBot.sln not found above {AppContext.BaseDirectory}");
    }

    private sealed record Project(string Name, IReadOnlyList<string> References, IReadOnlyList<string> Packages,
        IReadOnlyList<string> Imports, IReadOnlyList<string> Frameworks)
    {
        public static Project Read(string path)
        {
            var xml = XDocument.Load(path);
            IReadOnlyList<string> Items(string element) =>
                xml.Descendants(element).Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Project") ?? "").ToList();
            return new(Path.GetFileNameWithoutExtension(path),
                Items("ProjectReference").Select(r => Path.GetFileNameWithoutExtension(r.Replace('\\', '/'))).ToList(),
                Items("PackageReference"),
                Items("Import"),
                Items("FrameworkReference"));
        }
    }
}
