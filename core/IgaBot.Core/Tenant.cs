using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Core;

/// <summary>
/// One loaded tenant: the catalog, the directory and the access the directory file says people
/// hold today (imported once as permanent grants).
/// </summary>
public sealed record Tenant(
    AccessCatalog Catalog,
    PeopleDirectory Directory,
    IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> InitialAccess);
