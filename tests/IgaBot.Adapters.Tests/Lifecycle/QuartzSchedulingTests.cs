using System.Diagnostics;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
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
        var grants = await host.CreateGrantsAsync(connector, 1, TimeSpan.FromSeconds(1.5));

        await host.WaitUntilRevokedAsync(grants, TimeSpan.FromSeconds(15));

        var grant = await host.GetGrantAsync(grants[0].Id);
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
            grants = await before.CreateGrantsAsync(connector, 20, TimeSpan.FromSeconds(2));
        }
        // Down while every grant expires.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.That(connector.RevokeCalls, Is.Zero);

        var restart = Stopwatch.StartNew();
        await using var after = await SchedulerHost.StartAsync(_folder, connector);
        await after.WaitUntilRevokedAsync(grants, TimeSpan.FromSeconds(20));
        restart.Stop();
        // Wait until every revoke job is gone (a fired one-shot trigger deletes its job once the job has run): a
        // straggling trigger would have run by then.
        var scheduler = await after.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        for (var until = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < until; await Task.Delay(50))
        {
            var left = 0;
            foreach (var grant in grants)
                if (await scheduler.GetJobDetail(RevokeGrantJob.JobKeyFor(grant.Id)) is not null) left++;
            if (left == 0) break;
        }

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
}
