using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// What a person says they hold today, set against what they need (nineteenth session, found on tenants written that
/// session and read by kind: a museum, an EV charging network). "I can only log returns, not edit the records": the
/// "not" that follows what one can only do says what one cannot do yet, so it asks for it rather than ruling it out.
/// "I only have the free seat": any word for access itself ("seat", "licence", "account") makes a held clause, not only
/// "rights" and "role". "with what I've got (only the returns desk)" tells what is held.
/// </summary>
public sealed class WhatIsHeldSetAgainstTheNeedTests
{
    private const string Catalog = """
        apps:
          - id: shelf
            name: ShelfTrack
            description: Library inventory and circulation for the branch libraries.
            owner: jo.marsh@example.com
            connector: manual
            entitlements:
              - id: shelf-browse
                name: ShelfTrack Browse
                description: Search items and see where they are shelved. Read only.
                risk: low
                approvals: []
              - id: shelf-circulation
                name: ShelfTrack Circulation
                description: Check items in and out, log returns and place holds. Cannot edit item records.
                risk: low
                approvals: []
              - id: shelf-cataloguer
                name: ShelfTrack Cataloguer
                description: Edit item records - titles, subjects, call numbers and notes. Cannot check items in or out.
                risk: medium
                approvals: [manager]
          - id: pipeline
            name: Pipeline
            description: CRM for donors and partner organisations - contacts, pledges and visits.
            owner: jo.marsh@example.com
            connector: manual
            entitlements:
              - id: pipeline-view
                name: Pipeline View Seat
                description: View contacts, pledges and reports. Free seat.
                risk: low
                approvals: []
              - id: pipeline-fundraiser
                name: Pipeline Fundraiser Seat
                description: Create and edit contacts and pledges, log visits and calls. Paid seat.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: jo.marsh@example.com, name: Jo Marsh, title: Branch Manager, department: Libraries}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("i can only log returns in ShelfTrack, not edit the item records")]
    [TestCase("I can only check books in and out in ShelfTrack but not edit the item records")]
    public void NotAfterWhatOneCanOnlyDo_AsksForIt(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.Multiple(() =>
        {
            Assert.That(result.Actions.Wanted, Does.Contain(Words.Stem("edit")));
            Assert.That(result.Actions.Negated, Is.Empty);
            Assert.That(result.Entitlement?.Id, Is.EqualTo("shelf-cataloguer"), result.Why);
        });
    }

    [Test]
    public void OnlyNeedingToLook_NotChange_StillRulesChangingOut()
    {
        var result = new RequestInterpreter(Search.Value).Interpret("i only need to look up items in ShelfTrack, not edit the records");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("shelf-browse"), result.Why);
    }

    [Test]
    public void TheSeatOneHas_IsHeld_NotAsked()
    {
        var reading = new RequestInterpreter(Search.Value).Interpret(
            "I only have the free seat in Pipeline, i need a proper one so I can update my donor contacts").Reading!;

        Assert.That(reading.HeldSpans, Has.Count.EqualTo(1));
        Assert.That(reading.Body.Substring(reading.HeldSpans[0].Start, reading.HeldSpans[0].Length), Is.EqualTo("I only have the free seat"));
        Assert.That(reading.Need, Does.Not.Contain("free seat"));
    }

    [Test]
    public void WithWhatOneHasGot_IsHeld()
    {
        var reading = new RequestInterpreter(Search.Value).Interpret(
            "I have to fix the subject headings on the new donations and I can't do any of that with what I've got (only the returns desk)").Reading!;

        Assert.That(reading.Need, Does.Not.Contain("returns desk"));
    }
}
