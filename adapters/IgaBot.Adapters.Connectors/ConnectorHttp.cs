using System.Net;
using System.Net.Http.Headers;
using System.Text.Encodings.Web;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// The HTTP side shared by the scim, entra and okta connectors: absolute URIs from the instance's
/// base URL, the auth header (renewed once after a 401 when it can be), a timeout per request, and throttling (a short Retry-After is waited out
/// inside the call, a long one becomes Transient with RetryAfter). The timeout and the throttling are the resilience pipeline of the
/// instance's HttpClient (<see cref="AddConnectorClients"/>). What an answer means is <see cref="Classifier"/>'s part.
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

    /// <summary>The named HttpClient an instance gets its tokens with: timed like <see cref="ClientName"/>, never retried.</summary>
    public static string TokenClientName(string connectorName) => $"IgaBot.Connectors.{connectorName}.token";

    /// <summary>
    /// Registers the two HttpClients of connector instance <paramref name="name"/>. Its API client waits out a short throttle:
    /// a 429 (or a 503 that says when) whose Retry-After (or Okta's X-Rate-Limit-Reset) is at most <c>MaxRetryWait</c> is sent
    /// again after that wait, up to <c>MaxAttempts</c> tries in all; a longer one is answered as it is, for the caller to
    /// schedule. Every try, and every token request, is bounded by <c>Timeout</c>. Waits and timeouts run on the registered
    /// <see cref="TimeProvider"/>.
    /// </summary>
    public static void AddConnectorClients(IServiceCollection services, string name)
    {
        services.AddHttpClient(ClientName(name), client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("throttling", (pipeline, context) =>
            {
                var options = Instance(context.ServiceProvider, name);
                var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
                var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger<ConnectorHttp>();
                if (options.MaxAttempts > 1)
                {
                    pipeline.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                    {
                        MaxRetryAttempts = options.MaxAttempts - 1,
                        ShouldHandle = args => ValueTask.FromResult(
                            args.Outcome.Result is { } response && WaitFor(response, options, time) is not null),
                        DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } response ? WaitFor(response, options, time) : null),
                        OnRetry = args =>
                        {
                            LogThrottled(logger, name, (int)args.Outcome.Result!.StatusCode, args.RetryDelay.TotalSeconds, args.AttemptNumber + 2);
                            return ValueTask.CompletedTask;
                        },
                    });
                }
                pipeline.AddTimeout(options.Timeout);
            });
        services.AddHttpClient(TokenClientName(name), client => client.Timeout = System.Threading.Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("timeout", (pipeline, context) => pipeline.AddTimeout(Instance(context.ServiceProvider, name).Timeout));
    }

    private static ConnectorInstanceOptions Instance(IServiceProvider services, string name) =>
        services.GetRequiredService<IOptions<ConnectorOptions>>().Value.Instances.TryGetValue(name, out var options)
            ? options
            : new ConnectorInstanceOptions();

    /// <summary>The wait a throttled answer asks for, when it is one worth waiting out here; null otherwise.</summary>
    private static TimeSpan? WaitFor(HttpResponseMessage response, ConnectorInstanceOptions options, TimeProvider time) =>
        ConnectorResponseClassifier.IsThrottled(response)
        && ConnectorResponseClassifier.RetryAfterOf(response, time.GetUtcNow()) is { } wait
        && wait <= options.MaxRetryWait
            ? wait
            : null;

    public Uri Resolve(string relative) => new(BaseUri, relative);

    /// <summary>Whether <paramref name="link"/> (a paging link given by the server) stays under the base URL; the token is never sent elsewhere.</summary>
    public bool IsOwnLink(Uri link) =>
        link.IsAbsoluteUri && link.AbsoluteUri.StartsWith(BaseUri.AbsoluteUri, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Sends the request that <paramref name="build"/> makes and answers the last response, which may still be a 429
    /// when waiting it out was not allowed (the client's pipeline waits out short throttles). A 401 is tried once more
    /// with a fresh credential when the credential can be renewed (a token the connector got itself).
    /// </summary>
    /// <exception cref="ConnectorException">The server could not be reached or did not answer in time, or no credential could be had.</exception>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        var auth = await _credential.HeaderAsync(ct);
        var response = await SendOnceAsync(build(), auth, ct);
        if (response.StatusCode == HttpStatusCode.Unauthorized && _credential.Refused(auth))
        {
            response.Dispose();
            response = await SendOnceAsync(build(), await _credential.HeaderAsync(ct), ct);
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string relative, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, Resolve(relative)), ct);

    public Task<HttpResponseMessage> GetAsync(Uri absolute, CancellationToken ct) =>
        SendAsync(() => new HttpRequestMessage(HttpMethod.Get, absolute), ct);

    /// <summary>
    /// One grant or revoke of <paramref name="target"/>'s membership: the group named by its <c>target.group</c> (the group's
    /// <paramref name="groupAttribute"/> in the server), found by <paramref name="groupIdOf"/>, the person by
    /// <paramref name="userIdOf"/>, then <paramref name="change"/> (group, group id, user id). A <see cref="ConnectorException"/>
    /// on the way is the step's result, logged as the failed <paramref name="operation"/>.
    /// </summary>
    public async Task<ConnectorResult> MembershipStepAsync(ProvisioningTarget target, string operation, string groupAttribute,
        Func<string, CancellationToken, Task<string>> groupIdOf, Func<string, CancellationToken, Task<string>> userIdOf,
        Func<string, string, string, Task<ConnectorResult>> change, CancellationToken ct)
    {
        try
        {
            var group = target.Group ?? throw new ConnectorException(ConnectorResult.Permanent(
                $"Entitlement '{target.EntitlementId}' has no target.group in the catalog; {Label} needs the group's {groupAttribute}."));
            var groupId = await groupIdOf(group, ct);
            var userId = await userIdOf(target.PersonEmail, ct);
            return await change(group, groupId, userId);
        }
        catch (ConnectorException ex)
        {
            return Classifier.OfStepFailure(ex, target, operation);
        }
    }

    /// <summary>
    /// Reads a group's member list page by page from <paramref name="first"/>: <paramref name="loginsOf"/> takes the logins out of
    /// a page, <paramref name="nextOf"/> finds the next page's link, followed only while it stays under the base URL. A failed
    /// read is the group's failure (<see cref="ConnectorResponseClassifier.OfGroupFailureAsync"/>), with
    /// <paramref name="forgetGroup"/> dropping the cached group id when the server no longer knows it.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadMemberPagesAsync(Uri first, string group, string groupId, Action forgetGroup,
        Func<JsonElement, IEnumerable<string>> loginsOf, Func<HttpResponseMessage, JsonElement, Uri?> nextOf, CancellationToken ct)
    {
        var members = new List<string>();
        Uri? next = first;
        while (next is not null)
        {
            using var response = await GetAsync(next, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConnectorException(await Classifier.OfGroupFailureAsync(
                    response, group, groupId, $"reading the members of {group}", forgetGroup, ct));
            }

            using var json = await ReadJsonAsync(response, ct);
            members.AddRange(loginsOf(json.RootElement));
            next = nextOf(response, json.RootElement) is { } link && IsOwnLink(link) ? link : null;
        }

        return members;
    }

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
            return await SendWithinAsync(_clients.CreateClient(ClientName(Name)), request, _options.Timeout, Classifier, ct);
        }
        finally
        {
            request.Dispose();
        }
    }

    /// <summary>
    /// Sends one request through a connector client, whose pipeline bounds each try by <paramref name="timeout"/>
    /// (<see cref="AddConnectorClients"/>); no answer in time, or no server to answer, is a Transient <see cref="ConnectorException"/>.
    /// </summary>
    internal static async Task<HttpResponseMessage> SendWithinAsync(HttpClient client, HttpRequestMessage request, TimeSpan timeout,
        ConnectorResponseClassifier classifier, CancellationToken ct)
    {
        try
        {
            // The default completion option buffers the body inside the pipeline, so the timeout covers reading it too.
            return await client.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new ConnectorException(classifier.TimedOut(request.Method, request.RequestUri, timeout));
        }
        catch (HttpRequestException ex)
        {
            throw new ConnectorException(classifier.Unreachable(request.RequestUri!, ex));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} was throttled ({Status}); waiting {Seconds} s before try {Attempt}")]
    private static partial void LogThrottled(ILogger logger, string connector, int status, double seconds, int attempt);
}
