using System.Data.Common;
using Dapper;
using IgaBot.Core.Audit;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

/// <summary>
/// <see cref="IIgaStore"/> over Dapper: a connection and a transaction per <see cref="RunAsync{T}"/> call,
/// committed when the work returns and rolled back when it throws.
/// </summary>
public sealed class SqlIgaStore : IIgaStore
{
    private static readonly AsyncLocal<bool> InsideRun = new();
    private readonly StorageDatabase _database;
    private readonly TimeProvider _clock;
    private readonly AuditKey? _auditKey;

    /// <param name="auditKey">Keys every audit row this store appends (and checks keyed rows); null = plain SHA-256 rows.</param>
    public SqlIgaStore(StorageDatabase database, TimeProvider clock, AuditKey? auditKey = null)
    {
        _database = database;
        _clock = clock;
        _auditKey = auditKey;
        DapperTypeHandlers.Register();
    }

    public Task<T> RunAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken ct) => RunAsync(work, readOnly: false, ct);

    public Task<T> ReadAsync<T>(Func<IStoreSession, Task<T>> work, CancellationToken ct) => RunAsync(work, readOnly: true, ct);

    private async Task<T> RunAsync<T>(Func<IStoreSession, Task<T>> work, bool readOnly, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (InsideRun.Value)
            throw new InvalidOperationException("IIgaStore.RunAsync was called inside another RunAsync: use the session you were given.");
        await using var connection = await _database.OpenAsync(ct);
        await using var tx = readOnly ? await _database.BeginReadAsync(connection, ct) : await _database.BeginAsync(connection, ct);
        var session = new SqlStoreSession(new SessionContext(_database, connection, tx, _clock, ct), _auditKey);
        T result;
        InsideRun.Value = true;
        try
        {
            result = await work(session);
        }
        catch
        {
            await RollbackQuietlyAsync(tx);
            throw;
        }
        finally
        {
            InsideRun.Value = false;
            session.Close();
        }
        await tx.CommitAsync(ct);
        return result;
    }

    public Task RunAsync(Func<IStoreSession, Task> work, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync<bool>(async s => { await work(s); return true; }, ct);
    }

    private static async Task RollbackQuietlyAsync(DbTransaction tx)
    {
        // The work's exception is the one worth seeing; a failed rollback also ends the transaction.
        try { await tx.RollbackAsync(CancellationToken.None); }
        catch (DbException) { }
        catch (InvalidOperationException) { }
    }
}

/// <summary>What every store of one session shares: the open transaction, the clock and the cancellation token.</summary>
internal sealed class SessionContext(StorageDatabase database, DbConnection connection, DbTransaction transaction, TimeProvider clock, CancellationToken ct)
{
    private bool _closed;

    public StorageDatabase Database { get; } = database;
    public DbConnection Connection
    {
        get
        {
            ObjectDisposedException.ThrowIf(_closed, "IStoreSession (its RunAsync call has ended)");
            return connection;
        }
    }
    public DbTransaction Transaction => transaction;
    public CancellationToken CancellationToken => ct;
    public DateTimeOffset Now => new(clock.GetUtcNow().UtcTicks, TimeSpan.Zero);

    /// <summary>A command bound to this session's transaction and cancellation token.</summary>
    public CommandDefinition Command(string sql, object? args = null) =>
        new(sql, args, transaction, cancellationToken: ct);

    public Task LockAsync(string name) => Database.LockAsync(transaction, name, ct);

    public void Close() => _closed = true;
}

internal sealed class SqlStoreSession : IStoreSession
{
    private readonly SessionContext _context;

    public SqlStoreSession(SessionContext context, AuditKey? auditKey)
    {
        _context = context;
        Audit = new SqlAuditLog(context, auditKey);
        Requests = new SqlRequestStore(context, Audit);
        Grants = new SqlGrantStore(context, Audit);
        Conversations = new SqlConversationStore(context);
        ConversationReferences = new SqlConversationReferenceStore(context);
        People = new SqlPeopleStore(context);
        Catalog = new SqlCatalogStore(context);
        TenantSource = new SqlTenantSourceStore(context);
        Outbox = new SqlOutbox(context);
        Embeddings = new SqlEmbeddingCache(context);
        Directory = new SqlDirectorySyncStore(context);
    }

    public DateTimeOffset Now => _context.Now;
    public IRequestStore Requests { get; }
    public IGrantStore Grants { get; }
    public SqlAuditLog Audit { get; }
    IAuditLog IStoreSession.Audit => Audit;
    public IConversationStore Conversations { get; }
    public IConversationReferenceStore ConversationReferences { get; }
    public IPeopleStore People { get; }
    public ICatalogStore Catalog { get; }
    public ITenantSourceStore TenantSource { get; }
    public IOutbox Outbox { get; }
    public IEmbeddingStore Embeddings { get; }
    public IDirectorySyncStore Directory { get; }

    public void Close() => _context.Close();
}
