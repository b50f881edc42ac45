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

namespace IgaBot.Benchmarks;

/// <summary>
/// 10,000 grants expiring within the same minute, revoked by the real pipeline (Quartz triggers on SQLite,
/// the sweeper, the outbox worker, the SQLite store with its audit chain) against an in-process connector.
/// Reports how late each revoke landed after its expires_at (p50/p99, goal p99 ≤ 5 s) and the total time.
/// </summary>
public static class ExpiryBenchmark
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var count = IntOption(args, "--grants", 10_000);
        var window = TimeSpan.FromSeconds(IntOption(args, "--window-seconds", 60));
        var folder = Path.Combine(Path.GetTempPath(), "igabot-expiry-benchmark", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var connector = new CountingConnector("bench");
        var total = Stopwatch.StartNew();
        try
        {
            await using var host = await BenchHost.StartAsync(folder, connector);
            var store = host.Services.GetRequiredService<IIgaStore>();
            var clock = host.Services.GetRequiredService<TimeProvider>();

            // The first grant ends once everything is stored and scheduled (measured, with room to spare).
            var setup = Stopwatch.StartNew();
            var lead = TimeSpan.FromSeconds(Math.Max(20, count / 100.0));
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
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"revoked {rows.Count}/{count}; connector revoke calls {connector.Revokes} (once each: {connector.Revokes == count && connector.MaxPerPerson == 1})"));
            if (lateness.Length > 0)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"lateness after expires_at: p50 {Percentile(lateness, 0.50):0.000} s, p90 {Percentile(lateness, 0.90):0.000} s, p99 {Percentile(lateness, 0.99):0.000} s, max {lateness[^1]:0.000} s, min {lateness[0]:0.000} s"));
            }
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"first expiry to last revoke: {(last - first).TotalSeconds:0.0} s; whole run {total.Elapsed.TotalSeconds:0.0} s"));
            var started = await StartedAsync(host);
            if (started.Count > 0)
            {
                var toStart = started.Select(r => (r.Started - r.Expires).TotalSeconds).Order().ToArray();
                var toEnd = rows.Join(started, r => r.Expires, st => st.Expires, (r, st) => (r.Ended - st.Started).TotalSeconds).Order().ToArray();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  of which trigger/sweep to Revoking: p50 {Percentile(toStart, 0.5):0.000} s, p99 {Percentile(toStart, 0.99):0.000} s; Revoking to Revoked: p50 {Percentile(toEnd, 0.5):0.000} s, p99 {Percentile(toEnd, 0.99):0.000} s"));
            }
            var met = rows.Count == count && lateness.Length > 0 && Percentile(lateness, 0.99) <= 5.0;
            await output.WriteLineAsync($"goal p99 <= 5 s: {(met ? "met" : "NOT met")}");
            return met ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
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

        public static async Task<BenchHost> StartAsync(string folder, IConnector connector)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={Path.Combine(folder, "igabot.db")}",
                ["Scheduling:ConnectionString"] = $"Data Source={Path.Combine(folder, "quartz.db")}",
                [$"Connectors:{connector.Name}:Type"] = ConnectorTypes.Scim,
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Error));
            services.AddSingleton<IHostApplicationLifetime, Lifetime>();
            services.AddSingleton<ITenantAccessor>(new Fixed(BenchTenant()));
            services.AddIgaStorage(configuration);
            services.Configure<ConnectorOptions>(o => o.Instances[connector.Name] = new ConnectorInstanceOptions { Type = ConnectorTypes.Scim });
            services.AddSingleton<IConnectorFactory>(new Factory(ConnectorTypes.Scim, connector));
            services.AddSingleton<IConnectorFactory>(new Factory(ConnectorTypes.Manual, connector));
            services.AddSingleton<ConnectorRegistry>();
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
