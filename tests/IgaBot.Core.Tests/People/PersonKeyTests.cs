using IgaBot.Core.People;

namespace IgaBot.Core.Tests.People;

public sealed class PersonKeyTests
{
    [TestCase("ana@example.com", "ana@example.com")]
    [TestCase("Ana@Example.COM", "ana@example.com")]
    [TestCase("  ana@example.com ", "ana@example.com")]
    [TestCase("\tANA@example.com", "ana@example.com  ")]
    public void Same_IgnoresCaseAndSurroundingSpaces(string a, string b)
    {
        Assert.That(PersonKey.Same(a, b), Is.True);
        Assert.That(PersonKey.Same(b, a), Is.True);
    }

    [TestCase("ana@example.com", "anna@example.com")]
    [TestCase("ana@example.com", "ana@example.co")]
    [TestCase("a na@example.com", "ana@example.com")]
    [TestCase("ana@example.com", "")]
    public void Same_DifferentEmails_AreDifferentPeople(string a, string b)
    {
        Assert.That(PersonKey.Same(a, b), Is.False);
    }

    [Test]
    public void Same_WithNull_IsOnlyTheSameAsNull()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PersonKey.Same((string?)null, null), Is.True);
            Assert.That(PersonKey.Same((string?)null, "ana@example.com"), Is.False);
            Assert.That(PersonKey.Same("ana@example.com", null), Is.False);
        });
    }

    [Test]
    public void Same_OfTwoPeople_ComparesTheirEmails()
    {
        var ana = new Person { Email = "ana@example.com", Name = "Ana", Title = "t", Department = "d" };
        var again = ana with { Email = " ANA@example.com", Name = "Ana P." };
        var ben = ana with { Email = "ben@example.com", Name = "Ana" };

        Assert.That(PersonKey.Same(ana, again), Is.True);
        Assert.That(PersonKey.Same(ana, ben), Is.False);
    }

    [Test]
    public void Comparer_KeysSetsTheSameWayAsSame()
    {
        var set = new HashSet<string>(PersonKey.Comparer) { "ana@example.com", " Ana@Example.com ", "ANA@EXAMPLE.COM", "ben@example.com" };

        Assert.That(set, Has.Count.EqualTo(2));
        Assert.That(set.Contains("  ben@EXAMPLE.com"), Is.True);
        Assert.That(new[] { "x@y", " X@Y", "z@y" }.Distinct(PersonKey.Comparer).ToList(), Is.EqualTo(new[] { "x@y", "z@y" }));
    }

    [Test]
    public void Of_IsTheStoredForm_TrimmedAndLowerCase()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PersonKey.Of("  Ana@Example.COM "), Is.EqualTo("ana@example.com"));
            Assert.That(PersonKey.OfNullable(null), Is.Null);
            Assert.That(PersonKey.OfNullable(" B@x "), Is.EqualTo("b@x"));
            Assert.That(PersonKey.Same(PersonKey.Of(" Ana@X "), "ana@x"), Is.True);
        });
    }

    [Test]
    public void Directory_FindsAPersonByAnEmailWrittenWithSpacesOrOtherCase()
    {
        var directory = new PeopleDirectory(
        [
            new Person { Email = "mgr@example.com", Name = "Mia", Title = "Manager", Department = "Eng" },
            new Person { Email = "dev@example.com", Name = "Dev", Title = "Engineer", Department = "Eng", Manager = "MGR@example.com " },
            new Person { Email = "dev2@example.com", Name = "Dev Two", Title = "Engineer", Department = "Eng", Manager = "mgr@example.com" },
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(directory.Find(" Dev@Example.com ")?.Name, Is.EqualTo("Dev"));
            Assert.That(directory.DirectReportsOf(" mgr@EXAMPLE.com").Select(p => p.Name), Is.EqualTo(new[] { "Dev", "Dev Two" }));
            Assert.That(directory.PeersOf(directory.Get("dev@example.com") with { Email = " DEV@example.com" }).Select(p => p.Name),
                Is.EqualTo(new[] { "Dev Two" }));
        });
    }
}
