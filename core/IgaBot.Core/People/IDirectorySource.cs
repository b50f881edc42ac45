namespace IgaBot.Core.People;

/// <summary>What one read of an identity source found: every enabled person, and what to hand back next time.</summary>
/// <param name="People">The whole directory now (disabled and deleted people left out), whatever the source read to know it.</param>
/// <param name="State">The source's own memory between reads (a Graph delta link...), kept with the directory; null when it keeps none.</param>
/// <param name="Delta">True when the source read only the changes since <c>State</c> (and merged them).</param>
public sealed record DirectoryRead(IReadOnlyList<Person> People, string? State, bool Delta = false);

/// <summary>
/// An identity provider the directory is read from (Microsoft Entra ID, Okta, a SCIM service provider).
/// </summary>
/// <remarks>
/// A read either answers the whole directory or throws <see cref="Provisioning.ConnectorException"/> (unreachable,
/// throttled past the connector's patience, refused, or an answer that is not what the API documents): half a
/// directory is never answered, because the sync would take the missing half for leavers.
/// </remarks>
public interface IDirectorySource
{
    /// <summary>The connector instance name (<c>Connectors:NAME</c>).</summary>
    string Name { get; }

    /// <summary>entra, okta or scim.</summary>
    string Type { get; }

    /// <summary>Reads the directory; <paramref name="state"/> is what the previous read returned (null the first time).</summary>
    Task<DirectoryRead> ReadAsync(string? state, CancellationToken ct);
}
