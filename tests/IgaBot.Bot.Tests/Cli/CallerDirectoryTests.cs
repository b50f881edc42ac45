using IgaBot.Bot.Cli;

namespace IgaBot.Bot.Tests.Cli;

/// <summary>
/// <c>dotnet run --project bot/IgaBot.Bot -- eval --cases tests/eval/cases.jsonl</c> runs in the project's folder;
/// the files a person names are still found from where they typed the command.
/// </summary>
public sealed class CallerDirectoryTests
{
    private static readonly string Caller = Path.Combine(Path.GetTempPath(), "igabot-caller");

    [Test]
    public void RelativeFileOptions_AreTakenFromTheCallersFolder()
    {
        var args = CommandLine.FromDirectory(["eval", "--catalog", "tests/eval/catalog.yaml", "--cases=tests/eval/cases.jsonl", "--json", "out.json"], Caller);

        Assert.That(args, Is.EqualTo(new[]
        {
            "eval",
            "--catalog", Path.Combine(Caller, "tests", "eval", "catalog.yaml"),
            $"--cases={Path.Combine(Caller, "tests", "eval", "cases.jsonl")}",
            "--json", Path.Combine(Caller, "out.json"),
        }));
    }

    [Test]
    public void AbsolutePaths_AndOtherOptions_AreLeftAlone()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "catalog.yaml");
        string[] given = ["policy", "explain", "--catalog", absolute, "--requester", "jake.miller@contoso.com", "--scope", "team/x", "--database", "Data Source=data/x.db"];

        Assert.That(CommandLine.FromDirectory(given, Caller), Is.EqualTo(given));
    }

    [Test]
    public void WithoutACallerFolder_NothingChanges()
    {
        string[] given = ["eval", "--cases", "cases.jsonl"];

        Assert.That(CommandLine.FromDirectory(given, null), Is.SameAs(given));
    }
}
