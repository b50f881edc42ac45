using IgaBot.Adapters.Connectors;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Identity;

/// <summary>
/// People from a SCIM 2.0 service provider (<c>GET /Users?startIndex=&amp;count=</c>, RFC 7644 §3.4.2.4 paging): the
/// primary email (else userName), displayName (else name.formatted), title, and from the enterprise extension
/// (<c>urn:ietf:params:scim:schemas:extension:enterprise:2.0:User</c>) department and manager (its <c>value</c> is the
/// manager's SCIM id). A user with <c>active: false</c> is not in the directory.
/// </summary>
internal sealed class ScimDirectorySource : IDirectorySource
{
    public const string Enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    private readonly ConnectorHttp _http;

    public ScimDirectorySource(string name, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger logger)
    {
        Name = name;
        _http = new ConnectorHttp(name, $"SCIM directory source '{name}'", options,
            new StaticTokenCredential("Bearer", options.Token, $"{ConnectorOptions.Section}:{name}:Token"), ScimConnector.ScimDetail,
            clients, time, logger, "application/scim+json", "application/json");
    }

    public string Name { get; }
    public string Type => ConnectorTypes.Scim;

    /// <summary>Users asked for per page (<c>count</c>); the provider may answer fewer.</summary>
    internal int PageSize { get; init; } = 100;

    public async Task<DirectoryRead> ReadAsync(string? state, CancellationToken ct)
    {
        var users = new List<(string Id, bool Active, Person Person, string? ManagerId)>();
        var startIndex = 1;
        while (true)
        {
            using var response = await _http.GetAsync($"Users?startIndex={startIndex}&count={PageSize}", ct);
            if (!response.IsSuccessStatusCode)
                throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, "reading users", ct));
            using var json = await _http.ReadJsonAsync(response, ct);
            var root = json.RootElement;
            var total = root.ValueKind == System.Text.Json.JsonValueKind.Object && root.TryGetProperty("totalResults", out var t) && t.TryGetInt32(out var n)
                ? n
                : throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered /Users without totalResults; the directory was not read."));
            var page = 0;
            // A provider with no users may leave Resources out (RFC 7644 §3.4.2).
            var resources = total == 0 && !root.TryGetProperty("Resources", out _)
                ? []
                : DirectoryJson.Array(root, "Resources", _http.Label, "/Users").ToList();
            foreach (var user in resources)
            {
                page++;
                var id = DirectoryJson.Text(user, "id")
                    ?? throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered a user without an id; the directory was not read."));
                var email = PrimaryEmail(user) ?? DirectoryJson.Text(user, "userName") ?? "";
                var enterprise = DirectoryJson.Object(user, Enterprise);
                var manager = enterprise is { } e ? DirectoryJson.Object(e, "manager") : null;
                var active = !(user.TryGetProperty("active", out var a) && a.ValueKind == System.Text.Json.JsonValueKind.False);
                users.Add((id, active, new Person
                {
                    Email = email.ToLowerInvariant(),
                    Name = DirectoryJson.Text(user, "displayName") ?? (DirectoryJson.Object(user, "name") is { } nm ? DirectoryJson.Text(nm, "formatted") : null) ?? email,
                    Title = DirectoryJson.Text(user, "title") ?? "",
                    Department = enterprise is { } en ? DirectoryJson.Text(en, "department") ?? "" : "",
                }, manager is { } m ? DirectoryJson.Text(m, "value") : null));
            }

            startIndex += page;
            if (page == 0 || startIndex > total) break;
        }

        var emailOf = users.GroupBy(u => u.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Person.Email, StringComparer.Ordinal);
        var people = users
            .Where(u => u.Active && DirectoryJson.LooksLikeEmail(u.Person.Email))
            .Select(u => u.Person with { Manager = u.ManagerId is null ? null : emailOf.GetValueOrDefault(u.ManagerId) })
            .OrderBy(p => p.Email, StringComparer.Ordinal)
            .ToList();
        return new DirectoryRead(people, null);
    }

    private static string? PrimaryEmail(System.Text.Json.JsonElement user)
    {
        if (!user.TryGetProperty("emails", out var emails) || emails.ValueKind != System.Text.Json.JsonValueKind.Array) return null;
        var all = emails.EnumerateArray().ToList();
        var primary = all.FirstOrDefault(e => e.TryGetProperty("primary", out var p) && p.ValueKind == System.Text.Json.JsonValueKind.True);
        return DirectoryJson.Text(primary.ValueKind == System.Text.Json.JsonValueKind.Object ? primary : all.FirstOrDefault(), "value");
    }
}
