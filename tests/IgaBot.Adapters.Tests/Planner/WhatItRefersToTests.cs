using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// "the xconn job template in Tower is setting a wrong survey default for the circuit ports, need to edit it myself": "it" is the
/// thing the message opened with, so what the change is done to is the job template, and of two apps that fit the change
/// about equally, the one whose own words hold it is meant (eighteenth session, a data centre operator's tenant, read by kind).
/// </summary>
public sealed class WhatItRefersToTests
{
    private const string Catalog = """
        apps:
          - id: auto
            name: FabricFlow
            description: Network automation controller - job templates and workflows that configure the switching fabrics.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: auto-runner
                name: FabricFlow Job Runner
                description: Launch approved job templates (port turn-ups, VLAN provisioning) against one fabric. Cannot change templates.
                risk: low
                approvals: [manager]
              - id: auto-developer
                name: FabricFlow Template Developer
                description: Create and edit projects, job templates, workflows and surveys.
                risk: medium
                approvals: [manager]
          - id: desk
            name: ServiceDesk
            description: Service management for customer tickets and cross-connect orders.
            owner: ana.silva@example.com
            connector: manual
            entitlements:
              - id: desk-xconn
                name: ServiceDesk Cross-Connect Provisioner
                description: Fulfil cross-connect orders - assign patch panel ports, schedule the cabling job and mark the circuit complete.
                risk: medium
                approvals: [manager]
        """;

    private const string Directory = """
        users:
          - {email: ana.silva@example.com, name: Ana Silva, title: Network Engineer, department: Network}
        """;

    private static readonly Lazy<(IgaBot.Core.Tenant Tenant, EntitlementSearch Search)> Tenant = new(() => InlineTenant.Load(Catalog, Directory));

    private static Interpretation Interpret(string text) => new RequestInterpreter(Tenant.Value.Search).Interpret(text);

    [Test]
    public void EditIt_IsTheThingTheMessageOpenedWith()
    {
        var result = Interpret("the xconn job template in Tower is setting a wrong survey default for the circuit ports, need to edit it myself");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("auto-developer"), result.Why);
    }

    // The same rule the other way: the circuit is what the provisioner's words hold.
    [Test]
    public void EditTheCircuit_IsTheAppWhoseWordsHoldTheCircuit()
    {
        var result = Interpret("a wrong survey default for the circuit ports is set by the xconn job template, need to edit the circuit myself");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("desk-xconn"), result.Why);
    }

    // The guard: with "it" standing for nothing the message opened with, which app is meant is still a question.
    [Test]
    public void EditIt_WithoutAnOpeningThing_StillAsksWhichApp()
    {
        var result = Interpret("something in the xconn job template is setting a wrong survey default for the circuit ports, need to edit it myself");

        Assert.That(result.Entitlement, Is.Null, result.Why);
    }
}
