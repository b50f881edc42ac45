using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// The HTTP side shared by the scim, entra and okta connectors: absolute URIs from the instance's
/// base URL, the auth header, a timeout per request, throttling (a short Retry-After is waited out
/// inside the call, a long one becomes Transient with RetryAfter), and turning an error status into
/// a <see cref="ConnectorResult"/> whose message a person can act on.
/// </summary>
internal sealed partial class ConnectorHttp
{
    public static readonly JsonSerializerOptions Json = new()
    {
        // Keeps quotes as \" rather than \u0022, so SCIM filters in bodies read as the RFC shows them.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly IHttpClientFactory _clients;
    private readonly ConnectorInstanceOptions _options;
    private readonly AuthenticationHeaderValue _auth;
    private readonly MediaTypeWithQualityHeaderValue[] _accept;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ConnectorHttp(string name, string label, ConnectorInstanceOptions options, AuthenticationHeaderValue auth,
        IHttpClientFactory clients, TimeProvider time, ILogger logger, params string[] accept)
    {
        if (string.IsNullOrWhiteSpace(options.BaseUrl) || !Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{ConnectorOptions.Section}:{name}:BaseUrl is missing or not an absolute address.");
        }

        Name = name;
        Label = label;
        BaseUri = new Uri(options.BaseUrl.TrimEnd('/') + "/");
        _options = options;
        _auth = auth;
        _accept = [.. (accept.Length == 0 ? ["application/json"] : accept).Select(MediaTypeWithQualityHeaderValue.Parse)];
        _clients = clients;
        _time = time;
        _logger = logger;
    }

    public string Name { get; }

    /// <summary>"SCIM connector 'github'": how messages name this instance.</summary>
    public string Label { get; }

    /// <summary>The API root, ending with a slash.</summary>
    public Uri BaseUri { get; }

    /// <summary>The named HttpClient of an instance (one per instance, so handlers can be configured per instance).</summary>
    public static string ClientName(string connectorName) => $"IgaBot.Connectors.{connectorName}";

    public Uri Resolve(string relative) => new(BaseUri, relative);

    /// <summary>Whether <paramref name="link"/> (a paging link given by the server) stays under the base URL; the token is never sent elsewhere.</summary>
    public bool IsOwnLink(Uri link) =>
        link.IsAbsoluteUri && link.AbsoluteUri.StartsWith(BaseUri.AbsoluteUri, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sends the request that <paramref name="build"/> makes (again for each try) and answers the last
    /// response, which may still be a 429 when waiting it out was not allowed.
    /// </summary>
    /// <exception cref="ConnectorException">Transient: the server could not be reached or did not answer in time.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await SendOnceAsync(build(), ct);
            if (!IsThrottled(response))
            {
                return response;
            }

            var wait = RetryAfterOf(response);
            if (attempt >= _options.MaxAttempts || wait is null || wait > _options.MaxRetryWait)
            {
                return response;
            }

            LogThrottled(Name, (int)response.StatusCode, wait.Value.TotalSeconds, attempt + 1);
            response.Dispose();
            await Task.Delay(wait.Value, _time, ct);
        }
    }

    public Task<HttpResponseMessage> GetAsync(string relative, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Resolve(relative)), ct);

    public Task<HttpResponseMessage> GetAsync(Uri absolute, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, absolute), ct);

    /// <summary>Reads a JSON body; a body that is not JSON is a Permanent failure (wrong BaseUrl, usually).</summary>
    public async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            throw new ConnectorException(ConnectorResult.Permanent(
                $"{Label} got an answer that is not JSON from {response.RequestMessage?.RequestUri?.AbsolutePath}; check {ConnectorOptions.Section}:{Name}:BaseUrl."));
        }
    }

    /// <summary>
    /// The failure for an error response. <paramref name="detailOf"/> pulls the server's own message out
    /// of the body (each API words errors its own way); <paramref name="doing"/> says what was tried.
    /// </summary>
    public async Task<ConnectorResult> FailureOfAsync(HttpResponseMessage response, string doing, Func<string, string?> detailOf, CancellationToken ct)
    {
        var body = await ReadBodyAsync(response, ct);
        var detail = detailOf(body) ?? (string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase : Truncate(body));
        var status = (int)response.StatusCode;
        var said = string.IsNullOrWhiteSpace(detail) ? "" : $": {detail}";

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => ConnectorResult.Transient(
                $"{Label} is being throttled while {doing} (429){said}", RetryAfterOf(response)),
            HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => ConnectorResult.Transient(
                $"{Label} failed on the server side while {doing} ({status}){said}", RetryAfterOf(response)),
            HttpStatusCode.Unauthorized => ConnectorResult.Permanent(
                $"{Label} refused its credentials while {doing} (401){said}. Check {ConnectorOptions.Section}:{Name}:Token."),
            HttpStatusCode.Forbidden => ConnectorResult.Permanent(
                $"{Label} is not allowed to do this while {doing} (403){said}. The token lacks the permission."),
            _ => ConnectorResult.Permanent($"{Label} refused the request while {doing} ({status}){said}"),
        };
    }

    /// <summary>How long the server asked us to wait: Retry-After (seconds or a date), else Okta's X-Rate-Limit-Reset.</summary>
    public TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var now = _time.GetUtcNow();
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
            {
                return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
            }

            if (retryAfter.Date is { } date)
            {
                return date > now ? date - now : TimeSpan.Zero;
            }
        }

        if (response.Headers.TryGetValues("X-Rate-Limit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochSeconds))
        {
            var reset = DateTimeOffset.FromUnixTimeSeconds(epochSeconds);
            return reset > now ? TimeSpan.FromSeconds(Math.Ceiling((reset - now).TotalSeconds)) : TimeSpan.Zero;
        }

        return null;
    }

    private static bool IsThrottled(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null);

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Headers.Authorization = _auth;
        foreach (var mediaType in _accept)
        {
            request.Headers.Accept.Add(mediaType);
        }

        using var timeout = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        var client = _clients.CreateClient(ClientName(Name));
        try
        {
            // The default completion option buffers the body, so the timeout covers reading it too.
            return await client.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ConnectorException(ConnectorResult.Transient(
                $"{Label} did not answer {request.Method} {request.RequestUri?.AbsolutePath} within {_options.Timeout.TotalSeconds:0.#} s."));
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException(ConnectorResult.Transient($"{Label} could not be reached at {BaseUri.Authority}: {ex.Message}"));
        }
        finally
        {
            request.Dispose();
        }
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadAsStringAsync(ct);
        }
        catch (HttpRequestException)
        {
            return "";
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text.Trim() : text[..300].Trim() + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} was throttled ({Status}); waiting {Seconds} s before try {Attempt}")]
    private partial void LogThrottled(string connector, int status, double seconds, int attempt);
}
