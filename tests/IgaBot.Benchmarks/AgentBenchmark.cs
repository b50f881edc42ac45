using System.Diagnostics;
using System.Globalization;
using IgaBot.Adapters.Eval;
using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Tenant;
using IgaBot.Core.Conversation;
using Microsoft.Data.Sqlite;

namespace IgaBot.Benchmarks;

/// <summary>
/// <c>--agent</c>: the cost of one offline agent turn (conversation state load and save, the planner, the
/// tools, the policy engine, SQLite) next to one MiniLM encode of the same utterance, and their ratio.
/// </summary>
internal static class AgentBenchmark
{
    private const string Utterance = "I need read-only access to prod AWS";
    private const string Requester = "jake.miller@contoso.com";
    private const int WarmUp = 5;

    private static string Worded(int run) => $"{Utterance} (request {run})";

    public static async Task RunAsync(int iterations, TextWriter output)
    {
        var eval = Path.Combine(AppContext.BaseDirectory, "eval");
        var tenant = TenantLoader.LoadOrThrow(Path.Combine(eval, "catalog.yaml"), Path.Combine(eval, "directory.yaml"));
        var folder = Directory.CreateTempSubdirectory("igabot-bench-");
        try
        {
            var shared = await LocalAgentHost.SharedPieces.CreateAsync(tenant, CancellationToken.None);
            await using var host = await LocalAgentHost.StartAsync(tenant, Path.Combine(folder.FullName, "bench.db"), shared);

            // Each run is a new conversation with its own wording (so no reading is reused from an earlier run),
            // and every turn does the same work: read the need, search, evaluate, ask for the duration.
            var run = 0;
            var turn = await MeasureAsync(iterations, async () =>
            {
                var n = run++;
                var reply = await host.Conversation.HandleTurnAsync(new ConversationKey("bench", $"c{n}"), Requester,
                    TurnInput.FromText(Worded(n)), CancellationToken.None);
                if (reply.Question is null) throw new InvalidOperationException($"the turn did not ask a question: {reply.Text}");
            });
            var embedder = MiniLmTextEmbedder.Shared;
            var encoded = 0;
            var encode = await MeasureAsync(iterations, () =>
            {
                embedder.Embed([Worded(encoded++)]);
                return Task.CompletedTask;
            });

            await output.WriteLineAsync($"agent: offline turn \"{Utterance}\" (search, evaluate, ask; SQLite state): {turn}");
            await output.WriteLineAsync($"agent: one MiniLM encode of the same utterance: {encode}");
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"agent: an offline turn costs {turn.Mean / encode.Mean:0.0} MiniLM encodes (mean {turn.Mean:0.0} ms / {encode.Mean:0.0} ms)"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { folder.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private sealed record Timing(int Runs, double Mean, double Median, double P95)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"mean {Mean:0.00} ms, median {Median:0.00} ms, p95 {P95:0.00} ms over {Runs} runs");
    }

    private static async Task<Timing> MeasureAsync(int iterations, Func<Task> action)
    {
        for (var i = 0; i < WarmUp; i++) await action();
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action();
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(samples);
        return new Timing(iterations, samples.Average(), samples[iterations / 2], samples[Math.Min(iterations - 1, (int)Math.Ceiling(iterations * 0.95) - 1)]);
    }
}
