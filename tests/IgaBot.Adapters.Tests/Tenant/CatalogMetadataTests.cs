using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Tenant;

/// <summary>The optional planner metadata of DESIGN §9: aliases on apps and scope options, actions on entitlements.</summary>
[TestFixture]
public sealed class CatalogMetadataTests
{
    [Test]
    public void AliasesAndActions_AreLoaded_AndOptionalEverywhere()
    {
        using var tenant = new TempTenant();
        var catalog = """
            groups:
              security: [boss@example.com]
            apps:
              - id: wiki
                name: Wiki
                description: The team wiki.
                owner: boss@example.com
                connector: manual
                aliases: [kb, the knowledge base]
                entitlements:
                  - id: wiki-read
                    name: Wiki Read
                    description: Read every page.
                    risk: low
                    approvals: []
                  - id: wiki-edit
                    name: Wiki Editor
                    description: Edit pages of one space.
                    risk: low
                    approvals: [manager]
                    actions: [edit pages, move pages]
                    scope:
                      label: space
                      options: [eng, {value: dev-2, aliases: [d2, devtwo]}]

            """;

        var result = tenant.Load(catalog, TempTenant.DirectoryWith());

        Assert.That(result.Problems, Is.Empty);
        var loaded = result.Tenant!.Catalog;
        Assert.That(loaded.FindApp("wiki")!.Aliases, Is.EqualTo(new[] { "kb", "the knowledge base" }));
        var edit = loaded.FindEntitlement("wiki-edit")!;
        Assert.That(edit.Actions, Is.EqualTo(new[] { "edit pages", "move pages" }));
        Assert.That(edit.Scope!.Options, Is.EqualTo(new[] { "eng", "dev-2" }));
        Assert.That(edit.Scope.Aliases["dev-2"], Is.EqualTo(new[] { "d2", "devtwo" }));
        var read = loaded.FindEntitlement("wiki-read")!;
        Assert.That(read.Actions, Is.Empty);
        Assert.That(read.Scope, Is.Null);
    }

    [Test]
    public void AScopeOptionWithoutValue_IsReportedWithItsLine()
    {
        using var tenant = new TempTenant();
        var catalog = TempTenant.CatalogWith("""
                  - id: wiki-edit
                    name: Wiki Editor
                    description: Edit pages of one space.
                    risk: low
                    approvals: [manager]
                    scope:
                      label: space
                      options: [eng, {aliases: [d2]}]

            """);

        var result = tenant.Load(catalog, TempTenant.DirectoryWith());

        Assert.That(result.Tenant, Is.Null);
        Assert.That(string.Join("\n", result.Problems.Select(p => p.ToString())), Does.Contain("has no 'value'"));
    }
}
