using System.ComponentModel;
using System.Diagnostics;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>Runs the independent npm checks of tests/teams-check, or ignores the test with the command that enables it.</summary>
internal static class NodeCheck
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string CheckFolder => Path.Combine(RepoRoot, "tests", "teams-check");

    /// <summary>Runs <c>node SCRIPT ARGS</c> in tests/teams-check; returns the exit code and what it printed.</summary>
    public static (int ExitCode, string Output) Run(string script, params string[] args)
    {
        if (!Directory.Exists(Path.Combine(CheckFolder, "node_modules")))
            Assert.Ignore($"The npm checks are not installed: run npm ci in tests/teams-check (npm ci --prefix {CheckFolder}).");

        var start = new ProcessStartInfo("node") { WorkingDirectory = CheckFolder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception)
        {
            Assert.Ignore("Node.js is not on the PATH: install it, then run npm ci in tests/teams-check.");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2))) process.Kill(entireProcessTree: true);
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    /// <summary>Ignores the test, with the command that fixes it, when an older install lacks a package the check needs.</summary>
    public static void Require(params string[] packages)
    {
        foreach (var package in packages)
        {
            if (!Directory.Exists(Path.Combine(CheckFolder, "node_modules", package)))
                Assert.Ignore($"The npm checks lack {package}: run npm ci in tests/teams-check (npm ci --prefix {CheckFolder}).");
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IgaBot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No IgaBot.sln above {AppContext.BaseDirectory}: the tests must run inside the repository.");
    }
}
