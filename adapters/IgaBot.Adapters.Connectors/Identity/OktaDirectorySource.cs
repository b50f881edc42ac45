using System.Globalization;
using IgaBot.Adapters.Connectors;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Identity;

/// <summary>
/// People from Okta's Users API (<c>GET /api/v1/users</c>, <c>Link: rel="next"</c> paging): profile email (or login),
/// displayName (or first and last name), title, department and managerId (an Okta user id, login or email). Users whose
/// status is DEPROVISIONED or SUSPENDED are not in the directory. When a page says the rate limit is spent
/// (<c>X-Rate-Limit-Remaining: 0</c>) the next page waits for <c>X-Rate-Limit-Reset</c> (up to the connector's
/// MaxRetryWait); a 429 is waited out by the connector's throttling.
/// </summary>
internal sealed class OktaDirectorySource : IDirectorySource
{
    private readonly ConnectorHttp _http;
    private readonly ConnectorInstanceOptions _options;
    private readonly TimeProvider _time;

    public OktaDirectorySource(string name, ConnectorInstanceOptions options, IHttpClientFactory clients, TimeProvider time, ILogger logger)
    {
        Name = name;
        _options = options;
        _time = time;
        _http = new ConnectorHttp(name, $"Okta directory source '{name}'", options,
            new StaticTokenCredential("SSWS", options.Token, $"{ConnectorOptions.Section}:{name}:Token"), OktaConnector.OktaDetail, clients, time, logger);
    }

    public string Name { get; }
    public string Type => ConnectorTypes.Okta;

    public async Task<DirectoryRead> ReadAsync(string? state, CancellationToken ct)
    {
        var users = new List<(string Id, string Login, string Status, Person Person, string? ManagerId)>();
        Uri? next = _http.Resolve("api/v1/users?limit=200");
        while (next is not null)
        {
            using var response = await _http.GetAsync(next, ct);
            if (!response.IsSuccessStatusCode)
                throw new ConnectorException(await _http.Classifier.OfFailureAsync(response, "reading users", ct));
            using var json = await _http.ReadJsonAsync(response, ct);
            foreach (var user in DirectoryJson.Array(json.RootElement, null, _http.Label, next.AbsolutePath))
            {
                var id = DirectoryJson.Text(user, "id")
                    ?? throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered a user without an id; the directory was not read."));
                var profile = DirectoryJson.Object(user, "profile")
                    ?? throw new ConnectorException(ConnectorResult.Permanent($"{_http.Label} answered user {id} without a profile; the directory was not read."));
                var login = DirectoryJson.Text(profile, "login") ?? "";
                var email = DirectoryJson.Text(profile, "email") ?? login;
                var name = DirectoryJson.Text(profile, "displayName")
                    ?? string.Join(' ', new[] { DirectoryJson.Text(profile, "firstName"), DirectoryJson.Text(profile, "lastName") }.Where(n => n is not null));
                users.Add((id, login, DirectoryJson.Text(user, "status") ?? "ACTIVE", new Person
                {
                    Email = email.ToLowerInvariant(),
                    Name = string.IsNullOrWhiteSpace(name) ? email : name,
                    Title = DirectoryJson.Text(profile, "title") ?? "",
                    Department = DirectoryJson.Text(profile, "department") ?? "",
                }, DirectoryJson.Text(profile, "managerId")));
            }

            next = OktaConnector.NextLink(response) is { } link && _http.IsOwnLink(link) ? link : null;
            if (next is not null) await WaitForRateLimitAsync(response, ct);
        }

        var emailOf = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in users)
        {
            emailOf.TryAdd(u.Id, u.Person.Email);
            if (u.Login.Length > 0) emailOf.TryAdd(u.Login, u.Person.Email);
            emailOf.TryAdd(u.Person.Email, u.Person.Email);
        }

        var people = users
            .Where(u => u.Status is not ("DEPROVISIONED" or "SUSPENDED") && DirectoryJson.LooksLikeEmail(u.Person.Email))
            .Select(u => u.Person with
            {
                Manager = u.ManagerId is null ? null
                    : emailOf.GetValueOrDefault(u.ManagerId) ?? (DirectoryJson.LooksLikeEmail(u.ManagerId) ? u.ManagerId.ToLowerInvariant() : null),
            })
            .OrderBy(p => p.Email, StringComparer.Ordinal)
            .ToList();
        return new DirectoryRead(people, null);
    }

    private async Task WaitForRateLimitAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.Headers.TryGetValues("X-Rate-Limit-Remaining", out var remaining)
            || !int.TryParse(remaining.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var left) || left > 0)
            return;
        if (!response.Headers.TryGetValues("X-Rate-Limit-Reset", out var reset)
            || !long.TryParse(reset.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
            return;
        var wait = DateTimeOffset.FromUnixTimeSeconds(epoch) - _time.GetUtcNow();
        if (wait <= TimeSpan.Zero) return;
        if (wait > _options.MaxRetryWait)
            throw new ConnectorException(ConnectorResult.Transient(
                $"{_http.Label} spent its rate limit for {wait.TotalSeconds:0} s, longer than {ConnectorOptions.Section}:{Name}:MaxRetryWait; the directory was not read.", wait));
        await Task.Delay(wait, _time, ct);
    }
}
