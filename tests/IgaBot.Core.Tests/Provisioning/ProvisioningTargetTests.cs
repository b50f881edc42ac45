using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;

namespace IgaBot.Core.Tests.Provisioning;

public sealed class ProvisioningTargetTests
{
    private static readonly Entitlement GitHubWrite = new()
    {
        Id = "github-write",
        AppId = "github",
        Name = "GitHub Write",
        Description = "Push branches.",
        Risk = Risk.Medium,
        Scope = new EntitlementScope("team", ["platform", "payments", "mobile", "web"]),
        Target = new Dictionary<string, string> { ["group"] = "gh-{scope}-writers" },
    };

    private static readonly Entitlement SalesforceRead = new()
    {
        Id = "salesforce-read",
        AppId = "salesforce",
        Name = "Salesforce Read Only",
        Description = "View accounts.",
        Risk = Risk.Low,
        Target = new Dictionary<string, string> { ["group"] = "SF-ReadOnly" },
    };

    private static readonly Entitlement AdpViewer = new()
    {
        Id = "adp-payroll-viewer",
        AppId = "adp",
        Name = "ADP Payroll Viewer",
        Description = "View payroll runs.",
        Risk = Risk.High,
    };

    [Test]
    public void For_AScopedEntitlement_PutsTheScopeIntoTheGroup()
    {
        var target = ProvisioningTarget.For(GitHubWrite, "alice.chen@contoso.com", "payments");

        Assert.That(target.Group, Is.EqualTo("gh-payments-writers"));
        Assert.That(target.Scope, Is.EqualTo("payments"));
        Assert.That(target.EntitlementLabel, Is.EqualTo("GitHub Write (payments)"));
    }

    [Test]
    public void For_AScopeInAnotherCase_UsesTheCatalogsSpelling()
    {
        var target = ProvisioningTarget.For(GitHubWrite, "alice.chen@contoso.com", " Payments ");

        Assert.That(target.Group, Is.EqualTo("gh-payments-writers"));
    }

    [Test]
    public void For_AScopedEntitlementWithoutAScope_IsRefusedListingTheOptions()
    {
        var error = Assert.Throws<InvalidInputException>(() => ProvisioningTarget.For(GitHubWrite, "alice.chen@contoso.com", null))!;

        Assert.That(error.Message, Does.Contain("team").And.Contain("platform, payments, mobile, web"));
    }

    [Test]
    public void For_AScopeThatIsNotAnOption_IsRefused()
    {
        var error = Assert.Throws<InvalidInputException>(() => ProvisioningTarget.For(GitHubWrite, "alice.chen@contoso.com", "billing"))!;

        Assert.That(error.Message, Does.Contain("'billing' is not a team"));
    }

    [Test]
    public void For_AnUnscopedEntitlementGivenAScope_IsRefused()
    {
        Assert.Throws<InvalidInputException>(() => ProvisioningTarget.For(SalesforceRead, "alice.chen@contoso.com", "payments"));
    }

    [Test]
    public void For_AnEntitlementWithoutATarget_HasNoGroup()
    {
        Assert.That(ProvisioningTarget.For(AdpViewer, "alice.chen@contoso.com", null).Group, Is.Null);
    }

    [Test]
    public void For_AnEmptyEmail_IsRefused()
    {
        Assert.Throws<InvalidInputException>(() => ProvisioningTarget.For(SalesforceRead, " ", null));
    }

    [Test]
    public void For_AppAndPerson_FillsTheNamesAndTheOwner()
    {
        var app = new App { Id = "salesforce", Name = "Salesforce", Description = "", Owner = "dana.lee@contoso.com", Connector = "scim" };
        var alice = new Person { Email = "alice.chen@contoso.com", Name = "Alice Chen", Title = "AE", Department = "Sales" };
        var grantId = Guid.NewGuid();

        var target = ProvisioningTarget.For(app, SalesforceRead, alice, null, grantId);

        Assert.That(target, Is.EqualTo(new ProvisioningTarget("alice.chen@contoso.com", "salesforce-read", null, "SF-ReadOnly")
        {
            PersonName = "Alice Chen",
            EntitlementName = "Salesforce Read Only",
            AppId = "salesforce",
            AppName = "Salesforce",
            AppOwner = "dana.lee@contoso.com",
            GrantId = grantId,
        }));
    }

    [Test]
    public void For_AnEntitlementOfAnotherApp_IsRefused()
    {
        var app = new App { Id = "github", Name = "GitHub", Description = "", Owner = "raj.patel@contoso.com", Connector = "scim" };
        var alice = new Person { Email = "alice.chen@contoso.com", Name = "Alice Chen", Title = "AE", Department = "Sales" };

        Assert.Throws<InvalidInputException>(() => ProvisioningTarget.For(app, SalesforceRead, alice, null));
    }

    [Test]
    public void ManualTaskTitle_NamesTheAppWhenTheEntitlementNameDoesNot()
    {
        var target = new ProvisioningTarget("bob.stone@contoso.com", "wd-reports", null, null)
        {
            PersonName = "Bob Stone",
            EntitlementName = "Headcount Reports",
            AppName = "Workday",
        };

        Assert.That(ManualTask.TitleFor(ProvisioningOperation.Grant, target), Is.EqualTo("Add Bob Stone to Workday Headcount Reports"));
        Assert.That(ManualTask.TitleFor(ProvisioningOperation.Revoke, target with { PersonName = null }),
            Is.EqualTo("Remove bob.stone@contoso.com from Workday Headcount Reports"));
    }
}
