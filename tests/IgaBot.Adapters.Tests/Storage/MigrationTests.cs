using IgaBot.Adapters.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgaBot.Adapters.Tests.Storage;

public class MigrationTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Test]
    public async Task Migrate_RunTwice_AppliesNothingTheSecondTimeAndLeavesTheSameSchema()
    {
        var before = await Db.DescribeSchemaAsync();

        var applied = await Db.Migrator.MigrateAsync(Ct);

        Assert.That(applied, Is.Empty);
        Assert.That(await Db.DescribeSchemaAsync(), Is.EqualTo(before));
        Assert.That(before, Has.Some.Contains("audit_events"));
        Assert.That(await Db.ScalarRawAsync<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(Db.Migrator.Migrations.Count));
    }

    [Test]
    public async Task Migrate_FromTwoProcessesAtOnce_AppliesEachVersionOnce()
    {
        await using var fresh = await TestDatabase.CreateAsync(Provider, migrate: false);
        var second = new DatabaseMigrator(StorageDatabase.Create(fresh.Options), fresh.Clock, NullLogger<DatabaseMigrator>.Instance);

        var results = await Task.WhenAll(
            Task.Run(() => fresh.Migrator.MigrateAsync(Ct)),
            Task.Run(() => second.MigrateAsync(Ct)));

        Assert.That(results.SelectMany(r => r), Is.EquivalentTo(fresh.Migrator.Migrations.Select(m => m.Version)));
        Assert.That(await fresh.ScalarRawAsync<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(fresh.Migrator.Migrations.Count));
    }

    [Test]
    public void Migrations_AreEmbeddedInVersionOrder()
    {
        var versions = Db.Migrator.Migrations.Select(m => m.Version).ToList();

        Assert.That(versions, Is.Not.Empty);
        Assert.That(versions[0], Is.EqualTo("0001"));
        Assert.That(versions, Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }
}
