namespace IgaBot.Core;

/// <summary>The tenant (catalog + directory) currently loaded.</summary>
public interface ITenantAccessor
{
    Tenant Current { get; }
}
