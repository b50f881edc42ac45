using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Requests;

namespace IgaBot.Adapters.Tests.Storage;

/// <summary>A tiny tenant and domain records built by hand.</summary>
internal static class SampleData
{
    public const string Tom = "tom.baker@contoso.com";
    public const string Nina = "nina.petrova@contoso.com";
    public const string Raj = "raj.patel@contoso.com";

    public static AuditEntry Audit(string action, string subject, string actor = Tom) => new(actor, action, subject);

    public static Core.Tenant SmallTenant(IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>>? initialAccess = null, params Person[] extraPeople)
    {
        var github = new App
        {
            Id = "github",
            Name = "GitHub",
            Description = "Source code",
            Owner = Raj,
            Connector = "scim",
            Entitlements =
            [
                new Entitlement
                {
                    Id = "github-read", AppId = "github", Name = "GitHub Read", Description = "Read repositories",
                    Risk = Risk.Low, Approvals = [ApprovalStep.Manager], PeerCoverage = 0.3, Target = new Dictionary<string, string> { ["group"] = "gh-readers" },
                },
                new Entitlement
                {
                    Id = "github-write", AppId = "github", Name = "GitHub Write", Description = "Push to a team's repositories",
                    Risk = Risk.Medium, MaxDuration = TimeSpan.FromDays(180), Approvals = [ApprovalStep.Manager, ApprovalStep.Owner],
                    Scope = new EntitlementScope("team", ["platform", "payments"]), RequiresJustification = true,
                    Target = new Dictionary<string, string> { ["group"] = "gh-{scope}-writers" },
                },
            ],
        };
        var people = new List<Person>
        {
            new() { Email = Raj, Name = "Raj Patel", Title = "VP Engineering", Department = "Engineering" },
            new() { Email = Nina, Name = "Nina Petrova", Title = "Engineering Manager", Department = "Engineering", Manager = Raj },
            new() { Email = Tom, Name = "Tom Baker", Title = "Software Engineer", Department = "Engineering", Manager = Nina, TeamsId = "aad-tom" },
        };
        people.AddRange(extraPeople);
        return new Core.Tenant(
            new AccessCatalog([github], new Dictionary<string, IReadOnlyList<string>> { ["security"] = [Raj] }),
            new PeopleDirectory(people),
            initialAccess ?? new Dictionary<string, IReadOnlyList<AccessAssignment>>
            {
                [Tom] = [new AccessAssignment("github-read"), new AccessAssignment("github-write", "platform")],
                [Nina] = [new AccessAssignment("github-read")],
            });
    }

    public static AccessRequest Request(DateTimeOffset at, RequestStatus status = RequestStatus.PendingApproval, string beneficiary = Tom) => new()
    {
        Id = Guid.NewGuid(),
        Requester = beneficiary,
        Beneficiary = beneficiary,
        EntitlementId = "github-write",
        Scope = "payments",
        Duration = TimeSpan.FromDays(14) + TimeSpan.FromHours(3) + TimeSpan.FromTicks(7),
        Justification = "fix the payment retries",
        Status = status,
        CreatedAt = at,
        UpdatedAt = at,
        Trace = "Manager approval required.",
    };

    public static ApprovalStage Stage(Guid requestId, int order, StageStatus status, params string[] approvers) => new()
    {
        RequestId = requestId,
        Order = order,
        Step = order == 1 ? "manager" : "owner",
        Approvers = approvers,
        Status = status,
    };

    public static Grant Grant(DateTimeOffset at, TimeSpan? lifetime, string person = Tom, string entitlement = "github-read") => new()
    {
        Id = Guid.NewGuid(),
        Person = person,
        EntitlementId = entitlement,
        GrantedAt = at,
        ExpiresAt = lifetime is { } l ? at + l : null,
        Status = GrantStatus.Active,
        ConnectorRef = "gh-readers",
    };
}
