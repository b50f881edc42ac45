using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Slack;
using IgaBot.Bot.Hosting;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IgaBot.Bot.Tests.Cluster;

/// <summary>
/// Three instances of the real host (<c>igabot</c>, each its own process on a loopback port) on one PostgreSQL
/// database, with Quartz clustered in it, a SCIM stand-in that counts and times every membership change, and the fake
/// Slack Web API through which holders are told. 500 approved requests are fulfilled across the instances into grants
/// that end within the same minute; about 20 s before the last end one instance is killed (SIGKILL), while Slack answers it
/// late so that it dies with revoke notices in flight. Then: every grant is removed at the target exactly once, p99 within
/// 5 s of its end (the killed instance's grants included), each holder is told exactly once, the reconciler ran once per
/// interval across the cluster, and <c>igabot audit verify</c> passes.
/// Runs once, in about two minutes, when IGABOT_TEST_POSTGRES is set.
/// </summary>
[NonParallelizable]
public sealed class ClusterAcceptanceTests
{
    private const int GrantCount = 500;
    private const string Group = "payroll-readers";
    private const string Ghost = "ghost@cluster.test";
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromSeconds(20);
    /// <summary>The first grant ends this long after the ends are moved (time to move them all), the last one 40 s later.</summary>
    private static readonly TimeSpan FirstEnd = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan EndSpread = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan KillBeforeLastEnd = TimeSpan.FromSeconds(20);

    private readonly List<Instance> _instances = [];
    private string _server = "";
    private string _schema = "";
    private string _folder = "";

    [SetUp]
    public async Task SetUp()
    {
        _server = Environment.GetEnvironmentVariable("IGABOT_TEST_POSTGRES") ?? "";
        if (string.IsNullOrWhiteSpace(_server))
            Assert.Ignore("PostgreSQL not available: set IGABOT_TEST_POSTGRES to a connection string (.ci/run does) to run the three-instance cluster test.");
        _schema = "igabot_cluster_" + Guid.NewGuid().ToString("N");
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"CREATE SCHEMA {_schema}");
        _folder = Directory.CreateTempSubdirectory("igabot-cluster-").FullName;
    }

    [TearDown]
    public async Task TearDown()
    {
        foreach (var instance in _instances) instance.Dispose();
        if (string.IsNullOrWhiteSpace(_schema)) return;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await admin.ExecuteAsync($"DROP SCHEMA IF EXISTS {_schema} CASCADE");
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            TestContext.Out.WriteLine($"The instances' logs are kept in {_folder}");
        else
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private string Connection(int pool) => new NpgsqlConnectionStringBuilder(_server) { SearchPath = _schema, MaxPoolSize = pool }.ConnectionString;

    [Test]
    public async Task ThreeInstances_500GrantsEndingInOneMinute_OneKilled_EachRemovedOnceAndOnTime()
    {
        var people = Enumerable.Range(0, GrantCount).Select(i => $"p{i:D3}@cluster.test").ToList();
        var (catalog, directory) = WriteTenant(people);
        await using var scim = await CountingScimServer.StartAsync(Group, Ghost);
        await using var slack = await FakeSlackApi.StartAsync();
        for (var i = 0; i < people.Count; i++) slack.AddUser(SlackId(i), people[i], $"Person {i:D3}");
        slack.AddUser("UOWNER", "owner@cluster.test", "Olga Owner");

        Step("Three instances start on one database (the first one migrates, the others wait for its lock).");
        for (var n = 0; n < 3; n++) _instances.Add(Instance.Start(n, _folder, Settings(n, catalog, directory, scim.BaseUrl, slack.BaseUrl)));
        await Task.WhenAll(_instances.Select(i => i.WaitHealthyAsync(TimeSpan.FromSeconds(120))));

        Step($"{GrantCount} approved requests wait in the outbox; the instances fulfil them.");
        var database = StorageDatabase.Create(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = Connection(4) });
        await using var _ = database;
        var store = new SqlIgaStore(database, TimeProvider.System);
        var seeded = DateTimeOffset.UtcNow;
        foreach (var chunk in people.Select((p, i) => (p, i)).Chunk(100))
        {
            await store.RunAsync(async s =>
            {
                foreach (var (person, i) in chunk)
                {
                    var request = new AccessRequest
                    {
                        Id = Guid.NewGuid(),
                        Requester = person,
                        Beneficiary = person,
                        EntitlementId = "payroll-read",
                        // Long enough for any fulfilment pace; the ends are then moved into one minute.
                        Duration = TimeSpan.FromHours(1),
                        Justification = "month-end close",
                        Status = RequestStatus.Approved,
                        CreatedAt = s.Now,
                        UpdatedAt = s.Now,
                        Trace = "No approval needed.",
                    };
                    await s.Requests.CreateAsync(request, [], new AuditEntry(person, "request.submitted", LifecycleSubjects.Request(request.Id)));
                    await ProvisioningOutbox.EnqueueGrantAsync(s.Outbox, request.Id);
                }
            }, default);
        }
        await WaitUntilAsync(database, "SELECT COUNT(*) FROM grants", GrantCount, TimeSpan.FromSeconds(150), "grants fulfilled");
        var fulfilledBy = scim.AddedBy.Values.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count());
        Report($"fulfilled in {(DateTimeOffset.UtcNow - seeded).TotalSeconds:0.0} s; by instance: {string.Join(", ", fulfilledBy.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}");

        Step("An administrator's tool moves every grant's end into the same minute (the grant and its revoke trigger, as an extension does).");
        var moved = await MoveEndsAsync(store, people, catalog, directory, scim.BaseUrl);
        var ends = await QueryAsync<(string Person, string Expires)>(database, "SELECT person AS Person, expires_at AS Expires FROM grants");
        var endOf = ends.ToDictionary(e => e.Person, e => Parse(e.Expires), StringComparer.OrdinalIgnoreCase);
        var lastEnd = endOf.Values.Max();
        Report($"moved in {moved.TotalSeconds:0.0} s; the grants end between {(endOf.Values.Min() - DateTimeOffset.UtcNow).TotalSeconds:0.0} s and {(lastEnd - DateTimeOffset.UtcNow).TotalSeconds:0.0} s from now");

        var victim = _instances[1];
        // From now on Slack answers the victim late (each call takes effect at once; its answer comes NoticeHold later), so
        // when it dies it has revoke notices in every stage: committed but not sent, posted but not answered, not marked.
        slack.Hold = call => call.Authorization == $"Bearer xoxb-{victim.Token}" ? NoticeHold : TimeSpan.Zero;
        var killAt = lastEnd - KillBeforeLastEnd;
        if (killAt > DateTimeOffset.UtcNow) await Task.Delay(killAt - DateTimeOffset.UtcNow);
        var postedNotAnswered = await WaitForHeldNoticeAsync(slack, TimeSpan.FromSeconds(10));
        Step($"{victim.Name} is killed (SIGKILL) {(lastEnd - DateTimeOffset.UtcNow).TotalSeconds:0} s before the last end, " +
             $"with {postedNotAnswered.Count} revoke notices posted to Slack and not yet answered.");
        victim.Kill();

        await WaitUntilAsync(database, "SELECT COUNT(*) FROM grants WHERE status = 'Revoked'", GrantCount, lastEnd - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60), "grants revoked");
        // Holders are told right after each revoke commits; the killed instance's last ones once its leases run out.
        var told = await WaitForNoticesAsync(slack, GrantCount, TimeSpan.FromSeconds(30));

        Step("Every grant was removed at the target exactly once, and on time.");
        Assert.That(scim.Removals.Keys, Is.EquivalentTo(people), "every holder was removed");
        Assert.That(scim.Removals.Values.Select(r => r.Count), Has.All.EqualTo(1), "removed once each");
        Assert.That(scim.Additions.Values, Has.All.EqualTo(1));
        var lateness = people.Select(p => (scim.Removals[p].Single() - endOf[p]).TotalSeconds).Order().ToArray();
        var victimsGrants = people.Where(p => scim.AddedBy[p] == victim.Token).ToList();
        var victimsLateness = victimsGrants.Select(p => (scim.Removals[p].Single() - endOf[p]).TotalSeconds).Order().ToArray();
        var repeatedCalls = scim.RemoveCalls.Values.Sum() - GrantCount;
        Report($"removal at the target after the end: p50 {Percentile(lateness, 0.5):0.000} s, p99 {Percentile(lateness, 0.99):0.000} s, max {lateness[^1]:0.000} s, min {lateness[0]:0.000} s");
        if (victimsLateness.Length > 0)
            Report($"  of the {victimsLateness.Length} grants the killed instance fulfilled: p99 {Percentile(victimsLateness, 0.99):0.000} s, max {victimsLateness[^1]:0.000} s");
        Report("by end time (seconds after the kill: count, p99 lateness): " + string.Join("; ", people
            .GroupBy(p => (int)Math.Floor((endOf[p] - victim.KilledAt).TotalSeconds / 5) * 5)
            .OrderBy(g => g.Key)
            .Select(g => $"{g.Key:+0;-0} s: {g.Count()}, {Percentile([.. g.Select(p => (scim.Removals[p].Single() - endOf[p]).TotalSeconds).Order()], 0.99):0.0}")));
        Report($"removed by instance: {string.Join(", ", scim.RemovedBy.Values.GroupBy(t => t).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"))}; remove calls repeated after the kill (found already gone): {repeatedCalls}");
        Assert.That(fulfilledBy.Count, Is.GreaterThanOrEqualTo(2), "fulfilled across the instances");
        Assert.That(victimsGrants, Is.Not.Empty, "the killed instance had fulfilled grants of its own");
        Assert.That(Percentile(lateness, 0.99), Is.LessThanOrEqualTo(5.0), "p99 within 5 s of the end");
        Assert.That(lateness[0], Is.GreaterThanOrEqualTo(-1.0), "never before the end (1 s clock tolerance)");

        // The notice is written with the revoke's commit; what the killed instance had not told (or had told but not marked
        // done) another instance delivers when the lease runs out, and Slack finds the ones already posted.
        Step("Each holder was told once, those of the killed instance's last removals included.");
        var holderOf = Enumerable.Range(0, GrantCount).ToDictionary(i => "D" + SlackId(i), i => people[i]);
        var untold = holderOf.Where(h => !told.ContainsKey(h.Key)).Select(h => h.Value).ToList();
        var redelivered = slack.CallsOf("conversations.history").Count;
        var toldByAnother = slack.CallsOf("chat.postMessage")
            .Where(c => c.Body.Contains("has been removed", StringComparison.Ordinal) && c.Authorization != $"Bearer xoxb-{victim.Token}")
            .Count(c => holderOf.TryGetValue(c.Arg("channel") ?? "", out var p) && scim.RemovedBy[p] == victim.Token);
        Report($"holders not told: {untold.Count} ({string.Join(", ", untold)}); notices redelivered (looked up first): {redelivered}; " +
               $"holders of the killed instance's removals told by another instance: {toldByAnother}");
        Assert.That(told.Keys, Is.EquivalentTo(holderOf.Keys), "every holder was told");
        Assert.That(told.Values, Has.All.EqualTo(1), "told once each");
        Assert.That(postedNotAnswered, Is.Not.Empty, "the victim died with notices posted but not marked done");
        Assert.That(redelivered, Is.GreaterThanOrEqualTo(postedNotAnswered.Count), "each of those was looked up before it was sent again");

        Step("The reconciler ran once per interval across the cluster.");
        var runs = (await QueryAsync<string>(database,
            $"SELECT at FROM audit_events WHERE action = 'reconcile.drift' AND detail LIKE '{Ghost}%' ORDER BY sequence")).Select(Parse).ToList();
        var gaps = runs.Zip(runs.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        var span = DateTimeOffset.UtcNow - seeded;
        Report($"reconcile runs: {runs.Count} in {span.TotalSeconds:0} s of work at a {ReconcileInterval.TotalSeconds:0} s interval; gaps {string.Join(", ", gaps.Select(g => g.ToString("0.0", CultureInfo.InvariantCulture)))} s");
        Assert.That(runs, Is.Not.Empty);
        Assert.That(gaps, Has.All.GreaterThanOrEqualTo(ReconcileInterval.TotalSeconds / 2), "never two runs for one interval");

        Step("The audit chain verifies.");
        var (exit, output) = await RunVerbAsync(["audit", "verify"], TimeSpan.FromSeconds(60));
        Assert.That(exit, Is.Zero, output);
    }

    /// <summary>
    /// Sets each grant's end to a moment in one minute from now and moves its revoke trigger there, through the product's
    /// own store and revoke scheduler (Quartz, clustered, not started: this process only writes the schedule).
    /// </summary>
    private async Task<TimeSpan> MoveEndsAsync(SqlIgaStore store, IReadOnlyList<string> people, string catalog, string directory, string scimUrl)
    {
        var watch = Stopwatch.StartNew();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Iga:CatalogPath"] = catalog,
            ["Iga:DirectoryPath"] = directory,
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = Connection(4),
            ["Connectors:scim:Type"] = "scim",
            ["Connectors:scim:BaseUrl"] = scimUrl,
            ["Connectors:scim:Token"] = "admin-tool",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddIgaServices(configuration)
            .AddIgaScheduling(configuration)
            .BuildServiceProvider();
        var scheduler = services.GetRequiredService<IRevokeScheduler>();
        var grants = await store.RunAsync(async s =>
        {
            var all = new List<Grant>();
            foreach (var person in people) all.AddRange(await s.Grants.ListActiveForPersonAsync(person));
            return all;
        }, default);
        var first = DateTimeOffset.UtcNow + FirstEnd;
        var moves = grants.OrderBy(g => g.Person, StringComparer.Ordinal)
            .Select((g, i) => (g.Id, At: first + EndSpread * i / grants.Count)).ToList();
        foreach (var chunk in moves.Chunk(100))
        {
            await store.RunAsync(async s =>
            {
                foreach (var (id, at) in chunk)
                    await s.Grants.ExtendAsync(id, at, new AuditEntry("cluster-test", "grant.extended", LifecycleSubjects.Grant(id), $"ends {at:O}"));
            }, default);
            await scheduler.ScheduleManyAsync([.. chunk], default);
        }
        return watch.Elapsed;
    }

    private Dictionary<string, string> Settings(int n, string catalog, string directory, string scimUrl, string slackUrl) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Iga__CatalogPath"] = catalog,
        ["Iga__DirectoryPath"] = directory,
        ["Database__Provider"] = "Postgres",
        ["Database__ConnectionString"] = Connection(8),
        ["Scheduling__SweepInterval"] = "00:00:05",
        ["Scheduling__OverdueSweepInterval"] = "00:00:02",
        ["Scheduling__ReconcileInterval"] = ReconcileInterval.ToString("c", CultureInfo.InvariantCulture),
        ["Scheduling__ClusterCheckinInterval"] = "00:00:02",
        ["Scheduling__MaxConcurrency"] = "8",
        ["Provisioning__PollInterval"] = "00:00:00.500",
        ["Provisioning__Lease"] = "00:00:03",
        ["Provisioning__BatchSize"] = "20",
        ["Teams__Enabled"] = "false",
        ["Playground__Enabled"] = "false",
        ["Slack__SigningSecret"] = "cluster-signing-secret",
        // One token per instance: the fake Slack tells the instances apart by it.
        ["Slack__BotToken"] = $"xoxb-instance-{n}",
        ["Slack__ApiBaseUrl"] = slackUrl,
        ["Slack__BotUserId"] = "UIGABOT",
        ["Connectors__scim__Type"] = "scim",
        ["Connectors__scim__BaseUrl"] = scimUrl,
        // One token per instance: the stand-in tells the instances apart by it.
        ["Connectors__scim__Token"] = $"instance-{n}",
    };

    private (string Catalog, string Directory) WriteTenant(IReadOnlyList<string> people)
    {
        var catalog = Path.Combine(_folder, "catalog.yaml");
        File.WriteAllText(catalog, """
            apps:
              - id: payroll
                name: Payroll
                description: Payroll reports and pay runs.
                owner: owner@cluster.test
                connector: scim
                entitlements:
                  - id: payroll-read
                    name: Payroll Read
                    description: Read payroll reports.
                    risk: low
                    approvals: []
                    target: {group: payroll-readers}
            """);
        var directory = new StringBuilder("users:\n  - {email: owner@cluster.test, name: Olga Owner, title: Payroll Owner, department: Finance, slackId: UOWNER}\n");
        for (var i = 0; i < people.Count; i++)
            directory.Append(CultureInfo.InvariantCulture, $"  - {{email: {people[i]}, name: Person {i:D3}, title: Analyst, department: Finance, manager: owner@cluster.test, slackId: {SlackId(i)}}}\n");
        var path = Path.Combine(_folder, "directory.yaml");
        File.WriteAllText(path, directory.ToString());
        return (catalog, path);
    }

    private static string SlackId(int i) => $"UP{i:D3}";

    /// <summary>How late Slack answers the instance that is killed, once the grants' ends are moved.</summary>
    private static readonly TimeSpan NoticeHold = TimeSpan.FromSeconds(1.5);

    /// <summary>The revoke notices posted to Slack whose answer is held, once there is one (or none after <paramref name="patience"/>).</summary>
    private static async Task<IReadOnlyList<SlackCall>> WaitForHeldNoticeAsync(FakeSlackApi slack, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var held = slack.HeldCalls.Where(c => c.Method == "chat.postMessage" && c.Body.Contains("has been removed", StringComparison.Ordinal)).ToList();
            if (held.Count > 0 || watch.Elapsed > patience) return held;
            await Task.Delay(20);
        }
    }

    /// <summary>Revoke notices per DM channel, once their number stops growing (or all are in).</summary>
    private static async Task<Dictionary<string, int>> WaitForNoticesAsync(FakeSlackApi slack, int expected, TimeSpan patience)
    {
        var watch = Stopwatch.StartNew();
        Dictionary<string, int> Count() => slack.CallsOf("chat.postMessage")
            .Where(c => c.Body.Contains("has been removed", StringComparison.Ordinal))
            .GroupBy(c => c.Arg("channel") ?? "")
            .ToDictionary(g => g.Key, g => g.Count());
        while (watch.Elapsed < patience && Count().Values.Sum() < expected) await Task.Delay(250);
        // Late duplicates would show up now.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return Count();
    }

    private static async Task WaitUntilAsync(StorageDatabase database, string countSql, int expected, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < timeout)
        {
            await using (var connection = await database.OpenAsync(default)) count = await connection.ExecuteScalarAsync<int>(countSql);
            if (count >= expected) return;
            await Task.Delay(250);
        }
        Assert.Fail($"{what}: {count} of {expected} after {timeout.TotalSeconds:0} s.");
    }

    private static async Task<List<T>> QueryAsync<T>(StorageDatabase database, string sql)
    {
        await using var connection = await database.OpenAsync(default);
        return (await connection.QueryAsync<T>(sql)).AsList();
    }

    private async Task<(int Exit, string Output)> RunVerbAsync(string[] verb, TimeSpan timeout)
    {
        var info = Instance.StartInfo(_folder, new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = Connection(2),
            ["Logging__LogLevel__Default"] = "Warning",
        });
        foreach (var arg in verb) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static void Step(string text) => TestContext.Out.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {text}");

    private static void Report(string text) => TestContext.Out.WriteLine("    " + text);

    /// <summary>One <c>igabot</c> process on its own loopback port, its output kept in a log file.</summary>
    private sealed class Instance : IDisposable
    {
        private readonly Process _process;
        private readonly StreamWriter _log;
        private readonly Lock _gate = new();

        private Instance(string name, int port, string token, Process process, StreamWriter log)
        {
            Name = name;
            Port = port;
            Token = token;
            _process = process;
            _log = log;
        }

        public string Name { get; }
        public int Port { get; }
        public string Token { get; }

        public static ProcessStartInfo StartInfo(string folder, IReadOnlyDictionary<string, string> environment)
        {
            var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
            var info = new ProcessStartInfo(host)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "igabot.dll"));
            foreach (var (key, value) in environment) info.Environment[key] = value;
            return info;
        }

        public static Instance Start(int n, string folder, Dictionary<string, string> settings)
        {
            var port = FreePort();
            settings["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            var process = new Process { StartInfo = StartInfo(folder, settings) };
            var log = new StreamWriter(Path.Combine(folder, $"instance-{n}.log")) { AutoFlush = true };
            var instance = new Instance($"instance-{n}", port, settings["Connectors__scim__Token"], process, log);
            process.OutputDataReceived += (_, e) => instance.Write(e.Data);
            process.ErrorDataReceived += (_, e) => instance.Write(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return instance;
        }

        private void Write(string? line)
        {
            if (line is null) return;
            lock (_gate) _log.WriteLine(line);
        }

        public async Task WaitHealthyAsync(TimeSpan timeout)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < timeout)
            {
                if (_process.HasExited) Assert.Fail($"{Name} exited with {_process.ExitCode} while starting; see {Name}.log.");
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{Port}/healthz");
                    if (response.StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(250);
            }
            Assert.Fail($"{Name} was not healthy within {timeout.TotalSeconds:0} s.");
        }

        /// <summary>SIGKILL: no shutdown, no hand-back; whatever it held stays held until its lease or check-in runs out.</summary>
        public void Kill()
        {
            KilledAt = DateTimeOffset.UtcNow;
            _process.Kill(entireProcessTree: false);
        }

        public DateTimeOffset KilledAt { get; private set; }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        public void Dispose()
        {
            try { if (!_process.HasExited) _process.Kill(entireProcessTree: false); } catch (InvalidOperationException) { }
            _process.WaitForExit(10_000);
            _process.Dispose();
            lock (_gate) _log.Dispose();
        }
    }
}
