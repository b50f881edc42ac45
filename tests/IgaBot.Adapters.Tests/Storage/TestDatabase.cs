using Dapper;
using IgaBot.Adapters.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace IgaBot.Adapters.Tests.Storage;

/// <summary>
/// A fresh, migrated database for one test: a SQLite file in a temp folder, or a new schema on the PostgreSQL
/// server named by IGABOT_TEST_POSTGRES (dropped afterwards).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "IGABOT_TEST_POSTGRES";

    private readonly Func<Task> _cleanup;

    // Children before parents (foreign keys).
    private static readonly string[] Tables =
    [
        "mover_review_items", "mover_reviews", "joiner_welcomes", "existing_access", "directory_change_sets", "directory_sync",
        "approval_deliveries", "approval_stages", "access_requests", "grants", "initial_access_imports", "audit_events", "audit_head",
        "conversation_states", "conversation_references", "outbox_messages", "slack_seen_signatures", "embeddings", "entitlements", "apps", "people", "rate_limit_windows", "tenant_source",
    ];

    private TestDatabase(DatabaseOptions options, FakeTimeProvider clock, Func<Task> cleanup)
    {
        Options = options;
        Clock = clock;
        _cleanup = cleanup;
        Database = StorageDatabase.Create(options);
        Migrator = new DatabaseMigrator(Database, clock, NullLogger<DatabaseMigrator>.Instance);
        Store = new SqlIgaStore(Database, clock);
    }

    public DatabaseOptions Options { get; }
    public FakeTimeProvider Clock { get; private set; }
    public StorageDatabase Database { get; }
    public DatabaseMigrator Migrator { get; }
    public SqlIgaStore Store { get; private set; }

    /// <summary>
    /// Empties every table and restarts the clock, so a fixture can reuse one migrated database. The audit log is
    /// append-only, so its guards are dropped for the emptying and put back as the migration wrote them.
    /// </summary>
    public async Task ResetAsync()
    {
        await using (var connection = await Database.OpenAsync(CancellationToken.None))
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync(DropAuditGuardsSql, transaction: tx);
            foreach (var table in Tables) await connection.ExecuteAsync($"DELETE FROM {table}", transaction: tx);
            await connection.ExecuteAsync(Migrator.Migrations.Single(m => m.Name == "audit_append_only").Sql, transaction: tx);
            await tx.CommitAsync();
        }
        Clock = new FakeTimeProvider(Start);
        Store = new SqlIgaStore(Database, Clock);
    }

    /// <summary>A store over the same database whose audit rows are keyed with <paramref name="key"/>.</summary>
    public SqlIgaStore StoreWithKey(IgaBot.Core.Audit.AuditKey? key) => new(Database, Clock, key);

    /// <summary>
    /// Drops the audit log's append-only triggers, as the owner of the database can: what an attacker with that
    /// power does first before rewriting rows.
    /// </summary>
    public Task DropAuditGuardsAsync() => ExecuteRawAsync(DropAuditGuardsSql);

    private string DropAuditGuardsSql => Options.Provider == DatabaseProvider.Sqlite
        ? """
          DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete;
          DROP TRIGGER IF EXISTS audit_head_to_a_row; DROP TRIGGER IF EXISTS audit_head_forward_only; DROP TRIGGER IF EXISTS audit_head_no_delete;
          """
        : """
          DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events; DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
          DROP TRIGGER IF EXISTS audit_head_guard ON audit_head; DROP TRIGGER IF EXISTS audit_head_no_truncate ON audit_head;
          """;

    public static DateTimeOffset Start { get; } = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, bool migrate = true)
    {
        var clock = new FakeTimeProvider(Start);
        TestDatabase db;
        if (provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.Combine(Path.GetTempPath(), "igabot-tests", Guid.NewGuid().ToString("N"));
            var options = new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "igabot.db")}" };
            db = new TestDatabase(options, clock, () =>
            {
                SqliteConnection.ClearAllPools();
                try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
                return Task.CompletedTask;
            });
        }
        else
        {
            // A schema per test (not a database: CREATE DATABASE takes a second or more each time).
            var server = PostgresServerOrIgnore();
            var schema = "igabot_test_" + Guid.NewGuid().ToString("N");
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE SCHEMA {schema}");
            }
            var options = new DatabaseOptions
            {
                Provider = DatabaseProvider.Postgres,
                ConnectionString = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString,
            };
            db = new TestDatabase(options, clock, async () =>
            {
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
            });
        }
        if (migrate) await db.Migrator.MigrateAsync(CancellationToken.None);
        return db;
    }

    public static string PostgresServerOrIgnore()
    {
        var server = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Ignore($"PostgreSQL not available: set {PostgresVariable} to a connection string " +
                          "(e.g. \"Host=localhost;Username=postgres;Password=postgres\") to run the PostgreSQL storage tests.");
        }
        return server!;
    }

    /// <summary>Raw SQL outside the store, as someone with database access would run it.</summary>
    public async Task<int> ExecuteRawAsync(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteAsync(sql, args);
    }

    public async Task<T?> ScalarRawAsync<T>(string sql, object? args = null)
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<T>(sql, args);
    }

    /// <summary>Tables, columns and indexes as the database reports them.</summary>
    public async Task<IReadOnlyList<string>> DescribeSchemaAsync()
    {
        await using var connection = await Database.OpenAsync(CancellationToken.None);
        const string sqlite = """SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name""";
        const string postgres = """
            SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
            FROM information_schema.columns WHERE table_schema = current_schema()
            UNION ALL
            SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
            ORDER BY 1
            """;
        return (await connection.QueryAsync<string>(Options.Provider == DatabaseProvider.Sqlite ? sqlite : postgres)).AsList();
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        await _cleanup();
    }
}

/// <summary>
/// Runs a fixture once on SQLite and once on PostgreSQL (ignored without IGABOT_TEST_POSTGRES), on one migrated
/// database per fixture that is emptied before each test.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class StorageTestBase(DatabaseProvider provider)
{
    private TestDatabase? _db;

    private protected TestDatabase Db => _db ?? throw new InvalidOperationException("The test database was not created.");
    protected DatabaseProvider Provider { get; } = provider;
    protected static CancellationToken Ct => CancellationToken.None;

    [OneTimeSetUp]
    public async Task CreateDatabaseAsync() => _db = await TestDatabase.CreateAsync(Provider);

    [SetUp]
    public Task ResetDatabaseAsync() => Db.ResetAsync();

    [OneTimeTearDown]
    public async Task DropDatabaseAsync()
    {
        if (_db is not null) await _db.DisposeAsync();
        _db = null;
    }
}
