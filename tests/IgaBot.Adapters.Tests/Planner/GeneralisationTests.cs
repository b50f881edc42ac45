using NUnit.Framework;
using IgaBot.Adapters.Planner;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>Requests against the invented Tailspin catalog: nothing here was used to tune the planner's words.</summary>
[TestFixture]
public sealed class GeneralisationTests
{
    private static RequestInterpreter Interpreter => new(TailspinCatalog.Search);

    private static Interpretation Interpret(string text) =>
        Interpreter.Interpret(text, new InterpretContext { RequesterEmail = "me@tailspin.example", Now = new DateTimeOffset(2025, 3, 12, 9, 0, 0, TimeSpan.Zero) });

    [TestCase("I just need to view tickets and leave internal notes in Zendesk", "zendesk-light-agent")]
    [TestCase("Make me a Zendesk admin so I can update the macros", "zendesk-admin")]
    [TestCase("I want to read the onboarding docs on Confluence", "confluence-viewer")]
    [TestCase("Can I get read-only access to Datadog dashboards?", "datadog-readonly")]
    [TestCase("I need to create monitors in Datadog for a month", "datadog-standard")]
    [TestCase("I need to connect to the VPN from home", "vpn-user")]
    [TestCase("I have to work remotely next week, can I get on the office network?", "vpn-user")]
    [TestCase("I need to see time off for my direct reports in BambooHR", "bamboohr-manager-reports")]
    [TestCase("I need to look at logs in GCP", "gcp-viewer")]
    [TestCase("I need to deploy a service to the analytics-dev project in Google Cloud", "gcp-editor")]
    [TestCase("I need GCP owner on billing-prod for 2 hours because of incident OPS-991", "gcp-owner")]
    [TestCase("I need to edit pages in the engineering space in Confluence for 2 weeks", "confluence-editor")]
    [TestCase("I need to manage the permissions of the marketing space in Confluence", "confluence-space-admin")]
    [TestCase("I need to look at traces for the checkout service", "datadog-readonly")]
    [TestCase("I need to change a project's IAM policy in GCP", "gcp-owner")]
    [TestCase("I need to update monitors", "datadog-standard")]
    [TestCase("I need to answer customer tickets in Zendesk", "zendesk-agent")]
    [TestCase("I need to see my team's reviews", "bamboohr-manager-reports")]
    [TestCase("I need Confluence admin for the sales space", "confluence-space-admin")]
    public void ClearNeeds_AreDecided_WithTheNarrowestFittingEntitlement(string text, string expected)
    {
        var result = Interpret(text);

        Assert.That(result.Intent, Is.EqualTo(Intent.AccessRequest));
        Assert.That(result.Entitlement?.Id, Is.EqualTo(expected), result.Why);
    }

    [TestCase("I need Datadog access", "datadog-readonly")]
    [TestCase("I need Zendesk", "zendesk-light-agent")]
    [TestCase("Can I have access to Confluence please?", "confluence-viewer")]
    [TestCase("GCP access please", "gcp-viewer")]
    public void NamingOnlyTheApp_AsksWhichLevel_NarrowestFirst(string text, string narrowest)
    {
        var result = Interpret(text);

        Assert.That(result.IsAmbiguous, Is.True, result.Why);
        Assert.That(result.Options[0].Entitlement.Id, Is.EqualTo(narrowest));
        Assert.That(result.Options.Select(o => Privileges.Breadth(o.Entitlement)), Is.Ordered);
    }

    [Test]
    public void AVagueNeedWhoseBestMatchIsCritical_AsksWhichOne_SafestFirst()
    {
        var result = Interpret("I need access to the thing for salaries");

        Assert.That(result.IsAmbiguous, Is.True, result.Why);
        Assert.That(result.Options.Select(o => o.Entitlement.Id), Is.EqualTo(new[] { "bamboohr-manager-reports", "bamboohr-hr-admin" }));
    }

    [TestCase("I need access to the thing for traces", "datadog-readonly")]
    [TestCase("I need to update employee salaries in BambooHR", "bamboohr-hr-admin")]
    public void ALowRiskVagueNeed_OrAClearHighRiskOne_IsDecided(string text, string expected)
    {
        Assert.That(Interpret(text).Entitlement?.Id, Is.EqualTo(expected));
    }

    [TestCase("My laptop won't turn on")]
    [TestCase("What's the weather in Lisbon tomorrow?")]
    [TestCase("Can I order a new monitor for my desk?")]
    [TestCase("Tell me a joke")]
    [TestCase("Who won the football last night?")]
    [TestCase("I need a new laptop charger")]
    public void MessagesNotAboutAccess_AreOffTopic_WithoutACatalogMatch(string text)
    {
        var result = Interpret(text);

        Assert.That(result.Intent, Is.EqualTo(Intent.OffTopic), result.Why);
        Assert.That(result.Entitlement, Is.Null);
        Assert.That(result.Options, Is.Empty);
    }

    [Test]
    public void ScopeDurationAndReason_AreReadFromTheSameSentence()
    {
        var result = Interpret("I need GCP owner on billing-prod for 2 hours because of incident OPS-991");

        Assert.That(result.Scope, Is.EqualTo("billing-prod"));
        Assert.That(result.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromHours(2))));
        Assert.That(result.Justification, Is.EqualTo("incident OPS-991"));
    }

    [Test]
    public void ScopedNeed_WithoutAScope_LeavesTheScopeOpen()
    {
        var result = Interpret("I need to look at logs in GCP");

        Assert.That(result.Scope, Is.Null);
    }

    [Test]
    public void AcronymOfALongAppName_NamesTheApp()
    {
        Assert.That(Interpret("GCP access please").App?.Id, Is.EqualTo("gcp"));
    }

    [Test]
    public void RequestForAReport_KeepsTheNameForLaterValidation()
    {
        var result = Interpret("I need Zendesk access for my report Priya Nair");

        Assert.That(result.Beneficiary?.Text, Is.EqualTo("Priya Nair"));
        Assert.That(result.IsAmbiguous, Is.True);
    }

    [TestCase("What can I request in Datadog?", Intent.BrowseCatalog, "datadog")]
    [TestCase("Please remove my Zendesk access, I changed teams", Intent.Release, "zendesk")]
    [TestCase("Can you extend my Datadog access by 2 weeks?", Intent.Extend, "datadog")]
    [TestCase("Do I have access to Confluence?", Intent.ListMyAccess, "confluence")]
    public void ConversationalIntents_KeepTheAppTheyAreAbout(string text, Intent intent, string app)
    {
        var result = Interpret(text);

        Assert.That(result.Intent, Is.EqualTo(intent));
        Assert.That(result.App?.Id, Is.EqualTo(app));
    }
}
