using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// A small tenant: Alice and Bob (engineers) report to Nina, who reports to Olga; Sam and Sid are the
/// security group; Omar owns both apps. AWS is provisioned by the "scim-test" connector, NetSuite by hand.
/// </summary>
internal static class TestTenant
{
    public const string Alice = "alice@contoso.test";
    public const string Bob = "bob@contoso.test";
    public const string Nina = "nina@contoso.test";
    public const string Olga = "olga@contoso.test";
    public const string Sam = "sam@contoso.test";
    public const string Sid = "sid@contoso.test";
    public const string Omar = "omar@contoso.test";

    public const string AwsRead = "aws-prod-read";
    public const string AwsAdmin = "aws-admin";
    public const string NetSuite = "netsuite-ap";

    public static IgaBot.Core.Tenant Build()
    {
        var people = new List<Person>
        {
            P(Alice, "Alice Chen", "Software Engineer", "Engineering", Nina),
            P(Bob, "Bob Stone", "Software Engineer", "Engineering", Nina),
            P(Nina, "Nina Petrova", "Engineering Manager", "Engineering", Olga),
            P(Olga, "Olga Berg", "VP Engineering", "Engineering", null),
            P(Sam, "Sam Reed", "Security Engineer", "Security", Olga),
            P(Sid, "Sid Rao", "Security Engineer", "Security", Olga),
            P(Omar, "Omar Haddad", "IT Lead", "IT", Olga),
        };
        var aws = new App
        {
            Id = "aws", Name = "AWS", Description = "Amazon Web Services", Owner = Omar, Connector = "scim-test",
            Entitlements =
            [
                new Entitlement
                {
                    Id = AwsRead, AppId = "aws", Name = "AWS Prod Read-only", Description = "Read prod", Risk = Risk.Medium,
                    MaxDuration = TimeSpan.FromDays(7), Approvals = [ApprovalStep.Manager],
                    Target = new Dictionary<string, string> { ["group"] = "aws-prod-read" },
                },
                new Entitlement
                {
                    Id = AwsAdmin, AppId = "aws", Name = "AWS Admin", Description = "Admin", Risk = Risk.Critical,
                    MaxDuration = TimeSpan.FromDays(1), Approvals = [ApprovalStep.Manager, ApprovalStep.ForGroup("security")],
                    Target = new Dictionary<string, string> { ["group"] = "aws-admin" },
                },
            ],
        };
        var netsuite = new App
        {
            Id = "netsuite", Name = "NetSuite", Description = "ERP", Owner = Omar, Connector = "manual",
            Entitlements =
            [
                new Entitlement { Id = NetSuite, AppId = "netsuite", Name = "NetSuite AP Clerk", Description = "AP", Risk = Risk.Medium, Approvals = [ApprovalStep.Owner] },
            ],
        };
        var groups = new Dictionary<string, IReadOnlyList<string>> { ["security"] = [Sam, Sid] };
        return new IgaBot.Core.Tenant(new AccessCatalog([aws, netsuite], groups), new PeopleDirectory(people),
            new Dictionary<string, IReadOnlyList<AccessAssignment>>());
    }

    private static Person P(string email, string name, string title, string department, string? manager) =>
        new() { Email = email, Name = name, Title = title, Department = department, Manager = manager };
}
