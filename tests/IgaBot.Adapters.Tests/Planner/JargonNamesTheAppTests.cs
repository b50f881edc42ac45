using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A word of the catalog's own jargon ("lookml", "gamelift": no English word, no access word, no scope value) that only one
/// app's texts hold names that app in a message that asks, even when the story around it is long or tells of trouble.
/// </summary>
public sealed class JargonNamesTheAppTests
{
    private const string Catalog = """
        apps:
          - id: cloud
            name: Cloud Hosting
            description: AWS accounts of the online services - GameLift fleets, matchmaking and the player database.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: cloud-readonly
                name: Cloud Read Only
                description: See metrics, logs and the state of every fleet.
                risk: low
                approvals: []
              - id: cloud-fleet-operator
                name: Fleet Operator
                description: Change fleet capacity and scaling policies, restart fleets.
                risk: high
                approvals: [manager]
          - id: bi
            name: Dashboards
            description: Studio KPI dashboards - retention, revenue, live events.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: bi-viewer
                name: Dashboard Viewer
                description: View and filter published dashboards, wishlist adds included.
                risk: low
                approvals: []
              - id: bi-developer
                name: Dashboard Developer
                description: Edit LookML models and views and deploy them to production.
                risk: medium
                approvals: [manager]
          - id: mail
            name: Mail
            description: Company email.
            owner: amy.ross@example.com
            connector: manual
            entitlements:
              - id: mail-user
                name: Mailbox
                description: Send and receive email.
                risk: low
                approvals: []
        """;

    private const string Directory = """
        users:
          - {email: amy.ross@example.com, name: Amy Ross, title: Producer, department: Live Ops}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [TestCase("the weekend event is going to be huge and our ops lead is out sick, i need to be able to scale the gamelift capacity myself", "cloud")]
    [TestCase("the retention numbers in the weekly report are broken, need to edit the lookml to fix it", "bi")]
    public void AJargonWordOfOneApp_MakesARequestForThatApp(string text, string app)
    {
        var result = new RequestInterpreter(Search.Value).Interpret(text);

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.App?.Id, Is.EqualTo(app), result.Why);
    }

    [TestCase("my laptop screen is broken, need to get it fixed before the event")]
    public void TroubleWithoutTheCatalogsJargon_StaysOffTopic(string text)
    {
        Assert.That(new RequestInterpreter(Search.Value).Interpret(text).Intent, Is.EqualTo(Intent.OffTopic));
    }

    [Test]
    public void OnlyJargonOfAnAppTheSearchRanksNamesIt()
    {
        var words = Words.Tokenize("need to edit the lookml");
        Assert.That(Search.Value.AppOfJargon(words, new HashSet<string> { "bi" })?.Id, Is.EqualTo("bi"));
        Assert.That(Search.Value.AppOfJargon(words, new HashSet<string> { "cloud" }), Is.Null);
        // Two English words run together are a coined word too.
        Assert.That(Search.Value.AppOfJargon(Words.Tokenize("id like to see the wishlist adds"), new HashSet<string> { "bi" })?.Id, Is.EqualTo("bi"));
        // Access words and English words are nobody's jargon.
        Assert.That(Search.Value.AppOfJargon(Words.Tokenize("need admin to edit the models"), new HashSet<string> { "bi", "cloud" }), Is.Null);
    }
}
