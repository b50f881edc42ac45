using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// The HTTP side shared by the scim, entra and okta connectors: absolute URIs from the instance's
/// base URL, the auth header (renewed once after a 401 when it can be), a timeout per request, and throttling (a short Retry-After is waited out
/// inside the call, a long one becomes Transient with RetryAfter). What an answer means is
/// <see cref="Classifier"/>'s part.
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
    private readonly IConnectorCredential _credential;
    private readonly MediaTypeWithQualityHeaderValue[] _accept;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="detailOf">Pulls the server's own message out of an error body (see <see cref="ConnectorResponseClassifier"/>).</param>
    public ConnectorHttp(string name, string label, ConnectorInstanceOptions options, IConnectorCredential credential,
        Func<string, string?> detailOf, IHttpClientFactory clients, TimeProvider time, ILogger logger, params string[] accept)
    {
        if (string.IsNullOrWhiteSpace(options.BaseUrl) || !Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out _))
        {
            throw new InvalidOperationException($"{ConnectorOptions.Section}:{name}:BaseUrl is missing or not an absolute address.");
        }

        Name = name;
        Label = label;
        BaseUri = new Uri(options.BaseUrl.TrimEnd('/') + "/");
        _options = options;
        _credential = credential;
        _accept = [.. (accept.Length == 0 ? ["application/json"] : accept).Select(MediaTypeWithQualityHeaderValue.Parse)];
        _clients = clients;
        _time = time;
        _logger = logger;
        Classifier = new ConnectorResponseClassifier(name, label, credential.Settings, detailOf, time, logger);
    }

    /// <summary>Reads this instance's answers as connector results.</summary>
    public ConnectorResponseClassifier Classifier { get; }

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
    /// response, which may still be a 429 when waiting it out was not allowed. A 401 is tried once more
    /// with a fresh credential when the credential can be renewed (a token the connector got itself).
    /// </summary>
    /// <exception cref="ConnectorException">The server could not be reached or did not answer in time, or no credential could be had.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        var renewed = false;
        for (var attempt = 1; ;)
        {
            var auth = await _credential.HeaderAsync(ct);
            var response = await SendOnceAsync(build(), auth, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized && !renewed && _credential.Refused(auth))
            {
                renewed = true;
                response.Dispose();
                continue;
            }

            if (!ConnectorResponseClassifier.IsThrottled(response))
            {
                return response;
            }

            var wait = Classifier.RetryAfterOf(response);
            if (attempt >= _options.MaxAttempts || wait is null || wait > _options.MaxRetryWait)
            {
                return response;
            }

            attempt++;
            LogThrottled(Name, (int)response.StatusCode, wait.Value.TotalSeconds, attempt);
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

    private async Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, AuthenticationHeaderValue auth, CancellationToken ct)
    {
        request.Headers.Authorization = auth;
        foreach (var mediaType in _accept)
        {
            request.Headers.Accept.Add(mediaType);
        }

        try
        {
            return await SendWithinAsync(_clients.CreateClient(ClientName(Name)), request, _options.Timeout, _time, Classifier, ct);
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>
    /// Sends one request bounded by <paramref name="timeout"/> (on <paramref name="time"/>); no answer in
    /// time, or no server to answer, is a Transient <see cref="ConnectorException"/>.
    /// </summary>
    internal static async Task<HttpResponseMessage> SendWithinAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout,
        TimeProvider time, ConnectorResponseClassifier classifier, CancellationToken ct)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            // The default completion option buffers the body, so the timeout covers reading it too.
            return await client.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new ConnectorException(classifier.TimedOut(request.Method, request.RequestUri, timeout));
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException(classifier.Unreachable(request.RequestUri!, ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} was throttled ({Status}); waiting {Seconds} s before try {Attempt}")]
    private partial void LogThrottled(string connector, int status, double seconds, int attempt);
}
