using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Classes of misreading first seen on the utility tenant (tests/eval/utility, written blind), each checked where the
/// planner reads it. Nothing in the planner names this tenant: the rules work from its catalog's words and general English.
/// </summary>
public sealed class UtilityTenantTests
{
    private static PlannerFixture Utility => PlannerFixture.For("utility");

    private static Interpretation Read(string requester, string text) =>
        Utility.NewInterpreter().Interpret(text, Utility.Context(requester));

    [Test]
    public void InitialsRunAcrossAContentWordTheRequestIgnores()
    {
        // "work" says nothing on its own in a request, yet "WO" is "work order" (five uses), not "Workday Org" (one name).
        Assert.That(Utility.Index.Normalize("approve WOs"), Is.EqualTo("approve work orders"));

        var result = Read("nick.ferraro@bayfieldenergy.com", "Carlos is on vacation for 2 wks. I need to approve WOs and material reqs for his crew while he's out");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("maximo-supervisor"), result.Why);
    }

    [Test]
    public void AnAbbreviationInTheAppsDescription_ThatNamesOneOfItsEntitlements_SaysWhichEntitlement()
    {
        // MDM's description says "(VEE)"; "MDM VEE Analyst" is one of its levels, so "VEE" is no other name of the app.
        Assert.That(Utility.Index.FindApps("VEE rights"), Is.Empty);
        var vee = Utility.Index.Search("VEE rights in MDM", 3).Single(m => m.Entitlement.Id == "mdm-vee-analyst");
        Assert.That(vee.NameMatch, Is.GreaterThan(0));
        // A bracketed name no entitlement uses still names its app: "(ETRM)" for Endur.
        Assert.That(Utility.Index.FindApps("the ETRM").Select(a => a.App.Id), Is.EqualTo(new[] { "endur" }));
    }

    [Test]
    public void AWordOfItsNameNoSiblingSpeaksOf_SaysWhichEntitlement()
    {
        // "unescorted" is only in Unescorted Physical Access; the operator beside it monitors alarms and issues badges.
        var result = Read("luis.ortega@bayfieldenergy.com", "need unescorted access to the backup control center (BUCC) for thursday's failover drill");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("psp-unescorted"), result.Why);
        Assert.That(result.Scope, Is.EqualTo("Backup Control Center"));
    }

    [Test]
    public void ANameWordOfABroaderLevel_DoesNotOutweighTheLevelAskedFor()
    {
        // "recorded statements" shares a stem with OnBase "Records Administrator"; to look is to read.
        var insurance = PlannerFixture.For("insurance");
        var result = insurance.NewInterpreter().Interpret("hey can i get into onbsae to look at the recorded statments and damage photos on my claims",
            insurance.Context("ben.holloway@ridgelinemutual.com"));

        Assert.That(result.Entitlement?.Id, Is.EqualTo("onbase-viewer"), result.Why);
    }

    [Test]
    public void AnEnglishWordWithAnEnding_IsNotCutShortFromTheLongerWord()
    {
        // The catalog says "clearance"; "clear" plus "-ance" is another word.
        Assert.That(Utility.Index.Normalize("helping clear the backlog"), Is.EqualTo("helping clear the backlog"));
    }

    [TestCase("Rosa Jimenez needs remote connect/disconnect on the AMI head end for 2 weeks, she's helping clear the non-pay reconnect backlog",
        "she's helping clear the non-pay reconnect backlog")]
    [TestCase("Please set Priya Menon up as a trader in Endur. She is taking over the real-time power desk starting the 1st.",
        "She is taking over the real-time power desk starting the 1st")]
    [TestCase("ESP remote access to the substations for 5 days - RTU firewall upgrades at Kingsbridge and Elm Hollow",
        "RTU firewall upgrades")]
    [TestCase("I need operator control in monarch for the electric system, for my qualification walkthroughs on the desk with Jenna.",
        "my qualification walkthroughs on the desk with Jenna")]
    [TestCase("need DBA creds through CyberArk for 4 hours to dig into it", "dig into it")]
    [TestCase("I'd like to be able to book the accrual reclasses in Oracle myself instead of sending them to Susan every month",
        "sending them to Susan every month")]
    public void AReasonSaidWithoutBecause_IsFound(string text, string reason)
    {
        Assert.That(JustificationFinder.Find(text)?.Text, Does.Contain(reason));
    }

    [Test]
    public void ASentenceTellingTheSituation_StillSaysWhichAccess()
    {
        // The reason is found, and its words still count towards the need: "doing the annual physical count" is inventory work.
        var result = PlannerFixture.For("harbor").NewInterpreter().Interpret(
            "can you give Jess Park inventory adjustment rights in the WMS for a week? we're doing the annual physical count",
            PlannerFixture.For("harbor").Context("carlos.reyes@harborline.example"));

        Assert.That(result.Justification, Is.Not.Null);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("wms-inventory-control"), result.Why);
    }

    [Test]
    public void AWordOfItsNameThatTheAppsDescriptionListsAmongItsFeatures_StillSaysWhichEntitlement()
    {
        // Genesys's description lists "call recordings" among its features; of its levels only Recording Access speaks of
        // them, in its name and its own description, so "the recordings" is that one (the agent answers calls).
        var result = Read("kevin.brandt@bayfieldenergy.com", "Can I get at the call recordings in Genesys? A customer says a rep promised her a credit");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("genesys-recordings"), result.Why);
    }
}
