using System.Net.Http.Headers;

namespace IgaBot.Adapters.Connectors;

/// <summary>Where a connector's Authorization header comes from.</summary>
internal interface IConnectorCredential
{
    /// <summary>The settings a person should check when the target system refuses the credential.</summary>
    string Settings { get; }

    /// <summary>The header to send now.</summary>
    /// <exception cref="IgaBot.Core.Provisioning.ConnectorException">No credential could be had (a token endpoint refused or failed).</exception>
    ValueTask<AuthenticationHeaderValue> HeaderAsync(CancellationToken ct);

    /// <summary>
    /// The target system answered 401 to <paramref name="header"/>. True when a fresh credential is worth
    /// one more try (the refused one is dropped); false when the credential cannot change.
    /// </summary>
    bool Refused(AuthenticationHeaderValue header);
}

/// <summary>A token from configuration (<c>Connectors:NAME:Token</c>), sent as it is.</summary>
internal sealed class StaticTokenCredential(string scheme, string? token, string settings) : IConnectorCredential
{
    private readonly AuthenticationHeaderValue _header = new(scheme, token);

    public string Settings => settings;

    public ValueTask<AuthenticationHeaderValue> HeaderAsync(CancellationToken ct) => ValueTask.FromResult(_header);

    public bool Refused(AuthenticationHeaderValue header) => false;
}
