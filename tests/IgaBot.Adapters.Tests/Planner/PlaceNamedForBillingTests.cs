using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A place named for where the work is billed does not set aside the level asked for (twenty-first session, found on a
/// research university's tenant read by kind): "can i get on the a100 h100 nodes ... it can bill to the nakashima
/// allocation" asks for the GPU level, whose own words hold the GPUs and the billing, though only the cluster account
/// offers the allocation as its scope and the app's description speaks of GPUs too.
/// </summary>
public sealed class PlaceNamedForBillingTests
{
    private const string Catalog = """
        apps:
          - id: kestrel
            name: Kestrel
            description: Research computing cluster - CPU partitions and A100 and H100 GPU nodes, Slurm scheduler.
            owner: jo.marsh@example.edu
            connector: manual
            entitlements:
              - id: kestrel-account
                name: Kestrel Cluster Account
                description: Log in to the login nodes and run Slurm jobs on the CPU partitions under a PI's allocation; home and scratch storage.
                risk: low
                approvals: [manager]
                scope: {label: allocation, options: [nakashima-lab, stroud-lab]}
              - id: kestrel-gpu
                name: Kestrel GPU Partitions
                description: Submit jobs to the gpu-a100 and gpu-h100 partitions. GPU hours are billed to the PI's allocation.
                risk: medium
                approvals: [manager, owner]
              - id: kestrel-root
                name: Kestrel Cluster Administrator
                description: Root on the login and compute nodes, Slurm configuration, partitions and allocations.
                risk: critical
                approvals: [owner]
        """;

    private const string Directory = """
        users:
          - {email: jo.marsh@example.edu, name: Jo Marsh, title: Research Computing Lead, department: Research Computing}
        """;

    private static readonly Lazy<EntitlementSearch> Search = new(() => InlineTenant.Load(Catalog, Directory).Search);

    [Test]
    public void TheLevelWhoseOwnWordsHoldTheAsk_IsNotSetAsideForThePlaceTheBillGoesTo()
    {
        var result = new RequestInterpreter(Search.Value).Interpret(
            "my transformer training is crawling on the cpu partition, can i get on the a100 h100 nodes on kestrel? it can bill to the nakashima allocation");

        Assert.That(result.Entitlement?.Id, Is.EqualTo("kestrel-gpu"), result.Why);
    }
}
