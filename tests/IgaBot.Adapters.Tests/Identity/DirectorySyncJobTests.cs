using IgaBot.Adapters.Tests.Lifecycle;
using IgaBot.Core.People;
using IgaBot.Adapters.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace IgaBot.Adapters.Tests.Identity;

/// <summary>The periodic directory sync on real Quartz (its SQLite file) and the real clock.</summary>
[NonParallelizable]
public sealed class DirectorySyncJobTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task TheJob_SyncsAtStart_AndHandsALeaverToTheLifecycleWithinOneInterval()
    {
        var source = new FakeDirectorySource();
        foreach (var person in TestTenant.Build().Directory.People) source.Set(person);
        await using var h = await DirectorySyncHarness.CreateAsync(new Dictionary<string, string?> { ["Directory:SyncInterval"] = "00:00:01" },
            _ => source, scheduled: true);
        await source.FirstRead.Task.WaitAsync(Patience);
        await WaitAsync(async () => (await h.PeopleAsync()).Count == 7);
        var scheduler = await h.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.That(await scheduler.GetTrigger(DirectorySyncJob.TriggerKey), Is.Not.Null);

        source.People.RemoveAll(p => p.Email == TestTenant.Alice);
        var handled = await Task.WhenAny(h.Lifecycle.FirstHandled.Task, Task.Delay(Patience));
        Assert.That(handled, Is.SameAs(h.Lifecycle.FirstHandled.Task), $"reads: {source.Reads}; log:\n{string.Join("\n", h.LogLines)}");
        var changes = await h.Lifecycle.FirstHandled.Task;

        Assert.That(changes.Leavers.Select(p => p.Email), Is.EqualTo(new[] { TestTenant.Alice }));
        Assert.That(h.Tenant.Current.Directory.Find(TestTenant.Alice), Is.Null);
    }

    [Test]
    public async Task WithoutASource_NoSyncJobIsDeclared()
    {
        await using var h = await DirectorySyncHarness.CreateAsync(new Dictionary<string, string?> { ["Directory:SyncInterval"] = "00:00:00" }, scheduled: true);
        var scheduler = await h.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        Assert.That(await scheduler.GetTrigger(DirectorySyncJob.TriggerKey), Is.Null, "SyncInterval 0: only the command line syncs");
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The directory sync job did not run in time.");
            await Task.Delay(100);
        }
    }
}
