using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Core.Grants;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>Expiry reminders sent, in <c>grant_expiry_reminders</c>; the primary key makes each one go out once.</summary>
public sealed class SqlExpiryReminderLedger : IExpiryReminderLedger
{
    private readonly StorageDatabase _database;

    public SqlExpiryReminderLedger(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    public async Task<bool> TryRecordAsync(Guid grantId, DateTimeOffset expiresAt, TimeSpan lead, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO grant_expiry_reminders (grant_id, expires_at, lead_ticks, sent_at)
            VALUES (@grantId, @expiresAt, @lead, @at)
            ON CONFLICT DO NOTHING
            """;
        return await _database.ExecuteWriteAsync(sql, new { grantId, expiresAt, lead, at }, ct) == 1;
    }
}
