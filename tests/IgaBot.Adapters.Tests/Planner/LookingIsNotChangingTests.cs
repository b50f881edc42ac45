namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Over-permission shapes found by a battery of our own after over-permissions on fresh held-out tenants: one who only asks
/// to look, at things that others change or approve, gets the level for looking.
/// </summary>
public sealed class LookingIsNotChangingTests
{
    [TestCase("want to look at the approved reserve changes in claimcenter")]
    [TestCase("need to review claim payments before they are approved in ClaimCenter")]
    [TestCase("I need to see which claim payments are waiting for approval in ClaimCenter")]
    public void ChangingWordsSaidOfTheThingsLookedAt_DoNotChooseAChangingLevel(string text)
    {
        var result = PlannerFixture.For("insurance").Read("gina.russo@ridgelinemutual.com", text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo("cc-viewer"), result.Why);
    }

    // What others do to the things looked at ("the files the designers edit"), and a level whose description only rules
    // out changing what is looked at ("Cannot edit records"), leave the looking level the narrowest that fits.
    [TestCase("alice.chen@contoso.com", "I need to view the Figma files the designers edit every week", "figma-viewer")]
    [TestCase("ben.carter@contoso.com", "need to view the edits to the opportunity records in Salesforce", "salesforce-read")]
    // A changing or configuring word said of what is read does not raise the level ("admin" named still would).
    [TestCase("lucy.evans@contoso.com", "need to read the config changes in AWS prod", "aws-prod-readonly")]
    // The person's job title is not the level asked for ("manager" is no PagerDuty Manager when they ask to see).
    [TestCase("nina.petrova@contoso.com", "as the engineering manager I need to see the on-call schedules in PagerDuty", "pagerduty-responder")]
    public void WhatOthersChange_AndWhatMayNotBeChanged_DoNotChooseAChangingLevel(string requester, string text, string expected)
    {
        var result = PlannerFixture.For("").Read(requester, text);

        Assert.That(result.Entitlement?.Id, Is.EqualTo(expected), result.Why);
    }

    [Test]
    public void WhatWaitsToBeDoneByOthers_IsNoWorkOfTheOneLooking()
    {
        var waiting = PlannerFixture.For("bank").Read("marco.bianchi@northgatebank.com", "I need to check which payments are waiting to be released in GPP");
        Assert.That(waiting.Entitlement?.Id, Is.EqualTo("gpp-view"), waiting.Why);

        // "for release" is the noun: no action of releasing is asked.
        var forRelease = PlannerFixture.For("bank").Read("marco.bianchi@northgatebank.com", "I send wires for release every morning, need GPP");
        Assert.That(forRelease.Reading!.Actions.Wanted, Does.Not.Contain(IgaBot.Adapters.Planner.Words.Stem("release")));
    }

    // The approver's action word in its name ("Payment Release", "Payment Approver"), said of what others do next while the
    // person asks to do something else, does not name the approver.
    [Test]
    public void TheApproversWordSaidOfOthers_DoesNotNameTheApprover()
    {
        var submit = PlannerFixture.For("bank").Read("elaine.foster@northgatebank.com", "I submit Fedwire payments for release");
        Assert.That(submit.Entitlement?.Id, Is.EqualTo("gpp-initiator"), submit.Why);

        // Coding is the app's own word (its description says bills are "audited, coded and paid"); the approval said of others
        // no longer picks the approver, and the approver, in conflict with the auditor (separation of duties), does not take
        // over the auditor's coding: the auditor is the level that codes.
        var code = PlannerFixture.For("logistics").Read("susan.reilly@meridianfl.com", "I code freight bills in Cass before they get approved for payment");
        Assert.That(code.Entitlement?.Id, Is.EqualTo("cass-auditor"), code.Why);
    }

    [Test]
    public void TheApproversWord_StillNamesTheApprover_WhenThePersonDoesIt()
    {
        var release = PlannerFixture.For("bank").Read("elaine.foster@northgatebank.com", "I need to release the Fedwire payments my team enters");
        Assert.That(release.Entitlement?.Id, Is.EqualTo("gpp-approver"), release.Why);

        // A doer's noun names the role ("the warrant operator role"), whatever else the person asks to do.
        var role = PlannerFixture.For("telecom").Read("maria.santos@meridiantel.com",
            "Can I get the warrant operator role in LIMS and put the target live myself?");
        Assert.That(role.Entitlement?.Id, Is.EqualTo("li-operator"), role.Why);
    }

    [TestCase("approver", true)]
    [TestCase("operators", true)]
    [TestCase("submitter", true)]
    [TestCase("order", false)]
    [TestCase("approved", false)]
    [TestCase("release", false)]
    public void ADoersNoun_IsTold(string word, bool doer) =>
        Assert.That(IgaBot.Adapters.Planner.Words.IsDoerNoun(IgaBot.Adapters.Planner.Words.Tokenize(word)[0]), Is.EqualTo(doer));

    // Of two levels that both "enter" something, the one whose own words hold what is entered: cost projections "for the jobs
    // you manage" enter no invoices, whatever the story says of jobs.
    [Test]
    public void WhatTheChangeIsDoneTo_ChoosesTheLevelThatHoldsIt()
    {
        var result = PlannerFixture.For("construction").Read("linda.carver@ridgelinegc.com", "need to enter the invoices for Paul's jobs in Vista");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("vista-ap-entry"), result.Why);
    }
}
