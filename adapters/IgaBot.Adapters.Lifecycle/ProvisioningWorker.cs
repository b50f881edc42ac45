using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// Runs <see cref="Provisioner"/> in the background: right away when woken by new work, otherwise every
/// <see cref="ProvisioningOptions.PollInterval"/> (retries come due that way).
/// </summary>
public sealed partial class ProvisioningWorker(
    Provisioner provisioner,
    ProvisioningSignal signal,
    IOptions<ProvisioningOptions> options,
    ILogger<ProvisioningWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.PollInterval;
        var batch = options.Value.BatchSize;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                claimed = await provisioner.RunDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(ex);
            }
            // A full batch means more may be due: go again at once.
            if (claimed >= batch) continue;
            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Provisioning round failed; trying again after the poll interval")]
    private partial void LogFailed(Exception ex);
}
