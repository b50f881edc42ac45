using System.Diagnostics;
using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// Two nodes (two service containers, as two instances would be) on one PostgreSQL schema: Quartz clustered in the
/// application's database. Real time, short intervals. Skipped without IGABOT_TEST_POSTGRES.
/// </summary>
[NonParallelizable]
public sealed class ClusteredSchedulingTests
{
    private TestDatabase _db = null!;

    [SetUp]
    public async Task SetUp() => _db = await TestDatabase.CreateAsync(DatabaseProvider.Postgres, migrate: false);

    [TearDown]
    public async Task TearDown()
    {
        NpgsqlConnection.ClearAllPools();
        // Without IGABOT_TEST_POSTGRES the set-up stopped at the database (the test is skipped): nothing to dispose.
        if (_db is not null) await _db.DisposeAsync();
    }

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = _db.Options.ConnectionString,
            ["Scheduling:ClusterCheckinInterval"] = "00:00:01",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    [Test]
    public async Task QuartzTables_AreMadeByTheMigration_AndBothNodesCheckIn()
    {
        var connector = new FakeConnector("scim-test");
        await using var a = await SchedulerHost.StartAsync(Folder(), connector, Settings());
        await using var b = await SchedulerHost.StartAsync(Folder(), connector, Settings());

        await using var connection = await _db.Database.OpenAsync(CancellationToken.None);
        var migrated = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = '0050'");
        // A node writes its row at its first check-in, which a loaded machine may run a little after start: wait for both.
        List<string> nodes;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            nodes = (await connection.QueryAsync<string>("SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = 'IgaBot'")).AsList();
            if (nodes.Count >= 2) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        var schedulerA = await a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var schedulerB = await b.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.That(migrated, Is.EqualTo(1));
        Assert.That(nodes, Has.Count.EqualTo(2), "each instance is a node of its own (instance id generated)");
        Assert.That(schedulerA.SchedulerInstanceId, Is.Not.EqualTo(schedulerB.SchedulerInstanceId));
        Assert.That(nodes, Is.EquivalentTo(new[] { schedulerA.SchedulerInstanceId, schedulerB.SchedulerInstanceId }));
    }

    [Test]
    public async Task GrantTriggers_FireOnEitherNode_AndEachRevokeReachesTheTargetOnce()
    {
        var connector = new FakeConnector("scim-test");
        // The sweeps an hour apart: only the triggers revoke.
        var settings = Settings(("Scheduling:SweepInterval", "01:00:00"), ("Scheduling:OverdueSweepInterval", "01:00:00"));
        await using var a = await SchedulerHost.StartAsync(Folder(), connector, settings);
        await using var b = await SchedulerHost.StartAsync(Folder(), connector, settings);

        var grants = await a.CreateGrantsAsync(connector, 40, TimeSpan.FromSeconds(3));
        await b.WaitUntilRevokedAsync(grants, TimeSpan.FromSeconds(30));

        Assert.That(connector.RevokeCalls, Is.EqualTo(grants.Count));
        Assert.That(connector.RevokesByMember.Values, Has.All.EqualTo(1));
        foreach (var grant in grants)
        {
            var g = await b.GetGrantAsync(grant.Id);
            Assert.That(g.EndedAt - g.ExpiresAt, Is.LessThan(TimeSpan.FromSeconds(10)), $"grant {g.Id}");
        }
    }

    [Test]
    public async Task TriggersOfAStoppedNode_FireOnTheOther()
    {
        var connector = new FakeConnector("scim-test");
        var settings = Settings(("Scheduling:SweepInterval", "01:00:00"), ("Scheduling:OverdueSweepInterval", "01:00:00"));
        await using var survivor = await SchedulerHost.StartAsync(Folder(), connector, settings);
        IReadOnlyList<Grant> grants;
        await using (var leaving = await SchedulerHost.StartAsync(Folder(), connector, settings))
        {
            // Put into the shared store by the node that then goes away.
            grants = await leaving.CreateGrantsAsync(connector, 10, TimeSpan.FromSeconds(3));
        }

        await survivor.WaitUntilRevokedAsync(grants, TimeSpan.FromSeconds(30));

        Assert.That(connector.RevokesByMember.Values, Has.All.EqualTo(1));
        Assert.That(connector.RevokeCalls, Is.EqualTo(grants.Count));
    }

    [Test]
    public async Task Reconcile_RunsOncePerIntervalAcrossTheNodes_AndNeverTwiceAtOnce()
    {
        var connector = new FakeConnector("scim-test");
        // Someone in the group without a grant: every reconcile run audits one reconcile.drift row.
        connector.Add("aws-prod-read", "ghost@contoso.test");
        var settings = Settings(("Scheduling:ReconcileInterval", "00:00:02"), ("Scheduling:SweepInterval", "01:00:00"));
        var watch = Stopwatch.StartNew();
        await using var a = await SchedulerHost.StartAsync(Folder(), connector, settings);
        await using var b = await SchedulerHost.StartAsync(Folder(), connector, settings);
        await using var c = await SchedulerHost.StartAsync(Folder(), connector, settings);

        // The first run comes one interval after the start: wait for five runs' worth.
        var store = a.Services.GetRequiredService<IIgaStore>();
        while (watch.Elapsed < TimeSpan.FromSeconds(11)) await Task.Delay(250);
        // The nodes keep running: a run that has listed the group but not yet written its audit row is in flight, so the
        // two counts are compared between runs (a run takes milliseconds; one starts every two seconds).
        int runs, drift;
        var settle = Stopwatch.StartNew();
        do
        {
            runs = connector.ListsByGroup.GetValueOrDefault("aws-prod-read");
            drift = await store.RunAsync(async s => (await s.Audit.ListAsync()).Count(e => e.Action == "reconcile.drift"), default);
            if (drift == runs && connector.ListsByGroup.GetValueOrDefault("aws-prod-read") == runs) break;
            await Task.Delay(100);
        } while (settle.Elapsed < TimeSpan.FromSeconds(5));
        var intervals = (int)(watch.Elapsed.TotalSeconds / 2);

        // Once per node would be three runs an interval (about 15 here); a node that joins and declares the periodic
        // trigger again may let it fire once out of step, so one run more than the intervals is allowed.
        Assert.That(runs, Is.InRange(2, intervals + 1), "one run per interval across three nodes, not one per node");
        Assert.That(drift, Is.EqualTo(runs), "one reconcile.drift row per run");
    }

    [Test]
    public async Task AConnectorCallLongerThanTheLease_KeepsItsClaim_AndIsMadeOnce()
    {
        var connector = new FakeConnector("scim-test") { BeforeRevoke = ct => Task.Delay(TimeSpan.FromSeconds(3.5), ct) };
        // A one-second lease, renewed every third of a second while the three-and-a-half-second calls run.
        var settings = Settings(("Provisioning:Lease", "00:00:01"), ("Provisioning:PollInterval", "00:00:00.200"));
        await using var a = await SchedulerHost.StartAsync(Folder(), connector, settings);
        await using var b = await SchedulerHost.StartAsync(Folder(), connector, settings);

        var grants = await a.CreateGrantsAsync(connector, 3, TimeSpan.FromSeconds(1));
        await a.WaitUntilRevokedAsync(grants, TimeSpan.FromSeconds(40));

        Assert.That(connector.RevokesByMember.Values, Has.All.EqualTo(1), "nobody took over a message whose call was still running");
        Assert.That(connector.RevokeCalls, Is.EqualTo(grants.Count));
    }

    [Test]
    public async Task AStoppingInstance_HandsItsClaimsBack_AndAnotherFinishesThemLongBeforeTheLease()
    {
        var calling = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // A's target hangs until A stops; B's answers at once.
        var hanging = new FakeConnector("scim-test") { BeforeRevoke = ct => { calling.TrySetResult(); return Task.Delay(Timeout.Infinite, ct); } };
        var answering = new FakeConnector("scim-test");
        var settings = Settings(("Provisioning:Lease", "00:01:00"), ("Provisioning:PollInterval", "00:00:00.200"));
        var a = await SchedulerHost.StartAsync(Folder(), hanging, settings);
        IReadOnlyList<Grant> grants;
        try
        {
            grants = await a.CreateGrantsAsync(hanging, 5, TimeSpan.FromSeconds(1));
            foreach (var g in grants) answering.Add("aws-prod-read", g.Person);
            await calling.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
        await using var b = await SchedulerHost.StartAsync(Folder(), answering, settings);

        var stopped = Stopwatch.StartNew();
        await a.DisposeAsync();
        await b.WaitUntilRevokedAsync(grants, TimeSpan.FromSeconds(30));

        Assert.That(stopped.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "not after the one-minute lease");
        Assert.That(answering.RevokesByMember.Values, Has.All.EqualTo(1));
        Assert.That(answering.RevokeCalls, Is.EqualTo(grants.Count));
        var store = b.Services.GetRequiredService<IIgaStore>();
        var attempts = await store.RunAsync(async s => (await s.Outbox.ListDeadAsync()).Count, default);
        Assert.That(attempts, Is.Zero);
    }

    private static string Folder() => Path.Combine(Path.GetTempPath(), "igabot-cluster-tests", Guid.NewGuid().ToString("N"));
}
