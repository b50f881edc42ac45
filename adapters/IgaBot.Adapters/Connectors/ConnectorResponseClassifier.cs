using System.Globalization;
using System.Net;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

internal enum MembershipChangeKind
{
    Add,
    Remove,
}

/// <summary>One person's membership of one group (known by its id in the target system), as a connector asks to change it.</summary>
internal sealed record MembershipChange(MembershipChangeKind Kind, string Person, string Group, string GroupId)
{
    public static MembershipChange Add(string person, string group, string groupId) => new(MembershipChangeKind.Add, person, group, groupId);

    public static MembershipChange Remove(string person, string group, string groupId) => new(MembershipChangeKind.Remove, person, group, groupId);

    /// <summary>What a failure message says was being tried.</summary>
    public string Doing => Kind == MembershipChangeKind.Add ? $"adding {Person} to {Group}" : $"removing {Person} from {Group}";

    /// <summary>
    /// What a Done answer says. A protocol whose success does not tell whether anything changed (Okta's PUT)
    /// words it as the state reached instead.
    /// </summary>
    public string DoneMessage { get; init; } = Kind == MembershipChangeKind.Add ? $"Added {Person} to {Group}." : $"Removed {Person} from {Group}.";

    public string AlreadyDoneMessage => Kind == MembershipChangeKind.Add
        ? $"{Person} is already a member of {Group}."
        : $"{Person} was not a member of {Group}.";
}

/// <summary>
/// Reads what an outside API answered, or why it did not answer, as a <see cref="ConnectorResult"/>, the
/// same way for every HTTP connector: 2xx is Done; the protocol's own "already so" answer is Done and
/// unchanged; 429, 408, 5xx, a timeout or an unreachable server is Transient (with the wait the server
/// asked for); 401, 403 and any other 4xx is Permanent. Messages name the connector, what was being done
/// and the server's own words, and never carry a credential. Which answers mean "already so" and how an
/// error body is worded stay with each connector.
/// </summary>
internal sealed partial class ConnectorResponseClassifier
{
    private const int MaxDetailLength = 300;

    private readonly Func<string, string?> _detailOf;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="name">The instance name (<c>Connectors:NAME</c>).</param>
    /// <param name="label">How messages name the instance: "SCIM connector 'github'".</param>
    /// <param name="credentialSettings">The settings a refused credential points at: "Connectors:github:Token".</param>
    /// <param name="detailOf">Pulls the server's own message out of an error body (each API words errors its own way); null when it finds none.</param>
    public ConnectorResponseClassifier(string name, string label, string credentialSettings, Func<string, string?> detailOf, TimeProvider time, ILogger logger)
    {
        Name = name;
        Label = label;
        CredentialSettings = credentialSettings;
        _detailOf = detailOf;
        _time = time;
        _logger = logger;
    }

    public string Name { get; }
    public string Label { get; }
    public string CredentialSettings { get; }

    /// <summary>
    /// The result of a membership change: 2xx is Done; what <paramref name="alreadySo"/> recognises (from the
    /// status and the body) is Done and unchanged; a 404 it does not claim means an id the connector cached
    /// is stale, so <paramref name="forgetIds"/> is called and the answer is Transient (the next try looks
    /// the ids up again); anything else is <see cref="OfFailureAsync"/>.
    /// </summary>
    public async Task<ConnectorResult> OfChangeAsync(HttpResponseMessage response, MembershipChange change,
        Func<HttpStatusCode, string, bool>? alreadySo, Action forgetIds, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            LogChanged(Name, change.Kind == MembershipChangeKind.Add ? "added" : "removed", change.Person, change.Group);
            return ConnectorResult.Done(change.GroupId, change.DoneMessage);
        }

        var body = await ReadBodyAsync(response, ct);
        if (alreadySo?.Invoke(response.StatusCode, body) == true)
        {
            return AlreadyDone(change);
        }

        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            forgetIds();
            return ConnectorResult.Transient(
                $"{Label} no longer knows group {change.Group} by id {change.GroupId}, or {change.Person} by the id it had; both will be looked up again.");
        }

        return Failure(response, body, change.Doing);
    }

    /// <summary>The result of a change that the target system already shows in place, so nothing was sent.</summary>
    public ConnectorResult AlreadyDone(MembershipChange change)
    {
        LogUnchanged(Name, change.Person, change.Kind == MembershipChangeKind.Add ? "already a member" : "already absent", change.Group);
        return ConnectorResult.AlreadyDone(change.GroupId, change.AlreadyDoneMessage);
    }

    /// <summary>
    /// The failure for an error answer to a request about a group known by a cached id: 404 means the id is
    /// stale, so <paramref name="forgetGroup"/> is called and the answer is Transient; else <see cref="OfFailureAsync"/>.
    /// </summary>
    public async Task<ConnectorResult> OfGroupFailureAsync(HttpResponseMessage response, string group, string groupId, string doing,
        Action forgetGroup, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            forgetGroup();
            return ConnectorResult.Transient($"{Label} no longer knows group {group} by id {groupId}; it will be looked up again.");
        }

        return await OfFailureAsync(response, doing, ct);
    }

    /// <summary>The failure for an error answer; <paramref name="doing"/> says what was tried ("looking up group X").</summary>
    public async Task<ConnectorResult> OfFailureAsync(HttpResponseMessage response, string doing, CancellationToken ct) =>
        Failure(response, await ReadBodyAsync(response, ct), doing);

    /// <summary>
    /// The failure a connector call ends with when a step before the change (a lookup, a missing
    /// target.group) failed; logged here, since no change was attempted.
    /// </summary>
    public ConnectorResult OfStepFailure(ConnectorException ex, ProvisioningTarget target, string operation)
    {
        LogFailed(Name, operation, target.PersonEmail, target.Group, ex.Failure.Outcome, ex.Failure.Message);
        return ex.Failure;
    }

    /// <summary>The request did not get an answer within <paramref name="timeout"/>.</summary>
    public ConnectorResult TimedOut(HttpMethod method, Uri? uri, TimeSpan timeout) =>
        ConnectorResult.Transient($"{Label} did not answer {method} {uri?.AbsolutePath} within {timeout.TotalSeconds:0.#} s.");

    /// <summary>The server could not be reached (refused, DNS, TLS).</summary>
    public ConnectorResult Unreachable(Uri where, HttpRequestException ex) =>
        ConnectorResult.Transient($"{Label} could not be reached at {where.Authority}: {ex.Message}");

    /// <summary>Whether the answer asks to come back later: 429, or 503 that says when.</summary>
    public static bool IsThrottled(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.TooManyRequests
        || (response.StatusCode == HttpStatusCode.ServiceUnavailable && response.Headers.RetryAfter is not null);

    /// <summary>How long the server asked us to wait: Retry-After (seconds or a date), else Okta's X-Rate-Limit-Reset.</summary>
    public TimeSpan? RetryAfterOf(HttpResponseMessage response) => RetryAfterOf(response, _time.GetUtcNow());

    /// <summary>How long the server asked us to wait, seen at <paramref name="now"/>.</summary>
    public static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
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

    private ConnectorResult Failure(HttpResponseMessage response, string body, string doing)
    {
        body = WithoutCredential(body, response.RequestMessage);
        var detail = _detailOf(body) ?? (string.IsNullOrWhiteSpace(body) ? response.ReasonPhrase : Truncate(body));
        var status = (int)response.StatusCode;
        var said = string.IsNullOrWhiteSpace(detail) ? "" : $": {detail}";

        return response.StatusCode switch
        {
            HttpStatusCode.TooManyRequests => ConnectorResult.Transient(
                $"{Label} is being throttled while {doing} (429){said}", RetryAfterOf(response)),
            HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError => ConnectorResult.Transient(
                $"{Label} failed on the server side while {doing} ({status}){said}", RetryAfterOf(response)),
            HttpStatusCode.Unauthorized => ConnectorResult.Permanent(
                $"{Label} refused its credentials while {doing} (401){said}. Check {CredentialSettings}."),
            HttpStatusCode.Forbidden => ConnectorResult.Permanent(
                $"{Label} is not allowed to do this while {doing} (403){said}. The token lacks the permission."),
            _ => ConnectorResult.Permanent($"{Label} refused the request while {doing} ({status}){said}"),
        };
    }

    /// <summary>The server's words without the credential the request carried, should the server echo it back.</summary>
    private static string WithoutCredential(string body, HttpRequestMessage? request) =>
        request?.Headers.Authorization?.Parameter is { Length: > 0 } credential
            ? body.Replace(credential, "***", StringComparison.Ordinal)
            : body;

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

    private static string Truncate(string text) =>
        text.Length <= MaxDetailLength ? text.Trim() : text[..MaxDetailLength].Trim() + "…";

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} {Change} {Person} (group {Group})")]
    private partial void LogChanged(string connector, string change, string person, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector}: {Person} {State} (group {Group}); nothing to change")]
    private partial void LogUnchanged(string connector, string person, string state, string group);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} could not {Operation} {Person} (group {Group}): {Outcome} {Reason}")]
    private partial void LogFailed(string connector, string operation, string person, string? group, ConnectorOutcome outcome, string? reason);
}
