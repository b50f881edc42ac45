using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// For apps outside the identity provider: hands the app owner a task ("Add Alice Chen to NetSuite AP
/// Clerk") through <see cref="IManualTaskSink"/> and answers Pending. The provisioning workflow
/// completes the grant when the owner answers Done or Can't do.
/// </summary>
public sealed partial class ManualConnector(string name, IManualTaskSink sink, TimeProvider time, ILogger<ManualConnector> logger) : IConnector
{
    private readonly ILogger<ManualConnector> _logger = logger;

    public string Name { get; } = name;
    public string Type => ConnectorTypes.Manual;

    /// <summary>False: what the owner did by hand cannot be read back.</summary>
    public bool CanListMembers => false;

    public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct) =>
        HandOverAsync(ProvisioningOperation.Grant, target, ct);

    public Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct) =>
        HandOverAsync(ProvisioningOperation.Revoke, target, ct);

    public Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct) =>
        throw new NotSupportedException($"Manual connector '{Name}' cannot read who holds '{group}': the change is made by hand outside the bot.");

    private async Task<ConnectorResult> HandOverAsync(ProvisioningOperation operation, ProvisioningTarget target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (string.IsNullOrWhiteSpace(target.AppOwner))
        {
            return ConnectorResult.Permanent(
                $"Nobody can be asked to {(operation == ProvisioningOperation.Grant ? "grant" : "revoke")} {target.EntitlementLabel} by hand: the app has no owner in the catalog.");
        }

        var task = new ManualTask
        {
            Id = ManualTask.IdFor(operation, target),
            Operation = operation,
            Target = target,
            Assignee = target.AppOwner,
            Connector = Name,
            Title = ManualTask.TitleFor(operation, target),
            CreatedAt = time.GetUtcNow(),
        };
        await sink.DeliverAsync(task, ct);
        LogHandedOver(Name, task.Id, task.Assignee, task.Title);
        return ConnectorResult.Pending(task.Id.ToString(), $"Waiting for {task.Assignee} to do it by hand: {task.Title}.");
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} handed task {TaskId} to {Assignee}: {Title}")]
    private partial void LogHandedOver(string connector, Guid taskId, string assignee, string title);
}
