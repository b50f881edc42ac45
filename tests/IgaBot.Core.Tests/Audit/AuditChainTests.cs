using IgaBot.Core.Audit;

namespace IgaBot.Core.Tests.Audit;

public class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);

    private static List<AuditEvent> Chain(int rows)
    {
        var events = new List<AuditEvent>();
        AuditHead? head = null;
        for (var i = 0; i < rows; i++)
        {
            var e = AuditChain.Next(head, new AuditEntry($"user{i}@contoso.com", "request.submitted", $"request:{i}", i % 2 == 0 ? null : $"detail {i}"), T0.AddMinutes(i));
            events.Add(e);
            head = new AuditHead(e.Sequence, e.Hash);
        }
        return events;
    }

    [Test]
    public void ComputeHash_IsSha256OfCanonicalTextFollowedByPreviousHash()
    {
        // SHA-256("abc"), the FIPS 180-2 test vector, split across the two inputs.
        Assert.That(AuditChain.ComputeHash("ab", "c"), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }

    [Test]
    public void Next_NumbersRowsFromOneAndChainsEachToThePreviousHash()
    {
        var events = Chain(3);

        Assert.That(events.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(events[0].PreviousHash, Is.EqualTo(AuditChain.GenesisHash));
        Assert.That(events[1].PreviousHash, Is.EqualTo(events[0].Hash));
        Assert.That(events[2].PreviousHash, Is.EqualTo(events[1].Hash));
        Assert.That(events.Select(e => e.Hash).Distinct().Count(), Is.EqualTo(3));
    }

    [Test]
    public void Next_StoresTheInstantInUtc()
    {
        var local = new DateTimeOffset(2025, 3, 1, 11, 30, 0, TimeSpan.FromHours(2));

        var e = AuditChain.Next(null, new AuditEntry("a", "b", "c"), local);

        Assert.That(e.At.Offset, Is.EqualTo(TimeSpan.Zero));
        Assert.That(e.At, Is.EqualTo(local));
        Assert.That(AuditChain.FormatTimestamp(e.At), Is.EqualTo("2025-03-01T09:30:00.0000000Z"));
    }

    [Test]
    public void Next_WithoutActor_IsRefused()
    {
        Assert.Throws<InvalidInputException>(() => AuditChain.Next(null, new AuditEntry(" ", "x", "y"), T0));
    }

    [Test]
    public void Canonical_TellsANullDetailFromAnEmptyOne()
    {
        Assert.That(AuditChain.Canonical(1, T0, "a", "b", "c", null), Is.Not.EqualTo(AuditChain.Canonical(1, T0, "a", "b", "c", "")));
    }

    [Test]
    public void Canonical_CannotBeForgedByMovingTextBetweenFields()
    {
        var honest = AuditChain.Canonical(1, T0, "alice", "grant.revoked\nsubject:3:bob", "carol", null);
        var shifted = AuditChain.Canonical(1, T0, "alice", "grant.revoked", "bob\nsubject:5:carol", null);

        Assert.That(honest, Is.Not.EqualTo(shifted));
    }

    [Test]
    public void Verify_AnUntouchedChain_IsIntact()
    {
        var result = AuditChain.Verify(Chain(5), new AuditHead(5, Chain(5)[^1].Hash));

        Assert.That(result.IsIntact, Is.True, result.Message);
        Assert.That(result.RowsChecked, Is.EqualTo(5));
    }

    [Test]
    public void Verify_AnEmptyLog_IsIntact()
    {
        Assert.That(AuditChain.Verify([]).IsIntact, Is.True);
    }

    [Test]
    public void Verify_WhenARowsContentIsEdited_NamesThatRow()
    {
        var events = Chain(5);
        events[2] = events[2] with { Actor = "mallory@contoso.com" };

        var result = AuditChain.Verify(events);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(3));
        Assert.That(result.Message, Does.Contain("row 3").And.Contain("altered"));
    }

    [Test]
    public void Verify_WhenARowIsEditedAndItsHashRecomputed_NamesThatRow()
    {
        var events = Chain(5);
        var forged = events[1] with { Detail = "nothing to see" };
        events[1] = forged with { Hash = AuditChain.ComputeHash(forged) };

        var result = AuditChain.Verify(events);

        Assert.That(result.BrokenSequence, Is.EqualTo(2));
        Assert.That(result.Message, Does.Contain("row 2"));
    }

    [Test]
    public void Verify_WhenAMiddleRowIsDeleted_NamesTheMissingRow()
    {
        var events = Chain(5);
        events.RemoveAt(3);

        var result = AuditChain.Verify(events);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(4));
        Assert.That(result.Message, Does.Contain("row 4 is missing"));
    }

    [Test]
    public void Verify_WhenTheFirstRowIsDeleted_NamesRowOne()
    {
        var events = Chain(3);
        events.RemoveAt(0);

        var result = AuditChain.Verify(events);

        Assert.That(result.BrokenSequence, Is.EqualTo(1));
        Assert.That(result.Message, Does.Contain("row 1 is missing"));
    }

    [Test]
    public void Verify_WhenRowsAreRenumberedToHideADeletion_NamesTheRowBeforeTheGap()
    {
        var events = Chain(5);
        events.RemoveAt(2);
        // Closing the gap by renumbering still leaves row 3 (old 4) chained to the deleted row's hash.
        var renumbered = events.Select((e, i) => e with { Sequence = i + 1 }).ToList();
        renumbered[2] = renumbered[2] with { Hash = AuditChain.ComputeHash(renumbered[2]) };
        renumbered[3] = renumbered[3] with { PreviousHash = renumbered[2].Hash };
        renumbered[3] = renumbered[3] with { Hash = AuditChain.ComputeHash(renumbered[3]) };

        var result = AuditChain.Verify(renumbered);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(2));
    }

    [Test]
    public void Verify_WhenTheLastRowsAreCutOff_TheRecordedHeadShowsIt()
    {
        var events = Chain(5);
        var head = new AuditHead(5, events[^1].Hash);

        var result = AuditChain.Verify(events.Take(3), head);

        Assert.That(result.IsIntact, Is.False);
        Assert.That(result.BrokenSequence, Is.EqualTo(4));
        Assert.That(result.Message, Does.Contain("row 4 is missing"));
    }
}
