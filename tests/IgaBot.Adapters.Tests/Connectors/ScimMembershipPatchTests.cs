using System.Reflection;
using System.Text.Json;
using IgaBot.Adapters.Connectors;

namespace IgaBot.Adapters.Tests.Connectors;

public sealed class ScimMembershipPatchTests
{
    [Test]
    public void AddMember_IsAPatchOpThatAddsThatUser()
    {
        using var body = JsonDocument.Parse(ScimMembershipPatch.AddMember("2819c223").ToJson());

        Assert.That(body.RootElement.GetProperty("schemas")[0].GetString(), Is.EqualTo("urn:ietf:params:scim:api:messages:2.0:PatchOp"));
        var operation = body.RootElement.GetProperty("Operations").EnumerateArray().Single();
        Assert.That(operation.GetProperty("op").GetString(), Is.EqualTo("add"));
        Assert.That(operation.GetProperty("path").GetString(), Is.EqualTo("members"));
        Assert.That(operation.GetProperty("value")[0].GetProperty("value").GetString(), Is.EqualTo("2819c223"));
    }

    [Test]
    public void RemoveMember_FiltersOnThatUser()
    {
        var json = ScimMembershipPatch.RemoveMember("2819c223").ToJson();

        Assert.That(json, Does.Contain("""{"op":"remove","path":"members[value eq \"2819c223\"]"}"""));
    }

    [Test]
    public void RemoveMember_EscapesQuotesInTheId()
    {
        var patch = ScimMembershipPatch.RemoveMember("a\"b\\c");

        Assert.That(patch.Single.Path, Is.EqualTo("members[value eq \"a\\\"b\\\\c\"]"));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("abc\n")]
    public void RemoveMember_WithoutAUsableId_IsRefused(string userId)
    {
        Assert.Throws<ArgumentException>(() => ScimMembershipPatch.RemoveMember(userId));
    }

    [Test]
    public void RemoveMember_WithANullId_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ScimMembershipPatch.RemoveMember(null!));
    }

    [Test]
    public void APatch_CanOnlyBeMadeByTheBuilders()
    {
        // The constructor is the only other way to make a patch; keeping it private keeps a bare
        // {"op":"remove","path":"members"} (which empties the group) out of reach.
        var constructors = typeof(ScimMembershipPatch).GetConstructors(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance);

        Assert.That(constructors, Has.All.Matches<ConstructorInfo>(c => c.IsPrivate));
        Assert.That(typeof(ScimMembershipPatch).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Where(m => m.ReturnType == typeof(ScimMembershipPatch))
            .Select(m => m.Name), Is.EquivalentTo(new[] { "AddMember", "RemoveMember" }));
    }
}
