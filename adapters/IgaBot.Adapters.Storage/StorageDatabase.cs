using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;

namespace IgaBot.Adapters.Storage;

/// <summary>
/// One database and its dialect: how to open a connection, start a writing transaction and take a named lock
/// inside it. Everything else (schema, queries) is shared SQL.
/// </summary>
public abstract class StorageDatabase : IAsyncDisposable
{
    /// <summary>The folder of this dialect's migrations under <c>Storage/Migrations/</c>.</summary>
    public abstract string MigrationsFolder { get; }

    public abstract DatabaseProvider Provider { get; }

    /// <summary>Opens a connection with the session settings the stores rely on.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken ct);

    /// <summary>Starts a transaction in which writers serialize where they must.</summary>
    public abstract Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Starts a transaction for reading only: one consistent state, no write lock.</summary>
    public virtual Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct) => BeginAsync(connection, ct);

    /// <summary>
    /// Holds the named lock until the transaction ends (the audit chain head, migrations, the tenant sync).
    /// </summary>
    public abstract Task LockAsync(DbTransaction transaction, string name, CancellationToken ct);

    /// <summary>
    /// Runs one writing statement in a writing transaction of its own (<see cref="BeginAsync"/>) and answers the rows it
    /// touched: what a store with one statement per change needs.
    /// </summary>
    public async Task<int> ExecuteWriteAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var tx = await BeginAsync(connection, ct);
        var rows = await connection.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return rows;
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    public static StorageDatabase Create(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteDatabase(
                string.IsNullOrWhiteSpace(options.ConnectionString) ? DatabaseOptions.DefaultSqliteConnectionString : options.ConnectionString,
                options.BusyTimeout),
            DatabaseProvider.Postgres => new PostgresDatabase(
                string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? throw new InvalidOperationException("Database:ConnectionString is required when Database:Provider is Postgres.")
                    : options.ConnectionString),
            _ => throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported (use Sqlite or Postgres)."),
        };
    }

    /// <summary>A stable 64-bit key for a lock name (PostgreSQL advisory locks take numbers).</summary>
    internal static long LockKey(string name) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0);
}

/// <summary>
/// SQLite: WAL so readers never block the writer, foreign keys on, a busy timeout, and <c>BEGIN IMMEDIATE</c>
/// so every transaction takes the write lock up front. That serializes writers (including the audit chain
/// head) without any further lock, and a transaction never fails half-way on a lock upgrade.
/// </summary>
public sealed class SqliteDatabase : StorageDatabase
{
    private readonly string _connectionString;
    private readonly int _busyTimeoutMs;
    private int _walChecked;

    // The native connections whose per-connection pragmas are set; weak, so a closed handle drops out with it.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    public SqliteDatabase(string connectionString, TimeSpan busyTimeout)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
            throw new InvalidOperationException("The SQLite connection string needs a Data Source (a file path).");
        var inMemory = builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:";
        if (!inMemory)
        {
            var path = Path.GetFullPath(builder.DataSource);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            builder.DataSource = path;
        }
        builder.DefaultTimeout = Math.Max(1, (int)busyTimeout.TotalSeconds);
        _connectionString = builder.ToString();
        _busyTimeoutMs = (int)Math.Clamp(busyTimeout.TotalMilliseconds, 0, int.MaxValue);
        FilePath = inMemory ? null : builder.DataSource;
    }

    /// <summary>The database file (null for an in-memory database).</summary>
    public string? FilePath { get; }

    public override string MigrationsFolder => "Sqlite";
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(ct);
            // A pooled connection keeps its native handle, and the handle keeps its settings: set them once per handle.
            if (connection.Handle is { } handle && !Configured.TryGetValue(handle, out _))
            {
                await using (var pragmas = connection.CreateCommand())
                {
                    pragmas.CommandText = $"PRAGMA busy_timeout = {_busyTimeoutMs}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
                    await pragmas.ExecuteNonQueryAsync(ct);
                }
                Configured.AddOrUpdate(handle, Marker);
            }
            // journal_mode is stored in the file: setting it once per process is enough.
            if (FilePath is not null && Interlocked.Exchange(ref _walChecked, 1) == 0)
            {
                await using var wal = connection.CreateCommand();
                wal.CommandText = "PRAGMA journal_mode = WAL;";
                await wal.ExecuteScalarAsync(ct);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct)
    {
        // deferred: false = BEGIN IMMEDIATE (waits up to the busy timeout for the write lock).
        DbTransaction tx = ((SqliteConnection)connection).BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: false);
        return Task.FromResult(tx);
    }

    // A deferred transaction: WAL gives it a snapshot at its first read, and it never waits for the write lock.
    public override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken ct)
    {
        DbTransaction tx = ((SqliteConnection)connection).BeginTransaction(System.Data.IsolationLevel.Serializable, deferred: true);
        return Task.FromResult(tx);
    }

    // BEGIN IMMEDIATE already holds the database's single write lock.
    public override Task LockAsync(DbTransaction transaction, string name, CancellationToken ct) => Task.CompletedTask;
}
