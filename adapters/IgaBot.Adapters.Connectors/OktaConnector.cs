using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// Okta group membership (Management API v1). Users are found by login (the person's email), groups
/// by exact name among the <c>q=</c> search results; ids are cached per instance. The token is an
/// Okta API token sent as <c>SSWS</c>.
/// </summary>
public sealed class OktaConnector : IConnector
{
    private readonly ConnectorHttp _http;
    private readonly ConcurrentDictionary<string, string> _userIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _groupIds = new(StringComparer.OrdinalIgnoreCase);

    public OktaConnector(string name, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger<OktaConnector> logger)
    {
        Name = name;
        _http = new ConnectorHttp(name, $"Okta connector '{name}'", options,
            new StaticTokenCredential("SSWS", options.Token, $"{ConnectorOptions.Section}:{name}:Token"), OktaDetail, clients, time, logger);
    }

    public string Name { get; }
    public string Type => ConnectorTypes.Okta;
    public bool CanListMembers => true;

    public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct) =>
        _http.MembershipStepAsync(target, "grant", "name", GroupIdAsync, UserIdAsync, async (group, groupId, userId) =>
        {
            // Okta's PUT is idempotent itself: an existing member answers 204 like a new one, so Done cannot say "added".
            using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, MembershipUri(groupId, userId)), ct);
            var change = MembershipChange.Add(target.PersonEmail, group, groupId) with { DoneMessage = $"{target.PersonEmail} is a member of {group}." };
            return await _http.Classifier.OfChangeAsync(response, change, alreadySo: null, () => Forget(group, groupId, target.PersonEmail, userId), ct);
        }, ct);

    public Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct) =>
        _http.MembershipStepAsync(target, "revoke", "name", GroupIdAsync, UserIdAsync, async (group, groupId, userId) =>
        {
            using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, MembershipUri(groupId, userId)), ct);
            var change = MembershipChange.Remove(target.PersonEmail, group, groupId) with { DoneMessage = $"{target.PersonEmail} is not a member of {group}." };
            return await _http.Classifier.OfChangeAsync(response, change,
                alreadySo: (status, _) => status == HttpStatusCode.NotFound, () => Forget(group, groupId, target.PersonEmail, userId), ct);
        }, ct);

    public async Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        var groupId = await GroupIdAsync(group, ct);
        return await _http.ReadMemberPagesAsync(_http.Resolve($"api/v1/groups/{Uri.EscapeDataString(groupId)}/users?limit=200"),
            group, groupId, () => Forget(group, groupId),
            page => Items(page).Select(user => user.TryGetProperty("profile", out var profile) ? String(profile, "login") ?? String(profile, "email") : null)
                .OfType<string>(),
            (response, _) => NextLink(response), ct);
    }

    private Uri MembershipUri(string groupId, string userId) =>
        _http.Resolve($"api/v1/groups/{Uri.EscapeDataString(groupId)}/users/{Uri.EscapeDataString(userId)}");

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
            throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, $"looking up user {login}", ct));
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
            throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, $"looking up group {group}", ct));
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

    /// <summary>Drops cached ids the server no longer knows (deleted or recreated), so the next call looks them up again.</summary>
    private void Forget(string group, string groupId, string? login = null, string? userId = null)
    {
        _groupIds.TryRemove(new KeyValuePair<string, string>(group, groupId));
        if (login is not null && userId is not null)
        {
            _userIds.TryRemove(new KeyValuePair<string, string>(login, userId));
        }
    }

    /// <summary>The rel="next" link of Okta's paging Link header.</summary>
    internal static Uri? NextLink(HttpResponseMessage response)
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
}
