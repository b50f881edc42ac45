namespace IgaBot.Core.Provisioning;

/// <summary>
/// Puts a person into, or takes them out of, the target of an entitlement in an outside system
/// (a SCIM group, an Entra ID group, an Okta group, or a task for a person to do by hand).
/// </summary>
/// <remarks>
/// Every call is idempotent: granting what is already held and revoking what is already absent
/// answer <see cref="ConnectorOutcome.Done"/>, so a retry after a crash or a timeout is always safe.
/// Implementations do not throw for failures of the outside system; they answer
/// <see cref="ConnectorOutcome.Transient"/> (try again later, maybe after
/// <see cref="ConnectorResult.RetryAfter"/>) or <see cref="ConnectorOutcome.Permanent"/> (a person must
/// fix something; the message says what). Secrets (tokens) never appear in results or logs.
/// </remarks>
public interface IConnector
{
    /// <summary>The instance name from settings (<c>Connectors:NAME</c>), as a catalog app names it.</summary>
    string Name { get; }

    /// <summary>One of <see cref="ConnectorTypes"/>.</summary>
    string Type { get; }

    /// <summary>
    /// Whether <see cref="ListMembersAsync"/> can read the target system. False for <c>manual</c>,
    /// whose target lives outside anything the bot can see.
    /// </summary>
    bool CanListMembers { get; }

    /// <summary>
    /// Makes <see cref="ProvisioningTarget.PersonEmail"/> hold the target. Done when the person holds
    /// it afterwards (including when they already did), Pending when a person has been asked to do it.
    /// </summary>
    Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct);

    /// <summary>
    /// Makes <see cref="ProvisioningTarget.PersonEmail"/> no longer hold the target. Done when the
    /// person does not hold it afterwards (including when they never did). Never widens the change:
    /// it removes exactly this person and nobody else.
    /// </summary>
    Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct);

    /// <summary>
    /// The emails (login names) of the people who hold <paramref name="group"/> in the target system
    /// today, for reconciliation against the grants.
    /// </summary>
    /// <exception cref="ConnectorException">The system could not be read; <see cref="ConnectorException.Failure"/> says whether to retry.</exception>
    /// <exception cref="NotSupportedException">When <see cref="CanListMembers"/> is false.</exception>
    Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct);
}

/// <summary>The connector types that settings may name in <c>Connectors:NAME:Type</c>.</summary>
public static class ConnectorTypes
{
    public const string Scim = "scim";
    public const string Entra = "entra";
    public const string Okta = "okta";
    public const string Manual = "manual";

    public static IReadOnlyList<string> All { get; } = [Scim, Entra, Okta, Manual];

    /// <summary>The lower-case type name, or null when <paramref name="type"/> is not a known type.</summary>
    public static string? Normalize(string? type) =>
        All.FirstOrDefault(t => string.Equals(t, type?.Trim(), StringComparison.OrdinalIgnoreCase));
}
