using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Readings found on the held-out lottery, orchestra and seafood tenants of the twenty-sixth session: an app's name said
/// without what it adds in brackets; one word of a level's name against another app's description that says the whole task;
/// a person's name that looks like a shortened catalog word; a question whether one's access is still there; "log in"; and a
/// long story around a request that shares many words with one level.
/// </summary>
public sealed class NamesChecksAndLongStoriesTests
{
    private const string Catalog = """
        apps:
          - id: backoffice
            name: Player Back Office (NeoPlay)
            description: Back office of the online player platform - registered players, wallets and limits.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: bo-support
                name: Player Support Agent
                description: Look up player accounts and transaction history; resend verification emails. Cannot change limits.
                risk: low
                approvals: []
              - id: bo-rg
                name: Responsible Gaming Officer
                description: Apply or lift self-exclusions and cool-off periods; change deposit limits.
                risk: high
                approvals: [manager]
              - id: bo-admin
                name: Platform Administrator
                description: Platform configuration, payment providers and back-office users.
                risk: critical
                approvals: [owner]
          - id: central
            name: Central Gaming System
            description: Draw-game wagering for every retailer terminal.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: central-reports
                name: Sales & Validation Reports
                description: Read-only reporting - sales by game and by retailer, validations and cashes.
                risk: low
                approvals: []
              - id: central-ops
                name: Game Control Operator
                description: Close sales for a draw and open sales for the next one; suspend or reopen a retailer's terminal and its cashing.
                risk: high
                approvals: [manager]
          - id: monitor
            name: Wager Monitor
            description: Independent monitoring of every wager.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: mon-recon
                name: Monitor Reconciliation Reports
                description: Draw-close reconciliations and liability reports.
                risk: medium
                approvals: []
              - id: mon-investigator
                name: Wager Investigator
                description: Search individual wagers and validations by ticket serial, terminal or retailer - when and where a ticket was sold, validated and cashed. Also retailer risk scores, anomaly alerts, case notes and evidence exports for the security team.
                risk: medium
                approvals: [manager]
          - id: crm
            name: Retailer CRM
            description: Retailer accounts, transaction disputes and licensing.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: crm-read
                name: CRM Read
                description: Read retailer accounts and their transaction history.
                risk: low
                approvals: []
              - id: crm-licensing
                name: Licensing Approver
                description: Approve new retailer licences and renewals.
                risk: medium
                approvals: [manager]
          - id: planner
            name: Season Planner
            description: Orchestra scheduling - seasons, services and rehearsals.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: planner-calendar
                name: Service Schedule
                description: See the service schedule - rehearsal and concert call times, venues and the season calendar. Read only.
                risk: low
                approvals: []
              - id: planner-archive
                name: Season Archive
                description: See the season calendar and every past season - services, call times, rehearsal calendars and attendance. Read only.
                risk: medium
                approvals: [manager]
              - id: planner-personnel
                name: Personnel Manager
                description: Log attendance and sick calls, book extra players and see every service.
                risk: medium
                approvals: [manager]
          - id: safety
            name: Plant Food Safety
            description: Food safety programme records for the processing plants.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: safety-monitor
                name: Food Safety Monitor
                description: Fill in monitoring records on the line tablet - cook and chill logs, metal detector challenges, pre-op sanitation sheets.
                risk: low
                approvals: []
              - id: safety-verifier
                name: Food Safety QA Verifier
                description: Verify and sign monitoring records; place and release holds on product.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Director, department: Operations}
          - {email: jo.m@example.com, name: Jo Marsh, title: Coordinator, department: Operations, manager: ana.silva@example.com, access: [planner-calendar]}
          - {email: bao.tran@example.com, name: Bao Tran, title: Licensing Specialist, department: Licensing, manager: jo.m@example.com}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => Tenant.Value.Interpret("jo.m@example.com", text);

    [Test]
    public void AnAppsNameSaidWithoutItsBracketedPart_NamesTheApp_AndLeavesTheLevelToAsk()
    {
        // "back office" is the app's name: read as the request's words, "office" would name the Gaming Officer (high risk).
        var result = Interpret("can i get into the player back office pls");

        Assert.That(result.App?.Id, Is.EqualTo("backoffice"), result.Why);
        Assert.That(result.Entitlement, Is.Null, result.Why);
        Assert.That(result.Options.Select(o => o.Entitlement.Id), Does.Contain("bo-support"), result.Why);
    }

    [Test]
    public void OneWordOfALevelsName_DoesNotOutweighAnotherAppsDescriptionOfTheWholeTask()
    {
        // A long story thins out both matches, so both apps stay in the running.
        var result = Interpret("player called in, says the clerk at the gas station on 5th street told him his ticket was a loser, he threw it away, " +
            "and then somebody else cashed it that night. he is furious and wants answers today. i want to look up the ticket serial and see which " +
            "terminal it was validated on and when");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("mon-investigator"), result.Why);
    }

    [Test]
    public void APersonsName_IsNotReadAsAShortenedCatalogWord()
    {
        // "Tran" alone would be read as the catalog's "transaction".
        var result = Interpret("can you give Bao Tran the licensing approver role in the CRM? the new store opens saturday");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Bao Tran"));
        Assert.That(result.Entitlement?.Id, Is.EqualTo("crm-licensing"), result.Why);
    }

    [TestCase("did my season planner access get dropped or is that just a me thing?")]
    [TestCase("is the reader broken or did somebody take my access off??")]
    [TestCase("do I still have my access to the planner?")]
    public void AQuestionWhetherOnesAccessIsStillThere_AsksToCheckIt(string text)
    {
        Assert.That(IntentClassifier.AsksWhetherStillHeld(text), Is.True);
    }

    [TestCase("did my manager approve the access request?")]
    [TestCase("my access was removed when I moved teams. I need it back")]
    [TestCase("can you take my access to the planner off? I left the team")]
    public void OtherQuestionsAndStatements_AreNoCheckOfHeldAccess(string text)
    {
        Assert.That(IntentClassifier.AsksWhetherStillHeld(text), Is.False);
    }

    [Test]
    public void OneWhoAsksWhetherTheirAccessIsStillThere_IsNotSteppedUpToMore()
    {
        // Held, the schedule would otherwise give way to the archive, which the words fit better (a wider view).
        var result = Interpret("the pc in booth B keeps kicking me out of the season planner. did my season planner access get dropped? " +
            "i can still see past rehearsal calendars and attendance when it lets me in");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("planner-calendar"), result.Why);
        Assert.That(result.NextLevelUp, Is.Null, result.Why);
    }

    [Test]
    public void LoggingIn_IsAccessItself_NotTheActionOfLoggingThings()
    {
        // "log" of "Log attendance" would make the personnel manager the only level that covers what is asked.
        var result = Interpret("where do i see the call times for next season? which rehearsals are in the hall etc. everyone says its all in the season planner but i cant log in");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("planner-calendar"), result.Why);
    }

    [Test]
    public void ALongStoryThatSaysForHowLong_AndSharesManyWordsWithOneLevel_IsARequest()
    {
        // Nothing in it asks ("im going to help"); saying for how long does.
        var result = Interpret("rogelio is way behind with the new crew, the audit prep, the freezer move and the night shift, so im going to help " +
            "with the metal detector challenges on the tablet through the end of the run. call it 6 weeks");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Candidates.Select(c => c.Entitlement.Id).FirstOrDefault(), Is.EqualTo("safety-monitor"), result.Why);
        Assert.That(result.Duration.Length, Is.EqualTo(TimeSpan.FromDays(42)));
    }

    [Test]
    public void ALongStoryThatAsks_AndSharesManyWordsWithOneLevel_IsARequest()
    {
        var result = Interpret("QA is short a tech for the opener and the crew is running behind on the north floor again, so my lead mai asked me " +
            "to do the metal detector challenges on the tablet for line 3. can i get that set up");

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest), result.Why);
        Assert.That(result.Candidates.Select(c => c.Entitlement.Id).FirstOrDefault(), Is.EqualTo("safety-monitor"), result.Why);
    }
}
