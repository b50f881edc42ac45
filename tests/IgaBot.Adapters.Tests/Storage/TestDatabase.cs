using Dapper;
using IgaBot.Adapters.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Storage;

/// <summary>
/// A fresh, migrated database for one test: a SQLite file in a temp folder, or a new PostgreSQL database
/// created through the server named by IGABOT_TEST_POSTGRES (and dropped afterwards).
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "IGABOT_TEST_POSTGRES";

    private readonly Func<Task> _cleanup;

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
    public FakeTimeProvider Clock { get; }
    public StorageDatabase Database { get; }
    public DatabaseMigrator Migrator { get; }
    public SqlIgaStore Store { get; }

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
            var server = PostgresServerOrIgnore();
            var name = "igabot_test_" + Guid.NewGuid().ToString("N");
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await admin.ExecuteAsync($"CREATE DATABASE {name}");
            }
            var options = new DatabaseOptions
            {
                Provider = DatabaseProvider.Postgres,
                ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString,
            };
            db = new TestDatabase(options, clock, async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(server);
                await admin.OpenAsync();
                await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
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
            FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL
            SELECT 'index ' || indexname || ': ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
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

/// <summary>Runs a fixture once on SQLite and once on PostgreSQL (ignored without IGABOT_TEST_POSTGRES).</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class StorageTestBase(DatabaseProvider provider)
{
    private protected TestDatabase Db { get; private set; } = null!;
    protected DatabaseProvider Provider { get; } = provider;
    protected static CancellationToken Ct => CancellationToken.None;

    [SetUp]
    public async Task CreateDatabaseAsync() => Db = await TestDatabase.CreateAsync(Provider);

    [TearDown]
    public async Task DropDatabaseAsync()
    {
        if (Db is not null) await Db.DisposeAsync();
        Db = null!;
    }
}
