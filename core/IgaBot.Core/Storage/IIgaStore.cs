using IgaBot.Core.Audit;

namespace IgaBot.Core.Storage;

/// <summary>
/// The unit of work over the database. Each call runs <c>work</c> in one transaction: a state change,
/// the audit row that records it (and any outbox message) commit together or not at all.
/// </summary>
/// <remarks>
/// Audit convention: every state-changing method of <see cref="IRequestStore"/> and <see cref="IGrantStore"/>
/// takes the <see cref="AuditEntry"/> that records it and appends it in the same transaction, so a change
/// cannot be written without its audit row. <see cref="IAuditLog.AppendAsync"/> is for events that change
/// no stored state (a card sent, a policy refusal).
/// Do not call <c>RunAsync</c> from inside <c>work</c>: the nested call is refused, because on SQLite it
/// would wait for the outer transaction forever.
/// </remarks>
public interface IIgaStore
{
    /// <summary>Runs <paramref name="work"/> in one transaction and returns its result; an exception rolls everything back.</summary>
    Task<T> RunAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken ct);

    /// <summary>Runs <paramref name="work"/> in one transaction; an exception rolls everything back.</summary>
    Task RunAsync(Func<IStoreSession, Task> work, CancellationToken ct);

    /// <summary>
    /// Runs <paramref name="work"/> that only reads, in one transaction that sees one consistent state and takes no
    /// write lock (on SQLite a deferred transaction: readers do not queue behind writers). Work that writes belongs in
    /// <see cref="RunAsync{T}"/>.
    /// </summary>
    Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken ct) => RunAsync(work, ct);
}

/// <summary>
/// The stores of one transaction. Valid only inside the <see cref="IIgaStore.RunAsync"/> call that created it;
/// every query uses the CancellationToken given to that call.
/// </summary>
public interface IStoreSession
{
    /// <summary>The store's clock at the time of the call (UTC); stored timestamps come from it.</summary>
    DateTimeOffset Now { get; }

    IRequestStore Requests { get; }
    IGrantStore Grants { get; }
    IAuditLog Audit { get; }
    IConversationStore Conversations { get; }
    IConversationReferenceStore ConversationReferences { get; }
    IPeopleStore People { get; }
    ICatalogStore Catalog { get; }
    ITenantSourceStore TenantSource { get; }
    IOutbox Outbox { get; }
    IDirectorySyncStore Directory { get; }
    IEmbeddingStore Embeddings { get; }
}
