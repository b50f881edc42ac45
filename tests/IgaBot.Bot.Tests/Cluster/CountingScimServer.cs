using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using IgaBot.Adapters.Tests;

namespace IgaBot.Bot.Tests.Cluster;

/// <summary>
/// A small SCIM 2.0 stand-in on 127.0.0.1 for one group: the calls the SCIM connector makes (user and group look-up by
/// filter, membership check, PATCH add/remove member, member listing), answered from memory, with every membership
/// change counted and timed per person, so a test can say that each person was removed at the target exactly once, and when.
/// </summary>
internal sealed partial class CountingScimServer : IAsyncDisposable
{
    public const string GroupId = "g-1";
    /// <summary>SCIM's own names (<c>Resources</c>, <c>userName</c>), not camel-cased.</summary>
    private static readonly JsonSerializerOptions Exact = new();
    private WebApplication _app = null!;
    private readonly string _group;
    private readonly ConcurrentDictionary<string, bool> _members = new(StringComparer.Ordinal);
    private int _memberListings;

    private CountingScimServer(string group) => _group = group;

    public string BaseUrl { get; private set; } = "";

    /// <summary>Removals that took someone out of the group, per person, with the time of each.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> Removals { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every remove request per person, including those that found them already gone.</summary>
    public ConcurrentDictionary<string, int> RemoveCalls { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Which caller (its bearer token: one per instance) put each person in, and took them out.</summary>
    public ConcurrentDictionary<string, string> AddedBy { get; } = new(StringComparer.OrdinalIgnoreCase);
    public ConcurrentDictionary<string, string> RemovedBy { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Additions that put someone into the group, per person.</summary>
    public ConcurrentDictionary<string, int> Additions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How often the group's members were read (the reconciler reads them once per run).</summary>
    public int MemberListings => Volatile.Read(ref _memberListings);

    public bool IsMember(string email) => _members.ContainsKey(UserId(email));

    public static async Task<CountingScimServer> StartAsync(string group, params string[] members)
    {
        var scim = new CountingScimServer(group);
        foreach (var member in members) scim._members[UserId(member)] = true;
        (scim._app, var root) = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/scim/v2/Users", scim.FindUser);
            app.MapGet("/scim/v2/Users/{id}", (string id) => Results.Json(options: Exact, data: new { id, userName = EmailOf(id) }));
            app.MapGet("/scim/v2/Groups", scim.FindGroup);
            app.MapGet("/scim/v2/Groups/{id}", scim.ListMembers);
            app.MapMethods("/scim/v2/Groups/{id}", ["PATCH"], scim.PatchAsync);
        });
        scim.BaseUrl = new Uri(root, "scim/v2/").ToString();
        return scim;
    }

    private static string UserId(string email) => "u-" + email.ToLowerInvariant();
    private static string EmailOf(string userId) => userId.StartsWith("u-", StringComparison.Ordinal) ? userId[2..] : userId;

    private static IResult List(params object[] resources) =>
        Results.Json(options: Exact, data: new { schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:ListResponse" }, totalResults = resources.Length, Resources = resources });

    private IResult FindUser(string? filter)
    {
        var match = Quoted().Match(filter ?? "");
        return match.Success ? List(new { id = UserId(match.Groups[1].Value) }) : Results.BadRequest();
    }

    private IResult FindGroup(string? filter)
    {
        var quoted = Quoted().Matches(filter ?? "").Select(m => m.Groups[1].Value).ToList();
        if ((filter ?? "").StartsWith("displayName", StringComparison.Ordinal))
            return quoted.FirstOrDefault() == _group ? List(new { id = GroupId }) : List();
        // id eq "g-1" and members[value eq "u-..."]: the membership check before an add.
        return quoted.Count == 2 && quoted[0] == GroupId && _members.ContainsKey(quoted[1]) ? List(new { id = GroupId }) : List();
    }

    private IResult ListMembers(string id)
    {
        if (id != GroupId) return Results.NotFound();
        Interlocked.Increment(ref _memberListings);
        return Results.Json(options: Exact, data: new { id, displayName = _group, members = _members.Keys.Select(m => new { value = m }).ToArray() });
    }

    private async Task<IResult> PatchAsync(string id, HttpRequest request)
    {
        if (id != GroupId) return Results.NotFound();
        var body = await JsonNode.ParseAsync(request.Body);
        var operation = body!["Operations"]![0]!;
        var op = operation["op"]!.GetValue<string>();
        if (op == "add")
        {
            var userId = operation["value"]![0]!["value"]!.GetValue<string>();
            if (_members.TryAdd(userId, true))
            {
                Additions.AddOrUpdate(EmailOf(userId), 1, (_, n) => n + 1);
                AddedBy[EmailOf(userId)] = Caller(request);
            }
            return Results.NoContent();
        }
        var member = Quoted().Match(operation["path"]!.GetValue<string>()).Groups[1].Value;
        var email = EmailOf(member);
        RemoveCalls.AddOrUpdate(email, 1, (_, n) => n + 1);
        if (!_members.TryRemove(member, out _))
        {
            return Results.Json(options: Exact, data: new { schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:Error" }, status = "400", scimType = "noTarget" },
                statusCode: StatusCodes.Status400BadRequest);
        }
        Removals.GetOrAdd(email, _ => new()).Enqueue(DateTimeOffset.UtcNow);
        RemovedBy[email] = Caller(request);
        return Results.NoContent();
    }

    private static string Caller(HttpRequest request) => request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);

    [GeneratedRegex("\"((?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Quoted();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
