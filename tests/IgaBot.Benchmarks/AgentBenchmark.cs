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
            // The pieces LocalAgentHost.SharedPieces.CreateAsync builds, with the embedder counted.
            var embedder = new CountingEmbedder(MiniLmTextEmbedder.Shared);
            var accessor = new FixedTenant(tenant);
            var search = new SemanticEntitlementSearch(accessor, embedder);
            await search.WarmUpAsync(CancellationToken.None);
            var shared = new LocalAgentHost.SharedPieces(search, new PlannerUnderstanding(accessor, search));
            await using var host = await LocalAgentHost.StartAsync(tenant, Path.Combine(folder.FullName, "bench.db"), shared);

            // Each run is a new conversation with its own wording (so no reading is reused from an earlier run),
            // and every turn does the same work: read the need, search, evaluate, ask for the duration.
            var run = 0;
            var before = embedder.Texts;
            var calls = embedder.Calls;
            // A turn and an encode of the same words one after the other, so both see the same load on the machine.
            var (turn, encode, ratios) = await MeasurePairsAsync(iterations, async () =>
            {
                var n = run++;
                var reply = await host.Conversation.HandleTurnAsync(new ConversationKey("bench", $"c{n}"), Requester,
                    TurnInput.FromText(Worded(n)), CancellationToken.None);
                if (reply.Question is null) throw new InvalidOperationException($"the turn did not ask a question: {reply.Text}");
            }, () => MiniLmTextEmbedder.Shared.Embed([Worded(run - 1)]));
            var turns = WarmUp + iterations;
            var encodesPerTurn = (double)(embedder.Texts - before) / turns;
            var callsPerTurn = (double)(embedder.Calls - calls) / turns;
            var lastTurn = embedder.Since(embedder.Texts - (int)Math.Round(encodesPerTurn));

            await output.WriteLineAsync($"agent: offline turn \"{Utterance}\" (search, evaluate, ask; SQLite state): {turn}");
            await output.WriteLineAsync($"agent: one MiniLM encode of the same utterance: {encode}");
            var ratio = turn.Median / encode.Median;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"agent: an offline turn costs {ratio:0.00}x one MiniLM encode (median {turn.Median:0.0} ms / {encode.Median:0.0} ms; mean {turn.Mean / encode.Mean:0.00}x; median of each turn over the encode after it {ratios:0.00}x); goal <= 1.5x: {(ratio <= 1.5 ? "met" : "not met")}"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"agent: texts encoded per turn {encodesPerTurn:0.0} in {callsPerTurn:0.0} calls; the last turn's: {string.Join(" | ", lastTurn.Select(t => $"\"{t}\""))}"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { folder.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private sealed class FixedTenant(Core.Tenant tenant) : Core.ITenantAccessor
    {
        public Core.Tenant Current => tenant;
    }

    private sealed record Timing(int Runs, double Mean, double Median, double P95)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"mean {Mean:0.00} ms, median {Median:0.00} ms, p95 {P95:0.00} ms over {Runs} runs");
    }

    private static async Task<(Timing First, Timing Second, double MedianRatio)> MeasurePairsAsync(int iterations, Func<Task> first, Action second)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            await first();
            second();
        }
        var a = new double[iterations];
        var b = new double[iterations];
        var ratios = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await first();
            a[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            second();
            b[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            ratios[i] = a[i] / b[i];
        }
        Array.Sort(ratios);
        return (Summarise(a), Summarise(b), ratios[iterations / 2]);
    }

    private static Timing Summarise(double[] samples)
    {
        var iterations = samples.Length;
        var average = samples.Average();
        Array.Sort(samples);
        return new Timing(iterations, average, samples[iterations / 2], samples[Math.Min(iterations - 1, (int)Math.Ceiling(iterations * 0.95) - 1)]);
    }
}
