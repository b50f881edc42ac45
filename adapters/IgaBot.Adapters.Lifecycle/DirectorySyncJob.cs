using IgaBot.Core.People;
using Microsoft.Extensions.Logging;
using Quartz;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// The periodic directory sync (<c>Directory:SyncInterval</c>): one at a time, and on PostgreSQL once per interval across
/// the cluster. A failed or refused sync has already been audited and logged at error by <see cref="DirectorySync"/>.
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class DirectorySyncJob(DirectorySync sync, ILogger<DirectorySyncJob> logger) : IJob
{
    public static readonly JobKey Key = new("directory-sync", "directory");
    public static readonly TriggerKey TriggerKey = new("directory-sync", "directory");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            var report = await sync.RunAsync(dryRun: false, cancellationToken);
            LogRan(report.Outcome, report.ChangeSetsPending);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Directory sync job: {Outcome}; {Pending} change sets waiting for a retry")]
    private partial void LogRan(DirectorySyncOutcome outcome, int pending);

    [LoggerMessage(Level = LogLevel.Error, Message = "Directory sync job failed")]
    private partial void LogFailed(Exception ex);
}
