using IgaBot.Adapters.Lifecycle;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>The shape of the per-grant revoke trigger, on Quartz's in-memory store (nothing is started).</summary>
public sealed class QuartzRevokeSchedulerTests
{
    private ServiceProvider _services = null!;
    private QuartzRevokeScheduler _revokes = null!;
    private IScheduler _scheduler = null!;

    [SetUp]
    public async Task SetUp()
    {
        _services = new ServiceCollection().AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>)).AddSingleton<Microsoft.Extensions.Logging.ILoggerFactory, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory>().AddQuartz(q => q.UseInMemoryStore()).BuildServiceProvider();
        var factory = _services.GetRequiredService<ISchedulerFactory>();
        _scheduler = await factory.GetScheduler();
        _revokes = new QuartzRevokeScheduler(factory);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _scheduler.Shutdown();
        await _services.DisposeAsync();
    }

    [Test]
    public async Task RevokeTrigger_IsKeyedByTheGrant_FiresOnceAtExpiry_AndFiresNowWhenMissed()
    {
        var grantId = Guid.NewGuid();
        var at = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

        await _revokes.ScheduleAsync(grantId, at, default);

        var trigger = await _scheduler.GetTrigger(RevokeGrantJob.TriggerKeyFor(grantId));
        var job = await _scheduler.GetJobDetail(RevokeGrantJob.JobKeyFor(grantId));
        Assert.That(trigger, Is.Not.Null);
        Assert.That(trigger!.Key.Name, Is.EqualTo(grantId.ToString("D")));
        Assert.That(trigger.NextFireTimeUtc, Is.EqualTo(at));
        Assert.That(trigger.EndTimeUtc, Is.Null);
        Assert.That(trigger.MisfireInstructionCode, Is.EqualTo((int)SimpleTriggerMisfireInstruction.FireNow));
        Assert.That(trigger.MayFireAgain, Is.True);
        Assert.That(job!.RequestsRecovery, Is.True);
        Assert.That(job.Key.Name, Is.EqualTo(grantId.ToString("D")));
    }

    [Test]
    public async Task Rescheduling_MovesTheSameTrigger_AndUnscheduleRemovesIt()
    {
        var grantId = Guid.NewGuid();
        var first = new DateTimeOffset(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);
        await _revokes.ScheduleAsync(grantId, first, default);

        await _revokes.ScheduleAsync(grantId, first.AddDays(2), default);
        Assert.That(await _revokes.NextFireAsync(grantId, default), Is.EqualTo(first.AddDays(2)));
        Assert.That(await _scheduler.GetTriggersOfJob(RevokeGrantJob.JobKeyFor(grantId)), Has.Count.EqualTo(1));

        await _revokes.UnscheduleAsync(grantId, default);
        Assert.That(await _revokes.NextFireAsync(grantId, default), Is.Null);
    }

    [Test]
    public void SchedulingOptions_RejectUnusableValues()
    {
        var problems = new LifecycleSchedulingOptions { ConnectionString = "", SweepInterval = TimeSpan.Zero, MaxConcurrency = 0 }.Validate();
        Assert.That(problems, Has.Count.EqualTo(3));
        Assert.That(new LifecycleSchedulingOptions().Validate(), Is.Empty);
    }
}
