using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using IgaBot.Adapters.Tests;

namespace IgaBot.Bot.Tests.AdminConsole;

/// <summary>A person the stand-in signs in: what the id token says about them.</summary>
internal sealed record TestUser(string Email, string Name, params string[] Groups);

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 shaped like Entra ID's v2.0 endpoints (<c>/{tenant}/v2.0/.well-known/
/// openid-configuration</c>, <c>/{tenant}/discovery/v2.0/keys</c>, <c>/{tenant}/oauth2/v2.0/authorize</c> and
/// <c>/token</c>): the authorize endpoint signs in whoever the test chose (<see cref="SignInAs"/>) without a prompt and
/// posts the code back; the token endpoint checks the client secret, the redirect URI and PKCE, and issues an RS256
/// id token with the nonce it was given.
/// </summary>
internal sealed class OidcStandIn : IAsyncDisposable
{
    public const string TenantId = "7c5e3b4a-0d1f-4e2a-9b8c-6a5d4c3b2a10";
    public const string ClientId = "5d0c7a7e-console-test";
    public const string ClientSecret = "stand-in-secret";

    private WebApplication _app = null!;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "stand-in-key" };
    private readonly ConcurrentDictionary<string, (TestUser User, string Nonce, string RedirectUri, string? Challenge)> _codes = new();
    private TestUser? _next;

    private OidcStandIn() { }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The authority the bot is configured with: <c>Instance</c> + <c>TenantId</c> + <c>/v2.0</c>.</summary>
    public string Issuer => $"{BaseUrl}/{TenantId}/v2.0";

    /// <summary>How many id tokens were issued.</summary>
    public int TokensIssued;

    /// <summary>The person the next authorize request signs in.</summary>
    public void SignInAs(TestUser user) => Volatile.Write(ref _next, user);

    public static async Task<OidcStandIn> StartAsync()
    {
        var oidc = new OidcStandIn();
        (oidc._app, var root) = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", oidc.Discovery);
            app.MapGet("/{tenant}/discovery/v2.0/keys", oidc.Keys);
            app.MapGet("/{tenant}/oauth2/v2.0/authorize", oidc.Authorize);
            app.MapPost("/{tenant}/oauth2/v2.0/token", oidc.TokenAsync);
        });
        oidc.BaseUrl = root.ToString().TrimEnd('/');
        return oidc;
    }

    private IResult Discovery(string tenant) => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{BaseUrl}/{TenantId}/oauth2/v2.0/authorize",
        ["token_endpoint"] = $"{BaseUrl}/{TenantId}/oauth2/v2.0/token",
        ["jwks_uri"] = $"{BaseUrl}/{TenantId}/discovery/v2.0/keys",
        ["end_session_endpoint"] = $"{BaseUrl}/{TenantId}/oauth2/v2.0/logout",
        ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["subject_types_supported"] = new[] { "pairwise" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
    });

    private IResult Keys(string tenant)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(_key);
        return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = jwk.N, e = jwk.E } } });
    }

    private IResult Authorize(HttpRequest request)
    {
        var q = request.Query;
        if (q["client_id"] != ClientId) return Results.BadRequest("unknown client_id");
        if (q["response_type"] != "code") return Results.BadRequest("only the code flow");
        var user = Volatile.Read(ref _next);
        if (user is null) return Results.BadRequest("the test chose nobody to sign in");
        var redirect = q["redirect_uri"].ToString();
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (user, q["nonce"].ToString(), redirect, q["code_challenge"].ToString() is { Length: > 0 } c ? c : null);
        var state = q["state"].ToString();
        if (q["response_mode"] == "form_post")
        {
            var html = $"""
                <!doctype html><html><head><link rel="icon" href="data:,"></head><body onload="document.forms[0].submit()">
                <form method="post" action="{WebUtility.HtmlEncode(redirect)}">
                <input type="hidden" name="code" value="{code}"><input type="hidden" name="state" value="{WebUtility.HtmlEncode(state)}">
                <noscript><button type="submit">Continue</button></noscript></form></body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        }
        return Results.Redirect($"{redirect}?code={code}&state={Uri.EscapeDataString(state)}");
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var (id, secret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (request.Headers.Authorization.ToString() is { Length: > 6 } basic && basic.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic[6..])).Split(':', 2);
            (id, secret) = (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        if (id != ClientId || secret != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var issued))
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        if (form["redirect_uri"] != issued.RedirectUri) return Results.Json(new { error = "invalid_grant", error_description = "redirect_uri" }, statusCode: 400);
        if (issued.Challenge is { } challenge
            && Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != challenge)
            return Results.Json(new { error = "invalid_grant", error_description = "PKCE" }, statusCode: 400);

        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "sub-" + issued.User.Email,
            ["oid"] = Guid.NewGuid().ToString(),
            ["tid"] = TenantId,
            ["ver"] = "2.0",
            ["nonce"] = issued.Nonce,
            ["name"] = issued.User.Name,
            ["preferred_username"] = issued.User.Email,
            ["email"] = issued.User.Email,
        };
        if (issued.User.Groups.Length > 0) claims["groups"] = issued.User.Groups;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
        Interlocked.Increment(ref TokensIssued);
        return Results.Json(new { token_type = "Bearer", expires_in = 3600, id_token = token, access_token = "opaque-" + Guid.NewGuid().ToString("N") });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
