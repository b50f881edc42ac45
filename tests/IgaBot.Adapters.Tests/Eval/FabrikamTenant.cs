namespace IgaBot.Adapters.Tests.Eval;

/// <summary>
/// A second tenant, unlike the eval one (other apps, words, scopes and people), with cases in the eval
/// format: the agent is measured on a catalog nobody tuned it on.
/// </summary>
internal static class FabrikamTenant
{
    public const string Catalog = """
        groups:
          sre: [omar.aziz@fabrikam.example]
          security: [tara.wu@fabrikam.example]
        apps:
          - id: gitlab
            name: GitLab
            description: Source code, merge requests and CI pipelines for every team.
            owner: amir.khan@fabrikam.example
            connector: scim
            entitlements:
              - id: gitlab-reporter
                name: GitLab Reporter
                description: Browse repositories, read code and issues, download build artifacts.
                risk: low
                approvals: [manager]
                autoApprove: {peerCoverage: 0.5}
              - id: gitlab-developer
                name: GitLab Developer
                description: Push branches, open merge requests and run pipelines in one group's projects.
                risk: medium
                maxDuration: P180D
                approvals: [manager]
                autoApprove: {peerCoverage: 0.5}
                scope: {label: group, options: [backend, frontend, data]}
              - id: gitlab-maintainer
                name: GitLab Maintainer
                description: Merge to protected branches, manage CI/CD variables and project settings of one group.
                risk: high
                maxDuration: P30D
                approvals: [manager, owner]
                requiresJustification: true
                scope: {label: group, options: [backend, frontend, data]}
          - id: looker
            name: Looker
            description: Business intelligence explores, looks and dashboards on the data warehouse.
            owner: amir.khan@fabrikam.example
            connector: scim
            entitlements:
              - id: looker-viewer
                name: Looker Viewer
                description: View dashboards and scheduled reports.
                risk: low
                approvals: []
              - id: looker-developer
                name: Looker Developer
                description: Write LookML models and build new explores.
                risk: medium
                maxDuration: P90D
                approvals: [manager, owner]
          - id: hubspot
            name: HubSpot
            description: Marketing automation - email campaigns, landing pages, forms and contact lists.
            owner: hana.sato@fabrikam.example
            connector: manual
            entitlements:
              - id: hubspot-marketer
                name: HubSpot Marketing User
                description: Create email campaigns, landing pages and forms; edit contact lists.
                risk: medium
                maxDuration: P180D
                approvals: [manager]
                eligible: {departments: [Marketing]}
              - id: hubspot-super-admin
                name: HubSpot Super Admin
                description: Manage users, billing, integrations and every portal setting.
                risk: critical
                maxDuration: PT8H
                approvals: [manager, owner, security]
                requiresJustification: true
          - id: onepassword
            name: 1Password
            description: Company password manager with shared team vaults.
            owner: tara.wu@fabrikam.example
            connector: manual
            entitlements:
              - id: vault-reader
                name: Shared Vault Reader
                description: Read and copy the passwords stored in one team vault.
                risk: medium
                defaultDuration: P7D
                maxDuration: P30D
                approvals: [manager]
                requiresJustification: true
                scope: {label: vault, options: [infrastructure, marketing, finance]}
          - id: k8s
            name: Production Kubernetes
            description: The production Kubernetes cluster that runs the customer-facing services.
            owner: omar.aziz@fabrikam.example
            connector: scim
            entitlements:
              - id: k8s-prod-view
                name: Kubernetes Production Viewer
                description: Read pods, logs and events in one namespace. No exec, no changes.
                risk: medium
                defaultDuration: P1D
                maxDuration: P7D
                approvals: [manager]
                scope: {label: namespace, options: [checkout, search, identity]}
              - id: k8s-prod-admin
                name: Kubernetes Production Cluster Admin
                description: cluster-admin - change any workload, secret and RBAC rule in the cluster.
                risk: critical
                maxDuration: PT4H
                approvals: [manager, group:sre]
                requiresJustification: true
                eligible: {departments: [Engineering]}
          - id: expensify
            name: Expensify
            description: Expense reports and reimbursements.
            owner: leo.park@fabrikam.example
            connector: manual
            entitlements:
              - id: expensify-approver
                name: Expensify Approver
                description: Approve expense reports and release reimbursements.
                risk: high
                approvals: [manager, owner]
                requiresJustification: true
                conflicts: [expensify-auditor]
              - id: expensify-auditor
                name: Expensify Auditor
                description: Review every expense report and flag policy violations for the audit.
                risk: high
                approvals: [manager, owner]
                requiresJustification: true
        """;

    public const string Directory = """
        users:
          - {email: rosa.diaz@fabrikam.example, name: Rosa Diaz, title: Chief Executive Officer, department: Executive}
          - {email: amir.khan@fabrikam.example, name: Amir Khan, title: CTO, department: Engineering, manager: rosa.diaz@fabrikam.example}
          - {email: priya.raman@fabrikam.example, name: Priya Raman, title: Engineering Manager, department: Engineering, manager: amir.khan@fabrikam.example}
          - {email: dan.cole@fabrikam.example, name: Dan Cole, title: Backend Engineer, department: Engineering, manager: priya.raman@fabrikam.example, access: [gitlab-reporter, "gitlab-developer:backend"]}
          - {email: eve.lin@fabrikam.example, name: Eve Lin, title: Backend Engineer, department: Engineering, manager: priya.raman@fabrikam.example, access: [gitlab-reporter, "gitlab-developer:backend", "k8s-prod-view:checkout"]}
          - {email: finn.odell@fabrikam.example, name: Finn Odell, title: Backend Engineer, department: Engineering, manager: priya.raman@fabrikam.example, access: [gitlab-reporter]}
          - {email: gus.mora@fabrikam.example, name: Gus Mora, title: Backend Engineer, department: Engineering, manager: priya.raman@fabrikam.example}
          - {email: omar.aziz@fabrikam.example, name: Omar Aziz, title: Site Reliability Engineer, department: Engineering, manager: amir.khan@fabrikam.example}
          - {email: nat.bell@fabrikam.example, name: Nat Bell, title: Data Analyst, department: Data, manager: amir.khan@fabrikam.example, access: [looker-viewer]}
          - {email: hana.sato@fabrikam.example, name: Hana Sato, title: Marketing Manager, department: Marketing, manager: rosa.diaz@fabrikam.example}
          - {email: ivan.petrov@fabrikam.example, name: Ivan Petrov, title: Marketing Specialist, department: Marketing, manager: hana.sato@fabrikam.example, access: [hubspot-marketer, looker-viewer]}
          - {email: jo.kim@fabrikam.example, name: Jo Kim, title: Marketing Specialist, department: Marketing, manager: hana.sato@fabrikam.example, access: [hubspot-marketer]}
          - {email: kira.nash@fabrikam.example, name: Kira Nash, title: Marketing Specialist, department: Marketing, manager: hana.sato@fabrikam.example}
          - {email: leo.park@fabrikam.example, name: Leo Park, title: Finance Director, department: Finance, manager: rosa.diaz@fabrikam.example}
          - {email: mia.ross@fabrikam.example, name: Mia Ross, title: Accountant, department: Finance, manager: leo.park@fabrikam.example, access: [expensify-auditor]}
          - {email: tara.wu@fabrikam.example, name: Tara Wu, title: Security Officer, department: Security, manager: rosa.diaz@fabrikam.example}
        """;

    public const string Cases = """
        {"id":"fab-01","requester":"gus.mora@fabrikam.example","say":"I need to read the code in GitLab","answers":{},"expect":{"entitlement":"gitlab-reporter","status":"auto_approved","duration":null,"asks":[]}}
        {"id":"fab-02","requester":"gus.mora@fabrikam.example","say":"I need to push branches to the backend group's projects in GitLab for 3 months","answers":{},"expect":{"entitlement":"gitlab-developer","scope":"backend","status":"auto_approved","duration":"P90D","asks":[]}}
        {"id":"fab-03","requester":"gus.mora@fabrikam.example","say":"I need GitLab developer access","answers":{"scope":"frontend","duration":"60 days"},"expect":{"entitlement":"gitlab-developer","scope":"frontend","status":"auto_approved","duration":"P60D","asks":["scope","duration"]}}
        {"id":"fab-04","requester":"finn.odell@fabrikam.example","say":"I need to change the CI/CD variables of the data group in GitLab for 2 days because the deploy token expired","answers":{},"expect":{"entitlement":"gitlab-maintainer","scope":"data","status":"pending_approval","approver":"priya.raman@fabrikam.example","duration":"P2D","asks":[]}}
        {"id":"fab-05","requester":"kira.nash@fabrikam.example","say":"I need to create email campaigns in HubSpot","answers":{"duration":"90 days"},"expect":{"entitlement":"hubspot-marketer","status":"pending_approval","approver":"hana.sato@fabrikam.example","duration":"P90D","asks":["duration"]}}
        {"id":"fab-06","requester":"gus.mora@fabrikam.example","say":"Can I create landing pages in HubSpot?","answers":{"duration":"30 days"},"expect":{"entitlement":"hubspot-marketer","status":"denied","asks":[]}}
        {"id":"fab-07","requester":"nat.bell@fabrikam.example","say":"I need to write LookML models in Looker for 30 days","answers":{},"expect":{"entitlement":"looker-developer","status":"pending_approval","approver":"amir.khan@fabrikam.example","duration":"P30D","asks":[]}}
        {"id":"fab-08","requester":"gus.mora@fabrikam.example","say":"I'd like to look at the Looker dashboards","answers":{},"expect":{"entitlement":"looker-viewer","status":"auto_approved","duration":null,"asks":[]}}
        {"id":"fab-09","requester":"eve.lin@fabrikam.example","say":"I need to read the logs of the search namespace in production Kubernetes","answers":{"duration":"1 day"},"expect":{"entitlement":"k8s-prod-view","scope":"search","status":"pending_approval","approver":"priya.raman@fabrikam.example","duration":"P1D","asks":["duration"]}}
        {"id":"fab-10","requester":"gus.mora@fabrikam.example","say":"I need cluster-admin on the production Kubernetes cluster for 1 hour to fix a stuck deployment","answers":{},"expect":{"entitlement":"k8s-prod-admin","status":"pending_approval","approver":"priya.raman@fabrikam.example","duration":"PT1H","asks":[]}}
        {"id":"fab-11","requester":"hana.sato@fabrikam.example","say":"I need the passwords in the marketing vault in 1Password","answers":{"duration":"7 days","justification":"rotate the agency's social media credentials"},"expect":{"entitlement":"vault-reader","scope":"marketing","status":"pending_approval","approver":"rosa.diaz@fabrikam.example","duration":"P7D","asks":["duration","justification"]}}
        {"id":"fab-12","requester":"mia.ross@fabrikam.example","say":"I need to approve expense reports in Expensify because Leo is travelling","answers":{},"expect":{"entitlement":"expensify-approver","status":"denied","asks":[]}}
        {"id":"fab-13","requester":"ivan.petrov@fabrikam.example","say":"I need HubSpot access","answers":{"entitlement":"hubspot-marketer"},"expect":{"entitlement":"hubspot-marketer","status":"already_has_access","asks":["entitlement"]}}
        {"id":"fab-14","requester":"omar.aziz@fabrikam.example","say":"Make me a HubSpot super admin for 2 hours to fix the broken CRM sync integration","answers":{},"expect":{"entitlement":"hubspot-super-admin","status":"pending_approval","approver":"amir.khan@fabrikam.example","duration":"PT2H","asks":[]}}
        """;

    /// <summary>Writes the three files into <paramref name="folder"/> and returns their paths.</summary>
    public static (string Catalog, string Directory, string Cases) WriteTo(TempFolder folder)
    {
        var paths = (folder.File("catalog.yaml"), folder.File("directory.yaml"), folder.File("cases.jsonl"));
        File.WriteAllText(paths.Item1, Catalog);
        File.WriteAllText(paths.Item2, Directory);
        File.WriteAllText(paths.Item3, Cases);
        return paths;
    }
}
