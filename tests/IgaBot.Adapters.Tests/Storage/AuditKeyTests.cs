using System.Data.Common;
using IgaBot.Adapters.Storage;
using IgaBot.Core.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

/// <summary>
/// The audit chain against someone who can write the database: append-only triggers, the keyed chain
/// (<c>Audit:Key</c>) and anchors kept elsewhere.
/// </summary>
public class AuditKeyTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private static readonly AuditKey Key = AuditKey.From(new AuditOptions { Key = "the-operators-audit-key-0123456789abcdef" })!;
    private static readonly AuditKey Guess = AuditKey.From(new AuditOptions { Key = "an-attackers-guess-of-the-key-0123456789" })!;

    private async Task AppendAsync(SqlIgaStore store, int count, string subject = "request:r1")
    {
        for (var i = 0; i < count; i++)
        {
            Db.Clock.Advance(TimeSpan.FromSeconds(1));
            await store.RunAsync(s => s.Audit.AppendAsync(Audit("request.approved", subject)), Ct);
        }
    }

    private Task<AuditVerification> VerifyAsync(AuditKey? key, AuditHead? anchor = null) =>
        Db.StoreWithKey(key).RunAsync(s => s.Audit.VerifyAsync(anchor), Ct);

    private Task<IReadOnlyList<AuditEvent>> RowsAsync() => Db.Store.RunAsync(s => s.Audit.ListAsync(), Ct);

    /// <summary>
    /// What an attacker with write access does: drops the guards, changes row <paramref name="from"/>'s actor, recomputes
    /// that row and every later one (with <paramref name="key"/>: keyed rows; without: plain SHA-256 rows) and moves the head.
    /// </summary>
    private async Task RewriteAsync(long from, AuditKey? key, string actor = "mallory@contoso.com")
    {
        await Db.DropAuditGuardsAsync();
        var rows = await RowsAsync();
        var previous = rows.SingleOrDefault(r => r.Sequence == from - 1)?.Hash ?? AuditChain.GenesisHash;
        foreach (var row in rows.Where(r => r.Sequence >= from))
        {
            var forged = row with { Actor = row.Sequence == from ? actor : row.Actor, PreviousHash = previous, Keyed = key is not null };
            forged = forged with { Hash = AuditChain.ComputeHash(forged, key) };
            await Db.ExecuteRawAsync(
                "UPDATE audit_events SET actor = @Actor, previous_hash = @PreviousHash, hash = @Hash, keyed = @Keyed WHERE sequence = @Sequence", forged);
            previous = forged.Hash;
        }
        await Db.ExecuteRawAsync("UPDATE audit_head SET sequence = @sequence, hash = @previous WHERE id = 1", new { sequence = rows[^1].Sequence, previous });
    }

    [Test]
    public async Task RewriteWithoutTheKey_RecomputingLaterHashesAndTheHead_FailsVerifyWithTheKey()
    {
        await AppendAsync(Db.StoreWithKey(Key), 5);
        Assert.That((await VerifyAsync(Key)).IsIntact, Is.True);

        await RewriteAsync(3, key: null);
        var result = await VerifyAsync(Key);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(3));
        Assert.That(result.Message, Does.Contain("not keyed"));
    }

    [Test]
    public async Task RewriteWithAGuessedKey_FailsVerifyWithTheRealKey()
    {
        await AppendAsync(Db.StoreWithKey(Key), 5);

        await RewriteAsync(2, Guess);
        var result = await VerifyAsync(Key);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(2));
        Assert.That(result.Message, Does.Contain("keyed hash"));
    }

    [Test]
    public async Task RewritingTheWholeKeyedChainAsAPlainOne_FailsVerifyWithTheKey()
    {
        await AppendAsync(Db.StoreWithKey(Key), 4);

        await RewriteAsync(1, key: null);
        var result = await VerifyAsync(Key);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.Message, Does.Contain("not keyed although Audit:Key is set"));
    }

    [Test]
    public async Task TheSameRewriteOfAPlainChain_PassesVerify_WhichIsWhatTheKeyCloses()
    {
        await AppendAsync(Db.Store, 5);

        await RewriteAsync(3, key: null);

        Assert.That((await VerifyAsync(null)).IsIntact, Is.True);
    }

    [Test]
    public async Task KeyedRows_WithoutTheKey_AreReportedAsUncheckable()
    {
        await AppendAsync(Db.StoreWithKey(Key), 2);

        var result = await VerifyAsync(null);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.Message, Does.Contain("no Audit:Key is set"));
    }

    [Test]
    public async Task AnExistingPlainChain_IsKeyedFromTheFirstStartWithTheKey_AndItsPlainPartIsProtectedToo()
    {
        await AppendAsync(Db.Store, 3);
        var initializer = new StorageInitializer(Db.Migrator, Db.StoreWithKey(Key), new ServiceCollection().BuildServiceProvider(),
            NullLogger<StorageInitializer>.Instance, new AuditKeyHolder(Key));

        await initializer.InitializeAsync(tenant: null, Ct);
        await initializer.InitializeAsync(tenant: null, Ct);
        await AppendAsync(Db.StoreWithKey(Key), 2);

        var rows = await RowsAsync();
        Assert.That(rows.Select(r => (r.Action, r.Keyed)), Is.EqualTo(new[]
        {
            ("request.approved", false), ("request.approved", false), ("request.approved", false),
            (StorageInitializer.KeyedAction, true), ("request.approved", true), ("request.approved", true),
        }), "one audit.keyed row, written at the first start with the key only");
        var intact = await VerifyAsync(Key);
        Assert.That(intact.IsIntact, Is.True, intact.Message);
        Assert.That(intact.Message, Does.Contain("from row 4"));

        // Rewriting a row from before the key breaks the link the first keyed row's HMAC covers.
        await Db.DropAuditGuardsAsync();
        var forged = rows[1] with { Actor = "mallory@contoso.com" };
        forged = forged with { Hash = AuditChain.ComputeHash(forged) };
        await Db.ExecuteRawAsync("UPDATE audit_events SET actor = @Actor, hash = @Hash WHERE sequence = @Sequence", forged);
        var third = rows[2] with { PreviousHash = forged.Hash };
        await Db.ExecuteRawAsync("UPDATE audit_events SET previous_hash = @PreviousHash, hash = @Hash WHERE sequence = @Sequence",
            third with { Hash = AuditChain.ComputeHash(third) });

        var broken = await VerifyAsync(Key);
        Assert.That(broken.IsIntact, Is.False);
        Assert.That(broken.BrokenSequence, Is.EqualTo(3));
    }

    [TestCase("UPDATE audit_events SET actor = 'mallory@contoso.com' WHERE sequence = 2")]
    [TestCase("DELETE FROM audit_events WHERE sequence = 3")]
    [TestCase("DELETE FROM audit_events")]
    [TestCase("UPDATE audit_head SET sequence = 2")]
    [TestCase("DELETE FROM audit_head")]
    public async Task TheDatabaseRefuses_ChangingOrRemovingAuditRows(string sql)
    {
        await AppendAsync(Db.Store, 3);

        Assert.ThrowsAsync(Is.InstanceOf<DbException>(), () => Db.ExecuteRawAsync(sql));

        var result = await VerifyAsync(null);
        Assert.That(result.IsIntact, Is.True, result.Message);
        Assert.That(result.RowsChecked, Is.EqualTo(3));
        await AppendAsync(Db.Store, 1);
        Assert.That((await VerifyAsync(null)).RowsChecked, Is.EqualTo(4), "appending still moves the head");
    }

    [Test]
    public async Task TheDatabaseRefuses_TruncatingTheAuditLog()
    {
        if (Provider != DatabaseProvider.Postgres) Assert.Ignore("TRUNCATE is PostgreSQL's (SQLite has only DELETE).");
        await AppendAsync(Db.Store, 2);

        Assert.ThrowsAsync(Is.InstanceOf<DbException>(), () => Db.ExecuteRawAsync("TRUNCATE audit_events, audit_head"));
        Assert.That((await VerifyAsync(null)).RowsChecked, Is.EqualTo(2));
    }

    [Test]
    public async Task Anchor_ShowsRowsCutOffTheEnd_EvenWithTheHeadMovedBack()
    {
        await AppendAsync(Db.StoreWithKey(Key), 5);
        var anchor = await Db.Store.RunAsync(s => s.Audit.HeadAsync(), Ct);
        await AppendAsync(Db.StoreWithKey(Key), 1);

        await Db.DropAuditGuardsAsync();
        await Db.ExecuteRawAsync("DELETE FROM audit_events WHERE sequence >= 4");
        var rows = await RowsAsync();
        await Db.ExecuteRawAsync("UPDATE audit_head SET sequence = 3, hash = @Hash WHERE id = 1", new { rows[^1].Hash });

        Assert.That((await VerifyAsync(Key)).IsIntact, Is.True, "without the anchor, a clean cut of the end cannot show");
        var result = await VerifyAsync(Key, anchor);
        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(4));
        Assert.That(result.Message, Does.Contain("anchor records row 5"));
    }

    [Test]
    public async Task Anchor_OfAnUntouchedLog_StillVerifies_AfterMoreRows()
    {
        await AppendAsync(Db.StoreWithKey(Key), 3);
        var anchor = await Db.Store.RunAsync(s => s.Audit.HeadAsync(), Ct);
        await AppendAsync(Db.StoreWithKey(Key), 2);

        var result = await VerifyAsync(Key, anchor);

        Assert.That(result.IsIntact, Is.True, result.Message);
        Assert.That(anchor!.Sequence, Is.EqualTo(3));
    }

    [Test]
    public async Task StartingWithoutAKey_SaysSoInAWarning_AndWithAKeyDoesNot()
    {
        var withoutKey = new WarningLog();
        var withKey = new WarningLog();
        var services = new ServiceCollection().BuildServiceProvider();

        await new StorageInitializer(Db.Migrator, Db.Store, services, withoutKey).InitializeAsync(tenant: null, Ct);
        await new StorageInitializer(Db.Migrator, Db.StoreWithKey(Key), services, withKey, new AuditKeyHolder(Key)).InitializeAsync(tenant: null, Ct);

        Assert.That(withoutKey.Warnings, Has.Some.Contains("Audit:Key is not set"));
        Assert.That(withKey.Warnings, Is.Empty);
        Assert.That(withKey.Warnings.Concat(withoutKey.Warnings), Has.None.Contains("operators-audit-key"), "the key is never logged");
    }

    private sealed class WarningLog : Microsoft.Extensions.Logging.ILogger<StorageInitializer>
    {
        public List<string> Warnings { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning) Warnings.Add(formatter(state, exception));
        }
    }

    [Test]
    public void AKeyShorterThan32Characters_IsRefused()
    {
        Assert.Throws<IgaBot.Core.InvalidInputException>(() => AuditKey.From(new AuditOptions { Key = "short" }));
        Assert.That(AuditKey.From(new AuditOptions { Key = " " }), Is.Null);
        Assert.That(Key.ToString(), Does.Not.Contain("operators"));
    }
}
