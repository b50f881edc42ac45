namespace IgaBot.Core.Provisioning;

/// <summary>
/// The <c>Connectors</c> settings section: one entry per connector instance that catalog apps name,
/// <c>Connectors:NAME:Type</c>, <c>:BaseUrl</c>, <c>:Token</c>; an <c>entra</c> instance may instead get
/// its tokens itself with <c>:TenantId</c>, <c>:ClientId</c> and <c>:ClientSecret</c> (and <c>:Authority</c>).
/// </summary>
public sealed class ConnectorOptions
{
    public const string Section = "Connectors";

    /// <summary>Instances by name (case-insensitive, as app <c>connector</c> values are matched).</summary>
    public Dictionary<string, ConnectorInstanceOptions> Instances { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every problem with the settings, each naming the key to fix; empty when usable. Never shows a token.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var (name, instance) in Instances)
        {
            var key = $"{Section}:{name}";
            var type = ConnectorTypes.Normalize(instance.Type);
            if (type is null)
            {
                problems.Add(string.IsNullOrWhiteSpace(instance.Type)
                    ? $"{key}:Type is missing; expected one of {string.Join(", ", ConnectorTypes.All)}."
                    : $"{key}:Type is '{instance.Type}'; expected one of {string.Join(", ", ConnectorTypes.All)}.");
                continue;
            }

            if (instance.MaxAttempts < 1)
            {
                problems.Add($"{key}:MaxAttempts is {instance.MaxAttempts}; it must be at least 1.");
            }

            if (instance.MaxRetryWait < TimeSpan.Zero)
            {
                problems.Add($"{key}:MaxRetryWait must not be negative.");
            }

            if (instance.Timeout <= TimeSpan.Zero)
            {
                problems.Add($"{key}:Timeout must be positive.");
            }

            if (type == ConnectorTypes.Manual)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(instance.BaseUrl))
            {
                problems.Add($"{key}:BaseUrl is missing; a {type} connector needs the address of its API.");
            }
            else if (!Uri.TryCreate(instance.BaseUrl, UriKind.Absolute, out var uri)
                     || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add($"{key}:BaseUrl '{instance.BaseUrl}' is not an absolute http(s) address.");
            }
            else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            {
                // The token travels with every request: plain http only to this machine (tests, local proxies).
                problems.Add($"{key}:BaseUrl '{instance.BaseUrl}' must use https (plain http is accepted only for localhost).");
            }

            if (type == ConnectorTypes.Entra && instance.HasClientCredentials)
            {
                ValidateClientCredentials(key, instance, problems);
            }
            else if (instance.HasClientCredentials)
            {
                problems.Add($"{key}:TenantId, ClientId and ClientSecret apply only to entra connectors; a {type} connector needs {key}:Token.");
            }
            else if (string.IsNullOrWhiteSpace(instance.Token))
            {
                problems.Add(type == ConnectorTypes.Entra
                    ? $"{key}:Token is missing; an entra connector needs a Graph token, or {key}:TenantId, ClientId and ClientSecret to get its own."
                    : $"{key}:Token is missing; a {type} connector needs an API token.");
            }
        }

        return problems;
    }

    private static void ValidateClientCredentials(string key, ConnectorInstanceOptions instance, List<string> problems)
    {
        var missing = new (string Name, string? Value)[] { ("TenantId", instance.TenantId), ("ClientId", instance.ClientId), ("ClientSecret", instance.ClientSecret) }
            .Where(setting => string.IsNullOrWhiteSpace(setting.Value))
            .Select(setting => $"{key}:{setting.Name}")
            .ToList();
        if (missing.Count > 0)
        {
            problems.Add($"{string.Join(", ", missing)} {(missing.Count == 1 ? "is" : "are")} missing; getting a token needs TenantId, ClientId and ClientSecret together.");
        }

        if (!string.IsNullOrWhiteSpace(instance.Token))
        {
            problems.Add($"{key}:Token and {key}:ClientSecret are both set; keep one, so that it is clear which credential the connector uses.");
        }

        if (instance.Authority is not null)
        {
            if (!Uri.TryCreate(instance.Authority, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                problems.Add($"{key}:Authority '{instance.Authority}' is not an absolute http(s) address.");
            }
            else if (uri.Scheme == Uri.UriSchemeHttp)
            {
                // The client secret travels to it, and MSAL talks to no authority over plain http, not even a local one.
                problems.Add($"{key}:Authority '{instance.Authority}' must use https.");
            }
        }
    }
}

/// <summary>One connector instance (<c>Connectors:NAME</c>).</summary>
public sealed class ConnectorInstanceOptions
{
    /// <summary><c>scim</c>, <c>entra</c>, <c>okta</c> or <c>manual</c>.</summary>
    public string? Type { get; set; }

    /// <summary>The API root: the SCIM base (…/scim/v2), Graph (…/v1.0), or the Okta org URL.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The API token (bearer for SCIM and Graph, SSWS for Okta). From configuration only; never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Entra only: the directory (tenant) id or domain whose token endpoint gives the connector its Graph tokens.</summary>
    public string? TenantId { get; set; }

    /// <summary>Entra only: the application (client) id of the app registration.</summary>
    public string? ClientId { get; set; }

    /// <summary>Entra only: the app registration's client secret. From configuration only; never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Entra only: where tokens come from; https://login.microsoftonline.com when unset (other clouds, local stand-ins).</summary>
    public string? Authority { get; set; }

    /// <summary>Whether any client-credentials setting is given (then all three must be).</summary>
    public bool HasClientCredentials =>
        !string.IsNullOrWhiteSpace(TenantId) || !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>The longest Retry-After that a call waits out itself; a longer one is answered as Transient with RetryAfter.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many times one call may send a throttled request (the first try included).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long one HTTP request may take before the call is answered as Transient.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Without the token or secret, so that logging the options can never leak it.</summary>
    public override string ToString() => HasClientCredentials
        ? $"{Type ?? "?"} {BaseUrl ?? "(no base url)"} (client {ClientId ?? "missing"} of tenant {TenantId ?? "missing"}, secret {(string.IsNullOrEmpty(ClientSecret) ? "missing" : "set")})"
        : $"{Type ?? "?"} {BaseUrl ?? "(no base url)"} (token {(string.IsNullOrEmpty(Token) ? "missing" : "set")})";
}
