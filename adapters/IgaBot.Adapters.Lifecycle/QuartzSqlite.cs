using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// Quartz's connections to its SQLite file, with the settings the application's own database uses: WAL and
/// <c>synchronous = NORMAL</c> (a commit is not a disk sync of its own, so a burst of firings is not bound by the
/// disk), and a busy timeout. A trigger lost to a power cut is not lost access: <c>grants.expires_at</c> stays the
/// truth, the sweeper revokes what is overdue and the reconciler makes the trigger again.
/// </summary>
internal sealed class QuartzSqliteFactory : DbProviderFactory
{
    public static QuartzSqliteFactory Instance { get; } = new();

    public override DbConnection CreateConnection() => new QuartzSqliteConnection();
    public override DbCommand CreateCommand() => SqliteFactory.Instance.CreateCommand();
    public override DbParameter CreateParameter() => SqliteFactory.Instance.CreateParameter();
    public override DbConnectionStringBuilder CreateConnectionStringBuilder() => SqliteFactory.Instance.CreateConnectionStringBuilder();

    private sealed class QuartzSqliteConnection : SqliteConnection
    {
        public override void Open()
        {
            base.Open();
            using var pragmas = CreateCommand();
            pragmas.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
            pragmas.ExecuteNonQuery();
        }
    }
}
