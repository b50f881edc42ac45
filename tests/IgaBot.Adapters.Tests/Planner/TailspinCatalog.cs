using IgaBot.Adapters.Planner;
using IgaBot.Core.Catalog;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// The invented second tenant (tests/eval/tailspin): other apps and other words than the eval tenant,
/// so tests show the planner reads any catalog rather than the one it was tuned on.
/// </summary>
internal static class TailspinCatalog
{
    public static EntitlementSearch Search => PlannerFixture.For("tailspin").Index;

    public static AccessCatalog Build() => PlannerFixture.For("tailspin").TenantCatalog;
}
