using System.IdentityModel.Tokens.Jwt;
using System.Reflection;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using IgaBot.Adapters.Tests;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>Which key signs a minted token.</summary>
internal enum SigningKey { Endorsed, NotEndorsedForTeams, Unknown }

/// <summary>
/// Plays the Bot Framework token service: serves OpenID metadata and a JWKS (keys endorsed per
/// channel, as the real one does) and mints channel tokens, good and bad, with System.IdentityModel.
/// The bot validates them with the SDK's own code, pointed here by ToBotFromChannelOpenIdMetadataUrl.
/// </summary>
internal sealed class LocalTokenIssuer : IAsyncDisposable
{
    public const string Issuer = "https://token.igabot.test";

    private readonly WebApplication _app;
    // Made once per test run: generating RSA keys is the slow part of starting an issuer.
    private static readonly RSA _endorsed = RSA.Create(2048);
    private static readonly RSA _notEndorsed = RSA.Create(2048);
    private static readonly RSA _unknown = RSA.Create(2048);

    private LocalTokenIssuer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        MetadataUrl = new Uri(baseAddress, ".well-known/openidconfiguration").ToString();
    }

    public string MetadataUrl { get; }

    public static async Task<LocalTokenIssuer> StartAsync()
    {
        LocalTokenIssuer? issuer = null;
        var (app, baseAddress) = await LocalServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openidconfiguration", (HttpRequest request) => Results.Json(new
            {
                issuer = Issuer,
                authorization_endpoint = $"{request.Scheme}://{request.Host}/authorize",
                jwks_uri = $"{request.Scheme}://{request.Host}/keys",
                id_token_signing_alg_values_supported = new[] { "RS256" },
                token_endpoint_auth_methods_supported = new[] { "private_key_jwt" },
            }));
            app.MapGet("/keys", () => Results.Text(issuer!.Jwks().ToJsonString(), "application/json"));
        });
        issuer = new LocalTokenIssuer(app, baseAddress);
        issuer.TrustPlainHttpMetadata();
        return issuer;
    }

    /// <param name="validFrom">When the token starts to be valid, from now (its nbf); default a minute ago.</param>
    public string Mint(string audience, string serviceUrl, SigningKey key = SigningKey.Endorsed, string issuer = Issuer, TimeSpan? expiresIn = null,
        TimeSpan? validFrom = null)
    {
        var (rsa, kid) = key switch
        {
            SigningKey.Endorsed => (_endorsed, "endorsed-key"),
            SigningKey.NotEndorsedForTeams => (_notEndorsed, "webchat-only-key"),
            _ => (_unknown, "unknown-key"),
        };
        var now = DateTime.UtcNow;
        var expires = now + (validFrom ?? TimeSpan.Zero) + (expiresIn ?? TimeSpan.FromHours(1));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim(AuthenticationConstants.ServiceUrlClaim, serviceUrl)]),
            IssuedAt = expires < now ? expires.AddHours(-1) : now,
            NotBefore = expires < now ? expires.AddHours(-1) : now.AddMinutes(-1),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
        };
        if (validFrom is { } from) descriptor.NotBefore = now + from;
        return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
    }

    /// <summary>
    /// A token with every claim a good one has, but <c>"alg": "none"</c> and no signature: what an attacker
    /// sends hoping the validator takes an unsigned token at its word.
    /// </summary>
    public static string MintUnsigned(string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = "endorsed-key" };
        var payload = new JsonObject
        {
            ["iss"] = Issuer,
            ["aud"] = audience,
            [AuthenticationConstants.ServiceUrlClaim] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.";
    }

    private JsonObject Jwks() => new()
    {
        ["keys"] = new JsonArray(Jwk(_endorsed, "endorsed-key", "msteams"), Jwk(_notEndorsed, "webchat-only-key", "webchat")),
    };

    private static JsonObject Jwk(RSA rsa, string kid, string endorsement)
    {
        var p = rsa.ExportParameters(false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray(endorsement),
        };
    }

    /// <summary>
    /// The SDK fetches OpenID metadata through a retriever that insists on HTTPS and keeps one
    /// configuration manager per metadata URL in a static cache. Seeding that cache entry with a
    /// manager that accepts this local plain-HTTP URL is the only test seam; the validation itself
    /// (issuer, audience, lifetime, signature, endorsement, service URL) stays the SDK's.
    /// </summary>
    private void TrustPlainHttpMetadata()
    {
        var cacheField = typeof(JwtTokenExtractor).GetField("_openIdMetadataCache", BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new InvalidOperationException("The Bot Framework SDK changed: JwtTokenExtractor._openIdMetadataCache is gone.");
        var cache = (System.Collections.Concurrent.ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>>)cacheField.GetValue(null)!;
        cache[MetadataUrl] = new ConfigurationManager<OpenIdConnectConfiguration>(
            MetadataUrl, new OpenIdConnectConfigurationRetriever(), new HttpDocumentRetriever { RequireHttps = false });
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
