using System.Reflection;
using Dapper;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Storage;

/// <summary>One embedded migration script: <c>Storage/Migrations/{dialect}/NNNN_name.sql</c>.</summary>
public sealed record Migration(string Version, string Name, string Sql);

/// <summary>
/// Applies the embedded migrations of the database's dialect in version order and records each in
/// <c>schema_migrations</c>. All pending scripts run in one transaction under the migration lock, so running
/// it twice, or from two processes at once, applies each script exactly once.
/// </summary>
public sealed class DatabaseMigrator(StorageDatabase database, TimeProvider clock, ILogger<DatabaseMigrator> logger)
{
    private const string LockName = "igabot.migrations";

    /// <summary>The migrations shipped for this dialect, in order.</summary>
    public IReadOnlyList<Migration> Migrations { get; } = Load(database.MigrationsFolder);

    /// <summary>Applies what is missing; returns the versions applied by this call.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken ct)
    {
        DapperTypeHandlers.Register();
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await database.BeginAsync(connection, ct);
        await database.LockAsync(tx, LockName, ct);

        const string create = """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     TEXT NOT NULL PRIMARY KEY,
                name        TEXT NOT NULL,
                applied_at  TEXT NOT NULL
            )
            """;
        await connection.ExecuteAsync(new CommandDefinition(create, transaction: tx, cancellationToken: ct));

        const string applied = """SELECT version FROM schema_migrations""";
        var done = (await connection.QueryAsync<string>(new CommandDefinition(applied, transaction: tx, cancellationToken: ct)))
            .ToHashSet(StringComparer.Ordinal);

        var ran = new List<string>();
        foreach (var migration in Migrations.Where(m => !done.Contains(m.Version)))
        {
            await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: tx, cancellationToken: ct));
            const string record = """
                INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)
                """;
            await connection.ExecuteAsync(new CommandDefinition(record,
                new { migration.Version, migration.Name, At = clock.GetUtcNow() }, tx, cancellationToken: ct));
            ran.Add(migration.Version);
            logger.LogInformation("Applied database migration {Version} {Name} ({Provider})", migration.Version, migration.Name, database.Provider);
        }
        await tx.CommitAsync(ct);
        if (ran.Count == 0) logger.LogDebug("Database schema is up to date ({Provider})", database.Provider);
        return ran;
    }

    private static List<Migration> Load(string folder)
    {
        var assembly = typeof(DatabaseMigrator).Assembly;
        var prefix = $"{typeof(DatabaseMigrator).Namespace}.Migrations.{folder}.";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_');
            if (underscore <= 0 || !file[..underscore].All(char.IsAsciiDigit))
                throw new InvalidOperationException($"Migration '{resource}' must be named NNNN_name.sql.");
            migrations.Add(new Migration(file[..underscore], file[(underscore + 1)..], Read(assembly, resource)));
        }
        if (migrations.Count == 0) throw new InvalidOperationException($"No migrations are embedded under '{prefix}'.");
        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two migrations share version {duplicate.Key} in {folder}.");
        return [.. migrations.OrderBy(m => m.Version, StringComparer.Ordinal)];
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
