namespace IgaBot.Adapters.Tenant;

/// <summary>One thing wrong with a tenant file, at the line where it is written.</summary>
/// <param name="Line">1-based line; 0 when the problem is the file as a whole (missing, unreadable).</param>
public sealed record TenantProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>
/// The outcome of loading a catalog and a directory: the tenant, or every problem found.
/// <see cref="Tenant"/> is null whenever <see cref="Problems"/> is not empty: a tenant with a
/// mistake in it loads nothing at all.
/// </summary>
public sealed record TenantLoadResult(Core.Tenant? Tenant, IReadOnlyList<TenantProblem> Problems)
{
    public bool Succeeded => Tenant is not null;
}
