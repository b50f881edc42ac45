using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// Loads MiniLM, indexes the catalog and runs one search in the background after start, so the first person
/// to write does not wait for it. Registered after the store, whose migrations create the embedding cache.
/// </summary>
public sealed partial class PlannerWarmUp(SemanticEntitlementSearch search, ILogger<PlannerWarmUp> log) : BackgroundService
{
    // Any sentence: the first encode pays ONNX Runtime's first run (about 70 ms against 5 ms for the next ones on
    // two cores), and the first searches pay the compilation of the search.
    private const string Sample = "I need read-only access";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await search.WarmUpAsync(stoppingToken);
            var index = await search.IndexAsync(stoppingToken);
            var vector = index.Embedder.Embed(Sample, stoppingToken);
            index.Search(Sample, vector);
            index.Search(Sample, vector, limit: 1);
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
