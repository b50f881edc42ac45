namespace IgaBot.Benchmarks;

/// <summary>
/// Runs the benchmarks named on the command line: <c>--agent</c> (an offline turn versus one MiniLM
/// encode), <c>--expiry</c> (10,000 grants expiring in the same minute) and <c>--slack</c> (the acknowledgement
/// time of 50 concurrent slash commands while the reasoner is slow), <c>--search</c> (a query over 100,000
/// generated entitlements) and <c>--memory</c> (the server's resident memory after 1,000 turns). Each reports ratios
/// measured in one run, so the numbers compare on any machine.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var ran = false;
        if (args.Contains("--agent"))
        {
            await AgentBenchmark.RunAsync(Iterations(args), Console.Out);
            ran = true;
        }
        if (args.Contains("--expiry"))
        {
            var exit = await ExpiryBenchmark.RunAsync(args, Console.Out);
            if (exit != 0) return exit;
            ran = true;
        }
        if (args.Contains("--slack"))
        {
            var exit = await SlackBenchmark.RunAsync(args, Console.Out);
            if (exit != 0) return exit;
            ran = true;
        }
        if (args.Contains("--search"))
        {
            var exit = await SearchBenchmark.RunAsync(args, Console.Out);
            if (exit != 0) return exit;
            ran = true;
        }
        if (args.Contains("--memory"))
        {
            var exit = await MemoryBenchmark.RunAsync(args, Console.Out);
            if (exit != 0) return exit;
            ran = true;
        }
        if (ran) return 0;
        await Console.Error.WriteLineAsync("usage: IgaBot.Benchmarks --agent [--iterations N] | --expiry [--grants N] [--window-seconds S] | --slack [--commands N] [--turn-seconds S] | --search [--entitlements N] [--queries N] | --memory [--turns N] [--server PATH/igabot.dll]");
        return 2;
    }

    private static int Iterations(string[] args)
    {
        var at = Array.IndexOf(args, "--iterations");
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var n) && n > 0 ? n : 50;
    }
}
