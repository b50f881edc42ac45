using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Scheduling;
using IgaBot.Adapters.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace IgaBot.Adapters.Lifecycle;

public static class LifecycleServiceCollectionExtensions
{
    /// <summary>
    /// Registers the approval workflow (<see cref="IApprovalWorkflow"/>, <see cref="IApprovalService"/>), provisioning
    /// (<see cref="Provisioner"/>, the <see cref="ProvisioningWorker"/> hosted service, the manual task sink) and the
    /// grant lifecycle (<see cref="IGrantService"/>, <see cref="GrantRevoker"/>, expiry reminders, reconciler), with
    /// their settings (<c>Approvals:Timers</c>, <c>Provisioning</c>, <c>Grants</c>) validated at start.
    /// Needs <c>AddIgaStorage</c> and <c>AddIgaConnectors</c>. Until a channel registers an <see cref="INotifier"/>,
    /// a <see cref="RecordingNotifier"/> logs what would have been sent. Also the joiner, mover and leaver handling
    /// (<see cref="IDirectoryLifecycle"/>: <see cref="LeaverOffboarding"/>, <see cref="MoverReviews"/>, <see cref="JoinerWelcome"/>;
    /// settings <c>Directory:MoverReviewDays</c>, <c>Directory:MoverKeepDays</c>, <c>Directory:JoinerSuggestionCoverage</c>). Without <c>AddIgaScheduling</c> no
    /// per-grant triggers exist and nothing runs the sweeper.
    /// </summary>
    public static IServiceCollection AddIgaLifecycle(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ApprovalTimersOptions>()
            .Bind(configuration.GetSection(ApprovalTimersOptions.Section))
            .ValidateAtStart(o => o.Validate());
        services.AddOptions<ProvisioningOptions>().Bind(configuration.GetSection(ProvisioningOptions.Section)).ValidateAtStart(o => o.Validate());
        services.AddOptions<GrantOptions>().Bind(configuration.GetSection(GrantOptions.Section)).ValidateAtStart(o => o.Validate());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RecordingNotifier>();
        services.TryAddSingleton<INotifier>(sp => sp.GetRequiredService<RecordingNotifier>());
        services.TryAddSingleton<ProvisioningSignal>();
        services.TryAddSingleton<IManualTaskStore, SqlManualTaskStore>();
        services.TryAddSingleton<IExpiryReminderLedger, SqlExpiryReminderLedger>();
        services.TryAddSingleton<IManualTaskSink, ManualTaskInbox>();
        services.TryAddSingleton<IRevokeScheduler, NoRevokeScheduler>();

        services.TryAddSingleton<ApprovalWorkflow>();
        services.TryAddSingleton<IApprovalWorkflow>(sp => sp.GetRequiredService<ApprovalWorkflow>());
        services.TryAddSingleton<Provisioner>();
        services.TryAddSingleton<ManualTaskDesk>();
        services.TryAddSingleton<IApprovalService, ApprovalService>();
        services.TryAddSingleton<GrantRevoker>();
        services.TryAddSingleton<ExpiryReminders>();
        services.TryAddSingleton<GrantReconciler>();
        services.TryAddSingleton<GrantService>();
        services.TryAddSingleton<IGrantService>(sp => sp.GetRequiredService<GrantService>());
        services.AddHostedService<ProvisioningWorker>();

        // Joiners, movers and leavers: what the directory sync hands every IDirectoryLifecycle.
        services.AddOptions<PeopleLifecycleOptions>().Bind(configuration.GetSection(PeopleLifecycleOptions.Section)).ValidateAtStart(o => o.Validate());
        services.TryAddSingleton<IMoverReviewStore, SqlMoverReviewStore>();
        services.TryAddSingleton<IJoinerWelcomeLedger, SqlJoinerWelcomeLedger>();
        services.TryAddSingleton<LeaverOffboarding>();
        services.TryAddSingleton<MoverReviews>();
        services.TryAddSingleton<JoinerWelcome>();
        // Leavers first: their approvals are re-routed before a mover's review or a joiner's welcome goes out.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDirectoryLifecycle, LeaverOffboarding>(sp => sp.GetRequiredService<LeaverOffboarding>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDirectoryLifecycle, MoverReviews>(sp => sp.GetRequiredService<MoverReviews>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDirectoryLifecycle, JoinerWelcome>(sp => sp.GetRequiredService<JoinerWelcome>()));
        return services;
    }

    /// <summary>
    /// Registers Quartz with its persistent job store, the per-grant revoke triggers (<see cref="QuartzRevokeScheduler"/>),
    /// the overdue sweep (<c>Scheduling:OverdueSweepInterval</c>, 2 s), the approval timers and expiry reminders
    /// (<c>Scheduling:SweepInterval</c>, 30 s), the reconciler (<c>Scheduling:ReconcileInterval</c>, 1 h), the directory
    /// sync when <c>Directory:Source</c> names an identity source (<c>Directory:SyncInterval</c>, 15 min), and the
    /// hosted service that runs them. Call after <c>AddIgaStorage</c>, so the database is migrated before the first job runs.
    /// <para>
    /// With SQLite (one node, the default) Quartz has its own file (<c>Scheduling:ConnectionString</c>, default
    /// <c>data/quartz.db</c>; the tables are created when missing). With <c>Database:Provider=Postgres</c> it lives in the
    /// application's database (tables <c>qrtz_*</c>, created by migration 0050 under the migration lock), clustered: every
    /// instance is a node (instance id generated), any node fires any trigger, a periodic job fires once per interval
    /// across the nodes and never twice at once (<see cref="DisallowConcurrentExecutionAttribute"/>), and a node that stops
    /// checking in (<c>Scheduling:ClusterCheckinInterval</c>) has its triggers and interrupted revokes recovered by another.
    /// </para>
    /// </summary>
    public static IServiceCollection AddIgaScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(LifecycleSchedulingOptions.Section);
        var options = section.Get<LifecycleSchedulingOptions>() ?? new LifecycleSchedulingOptions();
        if (options.Validate() is { Count: > 0 } problems)
            throw new InvalidOperationException(string.Join(" ", problems));
        services.AddOptions<LifecycleSchedulingOptions>().Bind(section);
        services.Replace(ServiceDescriptor.Singleton<IRevokeScheduler, QuartzRevokeScheduler>());

        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var directory = configuration.GetSection(DirectoryOptions.Section).Get<DirectoryOptions>() ?? new DirectoryOptions();
        if (database.Provider == DatabaseProvider.Postgres) return AddClusteredScheduling(services, options, database, directory);

        var connectionString = PrepareSqliteFile(options.ConnectionString);
        services.AddQuartz(q =>
        {
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(QuartzSqliteFactory.Instance, connectionString);
                store.ProvisionSchema();
                store.UseSystemTextJsonSerializer();
            });
            AddPeriodicJobs(q, options, directory, firstReconcile: TimeSpan.FromMinutes(1));
        });
        // Before Quartz starts: its file in WAL mode (kept in the file), so a burst of firings is not one disk sync each.
        services.AddHostedService(_ => new QuartzDatabasePreparation(connectionString));
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    /// <summary>The name every node of one deployment shares: Quartz's rows are keyed by it.</summary>
    public const string ClusteredSchedulerName = "IgaBot";

    private static IServiceCollection AddClusteredScheduling(IServiceCollection services, LifecycleSchedulingOptions options, DatabaseOptions database, DirectoryOptions directory)
    {
        if (string.IsNullOrWhiteSpace(database.ConnectionString))
            throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres.");
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = ClusteredSchedulerName;
                s.GenerateInstanceId = true;
                // Every acquisition round takes the cluster's trigger lock: take a batch of due triggers per round (those
                // due within half a second of the first, which the revoker's one-second early tolerance accepts), not one.
                s.MaxBatchSize = options.MaxConcurrency;
                s.BatchTriggerAcquisitionFireAheadTimeWindow = TimeSpan.FromMilliseconds(500);
            });
            q.UseDefaultThreadPool(options.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(NpgsqlFactory.Instance, database.ConnectionString);
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = "qrtz_";
                    // Migration 0050 made the tables under the migration lock; Quartz only checks them.
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                store.UseClustering(c =>
                {
                    c.CheckinInterval = options.ClusterCheckinInterval;
                    c.CheckinMisfireThreshold = options.ClusterCheckinInterval;
                });
                store.UseSystemTextJsonSerializer();
            });
            AddPeriodicJobs(q, options, directory, firstReconcile: options.ReconcileInterval < TimeSpan.FromMinutes(1) ? options.ReconcileInterval : TimeSpan.FromMinutes(1));
        });
        // Every node declares the periodic triggers at its start; a restarted node must not move a schedule the others
        // keep (the reconcile would never come while nodes restart): a replaced trigger keeps its last firing.
        services.Configure<QuartzOptions>(o => o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true);
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static void AddPeriodicJobs(IQuartzBuilder q, LifecycleSchedulingOptions options, DirectoryOptions directory, TimeSpan firstReconcile)
    {
        // The directory sync (Directory:SyncInterval) only when people come from an identity source; first at start.
        if (!directory.FromYaml && directory.SyncInterval > TimeSpan.Zero)
        {
            q.AddJob<DirectorySyncJob>(j => j.WithIdentity(DirectorySyncJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(DirectorySyncJob.Key).WithIdentity(DirectorySyncJob.TriggerKey)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(directory.SyncInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        }

        q.AddJob<LifecycleSweepJob>(j => j.WithIdentity(LifecycleSweepJob.Key).StoreDurably());
        q.AddTrigger(t => t.ForJob(LifecycleSweepJob.Key).WithIdentity("sweep", "lifecycle")
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(options.SweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        q.AddJob<OverdueGrantsJob>(j => j.WithIdentity(OverdueGrantsJob.Key).StoreDurably());
        q.AddTrigger(t => t.ForJob(OverdueGrantsJob.Key).WithIdentity("overdue-grants", "lifecycle")
            .StartNow()
            .WithSimpleSchedule(s => s.WithInterval(options.OverdueSweepInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
        q.AddJob<ReconcileJob>(j => j.WithIdentity(ReconcileJob.Key).StoreDurably());
        q.AddTrigger(t => t.ForJob(ReconcileJob.Key).WithIdentity("reconcile", "lifecycle")
            .StartAt(DateTimeOffset.UtcNow + firstReconcile)
            .WithSimpleSchedule(s => s.WithInterval(options.ReconcileInterval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount)));
    }

    /// <summary>An absolute file path (its folder created), so Quartz finds the same file whatever the working directory later is.</summary>
    private static string PrepareSqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource) || builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
            throw new InvalidOperationException("Scheduling:ConnectionString must name a SQLite file: Quartz keeps the revoke triggers there across restarts.");
        var path = Path.GetFullPath(builder.DataSource);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        builder.DataSource = path;
        return builder.ToString();
    }

    private sealed class QuartzDatabasePreparation(string connectionString) : Microsoft.Extensions.Hosting.IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await using var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteScalarAsync(cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
