using System.Security.Cryptography;
using System.Text;

namespace IgaBot.Core.Audit;

/// <summary>The <c>Audit</c> settings.</summary>
public sealed class AuditOptions : ISelfValidatingOptions
{
    public const string Section = "Audit";

    /// <summary>The minimum length of <see cref="Key"/>: 32 characters carry at least the 128 bits HMAC needs when they are random.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>
    /// The secret that keys the audit chain (HMAC-SHA256). From configuration, the environment or a key vault,
    /// never the database: whoever can write the database but does not hold it cannot rewrite the chain unseen.
    /// Empty = the chain is a plain SHA-256 chain (tamper-evident only against someone who does not recompute it).
    /// </summary>
    public string? Key { get; set; }

    /// <summary>Every problem of these settings (a key that is too short); empty when they can be used.</summary>
    public IReadOnlyList<string> Validate() => string.IsNullOrWhiteSpace(Key) || Key.Length >= MinimumKeyLength
        ? []
        : [$"Audit:Key must be at least {MinimumKeyLength} characters (e.g. the output of 'openssl rand -base64 32')."];
}

/// <summary>
/// The audit chain's key: a keyed row's hash is <c>hex(HMAC-SHA256(key, UTF-8(canonical(event) || previous hash)))</c>.
/// The key itself is never shown, logged or stored; only the chain proves it was used.
/// </summary>
public sealed class AuditKey
{
    private readonly byte[] _key;

    private AuditKey(byte[] key) => _key = key;

    /// <summary>The key of <paramref name="options"/>, or null when none is set; a key that is too short is refused.</summary>
    public static AuditKey? From(AuditOptions? options)
    {
        var text = options?.Key;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (text.Length < AuditOptions.MinimumKeyLength)
            throw new InvalidInputException($"Audit:Key must be at least {AuditOptions.MinimumKeyLength} characters (e.g. the output of 'openssl rand -base64 32').");
        return new AuditKey(Encoding.UTF8.GetBytes(text));
    }

    internal string Hash(byte[] message) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, message));

    /// <summary>Never the key.</summary>
    public override string ToString() => "AuditKey(***)";
}
