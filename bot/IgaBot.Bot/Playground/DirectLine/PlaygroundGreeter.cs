using IgaBot.Core;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Playground.DirectLine;

/// <summary>
/// Once the server listens, tells the bot that it was installed for every person of the tenant (the
/// <c>conversationUpdate</c> Teams sends), so the bot greets each persona and keeps a conversation reference
/// for each: an approval card can then reach an approver who has not opened the playground yet.
/// </summary>
internal sealed class PlaygroundGreeter(
    IHostApplicationLifetime lifetime,
    ITenantAccessor tenant,
    PlaygroundBot bot,
    IOptions<PlaygroundOptions> options,
    ILogger<PlaygroundGreeter> logger) : BackgroundService
{
    private const int AtOnce = 4;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once every persona has been greeted (or greeting gave up).</summary>
    public bool Finished => _done.Task.IsCompleted;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.GreetEveryone)
        {
            _done.TrySetResult();
            return;
        }
        try
        {
            await WhenStartedAsync(stoppingToken);
            await GreetEveryoneAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _done.TrySetResult();
        }
    }

    private async Task GreetEveryoneAsync(CancellationToken ct)
    {
        var people = tenant.Current.Directory.People;
        var failed = 0;
        await Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = ct }, async (person, token) =>
        {
            var answer = await bot.SendAsync(bot.Installed(person), token);
            if (answer.Ok) return;
            if (Interlocked.Increment(ref failed) == 1)
                logger.LogWarning("Playground: the bot answered {Status} when told it was installed for {Email}: {Problem}. Approval cards may not reach people who have not opened the playground",
                    answer.Status, person.Email, answer.Problem ?? answer.Body?.ToJsonString());
        });
        logger.LogInformation("Playground: greeted {Count} people of the tenant ({Failed} failed)", people.Count - failed, failed);
    }

    private Task WhenStartedAsync(CancellationToken ct)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        ct.Register(() => started.TrySetCanceled(ct));
        return started.Task;
    }
}
