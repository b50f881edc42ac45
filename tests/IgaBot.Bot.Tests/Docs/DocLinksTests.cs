using System.Text.RegularExpressions;

namespace IgaBot.Bot.Tests.Docs;

/// <summary>
/// Every relative link and every repository path named in the README, the docs and the manifests resolves
/// (relative to the repository root or to the file that names it), and a link's <c>#anchor</c> names a heading.
/// </summary>
public sealed partial class DocLinksTests
{
    /// <summary>The repository's top-level folders: a word starting with one of these and a slash is read as a path.</summary>
    private static readonly string[] TopFolders = ["adapters", "bot", "build", "core", "docs", "manifests", "tests"];

    private static readonly string Root = FindRoot();

    private static IEnumerable<string> Documents() =>
        new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "manifests"), "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".png", StringComparison.OrdinalIgnoreCase)));

    [Test]
    public void TheTopFolders_Exist()
    {
        Assert.That(TopFolders.Where(f => !Directory.Exists(Path.Combine(Root, f))), Is.Empty);
    }

    [Test]
    public void EveryRelativeLink_InTheReadmeDocsAndManifests_Resolves()
    {
        var broken = new List<string>();
        foreach (var file in Documents())
        {
            var text = File.ReadAllText(file);
            foreach (Match link in MarkdownLink().Matches(text))
            {
                var target = link.Groups["target"].Value;
                if (Scheme().IsMatch(target)) continue; // https:, mailto:, ...
                var hash = target.IndexOf('#');
                var path = hash < 0 ? target : target[..hash];
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var resolved = path.Length == 0 ? file : Resolve(file, Uri.UnescapeDataString(path));
                if (resolved is null)
                    broken.Add($"{Relative(file)}: link {target} (no such file)");
                else if (anchor is not null && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Anchors(resolved).Contains(anchor))
                    broken.Add($"{Relative(file)}: link {target} (no heading #{anchor} in {Relative(resolved)})");
            }
        }
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void EveryRepositoryPath_InTheReadmeDocsAndManifests_Exists()
    {
        var pattern = new Regex(@"(?<![\w/.~-])(?:\.\.?/)*(?:" + string.Join('|', TopFolders) + @")/[\w./*{}<>…-]*[\w/*}>…]");
        var broken = new List<string>();
        foreach (var file in Documents())
        {
            foreach (Match match in pattern.Matches(File.ReadAllText(file)))
            {
                var path = match.Value;
                if (path.IndexOfAny(['*', '{', '}', '<', '>', '…']) >= 0) continue; // a pattern or a placeholder, not a path
                if (Resolve(file, path) is null) broken.Add($"{Relative(file)}: {path}");
            }
        }
        Assert.That(broken.Distinct(), Is.Empty);
    }

    [Test]
    public void TheChecks_ReadLinksPathsAndAnchorsTheWayGitHubDoes()
    {
        Assert.That(MarkdownLink().Matches("see [the guide](docs/deploy.md#scheduler-on-postgresql) and ![x](docs/playground.png)")
            .Select(m => m.Groups["target"].Value), Is.EqualTo(new[] { "docs/deploy.md#scheduler-on-postgresql", "docs/playground.png" }));
        Assert.That(Slug("The console: Entra ID sign-in"), Is.EqualTo("the-console-entra-id-sign-in"));
        Assert.That(Slug("`/access` and the App Home (Slack)"), Is.EqualTo("access-and-the-app-home-slack"));
        Assert.That(Anchors(Path.Combine(Root, "README.md")), Does.Contain("settings").And.Contain("settings-1"), "a repeated heading gets -1, -2, ...");
    }

    /// <summary>The file <paramref name="path"/> names, relative to the file naming it or to the repository root (null when neither exists).</summary>
    private static string? Resolve(string file, string path)
    {
        foreach (var baseDirectory in new[] { Path.GetDirectoryName(file)!, Root })
        {
            var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
            if (File.Exists(full) || Directory.Exists(full)) return full;
        }
        return null;
    }

    /// <summary>The anchors GitHub gives a Markdown file's headings (outside code blocks).</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var inCode = false;
        foreach (var line in File.ReadLines(markdown))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (inCode || Heading().Match(line) is not { Success: true } heading) continue;
            var slug = Slug(heading.Groups["text"].Value);
            var unique = slug;
            for (var n = 1; !anchors.Add(unique); n++) unique = $"{slug}-{n}";
        }
        return anchors;
    }

    /// <summary>GitHub's heading slug: lower case, punctuation dropped (not '-' or '_'), each space a '-'; a link's text stays.</summary>
    private static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading, "${text}");
        text = SlugDropped().Replace(text.Trim().ToLowerInvariant(), "");
        return text.Replace(' ', '-');
    }

    private static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IgaBot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (IgaBot.sln) was not found above the test directory.");
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{N}\p{Mn}\p{Pc} -]")]
    private static partial Regex SlugDropped();
}
