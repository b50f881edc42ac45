using NUnit.Framework;
using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A second, invented tenant with other apps and other words than the eval tenant, so tests show the
/// planner reads any catalog rather than the one it was tuned on.
/// </summary>
internal static class FabrikamCatalog
{
    private static readonly Lazy<EntitlementSearch> Index = new(() =>
        EntitlementSearch.BuildAsync(Build(), MiniLmTextEmbedder.Shared, new InMemoryEmbeddingCache(), CancellationToken.None).GetAwaiter().GetResult());

    public static EntitlementSearch Search => Index.Value;

    public static AccessCatalog Build()
    {
        static Entitlement E(string app, string id, string name, string description, Risk risk, EntitlementScope? scope = null, bool reason = false) => new()
        {
            Id = id, AppId = app, Name = name, Description = description, Risk = risk, Scope = scope, RequiresJustification = reason,
            Approvals = [ApprovalStep.Manager],
        };
        static App A(string id, string name, string description, params Entitlement[] entitlements) => new()
        {
            Id = id, Name = name, Description = description, Owner = "owner@fabrikam.example", Connector = "scim", Entitlements = entitlements,
        };
        var spaces = new EntitlementScope("space", ["engineering", "marketing", "sales", "people"]);
        var projects = new EntitlementScope("project", ["billing-prod", "analytics-dev", "web-staging"]);
        return new AccessCatalog(
        [
            A("zendesk", "Zendesk", "Customer support ticketing and help center.",
                E("zendesk", "zendesk-light-agent", "Zendesk Light Agent", "View tickets and add private internal notes. Cannot reply to customers.", Risk.Low),
                E("zendesk", "zendesk-agent", "Zendesk Agent", "Reply to customers, solve and reassign tickets, use macros.", Risk.Medium),
                E("zendesk", "zendesk-admin", "Zendesk Administrator", "Configure triggers, macros, business rules, users and help center settings.", Risk.High, reason: true)),
            A("confluence", "Confluence", "Company wiki with team spaces, documentation and meeting notes.",
                E("confluence", "confluence-viewer", "Confluence Viewer", "Read pages and comment in every space.", Risk.Low),
                E("confluence", "confluence-editor", "Confluence Editor", "Create, edit and move pages in one space.", Risk.Low, spaces),
                E("confluence", "confluence-space-admin", "Confluence Space Admin", "Manage a space's permissions, templates and archive pages.", Risk.Medium, spaces)),
            A("datadog", "Datadog", "Observability: infrastructure metrics, APM traces, logs and alerting.",
                E("datadog", "datadog-readonly", "Datadog Read Only", "View dashboards, monitors, logs and traces.", Risk.Low),
                E("datadog", "datadog-standard", "Datadog Standard", "Create and edit dashboards, monitors and log pipelines.", Risk.Medium),
                E("datadog", "datadog-admin", "Datadog Admin", "Manage the organization, API keys, users, billing and every setting.", Risk.High, reason: true)),
            A("vpn", "Corporate VPN", "Remote connection to the internal office network.",
                E("vpn", "vpn-user", "VPN User", "Connect to the internal network from home or while travelling.", Risk.Low)),
            A("bamboohr", "BambooHR", "People system: employee profiles, time off, performance reviews and payroll.",
                E("bamboohr", "bamboohr-manager-reports", "BambooHR Manager Reports", "See time off, reviews and headcount reports for your own direct reports.", Risk.Medium),
                E("bamboohr", "bamboohr-hr-admin", "BambooHR HR Administrator", "Edit every employee record, salaries, compensation and payroll data.", Risk.Critical, reason: true)),
            A("gcp", "Google Cloud Platform", "Cloud projects for production services and data experiments.",
                E("gcp", "gcp-viewer", "GCP Project Viewer", "Read-only access to resources, logs and metrics in a project.", Risk.Low, projects),
                E("gcp", "gcp-editor", "GCP Project Editor", "Deploy services and change resources in a project; no IAM changes.", Risk.Medium, projects),
                E("gcp", "gcp-owner", "GCP Project Owner", "Full control of a project including IAM, billing and deletion.", Risk.Critical, projects, reason: true)),
        ], new Dictionary<string, IReadOnlyList<string>>());
    }
}
