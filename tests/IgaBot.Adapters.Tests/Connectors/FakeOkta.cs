using System.Text.Json;
using System.Text.RegularExpressions;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>
/// Stands in for Okta's users and groups API (/api/v1) with its documented answers: PUT and DELETE
/// of a membership answer 204, unknown resources 404 with an E0000007 error, a wrong token 401
/// E0000011, and rate limits 429 with X-Rate-Limit-Reset (epoch seconds) and no Retry-After; and the Users API
/// (<c>GET /api/v1/users</c>, profile attributes and status, Link rel="next" paging, X-Rate-Limit-* headers).
/// </summary>
public sealed partial class FakeOkta(TimeProvider clock)
{
    public const string Token = "okta-test-token-3b9f";
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _users = [];
    private readonly Dictionary<string, (string Name, List<string> Members)> _groups = [];
    private readonly Dictionary<string, OktaProfile> _profiles = [];
    private int _throttle;
    private TimeSpan _resetIn;

    /// <summary>What list pages say is left of the rate limit (X-Rate-Limit-Remaining), and when it resets from now.</summary>
    public (int Remaining, TimeSpan ResetIn) ListRateLimit { get; set; } = (599, TimeSpan.FromMinutes(1));

    public int PageSize { get; set; } = 2;

    public Uri? Root { get; set; }

    public string AddUser(string login)
    {
        lock (_gate)
        {
            var id = $"00u{_users.Count + 1}";
            _users[id] = login;
            return id;
        }
    }

    /// <summary>A user with profile attributes and a status (ACTIVE, SUSPENDED, DEPROVISIONED...); returns the id.</summary>
    public string AddPerson(string email, string? displayName, string? title, string? department, string? managerId = null, string status = "ACTIVE")
    {
        lock (_gate)
        {
            var id = AddUser(email);
            _profiles[id] = new OktaProfile(displayName, title, department, managerId, status);
            return id;
        }
    }

    public string AddGroup(string name, params string[] members)
    {
        lock (_gate)
        {
            var id = $"00g{_groups.Count + 1}";
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

    /// <summary>The next <paramref name="count"/> requests answer 429 with the limit resetting <paramref name="resetIn"/> from now.</summary>
    public void ThrottleNext(int count, TimeSpan resetIn)
    {
        lock (_gate)
        {
            _throttle = count;
            _resetIn = resetIn;
        }
    }

    public FakeReply Handle(RecordedRequest request)
    {
        lock (_gate)
        {
            if (request.Authorization != $"SSWS {Token}")
            {
                return Error(401, "E0000011", "Invalid token provided");
            }

            if (_throttle > 0)
            {
                _throttle--;
                var reset = clock.GetUtcNow().Add(_resetIn).ToUnixTimeSeconds();
                return new FakeReply(429, Json(new { errorCode = "E0000047", errorSummary = "API call exceeded rate limit due to too many requests.", errorCauses = Array.Empty<object>() }),
                    new Dictionary<string, string> { ["X-Rate-Limit-Limit"] = "600", ["X-Rate-Limit-Remaining"] = "0", ["X-Rate-Limit-Reset"] = reset.ToString() });
            }

            var path = request.Path;
            if (request.Method == "GET" && path == "/api/v1/users")
            {
                // Okta pages with an opaque "after" cursor in the Link header; here it is the offset.
                var limit = request.Query.TryGetValue("limit", out var l) ? Math.Min(int.Parse(l), PageSize) : PageSize;
                var after = request.Query.TryGetValue("after", out var a) ? int.Parse(a) : 0;
                var ids = _users.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();
                var page = ids.Skip(after).Take(limit).Select(UserJson).ToList();
                var headers = new Dictionary<string, string>
                {
                    ["X-Rate-Limit-Limit"] = "600",
                    ["X-Rate-Limit-Remaining"] = ListRateLimit.Remaining.ToString(),
                    ["X-Rate-Limit-Reset"] = clock.GetUtcNow().Add(ListRateLimit.ResetIn).ToUnixTimeSeconds().ToString(),
                };
                var self = new Uri(Root!, $"api/v1/users?limit={limit}");
                headers["Link"] = after + limit < ids.Count
                    ? $"<{self}>; rel=\"self\", <{new Uri(Root!, $"api/v1/users?after={after + limit}&limit={limit}")}>; rel=\"next\""
                    : $"<{self}>; rel=\"self\"";
                return new FakeReply(200, Json(page), headers);
            }

            if (request.Method == "GET" && UserPath().Match(path) is { Success: true } user)
            {
                var key = user.Groups[1].Value;
                var found = _users.FirstOrDefault(u => u.Key == key || string.Equals(u.Value, key, StringComparison.OrdinalIgnoreCase));
                return found.Key is null
                    ? NotFound(key, "User")
                    : new FakeReply(200, Json(UserJson(found.Key)));
            }

            if (request.Method == "GET" && path == "/api/v1/groups")
            {
                var q = request.Query.GetValueOrDefault("q") ?? "";
                return new FakeReply(200, Json(_groups
                    .Where(g => g.Value.Name.StartsWith(q, StringComparison.OrdinalIgnoreCase))
                    .Select(g => new { id = g.Key, type = "OKTA_GROUP", profile = new { name = g.Value.Name, description = "" } })
                    .ToList()));
            }

            if (MembershipPath().Match(path) is { Success: true } membership && request.Method is "PUT" or "DELETE")
            {
                var (groupId, userId) = (membership.Groups[1].Value, membership.Groups[2].Value);
                if (!_groups.TryGetValue(groupId, out var group))
                {
                    return NotFound(groupId, "UserGroup");
                }

                if (!_users.ContainsKey(userId))
                {
                    return NotFound(userId, "User");
                }

                if (request.Method == "PUT")
                {
                    if (!group.Members.Contains(userId))
                    {
                        group.Members.Add(userId);
                    }

                    return FakeReply.NoContent;
                }

                return group.Members.Remove(userId) ? FakeReply.NoContent : NotFound(userId, "GroupMembership");
            }

            if (request.Method == "GET" && MembersPath().Match(path) is { Success: true } members)
            {
                var group = _groups[members.Groups[1].Value];
                var after = request.Query.TryGetValue("after", out var cursor) ? int.Parse(cursor) : 0;
                var page = group.Members.Skip(after).Take(PageSize).Select(UserJson).ToList();
                var headers = new Dictionary<string, string>();
                if (after + PageSize < group.Members.Count)
                {
                    var next = new Uri(Root!, $"api/v1/groups/{members.Groups[1].Value}/users?after={after + PageSize}&limit={PageSize}");
                    headers["Link"] = $"<{new Uri(Root!, $"api/v1/groups/{members.Groups[1].Value}/users?limit={PageSize}")}>; rel=\"self\", <{next}>; rel=\"next\"";
                }

                return new FakeReply(200, Json(page), headers);
            }

            return Error(400, "E0000001", $"The fake does not know {request.Method} {path}.");
        }
    }

    private object UserJson(string id) => _profiles.TryGetValue(id, out var p)
        ? new { id, status = p.Status, profile = (object)new { login = _users[id], email = _users[id], displayName = p.DisplayName, title = p.Title, department = p.Department, managerId = p.ManagerId } }
        : new { id, status = "ACTIVE", profile = (object)new { login = _users[id], email = _users[id] } };

    private sealed record OktaProfile(string? DisplayName, string? Title, string? Department, string? ManagerId, string Status);

    private static FakeReply NotFound(string id, string type) => Error(404, "E0000007", $"Not found: Resource not found: {id} ({type})");

    private static FakeReply Error(int status, string code, string summary) =>
        new(status, Json(new { errorCode = code, errorSummary = summary, errorLink = code, errorId = "oae-test", errorCauses = Array.Empty<object>() }));

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [GeneratedRegex("^/api/v1/users/([^/]+)$")]
    private static partial Regex UserPath();

    [GeneratedRegex("^/api/v1/groups/([^/]+)/users/([^/]+)$")]
    private static partial Regex MembershipPath();

    [GeneratedRegex("^/api/v1/groups/([^/]+)/users$")]
    private static partial Regex MembersPath();
}
