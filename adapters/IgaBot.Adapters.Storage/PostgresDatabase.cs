using System.Data;
using System.Data.Common;
using Dapper;
using Npgsql;

namespace IgaBot.Adapters.Storage;

/// <summary>
/// PostgreSQL: READ COMMITTED transactions (guarded updates re-check their WHERE after waiting for a row lock,
/// so two writers cannot both win) and transaction-scoped advisory locks where a single writer is required.
/// </summary>
public sealed class PostgresDatabase : StorageDatabase
{
    private readonly NpgsqlDataSource _dataSource;

    public PostgresDatabase(string connectionString) =>
        _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string MigrationsFolder => "Postgres";
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    public override async Task<DbConnection> OpenAsync(CancellationToken ct) =>
        await _dataSource.OpenConnectionAsync(ct);

    public override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken ct) =>
        await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, ct);

    public override Task LockAsync(DbTransaction transaction, string name, CancellationToken ct)
    {
        const string sql = """SELECT pg_advisory_xact_lock(@key)""";
        return transaction.Connection!.ExecuteAsync(new CommandDefinition(sql, new { key = LockKey(name) }, transaction, cancellationToken: ct));
    }

    public override async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await base.DisposeAsync();
    }
}
