using System.Text.Json;
using System.Web;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>
/// Stands in for the Microsoft identity platform's token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>)
/// for the client-credentials grant: it checks the tenant, client id and secret, answers a fresh token
/// (which it tells <see cref="FakeGraph"/> to accept), or AAD's error body when told to or when the
/// credentials are wrong.
/// </summary>
public sealed class FakeEntraTokenEndpoint(FakeGraph graph)
{
    public const string Tenant = "contoso-tenant-id";
    public const string ClientId = "igabot-client-id";
    public const string ClientSecret = "client-secret-never-show-9c2e";

    private readonly object _gate = new();
    private readonly List<IReadOnlyDictionary<string, string>> _requests = [];
    private FakeReply? _failNext;

    /// <summary>What expires_in says for the tokens it issues.</summary>
    public int ExpiresInSeconds { get; set; } = 3600;

    /// <summary>The form fields of each token request received.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<string> Issued { get; private set; } = [];

    public static string PathOf(string tenant) => $"/{tenant}/oauth2/v2.0/token";

    /// <summary>Answers the next token request with <paramref name="reply"/>.</summary>
    public void FailNext(FakeReply reply)
    {
        lock (_gate)
        {
            _failNext = reply;
        }
    }

    public static FakeReply AadError(int status, string error, string description) => new(status, JsonSerializer.Serialize(new
    {
        error,
        error_description = $"{description}\r\nTrace ID: 0b1c2d3e\r\nCorrelation ID: 4f5a6b7c\r\nTimestamp: 2026-03-02 09:00:00Z",
        error_codes = new[] { 7000215 },
    }));

    /// <summary>Routes token requests here and everything else to Graph.</summary>
    public FakeReply Handle(RecordedRequest request) =>
        request.Path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal) ? Token(request) : graph.Handle(request);

    private FakeReply Token(RecordedRequest request)
    {
        lock (_gate)
        {
            var parsed = HttpUtility.ParseQueryString(request.Body);
            var form = parsed.AllKeys.OfType<string>().ToDictionary(key => key, key => parsed[key] ?? "");
            _requests.Add(form);
            if (_failNext is { } failure)
            {
                _failNext = null;
                return failure;
            }

            if (request.Method != "POST" || request.Path != PathOf(Tenant))
            {
                return AadError(400, "invalid_request", $"AADSTS90002: Tenant '{request.Path.Split('/')[1]}' not found.");
            }

            if (form.GetValueOrDefault("grant_type") != "client_credentials" || form.GetValueOrDefault("scope") != "https://graph.microsoft.com/.default")
            {
                return AadError(400, "invalid_request", "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
            }

            if (form.GetValueOrDefault("client_id") != ClientId || form.GetValueOrDefault("client_secret") != ClientSecret)
            {
                return AadError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided.");
            }

            var token = $"issued-token-{_requests.Count}";
            Issued = [.. Issued, token];
            graph.AcceptToken(token);
            return new FakeReply(200, JsonSerializer.Serialize(new
            {
                token_type = "Bearer",
                expires_in = ExpiresInSeconds,
                ext_expires_in = ExpiresInSeconds,
                access_token = token,
            }));
        }
    }
}
