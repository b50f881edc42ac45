using IgaBot.Core;
using IgaBot.Core.People;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tenant;

/// <summary>
/// The tenant loaded once from the configured YAML files. A tenant with problems stops start-up with
/// every problem listed (<see cref="InvalidInputException"/>): running on half a catalog is worse. With
/// <c>Directory:Source</c> set, the people are the synced ones (<see cref="SyncedDirectory"/>).
/// </summary>
public sealed class FileTenantAccessor(IOptions<IgaOptions> options, SyncedDirectory? directory = null) : ITenantAccessor
{
    private readonly Lazy<Core.Tenant> _tenant = new(() =>
        TenantLoader.LoadOrThrow(IgaOptions.ResolvePath(options.Value.CatalogPath), IgaOptions.ResolvePath(options.Value.DirectoryPath)));

    public Core.Tenant Current => directory is { Active: true } d ? d.Apply(_tenant.Value) : _tenant.Value;
}
