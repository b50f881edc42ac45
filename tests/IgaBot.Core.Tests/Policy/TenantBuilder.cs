using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>
/// Builds small tenants in code for policy tests. People are known by a short handle that serves as
/// their email; their display name is the handle capitalised.
/// </summary>
internal sealed class TenantBuilder
{
    private readonly List<Person> _people = [];
    private readonly Dictionary<string, IReadOnlyList<string>> _groups = [];
    private readonly List<(string Id, string Owner)> _apps = [];
    private readonly List<Entitlement> _entitlements = [];
    private readonly List<Holding> _held = [];
    private readonly List<Holding> _pending = [];

    /// <summary>
    /// A small company: ceo ← vp ← mgr ← {jake, tom, lucy, kai} (Software Engineers), ceo ← sam
    /// (Security Lead) ← lena (Security Engineer), ceo ← ava (Sales) ← {alice, ben} (Account
    /// Executives); app "app" is owned by vp.
    /// </summary>
    public static TenantBuilder Company() => new TenantBuilder()
        .Person("ceo", "Chief Executive Officer", "Executive")
        .Person("vp", "VP Engineering", "Engineering", manager: "ceo")
        .Person("mgr", "Engineering Manager", "Engineering", manager: "vp")
        .Person("jake", "Software Engineer", "Engineering", manager: "mgr")
        .Person("tom", "Software Engineer", "Engineering", manager: "mgr")
        .Person("lucy", "Software Engineer", "Engineering", manager: "mgr")
        .Person("kai", "Software Engineer", "Engineering", manager: "mgr")
        .Person("sam", "Security Lead", "Security", manager: "ceo")
        .Person("lena", "Security Engineer", "Security", manager: "sam")
        .Person("ava", "Sales Director", "Sales", manager: "ceo")
        .Person("alice", "Account Executive", "Sales", manager: "ava")
        .Person("ben", "Account Executive", "Sales", manager: "ava")
        .Group("security", "sam", "lena")
        .App("app", owner: "vp");

    public TenantBuilder Person(string handle, string title = "Software Engineer", string department = "Engineering", string? manager = null)
    {
        _people.Add(new Person
        {
            Email = handle,
            Name = char.ToUpperInvariant(handle[0]) + handle[1..],
            Title = title,
            Department = department,
            Manager = manager,
        });
        return this;
    }

    public TenantBuilder Group(string name, params string[] members)
    {
        _groups[name] = members;
        return this;
    }

    public TenantBuilder App(string id, string owner)
    {
        _apps.RemoveAll(a => a.Id == id);
        _apps.Add((id, owner));
        return this;
    }

    /// <summary>An entitlement of app "app" (or <paramref name="app"/>): low risk, no approvals, unless changed.</summary>
    public TenantBuilder Entitlement(string id, Func<Entitlement, Entitlement>? shape = null, string app = "app")
    {
        var entitlement = new Entitlement { Id = id, AppId = app, Name = $"Ent {id}", Description = id, Risk = Risk.Low };
        _entitlements.Add(shape is null ? entitlement : shape(entitlement));
        return this;
    }

    public TenantBuilder Holds(string person, string entitlementId, string? scope = null, DateTimeOffset? until = null)
    {
        _held.Add(new Holding(person, entitlementId, scope, until));
        return this;
    }

    public TenantBuilder HasPending(string person, string entitlementId, string? scope = null)
    {
        _pending.Add(new Holding(person, entitlementId, scope));
        return this;
    }

    public Tenant Build()
    {
        var apps = _apps.Select(a => new App
        {
            Id = a.Id,
            Name = $"App {a.Id}",
            Description = a.Id,
            Owner = a.Owner,
            Connector = "manual",
            Entitlements = [.. _entitlements.Where(e => e.AppId == a.Id)],
        }).ToList();
        return new Tenant(new AccessCatalog(apps, _groups), new PeopleDirectory(_people), new Dictionary<string, IReadOnlyList<AccessAssignment>>());
    }

    public AccessSnapshot Access() => new([.. _held], [.. _pending]);

    /// <summary>The instant every policy test decides at.</summary>
    public static DateTimeOffset Now { get; } = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Builds the tenant and asks the policy engine; the requester is the beneficiary unless named.</summary>
    public PolicyDecision Evaluate(string beneficiary, string entitlementId, string? scope = null,
        DurationRequest? duration = null, string? justification = null, string? requester = null)
    {
        var tenant = Build();
        var request = new PolicyRequest(
            tenant.Directory.Get(requester ?? beneficiary),
            tenant.Directory.Get(beneficiary),
            tenant.Catalog.FindEntitlement(entitlementId) ?? throw new ArgumentException($"no entitlement {entitlementId}"),
            scope,
            duration ?? DurationRequest.Unstated,
            justification);
        return PolicyEngine.Evaluate(request, tenant, Access(), Now);
    }
}
