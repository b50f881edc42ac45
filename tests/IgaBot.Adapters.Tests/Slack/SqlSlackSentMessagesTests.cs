using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Storage;

namespace IgaBot.Adapters.Tests.Slack;

[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class SqlSlackSentMessagesTests(DatabaseProvider provider)
{
    [Test]
    public async Task SendingAgainToTheSamePerson_ReplacesWhereTheMessageIs()
    {
        await using var db = await Storage.TestDatabase.CreateAsync(provider);
        var sent = new SqlSlackSentMessages(db.Database);
        var at = new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

        await sent.AddAsync(new SlackSentMessage("approval:r1:1", "Nina@Example.com", "DUNINA", "1.1", at), CancellationToken.None);
        await sent.AddAsync(new SlackSentMessage("approval:r1:1", "omar@example.com", "DUOMAR", "2.1", at.AddSeconds(1)), CancellationToken.None);
        await sent.AddAsync(new SlackSentMessage("approval:r1:1", "nina@example.com", "DUNINA", "3.1", at.AddSeconds(2)), CancellationToken.None);
        await sent.AddAsync(new SlackSentMessage("approval:r2:1", "nina@example.com", "DUNINA", "4.1", at), CancellationToken.None);

        var found = await sent.FindAsync("approval:r1:1", CancellationToken.None);

        Assert.That(found, Is.EqualTo(new[]
        {
            new SlackSentMessage("approval:r1:1", "omar@example.com", "DUOMAR", "2.1", at.AddSeconds(1)),
            new SlackSentMessage("approval:r1:1", "nina@example.com", "DUNINA", "3.1", at.AddSeconds(2)),
        }));
    }
}
