using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Slack;

public enum SignatureVerdict { Valid, Missing, Stale, Mismatch }

/// <summary>
/// Checks <c>X-Slack-Signature</c>: <c>v0=</c> + hex HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>),
/// over the bytes as received (a re-encoded form body would hash differently), compared in constant time.
/// </summary>
public sealed class SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    private const string Version = "v0";

    public SignatureVerdict Verify(string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> rawBody) =>
        Verify(options.Value.SigningSecret, timestampHeader, signatureHeader, rawBody, time.GetUtcNow(),
            TimeSpan.FromSeconds(options.Value.SignatureWindowSeconds));

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Until when a request with this (already verified) timestamp header passes the window check.</summary>
    public DateTimeOffset ValidUntil(string timestampHeader) =>
        DateTimeOffset.FromUnixTimeSeconds(long.Parse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture))
            .AddSeconds(options.Value.SignatureWindowSeconds + 1);

    public static SignatureVerdict Verify(string secret, string? timestampHeader, string? signatureHeader,
        ReadOnlySpan<byte> rawBody, DateTimeOffset now, TimeSpan window)
    {
        if (string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
            return SignatureVerdict.Missing;
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SignatureVerdict.Missing;
        // A replayed request is refused however good its signature is.
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > (long)window.TotalSeconds)
            return SignatureVerdict.Stale;

        var prefix = Encoding.ASCII.GetBytes($"{Version}:{timestampHeader}:");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(rawBody);
        Span<byte> expected = stackalloc byte[32];
        hmac.GetHashAndReset(expected);

        var given = signatureHeader.AsSpan().Trim();
        if (!given.StartsWith(Version + "=", StringComparison.Ordinal)) return SignatureVerdict.Mismatch;
        var hex = given[(Version.Length + 1)..];
        Span<byte> givenBytes = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, givenBytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32)
            return SignatureVerdict.Mismatch;
        return CryptographicOperations.FixedTimeEquals(expected, givenBytes) ? SignatureVerdict.Valid : SignatureVerdict.Mismatch;
    }

    /// <summary>The signature Slack would send for this body (tests and fixtures).</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> rawBody)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(rawBody);
        return Version + "=" + Convert.ToHexStringLower(hmac.GetHashAndReset());
    }
}
