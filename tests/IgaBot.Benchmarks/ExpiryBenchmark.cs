using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Dapper;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace IgaBot.Benchmarks;

/// <summary>
/// 10,000 grants expiring within the same minute, revoked by the real pipeline (Quartz triggers, the sweeper, the
/// outbox worker, the store with its audit chain) against an in-process connector: once on one node with SQLite, and
/// once on three instances (three service containers in this process) sharing one PostgreSQL database with Quartz
/// clustered in it. Reports how late each revoke landed after its expires_at (p50/p99, goal p99 ≤ 5 s) for both.
/// </summary>
public static class ExpiryBenchmark
{
    /// <summary>
    /// The single-node run on SQLite, then, when PostgreSQL is named (<c>--postgres CONN</c> or IGABOT_TEST_POSTGRES), the
    /// same load on three instances sharing one PostgreSQL database with Quartz clustered in it; both figures side by side.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var count = IntOption(args, "--grants", 10_000);
        var window = TimeSpan.FromSeconds(IntOption(args, "--window-seconds", 60));
        var total = Stopwatch.StartNew();
        var results = new List<(string Label, Result Result)>();

        var folder = Path.Combine(Path.GetTempPath(), "igabot-expiry-benchmark", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var connector = new CountingConnector("bench");
            await output.WriteLineAsync("== single node, SQLite (Quartz in its own file)");
            await using var host = await BenchHost.StartAsync(connector, new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "igabot.db")}",
                ["Scheduling:ConnectionString"] = $"Data Source={Path.Combine(folder, "quartz.db")}",
            });
            results.Add(("single node, SQLite", await MeasureAsync([host], connector, count, window, TimeSpan.FromSeconds(Math.Max(20, count / 100.0)), output)));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }

        var server = StringOption(args, "--postgres") ?? Environment.GetEnvironmentVariable("IGABOT_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            await output.WriteLineAsync("(three instances on PostgreSQL skipped: give --postgres CONN or set IGABOT_TEST_POSTGRES)");
        }
        else
        {
            var schema = "igabot_bench_" + Guid.NewGuid().ToString("N");
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
            }
            try
            {
                await output.WriteLineAsync("== three instances, one PostgreSQL database (Quartz clustered in it)");
                var connection = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema, MaxPoolSize = 10 }.ConnectionString;
                var connector = new CountingConnector("bench");
                var hosts = new List<BenchHost>();
                try
                {
                    for (var i = 0; i < 3; i++)
                    {
                        hosts.Add(await BenchHost.StartAsync(connector, new Dictionary<string, string?>
                        {
                            ["Database:Provider"] = "Postgres",
                            ["Database:ConnectionString"] = connection,
                            ["Scheduling:ClusterCheckinInterval"] = "00:00:05",
                        }));
                    }
                    results.Add(("three instances, PostgreSQL", await MeasureAsync(hosts, connector, count, window, TimeSpan.FromSeconds(Math.Max(30, count / 100.0)), output)));
                }
                finally
                {
                    foreach (var h in hosts) await h.DisposeAsync();
                }
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            }
        }

        await output.WriteLineAsync("== lateness after expires_at, same run");
        foreach (var (label, r) in results)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{label,-30} p50 {r.P50:0.000} s, p99 {r.P99:0.000} s, max {r.Max:0.000} s; revoked {r.Revoked}/{count}, once each: {r.OnceEach}; goal p99 <= 5 s: {(r.Met ? "met" : "NOT met")}"));
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"whole run {total.Elapsed.TotalSeconds:0.0} s"));
        return results.All(r => r.Result.Revoked == count && r.Result.OnceEach) ? 0 : 1;
    }

    private sealed record Result(double P50, double P99, double Max, int Revoked, bool OnceEach, bool Met);

    /// <summary>Stores <paramref name="count"/> grants through the first host, schedules their triggers, and times each revoke.</summary>
    private static async Task<Result> MeasureAsync(IReadOnlyList<BenchHost> hosts, CountingConnector connector, int count, TimeSpan window, TimeSpan lead, TextWriter output)
    {
        var host = hosts[0];
        var store = host.Services.GetRequiredService<IIgaStore>();
        var clock = host.Services.GetRequiredService<TimeProvider>();

        // The first grant ends once everything is stored and scheduled (measured, with room to spare).
        var setup = Stopwatch.StartNew();
        var first = clock.GetUtcNow() + lead;
        var grants = Enumerable.Range(0, count).Select(i => new Grant
        {
            Id = Guid.NewGuid(),
            Person = $"person{i:D5}@bench.test",
            EntitlementId = "bench-read",
            GrantedAt = clock.GetUtcNow(),
            ExpiresAt = first + window * i / count,
            Status = GrantStatus.Active,
        }).ToList();
        var storing = TimeSpan.Zero;
        foreach (var chunk in grants.Chunk(1000))
        {
            var chunkStart = Stopwatch.GetTimestamp();
            await store.RunAsync(async s =>
            {
                foreach (var g in chunk) await s.Grants.CreateAsync(g, new AuditEntry("benchmark", "grant.created", LifecycleSubjects.Grant(g.Id)));
            }, default);
            storing += Stopwatch.GetElapsedTime(chunkStart);
            await host.Services.GetRequiredService<IRevokeScheduler>().ScheduleManyAsync([.. chunk.Select(g => (g.Id, g.ExpiresAt!.Value))], default);
        }
        foreach (var g in grants) connector.Members[g.Person] = true;
        setup.Stop();
        var slack = first - clock.GetUtcNow();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"expiry benchmark: {count} grants ending within {window.TotalSeconds:0} s; stored ({storing.TotalSeconds:0.0} s) and scheduled in {setup.Elapsed.TotalSeconds:0.0} s ({slack.TotalSeconds:0.0} s before the first expiry)"));

        var watch = Stopwatch.StartNew();
        var deadline = window + lead + TimeSpan.FromMinutes(5);
        int remaining;
        do
        {
            await Task.Delay(500);
            remaining = await CountAsync(host, "SELECT COUNT(*) FROM grants WHERE status <> 'Revoked'");
        } while (remaining > 0 && watch.Elapsed < deadline);

        var rows = await QueryAsync(host);
        var lateness = rows.Select(r => (r.Ended - r.Expires).TotalSeconds).Order().ToArray();
        var last = rows.Count == 0 ? first : rows.Max(r => r.Ended);
        var onceEach = connector.Revokes == count && connector.MaxPerPerson == 1;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"revoked {rows.Count}/{count}; connector revoke calls {connector.Revokes} (once each: {onceEach})"));
        if (lateness.Length > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"lateness after expires_at: p50 {Percentile(lateness, 0.50):0.000} s, p90 {Percentile(lateness, 0.90):0.000} s, p99 {Percentile(lateness, 0.99):0.000} s, max {lateness[^1]:0.000} s, min {lateness[0]:0.000} s"));
        }
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"first expiry to last revoke: {(last - first).TotalSeconds:0.0} s"));
        var started = await StartedAsync(host);
        if (started.Count > 0)
        {
            var toStart = started.Select(r => (r.Started - r.Expires).TotalSeconds).Order().ToArray();
            var toEnd = rows.Join(started, r => r.Expires, st => st.Expires, (r, st) => (r.Ended - st.Started).TotalSeconds).Order().ToArray();
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  of which trigger/sweep to Revoking: p50 {Percentile(toStart, 0.5):0.000} s, p99 {Percentile(toStart, 0.99):0.000} s; Revoking to Revoked: p50 {Percentile(toEnd, 0.5):0.000} s, p99 {Percentile(toEnd, 0.99):0.000} s"));
        }
        if (lateness.Length == 0) return new Result(double.NaN, double.NaN, double.NaN, rows.Count, onceEach, false);
        var met = rows.Count == count && Percentile(lateness, 0.99) <= 5.0;
        return new Result(Percentile(lateness, 0.5), Percentile(lateness, 0.99), lateness[^1], rows.Count, onceEach, met);
    }

    private static string? StringOption(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;
    }

    private static async Task<int> CountAsync(BenchHost host, string sql)
    {
        await using var connection = await host.Services.GetRequiredService<StorageDatabase>().OpenAsync(default);
        return await connection.ExecuteScalarAsync<int>(sql);
    }

    private static async Task<List<(DateTimeOffset Expires, DateTimeOffset Ended)>> QueryAsync(BenchHost host)
    {
        await using var connection = await host.Services.GetRequiredService<StorageDatabase>().OpenAsync(default);
        var rows = await connection.QueryAsync<(string Expires, string Ended)>(
            "SELECT expires_at AS Expires, ended_at AS Ended FROM grants WHERE status = 'Revoked'");
        static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return [.. rows.Select(r => (Parse(r.Expires), Parse(r.Ended)))];
    }

    private static async Task<List<(DateTimeOffset Expires, DateTimeOffset Started)>> StartedAsync(BenchHost host)
    {
        await using var connection = await host.Services.GetRequiredService<StorageDatabase>().OpenAsync(default);
        var rows = await connection.QueryAsync<(string Expires, string Started)>(
            "SELECT g.expires_at AS Expires, a.at AS Started FROM grants g JOIN audit_events a ON a.subject = 'grant:' || g.id AND a.action = 'grant.revoking'");
        static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return [.. rows.Select(r => (Parse(r.Expires), Parse(r.Started)))];
    }

    /// <summary>The in-process target: removes a member and counts calls per person.</summary>
    private sealed class CountingConnector(string name) : IConnector
    {
        private int _revokes;
        public ConcurrentDictionary<string, bool> Members { get; } = new(StringComparer.OrdinalIgnoreCase);
        private readonly ConcurrentDictionary<string, int> _perPerson = new(StringComparer.OrdinalIgnoreCase);

        public string Name { get; } = name;
        public string Type => ConnectorTypes.Scim;
        public bool CanListMembers => true;
        public int Revokes => _revokes;
        public int MaxPerPerson => _perPerson.IsEmpty ? 0 : _perPerson.Values.Max();

        public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct)
        {
            Members[target.PersonEmail] = true;
            return Task.FromResult(ConnectorResult.Done(target.Group));
        }

        public Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct)
        {
            Interlocked.Increment(ref _revokes);
            _perPerson.AddOrUpdate(target.PersonEmail, 1, (_, n) => n + 1);
            return Task.FromResult(Members.TryRemove(target.PersonEmail, out _) ? ConnectorResult.Done(target.Group) : ConnectorResult.AlreadyDone(target.Group));
        }

        public Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct) =>
            Task.FromResult<IReadOnlyList<string>>([.. Members.Keys]);
    }

    /// <summary>The services as the bot composes them, started like a host (hosted services in order).</summary>
    private sealed class BenchHost : IAsyncDisposable
    {
        private readonly List<IHostedService> _started = [];
        private BenchHost(ServiceProvider services) => Services = services;
        public ServiceProvider Services { get; }

        public static async Task<BenchHost> StartAsync(IConnector connector, IDictionary<string, string?> settings)
        {
            var values = new Dictionary<string, string?>(settings) { [$"Connectors:{connector.Name}:Type"] = ConnectorTypes.Scim };
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
            services.AddSingleton<IHostApplicationLifetime, Lifetime>();
            services.AddSingleton<ITenantAccessor>(new Fixed(BenchTenant()));
            services.AddIgaStorage(configuration);
            services.Configure<ConnectorOptions>(o => o.Instances[connector.Name] = new ConnectorInstanceOptions { Type = ConnectorTypes.Scim });
            services.AddSingleton<IConnectorFactory>(new Factory(ConnectorTypes.Scim, connector));
            services.AddSingleton<IConnectorFactory>(new Factory(ConnectorTypes.Manual, connector));
            services.AddSingleton<ConnectorRegistry>();
            services.AddIgaLifecycleCore(configuration);
            services.AddIgaLifecycle(configuration);
            services.AddIgaScheduling(configuration);
            var host = new BenchHost(services.BuildServiceProvider());
            foreach (var hosted in host.Services.GetServices<IHostedService>())
            {
                await hosted.StartAsync(default);
                host._started.Add(hosted);
            }
            return host;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var hosted in Enumerable.Reverse(_started)) await hosted.StopAsync(default);
            await Services.DisposeAsync();
        }

        private static Tenant BenchTenant()
        {
            var app = new App
            {
                Id = "bench", Name = "Bench", Description = "benchmark target", Owner = "owner@bench.test", Connector = "bench",
                Entitlements =
                [
                    new Entitlement
                    {
                        Id = "bench-read", AppId = "bench", Name = "Bench Read", Description = "read", Risk = Risk.Low,
                        Target = new Dictionary<string, string> { ["group"] = "bench-read" },
                    },
                ],
            };
            return new Tenant(new AccessCatalog([app], new Dictionary<string, IReadOnlyList<string>>()),
                new PeopleDirectory([new Person { Email = "owner@bench.test", Name = "Owner", Title = "Owner", Department = "IT" }]),
                new Dictionary<string, IReadOnlyList<AccessAssignment>>());
        }

        private sealed class Fixed(Tenant tenant) : ITenantAccessor { public Tenant Current { get; } = tenant; }

        private sealed class Factory(string type, IConnector connector) : IConnectorFactory
        {
            public string Type => type;
            public IConnector Create(string name, ConnectorInstanceOptions options) => connector;
        }

        private sealed class Lifetime : IHostApplicationLifetime
        {
            public CancellationToken ApplicationStarted => new(canceled: true);
            public CancellationToken ApplicationStopping => CancellationToken.None;
            public CancellationToken ApplicationStopped => CancellationToken.None;
            public void StopApplication() { }
        }
    }
}
