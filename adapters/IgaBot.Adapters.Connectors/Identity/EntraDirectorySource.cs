using System.Text.Json;
using IgaBot.Adapters.Connectors;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Identity;

/// <summary>
/// People from Microsoft Entra ID through Microsoft Graph. The first read takes a delta link for "from now"
/// (<c>GET /users/delta?$deltatoken=latest</c>) and then reads every user (<c>GET /users</c> with <c>$select</c> and
/// <c>$expand=manager</c>, following <c>@odata.nextLink</c>); later reads follow the stored <c>@odata.deltaLink</c> and
/// merge the changes (<c>@removed</c> users leave). A user with <c>accountEnabled=false</c> is not in the directory.
/// Uses the connector's credential (its token, or its client-credential tokens) and throttling (429 with Retry-After).
/// </summary>
internal sealed class EntraDirectorySource : IDirectorySource
{
    private const string Select = "id,mail,userPrincipalName,displayName,jobTitle,department,accountEnabled";
    private const string Expand = "manager($select=mail,userPrincipalName)";

    private readonly ConnectorHttp _http;

    public EntraDirectorySource(string name, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger logger)
    {
        Name = name;
        var label = $"Entra directory source '{name}'";
        IConnectorCredential credential = options.HasClientCredentials
            ? new EntraClientCredential(name, label, options, clients, time, logger)
            : new StaticTokenCredential("Bearer", options.Token, $"{ConnectorOptions.Section}:{name}:Token");
        _http = new ConnectorHttp(name, label, options, credential, EntraConnector.GraphDetail, clients, time, logger);
    }

    public string Name { get; }
    public string Type => ConnectorTypes.Entra;

    public async Task<DirectoryRead> ReadAsync(string? state, CancellationToken ct)
    {
        var known = state is null ? null : JsonSerializer.Deserialize<State>(state);
        if (known?.DeltaLink is { } link && Uri.TryCreate(link, UriKind.Absolute, out var deltaUri) && _http.IsOwnLink(deltaUri))
        {
            var users = new Dictionary<string, User>(known.Users, StringComparer.Ordinal);
            var next = await FollowAsync(deltaUri, users, delta: true, ct);
            return Result(users, next, delta: true);
        }

        // The delta link is taken before the full read, so a change made during the read comes with the next one.
        var latest = await FollowAsync(_http.Resolve($"users/delta?$select={Select}&$expand={Expand}&$deltatoken=latest"), null, delta: true, ct);
        var all = new Dictionary<string, User>(StringComparer.Ordinal);
        await FollowAsync(_http.Resolve($"users?$select={Select}&$expand={Expand}&$top=999"), all, delta: false, ct);
        return Result(all, latest, delta: false);
    }

    private static DirectoryRead Result(Dictionary<string, User> users, string? deltaLink, bool delta)
    {
        var byId = users.Where(u => u.Value.Login is not null).ToDictionary(u => u.Key, u => u.Value.Login!, StringComparer.Ordinal);
        var people = users.Values
            .Where(u => u.Enabled && DirectoryJson.LooksLikeEmail(u.Login))
            .Select(u => new Person
            {
                Email = u.Login!.ToLowerInvariant(),
                Name = u.Name ?? u.Login!,
                Title = u.Title ?? "",
                Department = u.Department ?? "",
                Manager = (u.ManagerLogin ?? (u.ManagerId is { } id ? byId.GetValueOrDefault(id) : null))?.ToLowerInvariant(),
                TeamsId = u.Id,
            })
            .OrderBy(p => p.Email, StringComparer.Ordinal)
            .ToList();
        return new DirectoryRead(people, JsonSerializer.Serialize(new State(deltaLink, users)), delta);
    }

    /// <summary>Reads pages from <paramref name="first"/> into <paramref name="users"/> (when given); returns the delta link the last page gave.</summary>
    private async Task<string?> FollowAsync(Uri first, Dictionary<string, User>? users, bool delta, CancellationToken ct)
    {
        Uri? next = first;
        string? deltaLink = null;
        while (next is not null)
        {
            using var response = await _http.GetAsync(next, ct);
            if (!response.IsSuccessStatusCode)
                throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, delta ? "reading user changes" : "reading users", ct));
            using var json = await _http.ReadJsonAsync(response, ct);
            foreach (var item in DirectoryJson.Array(json.RootElement, "value", _http.Label, $"{next.AbsolutePath}"))
            {
                if (users is null) continue;
                var id = DirectoryJson.Text(item, "id")
                    ?? throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered a user without an id; the directory was not read."));
                if (item.TryGetProperty("@removed", out _))
                {
                    users.Remove(id);
                    continue;
                }

                users[id] = Merge(users.GetValueOrDefault(id), id, item);
            }

            next = null;
            if (DirectoryJson.Text(json.RootElement, "@odata.nextLink") is { } nextLink)
            {
                if (!Uri.TryCreate(nextLink, UriKind.Absolute, out var uri) || !_http.IsOwnLink(uri))
                    throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered a next link outside its base URL; the directory was not read."));
                next = uri;
            }

            deltaLink = DirectoryJson.Text(json.RootElement, "@odata.deltaLink") ?? deltaLink;
        }

        if (delta && deltaLink is null)
            throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered a delta query without an @odata.deltaLink; the directory was not read."));
        return deltaLink;
    }

    /// <summary>A delta item carries the properties that changed; a full item all of them.</summary>
    private static User Merge(User? old, string id, JsonElement item)
    {
        var user = old ?? new User { Id = id };
        string? Changed(string property, string? before) => item.TryGetProperty(property, out _) ? DirectoryJson.Text(item, property) : before;
        user = user with
        {
            Mail = Changed("mail", user.Mail),
            Upn = Changed("userPrincipalName", user.Upn),
            Name = Changed("displayName", user.Name),
            Title = Changed("jobTitle", user.Title),
            Department = Changed("department", user.Department),
            Enabled = item.TryGetProperty("accountEnabled", out var enabled) ? enabled.ValueKind != JsonValueKind.False : user.Enabled,
        };
        if (item.TryGetProperty("manager", out var manager))
        {
            user = manager.ValueKind == JsonValueKind.Object
                ? user with { ManagerLogin = DirectoryJson.Text(manager, "mail") ?? DirectoryJson.Text(manager, "userPrincipalName"), ManagerId = DirectoryJson.Text(manager, "id") }
                : user with { ManagerLogin = null, ManagerId = null };
        }
        else if (item.TryGetProperty("manager@delta", out var managerDelta) && managerDelta.ValueKind == JsonValueKind.Array)
        {
            var first = managerDelta.EnumerateArray().FirstOrDefault();
            user = first.ValueKind != JsonValueKind.Object || first.TryGetProperty("@removed", out _)
                ? user with { ManagerLogin = null, ManagerId = null }
                : user with { ManagerLogin = DirectoryJson.Text(first, "mail") ?? DirectoryJson.Text(first, "userPrincipalName"), ManagerId = DirectoryJson.Text(first, "id") };
        }

        return user;
    }

    internal sealed record State(string? DeltaLink, Dictionary<string, User> Users);

    internal sealed record User
    {
        public required string Id { get; init; }
        public string? Mail { get; init; }
        public string? Upn { get; init; }
        public string? Name { get; init; }
        public string? Title { get; init; }
        public string? Department { get; init; }
        public bool Enabled { get; init; } = true;
        public string? ManagerLogin { get; init; }
        public string? ManagerId { get; init; }

        public string? Login => Mail ?? Upn;
    }
}
