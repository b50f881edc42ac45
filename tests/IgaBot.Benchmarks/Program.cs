namespace IgaBot.Benchmarks;

/// <summary>Picks a benchmark by its switch; each benchmark lives in its own class.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--expiry")) return await ExpiryBenchmark.RunAsync(args, Console.Out);
        await Console.Error.WriteLineAsync("usage: IgaBot.Benchmarks --expiry [--grants N] [--window-seconds S]");
        return 2;
    }
}
