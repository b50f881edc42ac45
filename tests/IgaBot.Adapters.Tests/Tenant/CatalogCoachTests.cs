using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Tenant;
using IgaBot.Core.Catalog;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Tenant;

/// <summary><c>catalog coach</c> on small catalogs written here, one per kind of finding, with the real MiniLM embedder.</summary>
public sealed class CatalogCoachTests
{
    private TempTenant _files = null!;

    [SetUp]
    public void CreateFolder() => _files = new TempTenant();

    [TearDown]
    public void DeleteFolder() => _files.Dispose();

    private const string Head = "groups:\n  security: [boss@example.com]\napps:\n";

    private static string App(string id, string name, string entitlements, string description = "An internal tool.") => $"""
          - id: {id}
            name: {name}
            description: {description}
            owner: boss@example.com
            connector: manual
            entitlements:
        {entitlements}
        """;

    private static string Entitlement(string id, string description, string risk = "low", string extra = "") => $"""
              - id: {id}
                name: {id}
                description: {description}
                risk: {risk}
                approvals: [manager]
        {extra}
        """;

    private static string Scope(params string[] options) =>
        $"        scope: {{label: cluster, options: [{string.Join(", ", options)}]}}\n";

    /// <summary>A catalog a planner can read: every level says what it does, lower levels say what they cannot.</summary>
    private static readonly string CleanApps =
        App("gitlab", "GitLab",
            Entitlement("gitlab-read", "Clone repositories and comment on merge requests. Cannot push.") +
            Entitlement("gitlab-maintain", "Push branches, merge into protected branches and manage CI variables.", "high")) +
        App("grafana", "Grafana",
            Entitlement("grafana-viewer", "View dashboards and alerts. Cannot edit.") +
            Entitlement("grafana-editor", "Create and edit dashboards and alert rules.", "medium")) +
        App("kubernetes", "Kubernetes",
            Entitlement("k8s-deploy", "Deploy workloads to a namespace of one cluster.", "high", Scope("dev-1", "prod-east")));

    private IReadOnlyList<CoachFinding> Coach(string apps)
    {
        var result = _files.Load(Head + apps, TempTenant.DirectoryWith());
        Assert.That(result.Tenant, Is.Not.Null, string.Join("\n", result.Problems));
        var findings = new CatalogCoach(MiniLmTextEmbedder.Shared).Review(result.Tenant!.Catalog);
        TestContext.Out.WriteLine(string.Join("\n\n", findings.Select(f => f.Block())));
        return findings;
    }

    [Test]
    public void ACatalogWhereEveryLevelSaysWhatItDoes_HasNoFindings()
    {
        Assert.That(Coach(CleanApps), Is.Empty);
    }

    [Test]
    public void SiblingsWhoseDescriptionsReadAlike_AreFound_WithTheFixToSayWhatOneCannotDo()
    {
        var findings = Coach(CleanApps + App("ledger", "Ledger",
            Entitlement("ledger-clerk", "Enter and edit journal entries in the general ledger.") +
            Entitlement("ledger-senior", "Enter and edit journal entries in the general ledger for every entity.", "high")));

        var finding = findings.Single(f => f.Kind == "close-siblings");
        Assert.That(finding.Where, Is.EqualTo(new[] { "app ledger", "entitlements ledger-clerk, ledger-senior" }));
        Assert.That(finding.Fix, Does.StartWith("say what one can do that the other cannot"));
    }

    [Test]
    public void AnActionSeveralSiblingsShare_WithNoLineBetweenThem_IsFound()
    {
        var findings = Coach(CleanApps + App("billing", "Billing",
            Entitlement("billing-agent", "Approve customer refunds and look up invoices.") +
            Entitlement("billing-manager", "Approve refunds of any amount and set credit limits for accounts.", "high")));

        var finding = findings.Single(f => f.Kind == "shared-action");
        Assert.That(finding.What, Does.Contain("\"approve\""));
        Assert.That(finding.Where, Is.EqualTo(new[] { "app billing", "entitlements billing-agent, billing-manager" }));
        Assert.That(finding.Fix, Does.Contain("name the action only the higher level grants").And.Contain("actions:"));
    }

    [Test]
    public void AScopeOptionNamedLikeAnotherApp_IsFound()
    {
        var findings = Coach(CleanApps.Replace("[dev-1, prod-east]", "[dev-1, grafana]"));

        var finding = findings.Single();
        Assert.That(finding.Kind, Is.EqualTo("scope-like-app"));
        Assert.That(finding.Where, Is.EqualTo(new[] { "app kubernetes", "entitlement k8s-deploy", "app grafana" }));
    }

    [Test]
    public void AnAppNamedByAnEverydayWord_IsFound()
    {
        var findings = Coach(CleanApps + App("pulse", "Pulse", Entitlement("pulse-respond", "Answer the weekly engagement survey and view team results.")));

        var finding = findings.Single();
        Assert.That(finding.Kind, Is.EqualTo("common-word-app"));
        Assert.That(finding.Where, Is.EqualTo(new[] { "app pulse" }));
        Assert.That(finding.Fix, Does.Contain("aliases:"));
    }

    [Test]
    public void AnEntitlementWhoseDescriptionNamesNoAction_IsFound()
    {
        var findings = Coach(CleanApps + App("finshare", "Finance Share", Entitlement("finshare-member", "Membership of the finance file share, with the files of the finance team.")));

        var finding = findings.Single();
        Assert.That(finding.Kind, Is.EqualTo("no-action"));
        Assert.That(finding.Where, Is.EqualTo(new[] { "app finshare", "entitlement finshare-member" }));
    }

    [Test]
    public void AppsThatShareNameWords_AreFound()
    {
        var findings = Coach(CleanApps
            + App("sf-sales", "Salesforce Sales Cloud", Entitlement("sf-sales-rep", "Edit your own opportunities and accounts."))
            + App("sf-service", "Salesforce Service Cloud", Entitlement("sf-service-agent", "Answer and close support cases.")));

        var finding = findings.Single();
        Assert.That(finding.Kind, Is.EqualTo("same-app-words"));
        Assert.That(finding.What, Does.Contain("\"salesforce\""));
        Assert.That(finding.Where, Is.EqualTo(new[] { "apps sf-sales, sf-service" }));
    }

    [Test]
    public void ANegatedVerb_IsNotAnAction_AndInflectedFormsCount()
    {
        Assert.That(CatalogCoach.Actions("Views dashboards; cannot edit them. No deletes."), Is.EquivalentTo(new[] { "view" }));
        Assert.That(CatalogCoach.Actions("Read-only console access"), Is.EquivalentTo(new[] { "read" }));
        Assert.That(CatalogCoach.Actions("Membership of the finance file share"), Is.Empty, "verbs used as nouns inside a clause are no actions");
        Assert.That(CatalogCoach.Actions("Owner role - manage members, create and transition issues"), Is.EquivalentTo(new[] { "manage", "create", "transition" }));
    }
}
