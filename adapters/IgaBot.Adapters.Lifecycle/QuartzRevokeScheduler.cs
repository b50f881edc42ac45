using IgaBot.Core.Grants;
using Quartz;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// One Quartz job and trigger per grant, keyed by the grant id: fires once at <c>expires_at</c>, no end time,
/// misfire = fire now, recovered after a crash.
/// </summary>
public sealed class QuartzRevokeScheduler(ISchedulerFactory factory) : IRevokeScheduler
{
    public async Task ScheduleAsync(Guid grantId, DateTimeOffset at, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        await scheduler.ScheduleJob(Job(grantId), [Trigger(grantId, at)], ScheduleJobOptions.Replacing, ct);
    }

    public async Task ScheduleManyAsync(IReadOnlyCollection<(Guid GrantId, DateTimeOffset At)> revokes, CancellationToken ct)
    {
        if (revokes.Count == 0) return;
        var scheduler = await factory.GetScheduler(ct);
        var jobs = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        foreach (var (grantId, at) in revokes) jobs[Job(grantId)] = [Trigger(grantId, at)];
        await scheduler.ScheduleJobs(jobs, ScheduleJobOptions.Replacing, ct);
    }

    public async Task UnscheduleAsync(Guid grantId, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        await scheduler.DeleteJob(RevokeGrantJob.JobKeyFor(grantId), ct);
    }

    public async Task<DateTimeOffset?> NextFireAsync(Guid grantId, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var trigger = await scheduler.GetTrigger(RevokeGrantJob.TriggerKeyFor(grantId), ct);
        return trigger?.NextFireTimeUtc;
    }

    private static IJobDetail Job(Guid grantId) => JobBuilder.Create<RevokeGrantJob>()
        .WithIdentity(RevokeGrantJob.JobKeyFor(grantId))
        .RequestRecovery()
        .Build();

    private static ITrigger Trigger(Guid grantId, DateTimeOffset at) => TriggerBuilder.Create()
        .WithIdentity(RevokeGrantJob.TriggerKeyFor(grantId))
        .ForJob(RevokeGrantJob.JobKeyFor(grantId))
        .StartAt(at)
        .WithSimpleSchedule(s => s.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
        .Build();
}
