using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Dapper;
using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Benchmarks;

/// <summary>
/// <c>--slack</c>: 50 signed <c>/access ...</c> commands sent at once to the real Slack channel (Kestrel, the
/// signature check, the SQLite inbox the bot uses, the worker) while every conversation turn takes 10 s, and
/// the same with immediate turns: how long Slack waits for its HTTP 200 (p50/p95/p99/max, goal p99 ≤ 100 ms).
/// </summary>
internal static class SlackBenchmark
{
    private const string Secret = "benchmark-signing-secret";
    private const double GoalMs = 100;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var commands = IntOption(args, "--commands", 50);
        var turn = TimeSpan.FromSeconds(IntOption(args, "--turn-seconds", 10));
        var eval = Path.Combine(AppContext.BaseDirectory, "eval");
        var tenant = TenantLoader.LoadOrThrow(Path.Combine(eval, "catalog.yaml"), Path.Combine(eval, "directory.yaml"));
        var whole = Stopwatch.StartNew();
        await using var api = await SlackApiStandIn.StartAsync();

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"slack benchmark: {commands} concurrent signed /access commands, after a warm-up burst of as many; SQLite inbox; turns immediate vs {turn.TotalSeconds:0} s each"));
        var immediate = await RunOnceAsync("immediate", TimeSpan.Zero, commands, tenant, api);
        var slowed = await RunOnceAsync("slowed", turn, commands, tenant, api);

        await output.WriteLineAsync();
        await output.WriteLineAsync("acknowledgement (ms)   p50      p95      p99      max     200s");
        foreach (var run in new[] { immediate, slowed })
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{run.Label,-20} {Percentile(run.AckMs, 0.50),7:0.0}  {Percentile(run.AckMs, 0.95),7:0.0}  {Percentile(run.AckMs, 0.99),7:0.0}  {run.AckMs[^1],7:0.0}  {run.Acknowledged,3}/{commands}"));
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"slowed / immediate p99: {Percentile(slowed.AckMs, 0.99) / Math.Max(0.001, Percentile(immediate.AckMs, 0.99)):0.00}x (times run from the release of the burst to each 200; with {commands} samples p99 is the {Slowest(commands - (int)Math.Ceiling(commands * 0.99) + 1)})"));
        await output.WriteLineAsync();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"immediate turns: {immediate.Processed}/{commands} commands answered in their DM (chat.postMessage), inbox rows done {immediate.DoneRows}/{2 * commands}, all within {immediate.DrainedMs / 1000:0.0} s of the burst"));
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"slowed turns: when the last ack arrived, turns in the reasoner {slowed.TurnsInReasoner}, turns finished during the burst {slowed.TurnsFinished}, inbox rows pending {slowed.PendingRows}/{2 * commands}: the acks {(slowed.DidNotWait ? "did not wait" : "WAITED")} for the reasoner"));
        if (immediate.Problems.Count + slowed.Problems.Count > 0)
            await output.WriteLineAsync($"logged warnings/errors: {string.Join(" | ", immediate.Problems.Concat(slowed.Problems).Take(5))}");

        var p99 = Percentile(slowed.AckMs, 0.99);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"goal: acknowledgement p99 <= {GoalMs:0} ms with turns of {turn.TotalSeconds:0} s: {(p99 <= GoalMs ? "met" : "NOT met")} ({p99:0.0} ms); whole run {whole.Elapsed.TotalSeconds:0.0} s"));

        // Broken (not merely slow): a command not acknowledged, an immediate turn never answered, or acks held up by the reasoner.
        var broken = immediate.Acknowledged != commands || slowed.Acknowledged != commands || immediate.Processed != commands || !slowed.DidNotWait;
        if (broken) await output.WriteLineAsync("the run is BROKEN (see above)");
        return broken ? 1 : 0;
    }

    private sealed record RunResult(string Label, double[] AckMs, int Acknowledged, int Processed, long DoneRows, long PendingRows,
        double DrainedMs, int TurnsInReasoner, int TurnsFinished, bool DidNotWait, IReadOnlyList<string> Problems);

    private static async Task<RunResult> RunOnceAsync(string label, TimeSpan turn, int commands, Tenant tenant, SlackApiStandIn api)
    {
        var folder = Directory.CreateTempSubdirectory("igabot-slack-bench-");
        var conversations = new TimedConversations(turn);
        var problems = new ProblemLog();
        var people = tenant.Directory.People;
        string[] Users(string batch) => [.. Enumerable.Range(0, commands).Select(i => $"U{label.ToUpperInvariant()}{batch}{i:D3}")];
        var warmUsers = Users("W");
        var users = Users("B");
        for (var i = 0; i < commands; i++)
        {
            api.AddUser(warmUsers[i], people[i % people.Count].Email);
            api.AddUser(users[i], people[i % people.Count].Email);
        }
        try
        {
            var app = await StartChannelAsync(folder.FullName, tenant, conversations, problems, api);
            try
            {
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }) { BaseAddress = new Uri(address) };

                // Warm-up: the same burst (JIT, connection pool, SQLite pages); with slow turns it also fills the reasoner.
                await BurstAsync(client, warmUsers);
                if (turn == TimeSpan.Zero) await WaitAsync(() => api.PostedToAll(warmUsers) == commands, TimeSpan.FromSeconds(20));
                else await Task.Delay(500);

                var finishedBefore = conversations.Finished;
                var burst = Stopwatch.StartNew();
                var acks = await BurstAsync(client, users);
                var inReasoner = conversations.Started - conversations.Finished;
                var finishedDuring = conversations.Finished - finishedBefore;
                var acked = acks.Count(a => a.Ok);
                var ackMs = acks.Select(a => a.Ms).Order().ToArray();

                double drained = 0;
                if (turn == TimeSpan.Zero)
                {
                    await WaitAsync(() => api.PostedToAll(users) == commands, TimeSpan.FromSeconds(20));
                    drained = burst.Elapsed.TotalMilliseconds;
                    await WaitAsync(async () => await CountAsync(folder.FullName, "status = 'Done'") == 2 * commands, TimeSpan.FromSeconds(5));
                }
                var done = await CountAsync(folder.FullName, "status = 'Done'");
                var pending = await CountAsync(folder.FullName, "status = 'Pending'");
                // With slow turns: every ack came back sooner than one turn takes, and no turn ended while Slack waited.
                var didNotWait = turn == TimeSpan.Zero || (ackMs[^1] < turn.TotalMilliseconds && finishedDuring == 0 && inReasoner > 0);
                return new RunResult(turn == TimeSpan.Zero ? "immediate turns" : $"{turn.TotalSeconds:0} s turns", ackMs, acked,
                    api.PostedToAll(users), done, pending, drained, inReasoner, finishedDuring, didNotWait, problems.Lines);
            }
            finally
            {
                // Stopping cancels the turns still in the reasoner; their items stay pending for a next start.
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                await app.StopAsync(stopping.Token);
                await app.DisposeAsync();
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { folder.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<WebApplication> StartChannelAsync(string folder, Tenant tenant, TimedConversations conversations, ProblemLog problems, SlackApiStandIn api)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "igabot.db")}",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-benchmark",
            ["Slack:ApiBaseUrl"] = api.BaseUrl,
            ["Slack:BotUserId"] = "UBOT",
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(problems);
        builder.Services.AddSingleton<ITenantAccessor>(new FixedTenant(tenant));
        // The bot's own storage registration: the Slack inbox then lives in this SQLite file (migration 0010).
        builder.Services.AddIgaStorage(builder.Configuration);
        builder.Services.AddSingleton<IConversationService>(conversations);
        builder.Services.AddSingleton<IApprovalService, NotOnThePath>();
        builder.Services.AddSingleton<IGrantService, NotOnThePath>();
        builder.Services.AddSingleton<IAppHomeData, NotOnThePath>();
        builder.Services.AddSlackChannel(builder.Configuration);
        var app = builder.Build();
        app.MapSlackChannel();
        await app.StartAsync();
        return app;
    }

    /// <summary>Sends one signed command per user, all released at once; each time runs from the release to its response.</summary>
    private static async Task<(bool Ok, double Ms)[]> BurstAsync(HttpClient client, string[] users)
    {
        var requests = users.Select((user, i) => Signed(user, $"I need read access to the prod logs for 2 days ({i})")).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long released = 0;
        var sends = requests.Select(async request =>
        {
            await go.Task;
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var ms = Stopwatch.GetElapsedTime(Volatile.Read(ref released)).TotalMilliseconds;
            return (response.StatusCode == HttpStatusCode.OK && body.Contains("On it", StringComparison.Ordinal), ms);
        }).ToList();
        Volatile.Write(ref released, Stopwatch.GetTimestamp());
        go.SetResult();
        return await Task.WhenAll(sends);
    }

    private static HttpRequestMessage Signed(string user, string text)
    {
        var form = string.Join("&", new Dictionary<string, string>
        {
            ["token"] = "legacy",
            ["team_id"] = "TBENCH",
            ["channel_id"] = "CBENCH",
            ["user_id"] = user,
            ["command"] = "/access",
            ["text"] = text,
            ["response_url"] = "https://hooks.slack.invalid/commands/bench",
            ["trigger_id"] = "bench.trigger",
        }.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        var bytes = Encoding.UTF8.GetBytes(form);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands")
        {
            Content = new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } },
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.Sign(Secret, timestamp, bytes));
        return request;
    }

    private static async Task<long> CountAsync(string folder, string where)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "igabot.db")}");
        return await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM slack_inbox WHERE {where}");
    }

    private static Task WaitAsync(Func<bool> done, TimeSpan limit) => WaitAsync(() => Task.FromResult(done()), limit);

    private static async Task WaitAsync(Func<Task<bool>> done, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (!await done() && watch.Elapsed < limit) await Task.Delay(20);
    }

    private static string Slowest(int n) => n switch { 1 => "slowest", 2 => "2nd slowest", 3 => "3rd slowest", _ => $"{n}th slowest" };

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
    }

    /// <summary>The reasoner stand-in: every turn takes the given time (cancelled when the host stops).</summary>
    private sealed class TimedConversations(TimeSpan turn) : IConversationService
    {
        private int _started;
        private int _finished;
        public int Started => Volatile.Read(ref _started);
        public int Finished => Volatile.Read(ref _finished);

        public async Task<TurnReply> HandleTurnAsync(ConversationKey conversation, string actorEmail, TurnInput input, CancellationToken ct)
        {
            Interlocked.Increment(ref _started);
            if (turn > TimeSpan.Zero) await Task.Delay(turn, ct);
            Interlocked.Increment(ref _finished);
            return new TurnReply("How long do you need it for?");
        }
    }

    /// <summary>Approvals, grants and the Home tab: a slash command's turn never reaches them.</summary>
    private sealed class NotOnThePath : IApprovalService, IGrantService, IAppHomeData
    {
        public Task<ApprovalResult> DecideAsync(ApprovalCommand command, CancellationToken ct) => throw new NotSupportedException();
        public Task<ApprovalView?> GetViewAsync(Guid requestId, int stageOrder, CancellationToken ct) => throw new NotSupportedException();
        public Task<ManualTaskView> CompleteManualTaskAsync(Guid taskId, string actorEmail, bool done, string? reason, CancellationToken ct) => throw new NotSupportedException();
        public Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct) => throw new NotSupportedException();
        public Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct) => throw new NotSupportedException();
        public Task<AppHomeModel> GetAsync(string personEmail, CancellationToken ct) => Task.FromResult(AppHomeModel.Empty);
    }

    private sealed class FixedTenant(Tenant tenant) : ITenantAccessor
    {
        public Tenant Current { get; } = tenant;
    }

    /// <summary>Keeps the warnings and errors the channel logs (a healthy run logs none).</summary>
    private sealed class ProblemLog : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();
        public IReadOnlyList<string> Lines => [.. _lines];
        public ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel)) _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.GetType().Name}");
        }
        public void Dispose() { }
    }
}
