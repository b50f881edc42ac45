using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IgaBot.Core.Audit;

/// <summary>The last row of the chain as recorded beside it, so that cutting rows off the end shows.</summary>
public sealed record AuditHead(long Sequence, string Hash);

/// <summary>The outcome of walking the audit chain.</summary>
public sealed record AuditVerification(bool IsIntact, long RowsChecked, long? BrokenSequence, string Message)
{
    public static AuditVerification Intact(long rows) =>
        new(true, rows, null, rows == 0 ? "The audit log is empty." : $"All {rows} audit rows are intact.");

    public static AuditVerification Broken(long rowsChecked, long sequence, string message) =>
        new(false, rowsChecked, sequence, message);
}

/// <summary>
/// The hash chain of the audit log, independent of any database:
/// <c>hash = hex(SHA-256(UTF-8(canonical(event)) || UTF-8(previous hash)))</c>, the first row chained to
/// <see cref="GenesisHash"/>. The canonical text is versioned so that it never changes silently.
/// A row written while an <see cref="AuditKey"/> is set is <em>keyed</em> (its <see cref="AuditEvent.Keyed"/> marker
/// says so): the same bytes go through HMAC-SHA256 with the key instead, so nobody without the key can compute it.
/// Once a row is keyed every later row must be, and with a key the log must end on a keyed row: a rewrite without
/// the key can neither recompute a keyed row nor fall back to plain rows unseen.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>UTC, fixed seven fractional digits (all of DateTimeOffset's precision): text order is time order.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    private const string CanonicalVersion = "igabot-audit-v1";

    public static string FormatTimestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// A stable text of the event: one line per field, each value length-prefixed so that no choice of
    /// characters in a field can make two different events read alike; a null detail differs from an empty one.
    /// </summary>
    public static string Canonical(long sequence, DateTimeOffset at, string actor, string action, string subject, string? detail)
    {
        var sb = new StringBuilder(CanonicalVersion).Append('\n');
        sb.Append("sequence:").Append(sequence.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("at:").Append(FormatTimestamp(at)).Append('\n');
        Field(sb, "actor", actor);
        Field(sb, "action", action);
        Field(sb, "subject", subject);
        if (detail is null) sb.Append("detail:-\n");
        else Field(sb, "detail", detail);
        return sb.ToString();

        static void Field(StringBuilder sb, string name, string value) =>
            sb.Append(name).Append(':').Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append('\n');
    }

    public static string Canonical(AuditEvent e) => Canonical(e.Sequence, e.At, e.Actor, e.Action, e.Subject, e.Detail);

    public static string ComputeHash(string canonical, string previousHash, AuditKey? key = null)
    {
        var bytes = Encoding.UTF8.GetBytes(canonical + previousHash);
        return key is null ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : key.Hash(bytes);
    }

    /// <summary>The hash of an unkeyed row, or of a keyed row with <paramref name="key"/>.</summary>
    public static string ComputeHash(AuditEvent e, AuditKey? key = null) => ComputeHash(Canonical(e), e.PreviousHash, key);

    /// <summary>
    /// The row that follows <paramref name="previous"/> (null = the first row) for <paramref name="entry"/> at <paramref name="at"/>,
    /// keyed when <paramref name="key"/> is given.
    /// </summary>
    public static AuditEvent Next(AuditHead? previous, AuditEntry entry, DateTimeOffset at, AuditKey? key = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (string.IsNullOrWhiteSpace(entry.Actor)) throw new InvalidInputException("An audit entry needs an actor.");
        if (string.IsNullOrWhiteSpace(entry.Action)) throw new InvalidInputException("An audit entry needs an action.");
        if (entry.Subject is null) throw new InvalidInputException("An audit entry needs a subject.");
        var sequence = (previous?.Sequence ?? 0) + 1;
        var previousHash = previous?.Hash ?? GenesisHash;
        var utc = new DateTimeOffset(at.UtcTicks, TimeSpan.Zero);
        var hash = ComputeHash(Canonical(sequence, utc, entry.Actor, entry.Action, entry.Subject, entry.Detail), previousHash, key);
        return new AuditEvent
        {
            Sequence = sequence,
            At = utc,
            Actor = entry.Actor,
            Action = entry.Action,
            Subject = entry.Subject,
            Detail = entry.Detail,
            PreviousHash = previousHash,
            Hash = hash,
            Keyed = key is not null,
        };
    }

    /// <summary>Walks <paramref name="events"/> (in sequence order) and reports the first broken row.</summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> events, AuditHead? head = null, AuditKey? key = null, AuditHead? anchor = null)
    {
        var verifier = new AuditChainVerifier(key, anchor);
        foreach (var e in events)
        {
            if (verifier.Check(e) is { } broken) return broken;
        }
        return verifier.Complete(head);
    }
}

/// <summary>
/// Checks the chain one row at a time, so that a long log can be streamed from the database in pages.
/// With a <paramref name="key"/> keyed rows are checked with it; without one a keyed row cannot be checked and fails.
/// An <paramref name="anchor"/> (a head printed by <c>igabot audit anchor</c> and kept elsewhere) must still be in the
/// log, unchanged: with an intact chain that proves nothing up to it was cut off or rewritten since it was taken.
/// </summary>
public sealed class AuditChainVerifier(AuditKey? key = null, AuditHead? anchor = null)
{
    private string? _hashAtAnchor;
    private long _expected = 1;
    private string _previousHash = AuditChain.GenesisHash;
    private long _checked;
    private long? _firstKeyed;
    private bool _lastKeyed;

    /// <summary>Checks the next row; returns the failure, or null when the row is sound.</summary>
    public AuditVerification? Check(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Sequence != _expected)
        {
            return e.Sequence > _expected
                ? AuditVerification.Broken(_checked, _expected, _expected == 1
                    ? $"Audit row {_expected} is missing: the log starts at row {e.Sequence}."
                    : $"Audit row {_expected} is missing: row {e.Sequence} follows row {_expected - 1}.")
                : AuditVerification.Broken(_checked, e.Sequence, $"Audit row {e.Sequence} is out of order: expected row {_expected}.");
        }
        if (e.Keyed && key is null)
        {
            return AuditVerification.Broken(_checked, e.Sequence,
                $"Audit row {e.Sequence} is keyed (HMAC-SHA256) and no Audit:Key is set: it cannot be checked without the key.");
        }
        if (!e.Keyed && _firstKeyed is { } first)
        {
            return AuditVerification.Broken(_checked, e.Sequence,
                $"Audit row {e.Sequence} was altered: it is not keyed although the chain is keyed from row {first} on (rewritten without the key).");
        }
        if (AuditChain.ComputeHash(e, e.Keyed ? key : null) != e.Hash)
        {
            return AuditVerification.Broken(_checked, e.Sequence, e.Keyed
                ? $"Audit row {e.Sequence} was altered: its content does not match its keyed hash (or it was keyed with another Audit:Key)."
                : $"Audit row {e.Sequence} was altered: its content does not match its hash.");
        }
        if (e.PreviousHash != _previousHash)
        {
            // The row itself is consistent, so the row before it was rewritten (hash recomputed) or replaced.
            return _expected == 1
                ? AuditVerification.Broken(_checked, e.Sequence, $"Audit row {e.Sequence} was altered: the first row must chain to the genesis hash.")
                : AuditVerification.Broken(_checked, e.Sequence - 1,
                    $"Audit row {e.Sequence - 1} was altered or replaced: row {e.Sequence} was chained to a different hash (row {e.Sequence - 1} was rewritten, or rows after it were removed and the rest renumbered).");
        }
        _checked++;
        _expected++;
        _previousHash = e.Hash;
        _lastKeyed = e.Keyed;
        if (e.Keyed) _firstKeyed ??= e.Sequence;
        if (anchor is not null && e.Sequence == anchor.Sequence) _hashAtAnchor = e.Hash;
        return null;
    }

    /// <summary>Ends the walk; <paramref name="head"/> (when recorded) tells whether rows were cut off the end.</summary>
    public AuditVerification Complete(AuditHead? head)
    {
        var last = _expected - 1;
        if (head is not null && head.Sequence > last)
        {
            return AuditVerification.Broken(_checked, last + 1,
                $"Audit row {last + 1} is missing: the log ends at row {last} but its head records row {head.Sequence}.");
        }
        if (head is not null && (head.Sequence != last || (last > 0 && head.Hash != _previousHash)))
        {
            return AuditVerification.Broken(_checked, last,
                $"Audit row {last} does not match the recorded head of the log (row {head.Sequence}).");
        }
        if (anchor is not null && anchor.Sequence > last)
        {
            return AuditVerification.Broken(_checked, last + 1,
                $"Audit row {last + 1} is missing: the anchor records row {anchor.Sequence} but the log ends at row {last} (rows were cut off the end).");
        }
        if (anchor is not null && anchor.Sequence > 0 && !string.Equals(_hashAtAnchor, anchor.Hash, StringComparison.Ordinal))
        {
            return AuditVerification.Broken(_checked, anchor.Sequence,
                $"Audit row {anchor.Sequence} does not match the anchor: the log up to it was rewritten since the anchor was taken.");
        }
        if (key is not null && last > 0 && !_lastKeyed)
        {
            // A bot started with the key records 'audit.keyed' at once, so a keyed log never ends on a plain row.
            return AuditVerification.Broken(_checked, last,
                $"Audit row {last}, the last, is not keyed although Audit:Key is set: the keyed rows were rewritten without the key or cut off " +
                "(or the bot has not yet started with this key: start it once and it records 'audit.keyed').");
        }
        if (_firstKeyed is { } first)
        {
            return new AuditVerification(true, _checked, null, first == 1
                ? $"All {_checked} audit rows are intact (keyed with Audit:Key)."
                : $"All {_checked} audit rows are intact (keyed with Audit:Key from row {first} on; rows 1-{first - 1} predate the key and are chained into the keyed rows).");
        }
        return AuditVerification.Intact(_checked);
    }
}
