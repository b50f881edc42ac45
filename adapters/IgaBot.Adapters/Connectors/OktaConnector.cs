using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// Okta group membership (Management API v1). Users are found by login (the person's email), groups
/// by exact name among the <c>q=</c> search results; ids are cached per instance. The token is an
/// Okta API token sent as <c>SSWS</c>.
/// </summary>
public sealed partial class OktaConnector : IConnector
{
    private readonly ConnectorHttp _http;
    private readonly ILogger<OktaConnector> _logger;
    private readonly ConcurrentDictionary<string, string> _userIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _groupIds = new(StringComparer.OrdinalIgnoreCase);

    public OktaConnector(string name, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger<OktaConnector> logger)
    {
        Name = name;
        _logger = logger;
        _http = new ConnectorHttp(name, $"Okta connector '{name}'", options,
            new AuthenticationHeaderValue("SSWS", options.Token), clients, time, logger);
    }

    public string Name { get; }
    public string Type => ConnectorTypes.Okta;
    public bool CanListMembers => true;

    public async Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct)
    {
        try
        {
            var group = RequireGroup(target);
            var groupId = await GroupIdAsync(group, ct);
            var userId = await UserIdAsync(target.PersonEmail, ct);

            // Okta's PUT is idempotent itself: an existing member answers 204 like a new one.
            using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, MembershipUri(groupId, userId)), ct);
            if (response.IsSuccessStatusCode)
            {
                LogChanged(Name, "added", target.PersonEmail, group);
                return ConnectorResult.Done(groupId, $"{target.PersonEmail} is a member of {group}.");
            }

            return await FailureAsync(response, group, groupId, $"adding {target.PersonEmail} to {group}", ct);
        }
        catch (ConnectorException ex)
        {
            return Failed(ex, target, "grant");
        }
    }

    public async Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct)
    {
        try
        {
            var group = RequireGroup(target);
            var groupId = await GroupIdAsync(group, ct);
            var userId = await UserIdAsync(target.PersonEmail, ct);

            using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, MembershipUri(groupId, userId)), ct);
            if (response.IsSuccessStatusCode)
            {
                LogChanged(Name, "removed", target.PersonEmail, group);
                return ConnectorResult.Done(groupId, $"{target.PersonEmail} is not a member of {group}.");
            }

            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                LogUnchanged(Name, target.PersonEmail, group, "already absent");
                return ConnectorResult.AlreadyDone(groupId, $"{target.PersonEmail} was not a member of {group}.");
            }

            return await FailureAsync(response, group, groupId, $"removing {target.PersonEmail} from {group}", ct);
        }
        catch (ConnectorException ex)
        {
            return Failed(ex, target, "revoke");
        }
    }

    public async Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        var groupId = await GroupIdAsync(group, ct);
        var members = new List<string>();
        Uri? next = _http.Resolve($"api/v1/groups/{Uri.EscapeDataString(groupId)}/users?limit=200");
        while (next is not null)
        {
            using var response = await _http.GetAsync(next, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new ConnectorException(await FailureAsync(response, group, groupId, $"reading the members of {group}", ct));
            }

            using var json = await _http.ReadJsonAsync(response, ct);
            foreach (var user in Items(json.RootElement))
            {
                if (user.TryGetProperty("profile", out var profile) && (String(profile, "login") ?? String(profile, "email")) is { } login)
                {
                    members.Add(login);
                }
            }

            next = NextLink(response) is { } link && _http.IsOwnLink(link) ? link : null;
        }

        return members;
    }

    private Uri MembershipUri(string groupId, string userId) =>
        _http.Resolve($"api/v1/groups/{Uri.EscapeDataString(groupId)}/users/{Uri.EscapeDataString(userId)}");

    private string RequireGroup(ProvisioningTarget target) =>
        target.Group ?? throw new ConnectorException(ConnectorResult.Permanent(
            $"Entitlement '{target.EntitlementId}' has no target.group in the catalog; {_http.Label} needs the group's name."));

    private async Task<string> UserIdAsync(string login, CancellationToken ct)
    {
        if (_userIds.TryGetValue(login, out var cached))
        {
            return cached;
        }

        using var response = await _http.GetAsync($"api/v1/users/{Uri.EscapeDataString(login)}", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ConnectorException(ConnectorResult.Permanent(
                $"No user with login '{login}' exists in {_http.Label}. Create the account there first, or correct the person's email."));
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _http.FailureOfAsync(response, $"looking up user {login}", OktaDetail, ct));
        }

        using var json = await _http.ReadJsonAsync(response, ct);
        var id = String(json.RootElement, "id")
            ?? throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered user '{login}' without an id."));
        _userIds[login] = id;
        return id;
    }

    private async Task<string> GroupIdAsync(string group, CancellationToken ct)
    {
        if (_groupIds.TryGetValue(group, out var cached))
        {
            return cached;
        }

        using var response = await _http.GetAsync($"api/v1/groups?q={Uri.EscapeDataString(group)}&limit=200", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _http.FailureOfAsync(response, $"looking up group {group}", OktaDetail, ct));
        }

        using var json = await _http.ReadJsonAsync(response, ct);
        // q= matches name prefixes: keep only the exact name.
        var ids = Items(json.RootElement)
            .Where(g => g.TryGetProperty("profile", out var profile) && string.Equals(String(profile, "name"), group, StringComparison.OrdinalIgnoreCase))
            .Select(g => String(g, "id"))
            .OfType<string>()
            .ToList();
        var id = ids.Count switch
        {
            0 => throw new ConnectorException(ConnectorResult.Permanent(
                $"No group named '{group}' exists in {_http.Label}. Create it there, or correct target.group in the catalog.")),
            1 => ids[0],
            _ => throw new ConnectorException(ConnectorResult.Permanent(
                $"{ids.Count} groups in {_http.Label} are named '{group}'; the connector cannot tell which one is meant.")),
        };
        _groupIds[group] = id;
        return id;
    }

    private async Task<ConnectorResult> FailureAsync(HttpResponseMessage response, string group, string groupId, string doing, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            _groupIds.TryRemove(new KeyValuePair<string, string>(group, groupId));
            return ConnectorResult.Transient($"{_http.Label} no longer knows group {group} by id {groupId}; it will be looked up again.");
        }

        return await _http.FailureOfAsync(response, doing, OktaDetail, ct);
    }

    private ConnectorResult Failed(ConnectorException ex, ProvisioningTarget target, string operation)
    {
        LogFailed(Name, operation, target.PersonEmail, target.Group, ex.Failure.Outcome, ex.Failure.Message);
        return ex.Failure;
    }

    /// <summary>The rel="next" link of Okta's paging Link header.</summary>
    private static Uri? NextLink(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        foreach (var part in links.SelectMany(l => l.Split(',')))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            if (pieces.Length > 1 && pieces[0].StartsWith('<') && pieces[0].EndsWith('>')
                && pieces.Skip(1).Any(p => p.Replace(" ", "", StringComparison.Ordinal) is "rel=\"next\"" or "rel=next")
                && Uri.TryCreate(pieces[0][1..^1], UriKind.Absolute, out var uri))
            {
                return uri;
            }
        }

        return null;
    }

    /// <summary>"E0000007: Not found: ..." (with the causes) from an Okta error body.</summary>
    internal static string? OktaDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || String(root, "errorSummary") is not { } summary)
            {
                return null;
            }

            var causes = root.TryGetProperty("errorCauses", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(c => String(c, "errorSummary")).OfType<string>().ToList()
                : [];
            var text = causes.Count == 0 ? summary : $"{summary} ({string.Join("; ", causes)})";
            return String(root, "errorCode") is { } code ? $"{code}: {text}" : text;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<JsonElement> Items(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : [];

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector} {Change} {Person} (group {Group})")]
    private partial void LogChanged(string connector, string change, string person, string group);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connector {Connector}: {Person} {State} (group {Group}); nothing to change")]
    private partial void LogUnchanged(string connector, string person, string group, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connector {Connector} could not {Operation} {Person} (group {Group}): {Outcome} {Reason}")]
    private partial void LogFailed(string connector, string operation, string person, string? group, ConnectorOutcome outcome, string? reason);
}
