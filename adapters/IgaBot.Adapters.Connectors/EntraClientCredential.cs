using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Identity.Client;
using Polly.Timeout;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// Graph tokens for an entra connector from the Microsoft identity platform's client-credentials grant
/// (<c>POST {Authority}/{tenant}/oauth2/v2.0/token</c>, scope <c>https://graph.microsoft.com/.default</c>),
/// requested and read by MSAL through the connector's token client. A token is kept, on our
/// <see cref="TimeProvider"/>, until shortly before it expires, and dropped when Graph refuses it; only then is
/// MSAL asked for a new one (bypassing its own cache, which runs on the real clock). The client secret goes
/// only to MSAL: never into a message, a log or an exception.
/// </summary>
internal sealed partial class EntraClientCredential : IConnectorCredential
{
    public const string DefaultAuthority = "https://login.microsoftonline.com";
    public const string GraphScope = "https://graph.microsoft.com/.default";

    /// <summary>How long before its expiry a token is replaced, so a request never carries one that dies on the way.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly string _name;
    private readonly string _label;
    private readonly string _clientSecret;
    private readonly TimeSpan _timeout;
    private readonly IConfidentialClientApplication _app;
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
        _clientSecret = options.ClientSecret;
        _timeout = options.Timeout;
        _time = time;
        _logger = logger;
        var tenantAuthority = new Uri(authorityUri, Uri.EscapeDataString(options.TenantId.Trim()));
        TokenEndpoint = new Uri(tenantAuthority.AbsoluteUri + "/oauth2/v2.0/token");

        // Another cloud or a local stand-in is used as given: no instance discovery, no authority validation.
        var isDefault = string.Equals(authorityUri.AbsoluteUri, DefaultAuthority + "/", StringComparison.OrdinalIgnoreCase);
        // One failed answer is one failure for the classifier: MSAL does not retry 5xx on its own.
        _app = ConfidentialClientApplicationBuilder.Create(options.ClientId)
            .WithClientSecret(options.ClientSecret)
            .WithAuthority(tenantAuthority.AbsoluteUri, validateAuthority: isDefault)
            .WithInstanceDiscovery(isDefault)
            .WithHttpClientFactory(new TokenClients(clients, name), retryOnceOn5xx: false)
            .Build();
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
        // The token's lifetime counts from before the request, so it is never thought to live longer than it does.
        // MSAL states the expiry on the real clock; its distance from then is carried over to ours.
        var requestedAt = _time.GetUtcNow();
        var requestedAtReally = TimeProvider.System.GetUtcNow();
        AuthenticationResult result;
        try
        {
            // Our clock decided the token must be replaced (or there is none yet), so MSAL's cache is not asked.
            result = await _app.AcquireTokenForClient([GraphScope]).WithForceRefresh(true).ExecuteAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested && Failure(ex) is { } failure)
        {
            throw new ConnectorException(await failure);
        }

        if (string.IsNullOrEmpty(result.AccessToken))
        {
            throw new ConnectorException(NoAccessToken());
        }

        var lifetime = TimeSpan.FromSeconds(Math.Max(0, Math.Floor((result.ExpiresOn - requestedAtReally).TotalSeconds)));
        var margin = lifetime > 2 * RefreshMargin ? RefreshMargin : lifetime / 2;
        LogFetched(_name, lifetime.TotalSeconds);
        return new CachedToken(new AuthenticationHeaderValue("Bearer", result.AccessToken), requestedAt + lifetime - margin);
    }

    /// <summary>What a failed token request means for the connector: MSAL's exceptions in the connector's terms.</summary>
    private Task<ConnectorResult>? Failure(Exception ex)
    {
        if (Inner<TimeoutRejectedException>(ex) is not null || Inner<TaskCanceledException>(ex) is not null
            || ex is MsalServiceException { ErrorCode: MsalError.RequestTimeout })
        {
            return Task.FromResult(_classifier.TimedOut(HttpMethod.Post, TokenEndpoint, _timeout));
        }

        if (Inner<HttpRequestException>(ex) is { } unreachable)
        {
            return Task.FromResult(_classifier.Unreachable(TokenEndpoint, unreachable));
        }

        return ex switch
        {
            // Wrong tenant, client id or secret: no retry will help, the settings must change.
            MsalServiceException { StatusCode: >= 400 } service when IsRefusal((HttpStatusCode)service.StatusCode) => Task.FromResult(Refusal(service)),
            MsalServiceException { StatusCode: >= 400 } service => OfFailureAsync(service),
            // An answer MSAL could not read as a token.
            MsalException => Task.FromResult(NoAccessToken()),
            _ => null,
        };
    }

    private ConnectorResult Refusal(MsalServiceException ex)
    {
        var said = TokenErrorDetail(ex.ResponseBody ?? "") is { } detail ? $": {detail}" : "";
        return ConnectorResult.Permanent(
            $"{_label} could not get a Graph token from {TokenEndpoint.Authority} ({ex.StatusCode}){said}. Check {Settings}.");
    }

    /// <summary>A throttled or failing token endpoint (408, 429, 5xx), judged as any other failed answer.</summary>
    private async Task<ConnectorResult> OfFailureAsync(MsalServiceException ex)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)ex.StatusCode) { Content = new StringContent(ex.ResponseBody ?? "") };
        foreach (var (header, values) in ex.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
        {
            response.Headers.TryAddWithoutValidation(header, values);
        }

        return await _classifier.OfFailureAsync(response, $"getting a Graph token from {TokenEndpoint.Authority}", CancellationToken.None);
    }

    private ConnectorResult NoAccessToken() => ConnectorResult.Permanent(
        $"The token endpoint {TokenEndpoint.Authority} answered without an access token; check {ConnectorOptions.Section}:{_name}:Authority.");

    private static T? Inner<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsRefusal(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

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

    /// <summary>MSAL's requests go through the connector's token client (its timeout, and the host's handlers).</summary>
    private sealed class TokenClients(IHttpClientFactory clients, string name) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => clients.CreateClient(ConnectorHttp.TokenClientName(name));
    }

    private sealed record CachedToken(AuthenticationHeaderValue Header, DateTimeOffset RefreshAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} got a Graph token valid for {Seconds} s")]
    private partial void LogFetched(string connector, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector}: Graph refused its token; getting a new one")]
    private partial void LogRefused(string connector);
}
