using IgaBot.Core;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tenant;

/// <summary>
/// The tenant loaded once from the configured YAML files. A tenant with problems stops start-up with
/// every problem listed (<see cref="InvalidInputException"/>): running on half a catalog is worse.
/// </summary>
public sealed class FileTenantAccessor(IOptions<IgaOptions> options) : ITenantAccessor
{
    private readonly Lazy<Core.Tenant> _tenant = new(() =>
        TenantLoader.LoadOrThrow(IgaOptions.ResolvePath(options.Value.CatalogPath), IgaOptions.ResolvePath(options.Value.DirectoryPath)));

    public Core.Tenant Current => _tenant.Value;
}
