using IgaBot.Core;

namespace IgaBot.Adapters.Storage;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>Settings section <c>Database</c>.</summary>
public sealed class DatabaseOptions : ISelfValidatingOptions
{
    public const string Section = "Database";

    /// <summary>The default SQLite file, relative to the working directory; its folder is created on start.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/igabot.db";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>ADO.NET connection string; empty means <see cref="DefaultSqliteConnectionString"/> (SQLite only).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a writer waits for another writer's transaction before failing.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem of these settings, each naming its setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Provider == DatabaseProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            problems.Add("Database:ConnectionString is required when Database:Provider is Postgres.");
        if (BusyTimeout <= TimeSpan.Zero)
            problems.Add("Database:BusyTimeout must be positive.");
        return problems;
    }
}
