using System.Text.RegularExpressions;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Tenant;

public sealed class TenantLoaderTests
{
    private static string InOutput(params string[] parts) => Path.Combine([TestContext.CurrentContext.TestDirectory, .. parts]);

    private static Core.Tenant LoadEval() => TenantLoader.LoadOrThrow(InOutput("eval", "catalog.yaml"), InOutput("eval", "directory.yaml"));

    [Test]
    public void EvalTenant_LoadsWithoutAnyProblem()
    {
        var result = TenantLoader.Load(InOutput("eval", "catalog.yaml"), InOutput("eval", "directory.yaml"));

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Tenant, Is.Not.Null);
    }

    [Test]
    public void EvalTenant_HasEveryAppEntitlementGroupAndPersonOfTheFiles()
    {
        var tenant = LoadEval();

        Assert.That(tenant.Catalog.Apps.Select(a => a.Id), Is.EqualTo(new[]
        {
            "salesforce", "github", "aws", "snowflake", "jira", "figma", "netsuite", "workday", "okta", "pagerduty", "tableau", "adp",
        }));
        Assert.That(tenant.Catalog.Entitlements.Count(), Is.EqualTo(27));
        Assert.That(tenant.Catalog.Groups.Keys, Is.EquivalentTo(new[] { "security", "data-privacy", "it-helpdesk" }));
        Assert.That(tenant.Directory.People, Has.Count.EqualTo(33));
        Assert.That(tenant.Directory.People[0].Email, Is.EqualTo("olivia.brown@contoso.com"));
        Assert.That(tenant.Directory.People[^1].Email, Is.EqualTo("maya.singh@contoso.com"));
    }

    [Test]
    public void EvalTenant_ScopedEntitlement_KeepsItsLabelOptionsAndTarget()
    {
        var write = LoadEval().Catalog.FindEntitlement("github-write")!;

        Assert.That(write.AppId, Is.EqualTo("github"));
        Assert.That(write.Scope!.Label, Is.EqualTo("team"));
        Assert.That(write.Scope.Options, Is.EqualTo(new[] { "platform", "payments", "mobile", "web" }));
        Assert.That(write.Target["group"], Is.EqualTo("gh-{scope}-writers"));
        Assert.That(write.MaxDuration, Is.EqualTo(TimeSpan.FromDays(180)));
        Assert.That(write.PeerCoverage, Is.EqualTo(0.5));
        Assert.That(write.Risk, Is.EqualTo(Risk.Medium));
    }

    [Test]
    public void EvalTenant_SeparationOfDutiesAndEligibility_AreKept()
    {
        var catalog = LoadEval().Catalog;
        var clerk = catalog.FindEntitlement("netsuite-ap-clerk")!;

        Assert.That(clerk.Conflicts, Is.EqualTo(new[] { "netsuite-ap-approver" }));
        Assert.That(clerk.EligibleDepartments, Is.EqualTo(new[] { "Finance" }));
        Assert.That(clerk.RequiresJustification, Is.True);
        Assert.That(clerk.MaxDuration, Is.Null, "no maxDuration in the file");
        Assert.That(catalog.FindEntitlement("adp-payroll-viewer")!.EligibleDepartments, Is.EqualTo(new[] { "HR", "Finance" }));
        Assert.That(catalog.FindEntitlement("github-read")!.EligibleDepartments, Is.Empty);
        Assert.That(catalog.AppOf(clerk).Connector, Is.EqualTo("manual"));
        Assert.That(catalog.AppOf(clerk).Owner, Is.EqualTo("paul.novak@contoso.com"));
    }

    [Test]
    public void EvalTenant_DurationsAndPeerCoverage_AreKept()
    {
        var catalog = LoadEval().Catalog;
        var awsRead = catalog.FindEntitlement("aws-prod-readonly")!;
        var okta = catalog.FindEntitlement("okta-helpdesk-admin")!;

        Assert.That(awsRead.DefaultDuration, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(awsRead.MaxDuration, Is.EqualTo(TimeSpan.FromDays(7)));
        Assert.That(okta.DefaultDuration, Is.EqualTo(TimeSpan.FromHours(8)));
        Assert.That(okta.MaxDuration, Is.EqualTo(TimeSpan.FromDays(1)));
        Assert.That(catalog.FindEntitlement("salesforce-read")!.DefaultDuration, Is.EqualTo(TimeSpan.FromDays(30)));
        Assert.That(catalog.FindEntitlement("github-read")!.PeerCoverage, Is.EqualTo(0.3));
        Assert.That(catalog.FindEntitlement("salesforce-admin")!.PeerCoverage, Is.Null);
        Assert.That(catalog.FindEntitlement("salesforce-admin")!.Risk, Is.EqualTo(Risk.High));
        Assert.That(catalog.FindEntitlement("github-org-owner")!.Risk, Is.EqualTo(Risk.Critical));
    }

    [Test]
    public void EvalTenant_ApprovalStages_AreKeptInOrder_WithSecurityAsTheSecurityGroup()
    {
        var catalog = LoadEval().Catalog;

        Assert.That(catalog.FindEntitlement("github-org-owner")!.Approvals,
            Is.EqualTo(new[] { ApprovalStep.Manager, ApprovalStep.Owner, ApprovalStep.ForGroup("security") }));
        Assert.That(catalog.FindEntitlement("snowflake-pii")!.Approvals,
            Is.EqualTo(new[] { ApprovalStep.Manager, ApprovalStep.ForGroup("data-privacy") }));
        Assert.That(catalog.FindEntitlement("jira-user")!.Approvals, Is.Empty);
        Assert.That(catalog.GroupMembers("security"), Is.EqualTo(new[] { "sam.okafor@contoso.com", "lena.fischer@contoso.com" }));
        Assert.That(catalog.GroupMembers("it-helpdesk"), Is.EqualTo(new[] { "omar.haddad@contoso.com" }));
    }

    [Test]
    public void EvalTenant_PeopleAndTheirAccess_AreWhatTheDirectorySays()
    {
        var tenant = LoadEval();
        var jake = tenant.Directory.Get("jake.miller@contoso.com");

        Assert.That(jake.Name, Is.EqualTo("Jake Miller"));
        Assert.That(jake.Title, Is.EqualTo("Software Engineer"));
        Assert.That(jake.Department, Is.EqualTo("Engineering"));
        Assert.That(tenant.Directory.ManagerOf(jake)!.Name, Is.EqualTo("Nina Petrova"));
        Assert.That(tenant.Directory.Get("olivia.brown@contoso.com").Manager, Is.Null);
        Assert.That(tenant.InitialAccess.ContainsKey("jake.miller@contoso.com"), Is.False, "Jake holds nothing");
        Assert.That(tenant.InitialAccess["tom.baker@contoso.com"], Is.EqualTo(new[]
        {
            new AccessAssignment("github-read"), new AccessAssignment("github-write", "platform"), new AccessAssignment("aws-dev-poweruser"),
            new AccessAssignment("pagerduty-responder"), new AccessAssignment("jira-user"),
        }));
        Assert.That(tenant.InitialAccess["lucy.evans@contoso.com"], Does.Contain(new AccessAssignment("github-write", "payments")));
        Assert.That(tenant.InitialAccess.Values.Sum(a => a.Count), Is.EqualTo(59), "every access entry of the directory");
    }

    [Test]
    public void DemoTenant_LoadsWithoutAnyProblem()
    {
        var result = TenantLoader.Load(InOutput("demo", "catalog.yaml"), InOutput("demo", "directory.yaml"));

        Assert.That(result.Problems, Is.Empty);
        Assert.That(result.Tenant, Is.Not.Null);
    }

    [Test]
    public void DemoTenant_LetsJakeAskNinaForReadOnlyProductionAws()
    {
        var tenant = TenantLoader.LoadOrThrow(InOutput("demo", "catalog.yaml"), InOutput("demo", "directory.yaml"));
        var jake = tenant.Directory.Get("jake.miller@contoso.com");
        var awsRead = tenant.Catalog.FindEntitlement("aws-prod-readonly")!;

        Assert.That(jake.Title, Is.EqualTo("Software Engineer"));
        Assert.That(tenant.Directory.ManagerOf(jake)!.Email, Is.EqualTo("nina.petrova@contoso.com"));
        Assert.That(tenant.Directory.ManagerOf(jake)!.Title, Is.EqualTo("Engineering Manager"));
        Assert.That(jake.TeamsId, Is.Not.Null);
        Assert.That(jake.SlackId, Does.StartWith("U0"));
        Assert.That(awsRead.Name, Is.EqualTo("AWS Production Read Only"));
        Assert.That(awsRead.Approvals, Is.EqualTo(new[] { ApprovalStep.Manager }));
        Assert.That(awsRead.MaxDuration, Is.LessThanOrEqualTo(TimeSpan.FromDays(7)).And.GreaterThanOrEqualTo(TimeSpan.FromDays(1)));
        Assert.That(tenant.InitialAccess.GetValueOrDefault("jake.miller@contoso.com") ?? [], Has.None.Matches<AccessAssignment>(a => a.EntitlementId == "aws-prod-readonly"));
    }

    [Test]
    public void DemoTenant_ShowsEveryCatalogFeature()
    {
        var tenant = TenantLoader.LoadOrThrow(InOutput("demo", "catalog.yaml"), InOutput("demo", "directory.yaml"));
        var entitlements = tenant.Catalog.Entitlements.ToList();

        Assert.That(tenant.Directory.People, Has.Count.GreaterThanOrEqualTo(35));
        Assert.That(tenant.Catalog.Apps, Has.Count.GreaterThanOrEqualTo(12));
        Assert.That(tenant.Directory.People.Select(p => p.Department).Distinct().Count(), Is.GreaterThanOrEqualTo(6));
        Assert.That(tenant.Directory.People.Count(p => p.Manager is null), Is.EqualTo(1), "one chief at the top");
        Assert.That(tenant.Catalog.Apps, Has.Some.Matches<App>(a => a.Connector == "manual"));
        Assert.That(tenant.Catalog.Groups.Keys, Does.Contain("security"));
        Assert.That(entitlements, Has.Some.Matches<Entitlement>(e => e.IsScoped));
        Assert.That(entitlements, Has.Some.Matches<Entitlement>(e => e.Conflicts.Count > 0));
        Assert.That(entitlements, Has.Some.Matches<Entitlement>(e => e.EligibleDepartments.Count > 0));
        Assert.That(entitlements, Has.Some.Matches<Entitlement>(e => e.PeerCoverage is not null));
        Assert.That(entitlements, Has.Some.Matches<Entitlement>(e => e.Approvals.Count == 0));
        Assert.That(entitlements, Has.Some.Matches<Entitlement>(e => e.Approvals.Any(s => s.Kind == ApprovalStepKind.Group && s.Group != "security")));
        Assert.That(tenant.Directory.People.Count(p => p.TeamsId is not null), Is.GreaterThanOrEqualTo(3));
        Assert.That(tenant.Directory.People.Count(p => p.SlackId is not null), Is.GreaterThanOrEqualTo(3));
        Assert.That(tenant.Directory.People.Where(p => p.TeamsId is not null).Select(p => p.TeamsId),
            Has.All.Matches(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
    }

    [Test]
    public void BrokenFixture_ReportsEveryMistake_EachOnItsLine_AndLoadsNothing()
    {
        var catalogPath = InOutput("Tenant", "Fixtures", "broken-catalog.yaml");
        var directoryPath = InOutput("Tenant", "Fixtures", "broken-directory.yaml");
        var expected = ExpectedProblems(catalogPath).Concat(ExpectedProblems(directoryPath)).ToList();

        var result = TenantLoader.Load(catalogPath, directoryPath);

        Assert.That(result.Tenant, Is.Null);
        Assert.That(expected, Has.Count.GreaterThanOrEqualTo(5), "the fixture is meant to hold many mistakes");
        Assert.Multiple(() =>
        {
            foreach (var (file, line, text) in expected)
            {
                Assert.That(result.Problems, Has.Some.Matches<TenantProblem>(p => p.File == file && p.Line == line && p.Message.Contains(text)),
                    $"{Path.GetFileName(file)}:{line} should report \"{text}\"; got:\n{string.Join("\n", result.Problems)}");
            }
        });
        Assert.That(result.Problems, Has.Count.EqualTo(expected.Count), string.Join("\n", result.Problems));
    }

    /// <summary>The fixture's own "# expect: ..." comments: one expected problem per marked line.</summary>
    private static IEnumerable<(string File, int Line, string Text)> ExpectedProblems(string path) =>
        File.ReadAllLines(path)
            .Select((line, index) => (Match: Regex.Match(line, @"#\s*expect:\s*(.+)$"), Line: index + 1))
            .Where(x => x.Match.Success)
            .Select(x => (path, x.Line, x.Match.Groups[1].Value.Trim()));

    [Test]
    public void LoadOrThrow_OnABrokenTenant_ThrowsInvalidInput_ListingEveryProblemOnItsOwnLine()
    {
        var catalogPath = InOutput("Tenant", "Fixtures", "broken-catalog.yaml");
        var directoryPath = InOutput("Tenant", "Fixtures", "broken-directory.yaml");
        var problems = TenantLoader.Load(catalogPath, directoryPath).Problems;

        var error = Assert.Throws<InvalidInputException>(() => TenantLoader.LoadOrThrow(catalogPath, directoryPath))!;

        var lines = error.Message.Split(Environment.NewLine);
        Assert.That(lines.Skip(1), Is.EqualTo(problems.Select(p => p.ToString())));
        Assert.That(lines[0], Does.Contain($"{problems.Count} problems"));
    }

    [Test]
    public void Problems_AreSortedByFileThenLine_AndPrintLikeACompiler()
    {
        var problems = TenantLoader.Load(InOutput("Tenant", "Fixtures", "broken-catalog.yaml"), InOutput("Tenant", "Fixtures", "broken-directory.yaml")).Problems;

        var catalogLines = problems.TakeWhile(p => p.File.EndsWith("broken-catalog.yaml")).Select(p => p.Line).ToList();
        Assert.That(catalogLines, Is.Ordered);
        Assert.That(problems.Skip(catalogLines.Count), Has.All.Matches<TenantProblem>(p => p.File.EndsWith("broken-directory.yaml")));
        Assert.That(new TenantProblem("catalog.yaml", 12, "unknown risk 'severe'").ToString(), Is.EqualTo("catalog.yaml:12: unknown risk 'severe'"));
    }
}
