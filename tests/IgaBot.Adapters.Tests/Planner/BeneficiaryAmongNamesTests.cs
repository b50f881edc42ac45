namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A manager's request that names two of their people: the one the access is for, wherever the sentence puts them. A
/// miss files the request for the manager (a wrong person), so each shape is checked through the planner's reading.
/// </summary>
public sealed class BeneficiaryAmongNamesTests
{
    [TestCase("Ben asked me to get Carla Salesforce read access")]
    [TestCase("Carla, who sits next to Ben, needs Salesforce read")]
    [TestCase("Ben approved it - Carla needs Salesforce read")]
    [TestCase("With Ben leaving, Carla needs Salesforce read")]
    [TestCase("Ben is training Carla this week; Carla needs Salesforce read")]
    [TestCase("Carla Diaz is inheriting Ben Carter's pipeline. Please add her to Salesforce")]
    [TestCase("Carla will help Ben with renewals, she needs Salesforce read")]
    [TestCase("Ben is out next week so Carla will cover his accounts, can you give her Salesforce read")]
    [TestCase("carla's moving over to renewals next week - can she get Salesforce read")]
    [TestCase("Ben's going out on leave. Carla will cover his accounts, please set her up in Salesforce")]
    // Of two people, the one who takes over the work is given the access, not the one moving off it.
    [TestCase("Ben is going to days so Carla is taking over the renewals at night, pls give her Salesforce read")]
    [TestCase("Ben moves to the east desk monday and Carla will be covering his accounts, can you give her Salesforce read")]
    // "Carla's" is "Carla is" before what she is doing, not Carla owning something.
    [TestCase("carla's gonna work the renewals desk next week, pls set her up on Salesforce there")]
    [TestCase("Carla's working on renewals from monday, can you give her Salesforce read")]
    // Let do, or asked whether they can do what a level does.
    [TestCase("I'm off for two weeks from monday. Please let Carla Diaz edit the opportunities in Salesforce while I'm away")]
    [TestCase("Ben's out friday - can Carla approve the renewals in Salesforce so the deals close on time?")]
    public void TheOneTheAccessIsFor_IsRead_NotTheOtherPersonNamed(string text)
    {
        var result = PlannerFixture.For("").Read("marcus.reed@contoso.com", text);

        Assert.That(result.Beneficiary?.Text, Does.StartWith("Carla"), result.Why);
    }

    // "Let ... know" gives nothing: the person asking needs it.
    [Test]
    public void SomeoneToBeLetKnow_IsNoBeneficiary()
    {
        var result = PlannerFixture.For("").Read("marcus.reed@contoso.com", "I need Salesforce read for the renewals, please let Carla know once it's done");

        Assert.That(result.Beneficiary, Is.Null, result.Beneficiary?.Text);
    }

    // The owner of the things worked on is not the one the access is for; nor someone who left or asked.
    [TestCase("need to enter the invoices for Paul's jobs in Vista")]
    [TestCase("need Vista AP entry, Paul left and his invoices need to be entered")]
    [TestCase("Paul asked me to pull the job cost report for the Riverside job, need Vista access")]
    public void SomeoneNamedInTheStory_IsNoBeneficiary(string text)
    {
        var result = PlannerFixture.For("construction").Read("linda.carver@ridgelinegc.com", text);

        Assert.That(result.Beneficiary, Is.Null, result.Beneficiary?.Text);
    }

    // Where the person asking needs it themself, someone the directory does not know them to mean who wants something is
    // the story: the request is theirs, not refused as being for "nobody called Dana".
    [TestCase("I need the sales pipeline dashboards in Salesforce today, Dana wants the numbers by noon")]
    [TestCase("can I get Salesforce read? the quarter closes Friday and Dana needs the forecast by then")]
    public void SomeoneUnknownWhoWantsSomething_WhileThePersonAsksForThemself_IsNoBeneficiary(string text)
    {
        var result = PlannerFixture.For("").Read("alice.chen@contoso.com", text);

        Assert.That(result.Beneficiary, Is.Null, result.Beneficiary?.Text);
    }

    // Someone the directory knows who is not the requester's report, said to need something while the person asks for
    // themself, is the story too (not a request for them to be refused).
    [Test]
    public void SomeoneKnownWhoIsNoReport_WhileThePersonAsksForThemself_IsNoBeneficiary()
    {
        var result = PlannerFixture.For("").Read("alice.chen@contoso.com", "I need Salesforce read, Marcus Reed needs the forecast by Friday");

        Assert.That(result.Beneficiary, Is.Null, result.Beneficiary?.Text);
    }

    // A report known by their full name who will need it, wherever the sentence puts them; "can she have ..." after a
    // sentence about them.
    [TestCase("while Priya's on paternity Alice Chen will need to sign off the pipeline reviews in Salesforce for 2 weeks please")]
    [TestCase("Alice Chen handling the renewals list for the west region, chasing the rest of the deals with legal. can she have Salesforce sales user?")]
    public void AReportKnownByFullName_WhoWillNeedIt_IsTheBeneficiary(string text)
    {
        var result = PlannerFixture.For("").Read("marcus.reed@contoso.com", text);

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Alice Chen"), result.Why);
    }

    // A report's first name still names the one the access is for, whatever else the manager says of themself.
    [Test]
    public void AReportWhoNeedsIt_IsStillTheBeneficiary_WhenTheManagerSaysINeed()
    {
        var result = PlannerFixture.For("").Read("marcus.reed@contoso.com", "I need this done today: Alice needs Salesforce read for the forecast");

        Assert.That(result.Beneficiary?.Text, Does.StartWith("Alice"), result.Why);
    }

    // A report the message opens by telling about, covering while the manager is away: "I" in that clause tells when,
    // it is not the manager asking for themself. Where the manager does ask ("I need"), the request stays theirs.
    [TestCase("Alice Chen is covering my accounts while I'm on the road for 2 weeks - can she close deals in Salesforce?", "Alice Chen")]
    [TestCase("Alice Chen is covering my accounts while I'm on leave, can she close deals in Salesforce?", "Alice Chen")]
    [TestCase("Alice Chen is covering my accounts while I'm on the road, I need Salesforce read on my phone", null)]
    public void AReportCoveringWhileTheManagerIsAway_IsTheBeneficiary(string text, string? expected)
    {
        var result = PlannerFixture.For("").Read("marcus.reed@contoso.com", text);

        Assert.That(result.Beneficiary?.Text, Is.EqualTo(expected), result.Why);
    }

    // Shapes of asking for a report found by a battery of our own after held-out sets filed requests for the requester.
    [TestCase("my direct report Pam needs Vista AP entry")]
    [TestCase("my AP supervisor Pam needs to key invoices in Vista")]
    [TestCase("Pam on my team will be keying invoices in Vista next month")]
    [TestCase("Pam's going to need Vista AP entry for the close")]
    [TestCase("new starter Pam Ortiz needs Vista AP entry")]
    [TestCase("Pam Ortiz is joining AP on Monday, please set up Vista AP entry")]
    [TestCase("Pam Ortiz is taking over vendor invoices. Vista AP entry please")]
    [TestCase("Please create Pam Ortiz a Vista account with AP entry")]
    [TestCase("pam our AP supervisor needs Vista AP entry")]
    [TestCase("Pam from accounting needs Vista AP entry")]
    [TestCase("pam is starting on the AP desk monday, set her up on vista ap entry")]
    public void AReportSpokenOf_IsTheBeneficiary(string text)
    {
        var result = PlannerFixture.For("construction").Read("linda.carver@ridgelinegc.com", text);

        Assert.That(result.Beneficiary?.Text, Does.StartWith("Pam"), result.Why);
    }

    // Shapes found by a battery of our own after fresh held-out sets: a report told about, what they should get or do.
    [TestCase("Can you sort Jake out with GitHub write for the platform repo, he's new")]
    [TestCase("New joiner on my team, Jake Miller, should get read on GitHub")]
    [TestCase("Jake should be able to look at the GitHub repos")]
    [TestCase("Jake Miller, new engineer, first day today, needs GitHub")]
    [TestCase("Jake Miller - PagerDuty responder, joining the rota Monday")]
    [TestCase("Jake takes over the on-call pager from Kai next week")]
    public void AReportToldAbout_IsTheBeneficiary(string text)
    {
        var result = PlannerFixture.For("").Read("nina.petrova@contoso.com", text);

        Assert.That(result.Beneficiary?.Text, Does.StartWith("Jake"), result.Why);
    }

    // What the report will be doing says which access: it is not set aside as a reason only.
    [TestCase("Jake starts Monday - he'll be merging pull requests in the platform repo")]
    [TestCase("Jake starts Monday, he'll be merging pull requests on GitHub")]
    public void WhatAReportWillBeDoing_SaysWhichAccess(string text)
    {
        var result = PlannerFixture.For("").Read("nina.petrova@contoso.com", text);

        Assert.That(result.Beneficiary?.Text, Does.StartWith("Jake"), result.Why);
        Assert.That(result.Entitlement?.Id, Is.EqualTo("github-write"), result.Why);
    }

    [TestCase("Pam will be leaving, I need her Vista access")]
    [TestCase("Pam's out next week so I need Vista AP entry")]
    // The person asking speaks of themself: the one told about is the story.
    [TestCase("Pam Ortiz is moving to payroll, so I need Vista AP entry")]
    [TestCase("Pam Ortiz is on leave next week, please set up Vista AP entry")]
    public void SomeoneAway_IsNoBeneficiary(string text)
    {
        var result = PlannerFixture.For("construction").Read("linda.carver@ridgelinegc.com", text);

        Assert.That(result.Beneficiary?.Text, Is.Null.Or.Not.StartWith("Pam"), result.Why);
    }
}
