using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// Loads MiniLM and indexes the catalog in the background after start, so the first person to write
/// does not wait for it. Registered after the store, whose migrations create the embedding cache.
/// </summary>
public sealed partial class PlannerWarmUp(SemanticEntitlementSearch search, ILogger<PlannerWarmUp> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await search.WarmUpAsync(stoppingToken);
            LogReady(log);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The first turn builds the index instead.
            LogFailed(log, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Offline planner ready: catalog indexed for semantic search")]
    private static partial void LogReady(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing the catalog at start failed; the first turn will try again")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
