using System.Diagnostics;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>Real Quartz on its own SQLite file, real time: short waits only.</summary>
[NonParallelizable]
public sealed class QuartzSchedulingTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(Path.GetTempPath(), "igabot-quartz-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Test]
    public async Task RevokeTrigger_FiresAtExpiry()
    {
        var connector = new FakeConnector("scim-test");
        await using var host = await SchedulerHost.StartAsync(_folder, connector);
        var grants = await CreateGrantsAsync(host, connector, 1, TimeSpan.FromSeconds(1.5));

        await WaitUntilRevokedAsync(host, grants, TimeSpan.FromSeconds(15));

        var grant = await GetAsync(host, grants[0].Id);
        Assert.That(grant.Status, Is.EqualTo(GrantStatus.Revoked));
        // Both sweeps are an hour apart here (their first round ran at start, before the expiry): only the trigger revokes.
        Assert.That(grant.EndedAt - grant.ExpiresAt, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(grant.EndedAt!.Value, Is.GreaterThanOrEqualTo(grant.ExpiresAt!.Value), "never before its end");
        Assert.That(connector.RevokeCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task RevokesDueWhileTheSchedulerWasDown_RunOnceWithinSecondsOfTheRestart()
    {
        var connector = new FakeConnector("scim-test");
        IReadOnlyList<Grant> grants;
        await using (var before = await SchedulerHost.StartAsync(_folder, connector))
        {
            grants = await CreateGrantsAsync(before, connector, 20, TimeSpan.FromSeconds(2));
        }
        // Down while every grant expires.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(connector.RevokeCalls, Is.Zero);

        var restart = Stopwatch.StartNew();
        await using var after = await SchedulerHost.StartAsync(_folder, connector);
        await WaitUntilRevokedAsync(after, grants, TimeSpan.FromSeconds(20));
        restart.Stop();
        // Let any straggling trigger or sweep run, to see it change nothing.
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.That(restart.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(connector.RevokeCalls, Is.EqualTo(grants.Count));
        Assert.That(connector.RevokesByMember.Values, Has.All.EqualTo(1));
        var store = after.Services.GetRequiredService<IIgaStore>();
        foreach (var grant in grants)
        {
            var audit = await store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Grant(grant.Id)), default);
            Assert.That(audit.Count(e => e.Action == "grant.revoked"), Is.EqualTo(1), $"grant {grant.Id}");
            Assert.That(audit.Count(e => e.Action == "grant.revoking"), Is.EqualTo(1), $"grant {grant.Id}");
        }
    }

    private static async Task<IReadOnlyList<Grant>> CreateGrantsAsync(SchedulerHost host, FakeConnector connector, int count, TimeSpan expiresIn)
    {
        var store = host.Services.GetRequiredService<IIgaStore>();
        var clock = host.Services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var grants = Enumerable.Range(0, count).Select(i => new Grant
        {
            Id = Guid.NewGuid(),
            Person = $"person{i}@contoso.test",
            EntitlementId = AwsRead,
            GrantedAt = now,
            ExpiresAt = now + expiresIn,
            Status = GrantStatus.Active,
        }).ToList();
        await store.RunAsync(async s =>
        {
            foreach (var g in grants) await s.Grants.CreateAsync(g, new AuditEntry("test", "grant.created", LifecycleSubjects.Grant(g.Id)));
        }, default);
        foreach (var g in grants) connector.Add("aws-prod-read", g.Person);
        await host.Services.GetRequiredService<IRevokeScheduler>().ScheduleManyAsync([.. grants.Select(g => (g.Id, g.ExpiresAt!.Value))], default);
        return grants;
    }

    private static async Task WaitUntilRevokedAsync(SchedulerHost host, IReadOnlyList<Grant> grants, TimeSpan timeout)
    {
        var store = host.Services.GetRequiredService<IIgaStore>();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var active = await store.RunAsync(async s =>
            {
                var n = 0;
                foreach (var g in grants) if ((await s.Grants.GetAsync(g.Id))!.Status != GrantStatus.Revoked) n++;
                return n;
            }, default);
            if (active == 0) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Not every grant was revoked within {timeout}.");
    }

    private static async Task<Grant> GetAsync(SchedulerHost host, Guid id) =>
        (await host.Services.GetRequiredService<IIgaStore>().RunAsync(s => s.Grants.GetAsync(id), default))!;
}
