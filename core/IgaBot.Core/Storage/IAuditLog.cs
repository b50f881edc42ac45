using IgaBot.Core.Audit;

namespace IgaBot.Core.Storage;

/// <summary>The append-only, hash-chained audit log (see <see cref="AuditChain"/>).</summary>
public interface IAuditLog
{
    /// <summary>Appends a row chained to the current head; writers are serialized so the chain never forks.</summary>
    Task<AuditEvent> AppendAsync(AuditEntry entry);

    /// <summary>Rows in sequence order, all or those about one subject, from <paramref name="fromSequence"/> on.</summary>
    Task<IReadOnlyList<AuditEvent>> ListAsync(string? subject = null, long fromSequence = 1, int limit = 1000);

    /// <summary>Walks the whole chain and reports the first edited, deleted or cut-off row.</summary>
    Task<AuditVerification> VerifyAsync();
}
