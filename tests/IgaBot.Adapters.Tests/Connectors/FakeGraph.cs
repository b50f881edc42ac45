using System.Text.Json;
using System.Text.RegularExpressions;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>
/// Stands in for Microsoft Graph's user, group and group-membership endpoints under /v1.0, with
/// Graph's documented answers: 204 on add/remove, 400 "One or more added object references already
/// exist" on a duplicate add, 404 on removing a non-member, 401 on a token it does not accept, 429 with Retry-After;
/// and the directory: <c>/users</c> with <c>$expand=manager</c> paged by <c>@odata.nextLink</c>, <c>/users/delta</c> with
/// delta links (<c>@removed</c> for deleted users).
/// </summary>
public sealed partial class FakeGraph
{
    public const string Token = "graph-test-token-71aa";
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Upn, string? Mail)> _users = [];
    private readonly Dictionary<string, (string Name, List<string> Members)> _groups = [];
    private readonly HashSet<string> _tokens = [Token];
    private readonly Dictionary<string, GraphProfile> _profiles = [];
    // The directory's change log for /users/delta: (sequence, user id) per change; a delta token is a sequence.
    private readonly List<(int Seq, string Id)> _changes = [];
    private int _seq;
    private readonly Queue<FakeReply> _failures = new();
    private int _throttle;
    private int _lastId;
    private string _retryAfter = "1";

    /// <summary>Members listed per page, to make the connector follow @odata.nextLink.</summary>
    public int PageSize { get; set; } = 2;

    public Uri? Root { get; set; }

    public string AddUser(string upn, string? mail = null)
    {
        lock (_gate)
        {
            var id = $"u-{++_lastId}";
            _users[id] = (upn, mail ?? upn);
            _changes.Add((++_seq, id));
            return id;
        }
    }

    /// <summary>Deletes a user (and their memberships), as when an account is removed before being created again.</summary>
    public void RemoveUser(string id)
    {
        lock (_gate)
        {
            _users.Remove(id);
            _profiles.Remove(id);
            _changes.Add((++_seq, id));
            foreach (var group in _groups.Values)
            {
                group.Members.Remove(id);
            }
        }
    }

    public string AddGroup(string name, params string[] members)
    {
        lock (_gate)
        {
            var id = $"g-{++_lastId}";
            _groups[id] = (name, [.. members]);
            return id;
        }
    }

    public IReadOnlyList<string> Members(string groupId)
    {
        lock (_gate)
        {
            return [.. _groups[groupId].Members];
        }
    }

    /// <summary>Makes Graph accept <paramref name="token"/> as a bearer token (as a token endpoint's answer would).</summary>
    public void AcceptToken(string token)
    {
        lock (_gate)
        {
            _tokens.Add(token);
        }
    }

    /// <summary>Makes Graph refuse a token it accepted, as after a revocation or a key rollover.</summary>
    public void RefuseToken(string token)
    {
        lock (_gate)
        {
            _tokens.Remove(token);
        }
    }

    /// <summary>Sets a user's directory attributes (what /users and /users/delta answer), recorded as a change for delta.</summary>
    public void SetProfile(string id, string? displayName, string? jobTitle, string? department, string? managerId = null, bool accountEnabled = true)
    {
        lock (_gate)
        {
            _profiles[id] = new GraphProfile(displayName, jobTitle, department, managerId, accountEnabled);
            _changes.Add((++_seq, id));
        }
    }

    /// <summary>A user with a profile in one call; returns the id.</summary>
    public string AddPerson(string mail, string name, string title, string department, string? managerId = null, bool enabled = true)
    {
        var id = AddUser(mail);
        SetProfile(id, name, title, department, managerId, enabled);
        return id;
    }

    /// <summary>The next requests answer these replies (a 500, a body that is not JSON...) before the fake answers again.</summary>
    public void FailNext(params FakeReply[] replies)
    {
        lock (_gate)
        {
            foreach (var reply in replies) _failures.Enqueue(reply);
        }
    }

    public void ThrottleNext(int count, string retryAfter)
    {
        lock (_gate)
        {
            _throttle = count;
            _retryAfter = retryAfter;
        }
    }

    public FakeReply Handle(RecordedRequest request)
    {
        lock (_gate)
        {
            if (request.Authorization is not { } authorization || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                || !_tokens.Contains(authorization["Bearer ".Length..]))
            {
                return Error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
            }

            if (_throttle > 0)
            {
                _throttle--;
                return new FakeReply(429, Json(new { error = new { code = "TooManyRequests", message = "Too many requests." } }),
                    new Dictionary<string, string> { ["Retry-After"] = _retryAfter });
            }

            if (_failures.TryDequeue(out var failure))
            {
                return failure;
            }

            var path = request.Path;
            if (request.Method == "GET" && path == "/v1.0/users/delta")
            {
                return Delta(request);
            }

            if (request.Method == "GET" && path == "/v1.0/users" && !request.Query.ContainsKey("$filter"))
            {
                var skip = request.Query.TryGetValue("$skiptoken", out var skipToken) ? int.Parse(skipToken) : 0;
                var ids = _users.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                var reply = new Dictionary<string, object?> { ["value"] = ids.Skip(skip).Take(PageSize).Select(id => UserJson(id, request)).ToList() };
                if (skip + PageSize < ids.Count)
                {
                    reply["@odata.nextLink"] = new Uri(Root!, $"v1.0/users?$skiptoken={skip + PageSize}").AbsoluteUri;
                }

                return new FakeReply(200, Json(reply));
            }

            if (request.Method == "GET" && UserPath().Match(path) is { Success: true } user)
            {
                var key = user.Groups[1].Value;
                var found = _users.FirstOrDefault(u => u.Key == key || string.Equals(u.Value.Upn, key, StringComparison.OrdinalIgnoreCase));
                return found.Key is null
                    ? Error(404, "Request_ResourceNotFound", $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.")
                    : new FakeReply(200, Json(new { id = found.Key }));
            }

            if (request.Method == "GET" && path == "/v1.0/users")
            {
                var mail = FilterValue(request, "mail");
                return List(_users.Where(u => string.Equals(u.Value.Mail, mail, StringComparison.OrdinalIgnoreCase)).Select(u => new { id = u.Key }));
            }

            if (request.Method == "GET" && path == "/v1.0/groups")
            {
                var name = FilterValue(request, "displayName");
                return List(_groups.Where(g => string.Equals(g.Value.Name, name, StringComparison.OrdinalIgnoreCase)).Select(g => new { id = g.Key }));
            }

            if (request.Method == "POST" && AddPath().Match(path) is { Success: true } add)
            {
                if (!_groups.TryGetValue(add.Groups[1].Value, out var group))
                {
                    return Error(404, "Request_ResourceNotFound", "Group not found.");
                }

                using var body = JsonDocument.Parse(request.Body);
                var reference = body.RootElement.GetProperty("@odata.id").GetString()!;
                if (Root is null || !reference.StartsWith(new Uri(Root, "v1.0/directoryObjects/").AbsoluteUri, StringComparison.Ordinal))
                {
                    return Error(400, "Request_BadRequest", $"Invalid object identifier '{reference}'.");
                }

                var userId = reference[(reference.LastIndexOf('/') + 1)..];
                if (!_users.ContainsKey(userId))
                {
                    return Error(404, "Request_ResourceNotFound", $"Resource '{userId}' does not exist.");
                }

                if (group.Members.Contains(userId))
                {
                    return Error(400, "Request_BadRequest", "One or more added object references already exist for the following modified properties: 'members'.");
                }

                group.Members.Add(userId);
                return FakeReply.NoContent;
            }

            if (request.Method == "DELETE" && RemovePath().Match(path) is { Success: true } remove)
            {
                return _groups.TryGetValue(remove.Groups[1].Value, out var group) && group.Members.Remove(remove.Groups[2].Value)
                    ? FakeReply.NoContent
                    : Error(404, "Request_ResourceNotFound", $"Resource '{remove.Groups[2].Value}' does not exist or one of its queried reference-property objects are not present.");
            }

            if (request.Method == "GET" && MembersPath().Match(path) is { Success: true } members)
            {
                var group = _groups[members.Groups[1].Value];
                var skip = request.Query.TryGetValue("$skiptoken", out var token) ? int.Parse(token) : 0;
                var page = group.Members.Skip(skip).Take(PageSize).Select(id => new Dictionary<string, object?>
                {
                    ["@odata.type"] = "#microsoft.graph.user",
                    ["id"] = id,
                    ["mail"] = _users[id].Mail,
                    ["userPrincipalName"] = _users[id].Upn,
                }).ToList();
                var reply = new Dictionary<string, object?> { ["value"] = page };
                if (skip + PageSize < group.Members.Count)
                {
                    reply["@odata.nextLink"] = new Uri(Root!, $"v1.0/groups/{members.Groups[1].Value}/members?$skiptoken={skip + PageSize}").AbsoluteUri;
                }

                return new FakeReply(200, Json(reply));
            }

            return Error(400, "BadRequest", $"The fake does not know {request.Method} {path}.");
        }
    }

    /// <summary>
    /// /users/delta: <c>$deltatoken=latest</c> answers no users and a delta link for now; <c>$deltatoken=N</c> answers the
    /// users changed since N (deleted ones as <c>@removed</c>), a page at a time (<c>$skiptoken=N-skip</c>), the last page
    /// with the next delta link.
    /// </summary>
    private FakeReply Delta(RecordedRequest request)
    {
        int since, skip = 0;
        if (request.Query.TryGetValue("$skiptoken", out var skipToken))
        {
            var parts = skipToken.Split('-');
            (since, skip) = (int.Parse(parts[0]), int.Parse(parts[1]));
        }
        else if (request.Query.GetValueOrDefault("$deltatoken") is "latest")
        {
            return new FakeReply(200, Json(new Dictionary<string, object?> { ["value"] = Array.Empty<object>(), ["@odata.deltaLink"] = new Uri(Root!, $"v1.0/users/delta?$deltatoken={_seq}").AbsoluteUri }));
        }
        else if (!int.TryParse(request.Query.GetValueOrDefault("$deltatoken"), out since))
        {
            // A first round without a token would answer everyone; the source never asks for it.
            return Error(400, "BadRequest", "The fake answers delta rounds from a delta token only.");
        }

        var changed = _changes.Where(c => c.Seq > since).Select(c => c.Id).Distinct().ToList();
        var page = changed.Skip(skip).Take(PageSize).Select(id => _users.ContainsKey(id)
            ? UserJson(id, request)
            : new Dictionary<string, object?> { ["id"] = id, ["@removed"] = new { reason = "deleted" } }).ToList();
        var reply = new Dictionary<string, object?> { ["value"] = page };
        if (skip + PageSize < changed.Count)
        {
            reply["@odata.nextLink"] = new Uri(Root!, $"v1.0/users/delta?$skiptoken={since}-{skip + PageSize}").AbsoluteUri;
        }
        else
        {
            reply["@odata.deltaLink"] = new Uri(Root!, $"v1.0/users/delta?$deltatoken={_seq}").AbsoluteUri;
        }

        return new FakeReply(200, Json(reply));
    }

    private Dictionary<string, object?> UserJson(string id, RecordedRequest request)
    {
        var (upn, mail) = _users[id];
        var profile = _profiles.GetValueOrDefault(id) ?? new GraphProfile(null, null, null, null, true);
        var json = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["mail"] = mail,
            ["userPrincipalName"] = upn,
            ["displayName"] = profile.DisplayName,
            ["jobTitle"] = profile.JobTitle,
            ["department"] = profile.Department,
            ["accountEnabled"] = profile.AccountEnabled,
        };
        // $expand=manager: the manager object with what $select asked for (null when the user has none).
        if ((request.Query.GetValueOrDefault("$expand") ?? "").StartsWith("manager", StringComparison.Ordinal) || request.Path.EndsWith("/delta", StringComparison.Ordinal))
        {
            json["manager"] = profile.ManagerId is { } m && _users.TryGetValue(m, out var boss)
                ? new Dictionary<string, object?> { ["@odata.type"] = "#microsoft.graph.user", ["id"] = m, ["mail"] = boss.Mail, ["userPrincipalName"] = boss.Upn }
                : null;
        }

        return json;
    }

    private sealed record GraphProfile(string? DisplayName, string? JobTitle, string? Department, string? ManagerId, bool AccountEnabled);

    private static string? FilterValue(RecordedRequest request, string property)
    {
        var filter = request.Query.GetValueOrDefault("$filter") ?? "";
        var match = Regex.Match(filter, $"^{property} eq '((?:[^']|'')*)'$");
        return match.Success ? match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal) : null;
    }

    private static FakeReply List<T>(IEnumerable<T> items) => new(200, Json(new { value = items.ToList() }));

    private static FakeReply Error(int status, string code, string message) => new(status, Json(new { error = new { code, message } }));

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [GeneratedRegex("^/v1.0/users/([^/]+)$")]
    private static partial Regex UserPath();

    [GeneratedRegex("^/v1.0/groups/([^/]+)/members/\\$ref$")]
    private static partial Regex AddPath();

    [GeneratedRegex("^/v1.0/groups/([^/]+)/members/([^/]+)/\\$ref$")]
    private static partial Regex RemovePath();

    [GeneratedRegex("^/v1.0/groups/([^/]+)/members$")]
    private static partial Regex MembersPath();
}
