using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// Graph tokens for an entra connector from the Microsoft identity platform's client-credentials grant
/// (<c>POST {Authority}/{tenant}/oauth2/v2.0/token</c>, scope <c>https://graph.microsoft.com/.default</c>).
/// A token is kept until shortly before it expires, and dropped when Graph refuses it. The client
/// secret goes only into the token request's body: never into a message, a log or an exception.
/// </summary>
internal sealed partial class EntraClientCredential : IConnectorCredential
{
    public const string DefaultAuthority = "https://login.microsoftonline.com";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>How long before its expiry a token is replaced, so a request never carries one that dies on the way.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly string _name;
    private readonly string _label;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly TimeSpan _timeout;
    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConnectorResponseClassifier _classifier;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private CachedToken? _current;

    public EntraClientCredential(string name, string label, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.TenantId) || string.IsNullOrWhiteSpace(options.ClientId) || string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            throw new InvalidOperationException(
                $"{ConnectorOptions.Section}:{name}:TenantId, ClientId and ClientSecret are all needed to get Graph tokens.");
        }

        var authority = string.IsNullOrWhiteSpace(options.Authority) ? DefaultAuthority : options.Authority;
        if (!Uri.TryCreate(authority.TrimEnd('/') + "/", UriKind.Absolute, out var authorityUri))
        {
            throw new InvalidOperationException($"{ConnectorOptions.Section}:{name}:Authority is not an absolute address.");
        }

        _name = name;
        _label = label;
        _clientId = options.ClientId;
        _clientSecret = options.ClientSecret;
        _timeout = options.Timeout;
        _clients = clients;
        _time = time;
        _logger = logger;
        TokenEndpoint = new Uri(authorityUri, $"{Uri.EscapeDataString(options.TenantId.Trim())}/oauth2/v2.0/token");
        var key = $"{ConnectorOptions.Section}:{name}";
        Settings = $"{key}:TenantId, {key}:ClientId and {key}:ClientSecret (and the app's Graph permissions)";
        _classifier = new ConnectorResponseClassifier(name, label, Settings, TokenErrorDetail, time, logger);
    }

    public Uri TokenEndpoint { get; }

    public string Settings { get; }

    public async ValueTask<AuthenticationHeaderValue> HeaderAsync(CancellationToken ct)
    {
        if (Fresh(Volatile.Read(ref _current)) is { } header)
        {
            return header;
        }

        // One request at a time: callers that wait here find the token the first one got.
        await _fetching.WaitAsync(ct);
        try
        {
            if (Fresh(Volatile.Read(ref _current)) is { } fetched)
            {
                return fetched;
            }

            var token = await RequestTokenAsync(ct);
            Volatile.Write(ref _current, token);
            return token.Header;
        }
        finally
        {
            _fetching.Release();
        }
    }

    public bool Refused(AuthenticationHeaderValue header)
    {
        // Drops the token only if it is still the current one: after concurrent 401s, one fetch is enough.
        var current = Volatile.Read(ref _current);
        if (current is not null && ReferenceEquals(current.Header, header))
        {
            Interlocked.CompareExchange(ref _current, null, current);
        }

        LogRefused(_name);
        return true;
    }

    private AuthenticationHeaderValue? Fresh(CachedToken? token) =>
        token is not null && _time.GetUtcNow() < token.RefreshAt ? token.Header : null;

    private async Task<CachedToken> RequestTokenAsync(CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = _clientId,
                ["client_secret"] = _clientSecret,
                ["scope"] = GraphScope,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        // The token's lifetime counts from before the request, so it is never thought to live longer than it does.
        var requestedAt = _time.GetUtcNow();
        using var response = await ConnectorHttp.SendWithinAsync(
            _clients.CreateClient(ConnectorHttp.TokenClientName(_name)), request, _timeout, _classifier, ct);
        if (IsRefusal(response.StatusCode))
        {
            // Wrong tenant, client id or secret: no retry will help, the settings must change.
            var said = TokenErrorDetail(await response.Content.ReadAsStringAsync(ct)) is { } detail ? $": {detail}" : "";
            throw new ConnectorException(ConnectorResult.Permanent(
                $"{_label} could not get a Graph token from {TokenEndpoint.Authority} ({(int)response.StatusCode}){said}. Check {Settings}."));
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _classifier.OfFailureAsync(response, $"getting a Graph token from {TokenEndpoint.Authority}", ct));
        }

        var (accessToken, lifetime) = ParseToken(await response.Content.ReadAsStringAsync(ct));
        if (accessToken is null)
        {
            throw new ConnectorException(ConnectorResult.Permanent(
                $"The token endpoint {TokenEndpoint.Authority} answered without an access token; check {ConnectorOptions.Section}:{_name}:Authority."));
        }

        var margin = lifetime > 2 * RefreshMargin ? RefreshMargin : lifetime / 2;
        LogFetched(_name, lifetime.TotalSeconds);
        return new CachedToken(new AuthenticationHeaderValue("Bearer", accessToken), requestedAt + lifetime - margin);
    }

    private static bool IsRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    private static (string? AccessToken, TimeSpan Lifetime) ParseToken(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var token) || token.ValueKind != JsonValueKind.String)
            {
                return (null, TimeSpan.Zero);
            }

            // expires_in is a number of seconds (a string in older answers); without it, assume the usual hour.
            var seconds = root.TryGetProperty("expires_in", out var expires) switch
            {
                true when expires.ValueKind == JsonValueKind.Number && expires.TryGetInt64(out var n) => n,
                true when expires.ValueKind == JsonValueKind.String
                    && long.TryParse(expires.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
                _ => 3600,
            };
            return (token.GetString(), TimeSpan.FromSeconds(Math.Max(0, seconds)));
        }
        catch (JsonException)
        {
            return (null, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// "invalid_client: AADSTS7000215: Invalid client secret provided." from a token error body: the
    /// error code and the first line of its description (the rest is trace and correlation ids). Whatever
    /// the body holds, the secret is masked should the endpoint ever echo it.
    /// </summary>
    private string? TokenErrorDetail(string body)
    {
        string? detail;
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString()
                : null;
            var description = error is not null && root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String
                ? d.GetString()?.Split('\n', 2)[0].Trim()
                : null;
            detail = string.IsNullOrEmpty(description) ? error : $"{error}: {description}";
        }
        catch (JsonException)
        {
            detail = string.IsNullOrWhiteSpace(body) ? null : body.Trim();
        }

        detail = detail?.Replace(_clientSecret, "***", StringComparison.Ordinal);
        return detail is { Length: > 300 } ? detail[..300] + "…" : detail;
    }

    private sealed record CachedToken(AuthenticationHeaderValue Header, DateTimeOffset RefreshAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} got a Graph token valid for {Seconds} s")]
    private partial void LogFetched(string connector, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector}: Graph refused its token; getting a new one")]
    private partial void LogRefused(string connector);
}
