using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Words that look like an ask and are not (twentieth session, found on an architecture-practice and a cinema-chain
/// tenant written that session and read by kind): initials that spell a level's name of one app ("GA", Global
/// Administrator) in a message that names another app are that app's jargon ("the GA sheets", general arrangement
/// drawings), not the level.
/// </summary>
public sealed class WordsThatAreNotTheAskTests
{
    private const string Catalog = """
        apps:
          - id: entra
            name: Entra ID
            description: Identity - sign-in, conditional access, licences and admin roles.
            owner: kim.cole@example.com
            connector: manual
            entitlements:
              - id: entra-reader
                name: Directory Reader
                description: Read users, groups and sign-in logs.
                risk: low
                approvals: [manager]
              - id: entra-global-admin
                name: Global Administrator
                description: Break-glass level - conditional access, licences, every admin role.
                risk: critical
                approvals: [owner]
                maxDuration: PT4H
          - id: bluebeam
            name: Bluebeam Revu
            description: PDF markup of drawing sets - comments, stamps and sign-off before issue.
            owner: kim.cole@example.com
            connector: manual
            entitlements:
              - id: bb-basics
                name: Revu Basics
                description: Open, mark up and comment on PDF drawings.
                risk: low
                approvals: []
              - id: bb-core
                name: Revu Core
                description: Everything in Basics plus batch sign and seal with a digital stamp, batch link and compare sets.
                risk: low
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: kim.cole@example.com, name: Kim Cole, title: IT Manager, department: IT}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void InitialsOfALevelOfAnotherApp_AreTheNamedAppsJargon()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "need to batch sign and seal the stage 4 GA sheets with my digital stamp before they go out, revu says not in my subscription");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("bb-core"), result.Why);
    }

    [TestCase("GA for 2 hrs tonight pls, rolling out a conditional access change")]
    [TestCase("I need Global Administrator to hand out the Revu licences this afternoon")]
    public void TheLevelsInitialsAlone_OrItsNameWrittenOut_StillNameIt(string text)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("entra-global-admin"), result.Why);
    }
}
