using System.Text.Json;
using IgaBot.Core.Storage;

namespace IgaBot.Core.Provisioning;

/// <summary>
/// The provisioning messages of the outbox. Enqueue them in the same <see cref="IIgaStore.RunAsync{T}"/>
/// as the change that calls for them (the approval, the start of a revoke), so neither exists without the other.
/// </summary>
public static class ProvisioningOutbox
{
    public const string GrantKind = "provision.grant";
    public const string RevokeKind = "provision.revoke";

    /// <summary>
    /// Asks for the approved request to be provisioned. <paramref name="grantId"/> is the id the grant will
    /// have; it is fixed now so a retried connector call (and a manual task) refers to the same grant.
    /// Enqueueing twice for one request keeps the first message.
    /// </summary>
    public static Task<OutboxMessage> EnqueueGrantAsync(IOutbox outbox, Guid requestId, Guid? grantId = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        var payload = new GrantPayload(requestId, grantId ?? Guid.NewGuid());
        return outbox.EnqueueAsync(GrantKind, JsonSerializer.Serialize(payload), $"{GrantKind}:{requestId:N}");
    }

    /// <summary>Asks for a grant that has just moved to Revoking to be removed from the target system.</summary>
    public static Task<OutboxMessage> EnqueueRevokeAsync(IOutbox outbox, Guid grantId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        // One message per move to Revoking: a retry of a RevokeFailed grant is a new attempt with its own key.
        return outbox.EnqueueAsync(RevokeKind, JsonSerializer.Serialize(new RevokePayload(grantId)), $"{RevokeKind}:{grantId:N}:{now.UtcTicks}");
    }

    public sealed record GrantPayload(Guid RequestId, Guid GrantId);

    public sealed record RevokePayload(Guid GrantId);
}

/// <summary>Wakes the provisioning worker when work was just enqueued, so it does not wait for its next poll.</summary>
public sealed class ProvisioningSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0) _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake: one pending wake-up is enough.
        }
    }

    /// <summary>Waits until woken or until <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
