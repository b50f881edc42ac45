using IgaBot.Core.Audit;

namespace IgaBot.Core.Storage;

/// <summary>The append-only, hash-chained audit log (see <see cref="AuditChain"/>).</summary>
public interface IAuditLog
{
    /// <summary>Appends a row chained to the current head; writers are serialized so the chain never forks.</summary>
    Task<AuditEvent> AppendAsync(AuditEntry entry);

    /// <summary>Rows in sequence order, all or those about one subject, from <paramref name="fromSequence"/> on.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAsync(string? subject = null, long fromSequence = 1, int limit = 1000);

    /// <summary>
    /// Walks the whole chain and reports the first edited, deleted or cut-off row; with an <paramref name="anchor"/>
    /// (a head kept outside the database) also that the log still holds that row unchanged.
    /// </summary>
    Task<AuditVerification> VerifyAsync(AuditHead? anchor = null);

    /// <summary>The last row's sequence and hash (null for an empty log): what <c>igabot audit anchor</c> prints.</summary>
    Task<AuditHead?> HeadAsync();
}
