namespace IgaBot.Benchmarks;

/// <summary>Runs the benchmark sections named on the command line (all of them without arguments).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var all = args.Length == 0;
        var ran = false;
        if (all || args.Contains("--agent"))
        {
            await AgentBenchmark.RunAsync(Iterations(args), Console.Out);
            ran = true;
        }
        if (!ran)
        {
            Console.Error.WriteLine("usage: IgaBot.Benchmarks [--agent] [--iterations N]");
            return 2;
        }
        return 0;
    }

    private static int Iterations(string[] args)
    {
        var at = Array.IndexOf(args, "--iterations");
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], out var n) && n > 0 ? n : 50;
    }
}
