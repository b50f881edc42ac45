using IgaBot.Adapters.Planner;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Planner;

[TestFixture]
public sealed class IntentClassifierTests
{
    [TestCase("What do I have?", Intent.ListMyAccess)]
    [TestCase("what access do I have", Intent.ListMyAccess)]
    [TestCase("show me my access", Intent.ListMyAccess)]
    [TestCase("my access", Intent.ListMyAccess)]
    [TestCase("Which apps do I have?", Intent.ListMyAccess)]
    [TestCase("Do I have access to Salesforce?", Intent.ListMyAccess)]
    [TestCase("what's the status of my request?", Intent.ListMyAccess)]
    [TestCase("What can I request in GitHub?", Intent.BrowseCatalog)]
    [TestCase("what can I request?", Intent.BrowseCatalog)]
    [TestCase("What roles are there in Snowflake?", Intent.BrowseCatalog)]
    [TestCase("show me the catalog", Intent.BrowseCatalog)]
    [TestCase("list the GitHub roles", Intent.BrowseCatalog)]
    [TestCase("cancel", Intent.Cancel)]
    [TestCase("Never mind.", Intent.Cancel)]
    [TestCase("forget it", Intent.Cancel)]
    [TestCase("cancel my request", Intent.Cancel)]
    [TestCase("stop", Intent.Cancel)]
    [TestCase("start over", Intent.StartOver)]
    [TestCase("let's start again", Intent.StartOver)]
    [TestCase("help", Intent.Help)]
    [TestCase("What can you do?", Intent.Help)]
    [TestCase("how does this work", Intent.Help)]
    [TestCase("hi", Intent.Greeting)]
    [TestCase("Good morning!", Intent.Greeting)]
    [TestCase("hey there", Intent.Greeting)]
    [TestCase("thanks!", Intent.Thanks)]
    [TestCase("thank you so much", Intent.Thanks)]
    [TestCase("Please revoke my GitHub write access", Intent.Release)]
    [TestCase("release my access to Snowflake", Intent.Release)]
    [TestCase("I no longer need Figma", Intent.Release)]
    [TestCase("I don't need Tableau anymore", Intent.Release)]
    [TestCase("remove me from PagerDuty", Intent.Release)]
    [TestCase("cancel my Salesforce access", Intent.Release)]
    [TestCase("extend my access to AWS", Intent.Extend)]
    [TestCase("Can I renew my Figma license?", Intent.Extend)]
    [TestCase("I need more time with prod read access", Intent.Extend)]
    [TestCase("my Snowflake access expires tomorrow, can I keep it?", Intent.Extend)]
    public void Classify_RecognisesConversationalIntents(string text, Intent expected)
    {
        Assert.That(IntentClassifier.Classify(text), Is.EqualTo(expected));
    }

    [TestCase("I need Salesforce access")]
    [TestCase("Hi, I need read-only access to prod AWS")]
    [TestCase("never mind, I need the read-only one instead")]
    [TestCase("I need to remove users in Okta")]
    [TestCase("I need to delete my old branches in GitHub")]
    [TestCase("What access do I need to edit opportunities?")]
    [TestCase("I need to reset a user's MFA in Okta because their phone was lost")]
    [TestCase("My laptop is broken")]
    [TestCase("I also need approver in PowerOn so I can release my own switching orders on nights")]
    [TestCase("make me an Okta admin in order to revoke my team's old accounts")]
    // The verb before "access" after a word that asks for it says what the access is for (a level that releases holds).
    [TestCase("need release access in porter")]
    [TestCase("can i get revoke access in the badge system for leavers")]
    public void Classify_LeavesRequestsAndOffTopicMessagesToTheCatalog(string text)
    {
        Assert.That(IntentClassifier.Classify(text), Is.Null);
    }

    [TestCase("My laptop is broken")]
    [TestCase("I forgot my password")]
    [TestCase("What's the weather like?")]
    [TestCase("the printer on floor 3 is not working")]
    [TestCase("what's the forecast for tomorrow")]
    public void TroubleCues_MarkSupportAndSmallTalk(string text)
    {
        Assert.That(IntentClassifier.HasTroubleCue(text), Is.True);
        Assert.That(IntentClassifier.HasStrongAccessCue(text), Is.False);
    }

    // Work that forecasts ("so I can plan stock and forecast for next month") is no small talk about the weather.
    [TestCase("I'd like to see which suppliers are late so I can plan stock and forecast for next month")]
    [TestCase("need the sales forecast for Q3 in Salesforce")]
    public void Forecasting_IsNoTroubleCue(string text)
    {
        Assert.That(IntentClassifier.HasTroubleCue(text), Is.False);
    }

    [Test]
    public void WithoutCancelPrefix_KeepsTheNewRequest()
    {
        Assert.That(IntentClassifier.WithoutCancelPrefix("Never mind, I need the read-only one"), Is.EqualTo("I need the read-only one"));
    }
}

[TestFixture]
public sealed class PrivilegesTests
{
    [TestCase("I need to look at the published Tableau dashboards", PrivilegeLevel.Read)]
    [TestCase("Can I see headcount reports?", PrivilegeLevel.Read)]
    [TestCase("I need to view and edit employee records", PrivilegeLevel.Write)]
    [TestCase("I need to push code", PrivilegeLevel.Write)]
    [TestCase("I need to build my own dashboards", PrivilegeLevel.Write)]
    [TestCase("Make me an admin of the OPS project", PrivilegeLevel.Admin)]
    [TestCase("I'd like the ACCOUNTADMIN role", PrivilegeLevel.Admin)]
    [TestCase("Please make me a GitHub organization owner", PrivilegeLevel.Admin)]
    [TestCase("I need full access to the console", PrivilegeLevel.Admin)]
    [TestCase("I need Salesforce access", PrivilegeLevel.Unknown)]
    [TestCase("Add me to the on-call rotation", PrivilegeLevel.Read)]
    [TestCase("I don't need to edit anything, just Jira", PrivilegeLevel.Unknown)]
    public void NeedOf_ReadsTheLevelAskedFor(string text, PrivilegeLevel expected)
    {
        Assert.That(Privileges.NeedOf(text).Level, Is.EqualTo(expected));
    }

    [Test]
    public void NeedOf_ReadOnlyCapsTheLevel_EvenWithWriteWords()
    {
        var need = Privileges.NeedOf("read-only access to the change log");

        Assert.That(need.Level, Is.EqualTo(PrivilegeLevel.Read));
        Assert.That(need.ReadOnlyStated, Is.True);
    }

    [Test]
    public void PeopleWithPower_AskForNoAdministration()
    {
        Assert.That(Privileges.NeedOf("a lot of small biz owners ask me about loans, can i get nCino").Level, Is.Not.EqualTo(PrivilegeLevel.Admin));
        Assert.That(Privileges.NeedOf("make me owner of the Figma team").Level, Is.EqualTo(PrivilegeLevel.Admin));
    }

    [TestCase("Salesforce Read Only", "View accounts and dashboards. Cannot edit records.", PrivilegeLevel.Read)]
    [TestCase("Figma Viewer", "View and comment on design files and prototypes. Free seat.", PrivilegeLevel.Read)]
    [TestCase("Sales User", "Create and edit accounts, contacts and opportunities.", PrivilegeLevel.Write)]
    [TestCase("Project Administrator", "Administer one project.", PrivilegeLevel.Admin)]
    [TestCase("Organization Owner", "Owner of the whole organization.", PrivilegeLevel.Admin)]
    [TestCase("Power User", "Create and delete resources in the sandbox; no IAM changes.", PrivilegeLevel.Write)]
    [TestCase("Headcount Reports", "Read headcount and attrition reports without individual compensation.", PrivilegeLevel.Read)]
    [TestCase("Editor", "Create and edit design files. Paid full seat.", PrivilegeLevel.Write)]
    [TestCase("Operator", "Full setup access - change fields and layouts.", PrivilegeLevel.Admin)]
    // Looking up is the first verb, but adjusting points changes them: the level is changing.
    [TestCase("Guest Support", "Look up loyalty members and their visit history, adjust points and issue rewards.", PrivilegeLevel.Write)]
    [TestCase("Refunds Desk", "Look up card payments and refund or void them.", PrivilegeLevel.Write)]
    public void CapabilityOf_ReadsTheNameThenTheDescription(string name, string description, PrivilegeLevel expected)
    {
        var e = new IgaBot.Core.Catalog.Entitlement { Id = "x", AppId = "a", Name = name, Description = description, Risk = IgaBot.Core.Catalog.Risk.Low };

        Assert.That(Privileges.CapabilityOf(e), Is.EqualTo(expected));
    }

    [Test]
    public void Breadth_OrdersByRiskThenLevel()
    {
        var catalog = TailspinCatalog.Build();
        var zendesk = catalog.FindApp("zendesk")!.Entitlements;

        Assert.That(zendesk.OrderBy(Privileges.Breadth).Select(e => e.Id),
            Is.EqualTo(new[] { "zendesk-light-agent", "zendesk-agent", "zendesk-admin" }));
    }
}
