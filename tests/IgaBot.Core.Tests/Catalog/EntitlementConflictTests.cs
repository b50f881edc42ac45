using IgaBot.Core.Catalog;
using NUnit.Framework;

namespace IgaBot.Core.Tests.Catalog;

/// <summary>A conflict (separation of duties) declared on either side binds both, whatever the case of the ids, as policy reads it.</summary>
public sealed class EntitlementConflictTests
{
    private static Entitlement E(string id, params string[] conflicts) => new() { Id = id, AppId = "land", Name = id, Description = "", Risk = Risk.Medium, Conflicts = conflicts };

    [Test]
    public void AConflictDeclaredOnOneSide_BindsBoth_IgnoringCase()
    {
        var agent = E("land-agent", "LAND-APPROVER");
        var approver = E("land-approver");

        Assert.Multiple(() =>
        {
            Assert.That(agent.ConflictsWith(approver), Is.True);
            Assert.That(approver.ConflictsWith(agent), Is.True);
            Assert.That(agent.ConflictsWith(E("land-viewer")), Is.False);
        });
    }
}
