using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// SCIM 2.0 group membership (RFC 7643/7644). Users are found by <c>userName</c> (the person's email),
/// groups by <c>displayName</c> (the entitlement's <c>target.group</c>); ids are cached per instance.
/// </summary>
public sealed class ScimConnector : IConnector
{
    private const string ScimJson = "application/scim+json";
    private const string ErrorSchema = "urn:ietf:params:scim:api:messages:2.0:Error";

    private readonly ConnectorHttp _http;
    private readonly ConcurrentDictionary<string, string> _userIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _userNames = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _groupIds = new(StringComparer.OrdinalIgnoreCase);

    public ScimConnector(string name, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger<ScimConnector> logger)
    {
        Name = name;
        _http = new ConnectorHttp(name, $"SCIM connector '{name}'", options,
            new StaticTokenCredential("Bearer", options.Token, $"{ConnectorOptions.Section}:{name}:Token"), ScimDetail, clients, time, logger, ScimJson, "application/json");
    }

    public string Name { get; }
    public string Type => ConnectorTypes.Scim;
    public bool CanListMembers => true;

    public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct) =>
        _http.MembershipStepAsync(target, "grant", "displayName", GroupIdAsync, UserIdAsync, async (group, groupId, userId) =>
        {
            // Not every server treats "add an existing member" as a no-op (some store it twice), so look first.
            if (await IsMemberByFilterAsync(groupId, userId, ct) == true)
            {
                return _http.Classifier.AlreadyDone(MembershipChange.Add(target.PersonEmail, group, groupId));
            }

            using var response = await PatchAsync(groupId, ScimMembershipPatch.AddMember(userId), ct);
            return await _http.Classifier.OfChangeAsync(response, MembershipChange.Add(target.PersonEmail, group, groupId),
                alreadySo: (status, _) => status == HttpStatusCode.Conflict, () => Forget(group, groupId, target.PersonEmail, userId), ct);
        }, ct);

    public Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct) =>
        _http.MembershipStepAsync(target, "revoke", "displayName", GroupIdAsync, UserIdAsync, async (group, groupId, userId) =>
        {
            using var response = await PatchAsync(groupId, ScimMembershipPatch.RemoveMember(userId), ct);
            var change = MembershipChange.Remove(target.PersonEmail, group, groupId);
            if (response.StatusCode == HttpStatusCode.BadRequest && await ScimTypeAsync(response, ct) == "noTarget")
            {
                // "Nothing matched the filter" usually means already absent; check rather than assume.
                var members = await MemberIdsAsync(groupId, group, ct);
                if (members.Contains(userId))
                {
                    return ConnectorResult.Permanent(
                        $"{_http.Label} answered noTarget when removing {target.PersonEmail} from {group}, yet still lists them as a member.");
                }

                return _http.Classifier.AlreadyDone(change);
            }

            return await _http.Classifier.OfChangeAsync(response, change, alreadySo: null, () => Forget(group, groupId, target.PersonEmail, userId), ct);
        }, ct);

    public async Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        var groupId = await GroupIdAsync(group, ct);
        var members = new List<string>();
        foreach (var userId in await MemberIdsAsync(groupId, group, ct))
        {
            if (await UserNameAsync(userId, ct) is { } userName)
            {
                members.Add(userName);
            }
        }

        return members;
    }

    private async Task<string> UserIdAsync(string email, CancellationToken ct)
    {
        if (_userIds.TryGetValue(email, out var cached))
        {
            return cached;
        }

        var filter = $"userName eq {ScimMembershipPatch.FilterString(email)}";
        var id = await FindOneAsync("Users", filter, "userName", $"looking up user {email}",
            $"No user with userName '{email}' exists in {_http.Label}. Create the account there first, or correct the person's email.",
            $"userName '{email}'", ct);
        _userIds[email] = id;
        _userNames[id] = email;
        return id;
    }

    private async Task<string> GroupIdAsync(string group, CancellationToken ct)
    {
        if (_groupIds.TryGetValue(group, out var cached))
        {
            return cached;
        }

        var filter = $"displayName eq {ScimMembershipPatch.FilterString(group)}";
        var id = await FindOneAsync("Groups", filter, "displayName", $"looking up group {group}",
            $"No group named '{group}' exists in {_http.Label}. Create it there, or correct target.group in the catalog.",
            $"displayName '{group}'", ct);
        _groupIds[group] = id;
        return id;
    }

    private async Task<string> FindOneAsync(string resource, string filter, string attribute, string doing, string noneMessage, string what, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"{resource}?filter={Uri.EscapeDataString(filter)}&attributes={attribute}", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, doing, ct));
        }

        using var json = await _http.ReadJsonAsync(response, ct);
        var ids = Resources(json.RootElement)
            .Select(r => r.TryGetProperty("id", out var id) ? id.GetString() : null)
            .OfType<string>()
            .ToList();
        return ids.Count switch
        {
            0 => throw new ConnectorException(ConnectorResult.Permanent(noneMessage)),
            1 => ids[0],
            _ => throw new ConnectorException(ConnectorResult.Permanent(
                $"{ids.Count} {resource.ToLowerInvariant()} in {_http.Label} have {what}; the connector cannot tell which one is meant.")),
        };
    }

    /// <summary>True/false when the server can filter groups by member; null when it cannot say.</summary>
    private async Task<bool?> IsMemberByFilterAsync(string groupId, string userId, CancellationToken ct)
    {
        var filter = $"id eq {ScimMembershipPatch.FilterString(groupId)} and members[value eq {ScimMembershipPatch.FilterString(userId)}]";
        using var response = await _http.GetAsync($"Groups?filter={Uri.EscapeDataString(filter)}&attributes=id", ct);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, "checking group membership", ct));
        }

        using var json = await _http.ReadJsonAsync(response, ct);
        return Resources(json.RootElement).Any();
    }

    private async Task<HashSet<string>> MemberIdsAsync(string groupId, string group, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"Groups/{Uri.EscapeDataString(groupId)}?attributes=members", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _http.Classifier.OfGroupFailureAsync(
                response, group, groupId, $"reading the members of {group}", () => Forget(group, groupId), ct));
        }

        using var json = await _http.ReadJsonAsync(response, ct);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (json.RootElement.TryGetProperty("members", out var members) && members.ValueKind == JsonValueKind.Array)
        {
            foreach (var member in members.EnumerateArray())
            {
                var isGroup = member.TryGetProperty("type", out var type) && type.GetString() is "Group";
                if (!isGroup && member.TryGetProperty("value", out var value) && value.GetString() is { } id)
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }

    private async Task<string?> UserNameAsync(string userId, CancellationToken ct)
    {
        if (_userNames.TryGetValue(userId, out var cached))
        {
            return cached;
        }

        using var response = await _http.GetAsync($"Users/{Uri.EscapeDataString(userId)}?attributes=userName", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null; // a member pointing at a deleted user holds nothing
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, $"reading user {userId}", ct));
        }

        using var json = await _http.ReadJsonAsync(response, ct);
        if (json.RootElement.TryGetProperty("userName", out var userName) && userName.GetString() is { } name)
        {
            _userNames[userId] = name;
            _userIds[name] = userId;
            return name;
        }

        return null;
    }

    private Task<HttpResponseMessage> PatchAsync(string groupId, ScimMembershipPatch patch, CancellationToken ct)
    {
        var body = patch.ToJson();
        return _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Patch, _http.Resolve($"Groups/{Uri.EscapeDataString(groupId)}"))
        {
            Content = new StringContent(body, Encoding.UTF8, ScimJson),
        }, ct);
    }

    /// <summary>Drops cached ids the server no longer knows (deleted or recreated), so the next call looks them up again.</summary>
    private void Forget(string group, string groupId, string? email = null, string? userId = null)
    {
        _groupIds.TryRemove(new KeyValuePair<string, string>(group, groupId));
        if (email is not null && userId is not null)
        {
            _userIds.TryRemove(new KeyValuePair<string, string>(email, userId));
            _userNames.TryRemove(new KeyValuePair<string, string>(userId, email));
        }
    }

    private static IEnumerable<JsonElement> Resources(JsonElement listResponse) =>
        listResponse.TryGetProperty("Resources", out var resources) && resources.ValueKind == JsonValueKind.Array
            ? resources.EnumerateArray()
            : [];

    private static async Task<string?> ScimTypeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        return ParseError(body)?.ScimType;
    }

    /// <summary>"noTarget: detail" from a SCIM error body.</summary>
    internal static string? ScimDetail(string body) => ParseError(body) is { } error
        ? error.ScimType is null ? error.Detail : $"{error.ScimType}: {error.Detail}"
        : null;

    private static (string? ScimType, string? Detail)? ParseError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var isError = root.TryGetProperty("schemas", out var schemas) && schemas.ValueKind == JsonValueKind.Array
                && schemas.EnumerateArray().Any(s => s.GetString() == ErrorSchema);
            var scimType = root.TryGetProperty("scimType", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return isError || scimType is not null || detail is not null ? (scimType, detail) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
