using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// Microsoft Entra ID group membership through Microsoft Graph. Users are found by user principal
/// name (then by mail), groups by <c>displayName</c>; ids are cached per instance. The token is a
/// Graph bearer token with GroupMember.ReadWrite.All (and User.Read.All to find users): either given
/// (<c>Token</c>) or got from the app registration's client credentials (<see cref="EntraClientCredential"/>).
/// </summary>
public sealed class EntraConnector : IConnector
{
    private const string AlreadyExists = "One or more added object references already exist";

    private readonly ConnectorHttp _http;
    private readonly ConcurrentDictionary<string, string> _userIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _groupIds = new(StringComparer.OrdinalIgnoreCase);

    public EntraConnector(string name, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger<EntraConnector> logger)
    {
        Name = name;
        var label = $"Entra connector '{name}'";
        IConnectorCredential credential = options.HasClientCredentials
            ? new EntraClientCredential(name, label, options, clients, time, logger)
            : new StaticTokenCredential("Bearer", options.Token, $"{ConnectorOptions.Section}:{name}:Token");
        _http = new ConnectorHttp(name, label, options, credential, GraphDetail, clients, time, logger);
    }

    public string Name { get; }
    public string Type => ConnectorTypes.Entra;
    public bool CanListMembers => true;

    public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct) =>
        _http.MembershipStepAsync(target, "grant", "displayName", GroupIdAsync, UserIdAsync, async (group, groupId, userId) =>
        {
            var reference = new Dictionary<string, string> { ["@odata.id"] = $"{_http.BaseUri.AbsoluteUri.TrimEnd('/')}/directoryObjects/{userId}" };

            using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _http.Resolve($"groups/{Uri.EscapeDataString(groupId)}/members/$ref"))
            {
                Content = JsonContent.Create(reference),
            }, ct);
            return await _http.Classifier.OfChangeAsync(response, MembershipChange.Add(target.PersonEmail, group, groupId),
                alreadySo: (status, body) => status == HttpStatusCode.BadRequest && body.Contains(AlreadyExists, StringComparison.OrdinalIgnoreCase),
                () => Forget(group, groupId, target.PersonEmail, userId), ct);
        }, ct);

    public Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct) =>
        _http.MembershipStepAsync(target, "revoke", "displayName", GroupIdAsync, UserIdAsync, async (group, groupId, userId) =>
        {
            using var response = await _http.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete,
                _http.Resolve($"groups/{Uri.EscapeDataString(groupId)}/members/{Uri.EscapeDataString(userId)}/$ref")), ct);
            // The group was just found, so 404 is about the membership: already absent.
            return await _http.Classifier.OfChangeAsync(response, MembershipChange.Remove(target.PersonEmail, group, groupId),
                alreadySo: (status, _) => status == HttpStatusCode.NotFound, () => Forget(group, groupId, target.PersonEmail, userId), ct);
        }, ct);

    public async Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(group);
        var groupId = await GroupIdAsync(group, ct);
        return await _http.ReadMemberPagesAsync(_http.Resolve($"groups/{Uri.EscapeDataString(groupId)}/members?$select=id,mail,userPrincipalName&$top=999"),
            group, groupId, () => Forget(group, groupId), Logins,
            (_, page) => String(page, "@odata.nextLink") is { } link && Uri.TryCreate(link, UriKind.Absolute, out var uri) ? uri : null, ct);
    }

    private static IEnumerable<string> Logins(JsonElement page)
    {
        foreach (var member in Values(page))
        {
            var type = member.TryGetProperty("@odata.type", out var t) ? t.GetString() : null;
            if (type is not null && type != "#microsoft.graph.user")
            {
                continue; // nested groups, devices and service principals are not people
            }

            if ((String(member, "mail") ?? String(member, "userPrincipalName")) is { } login)
            {
                yield return login;
            }
        }
    }

    private async Task<string> UserIdAsync(string email, CancellationToken ct)
    {
        if (_userIds.TryGetValue(email, out var cached))
        {
            return cached;
        }

        string? id;
        using (var byUpn = await _http.GetAsync($"users/{Uri.EscapeDataString(email)}?$select=id", ct))
        {
            if (byUpn.IsSuccessStatusCode)
            {
                using var json = await _http.ReadJsonAsync(byUpn, ct);
                id = String(json.RootElement, "id");
            }
            else if (byUpn.StatusCode == HttpStatusCode.NotFound)
            {
                // The UPN is not always the email; the mail attribute is.
                id = await FindOneAsync("users", $"mail eq {ODataString(email)}", $"looking up user {email}", $"mail '{email}'", ct);
            }
            else
            {
                throw new ConnectorException(await _http.Classifier.OfFailureAsync(byUpn, $"looking up user {email}", ct));
            }
        }

        if (id is null)
        {
            throw new ConnectorException(ConnectorResult.Permanent(
                $"No user with user principal name or mail '{email}' exists in {_http.Label}. Check the person's email."));
        }

        _userIds[email] = id;
        return id;
    }

    private async Task<string> GroupIdAsync(string group, CancellationToken ct)
    {
        if (_groupIds.TryGetValue(group, out var cached))
        {
            return cached;
        }

        var id = await FindOneAsync("groups", $"displayName eq {ODataString(group)}", $"looking up group {group}", $"displayName '{group}'", ct)
            ?? throw new ConnectorException(ConnectorResult.Permanent(
                $"No group named '{group}' exists in {_http.Label}. Create it there, or correct target.group in the catalog."));
        _groupIds[group] = id;
        return id;
    }

    /// <summary>The id of the only match, null when none; several matches are a Permanent failure.</summary>
    private async Task<string?> FindOneAsync(string collection, string filter, string doing, string what, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"{collection}?$filter={Uri.EscapeDataString(filter)}&$select=id", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, doing, ct));
        }

        using var json = await _http.ReadJsonAsync(response, ct);
        var ids = Values(json.RootElement).Select(v => String(v, "id")).OfType<string>().ToList();
        return ids.Count switch
        {
            0 => null,
            1 => ids[0],
            _ => throw new ConnectorException(ConnectorResult.Permanent(
                $"{ids.Count} {collection} in {_http.Label} have {what}; the connector cannot tell which one is meant.")),
        };
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

    /// <summary>An OData string literal: single quotes, doubled inside.</summary>
    internal static string ODataString(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>"code: message" from a Graph error body.</summary>
    internal static string? GraphDetail(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                var code = String(error, "code");
                var message = String(error, "message");
                return code is null ? message : $"{code}: {message}";
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static IEnumerable<JsonElement> Values(JsonElement root) =>
        root.TryGetProperty("value", out var values) && values.ValueKind == JsonValueKind.Array ? values.EnumerateArray() : [];

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
