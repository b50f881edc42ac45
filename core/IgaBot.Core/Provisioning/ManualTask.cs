using System.Security.Cryptography;
using System.Text;

namespace IgaBot.Core.Provisioning;

public enum ProvisioningOperation { Grant, Revoke }

/// <summary>
/// A change that a person (the app owner) must make by hand, for apps outside the identity provider.
/// The provisioning workflow shows it as a card with Done / Can't do and completes the grant from the answer.
/// </summary>
public sealed record ManualTask
{
    public required Guid Id { get; init; }
    public required ProvisioningOperation Operation { get; init; }
    public required ProvisioningTarget Target { get; init; }

    /// <summary>Email of the person asked to do it (the app owner).</summary>
    public required string Assignee { get; init; }

    /// <summary>The connector instance that made the task.</summary>
    public required string Connector { get; init; }

    /// <summary>"Add Alice Chen to NetSuite AP Clerk" / "Remove Alice Chen from NetSuite AP Clerk".</summary>
    public required string Title { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// The task id for a change: stable for the same grant and operation, so that a retried call
    /// hands over the same task (the sink can ignore a duplicate); random when there is no grant.
    /// </summary>
    public static Guid IdFor(ProvisioningOperation operation, ProvisioningTarget target)
    {
        if (target.GrantId is not { } grantId)
        {
            return Guid.NewGuid();
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"igabot-manual-task:{grantId:N}:{operation}"));
        return new Guid(hash.AsSpan(0, 16));
    }

    public static string TitleFor(ProvisioningOperation operation, ProvisioningTarget target)
    {
        var what = target.AppName is { Length: > 0 } app
            && !(target.EntitlementName ?? "").StartsWith(app, StringComparison.OrdinalIgnoreCase)
            ? $"{app} {target.EntitlementLabel}"
            : target.EntitlementLabel;
        return operation == ProvisioningOperation.Grant
            ? $"Add {target.PersonLabel} to {what}"
            : $"Remove {target.PersonLabel} from {what}";
    }
}

/// <summary>
/// Where manual tasks go. The provisioning workflow implements it (store the task, send the owner a
/// card); delivery must be durable, since the grant waits on the answer.
/// </summary>
public interface IManualTaskSink
{
    /// <summary>Hands over <paramref name="task"/>. A task whose id was already delivered should be ignored.</summary>
    Task DeliverAsync(ManualTask task, CancellationToken ct);
}
