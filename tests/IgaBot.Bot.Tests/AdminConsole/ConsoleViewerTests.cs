using System.Security.Claims;
using IgaBot.Bot.AdminConsole;
using IgaBot.Core;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using Microsoft.Extensions.Configuration;

namespace IgaBot.Bot.Tests.AdminConsole;

/// <summary>Who the console lets in, from the signed-in person's claims, <c>Console:Admins</c> and the catalog's owners.</summary>
public sealed class ConsoleViewerTests
{
    private const string Group = "0b7d6c2e-1f3a-4c5b-9d8e-7f6a5b4c3d2e";

    private static readonly Tenant Tenant = new(
        new AccessCatalog(
        [
            new App { Id = "crm", Name = "CRM", Description = "", Owner = "owner@contoso.test", Connector = "manual" },
            new App { Id = "erp", Name = "ERP", Description = "", Owner = "other@contoso.test", Connector = "manual" },
        ], new Dictionary<string, IReadOnlyList<string>>()),
        new PeopleDirectory([new Person { Email = "owner@contoso.test", Name = "Olga Owner", Title = "Lead", Department = "Sales" }]),
        new Dictionary<string, IReadOnlyList<AccessAssignment>>());

    private static ConsoleOptions Options(string admins) =>
        ConsoleOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Console:Admins"] = admins }).Build());

    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Test]
    public void AnAdminByEmail_SeesEveryApp()
    {
        var viewer = ConsoleViewer.Of(User(("preferred_username", "IT.Lead@contoso.test")), Tenant, Options("it.lead@contoso.test; someone@contoso.test"));

        Assert.That(viewer!.IsAdmin, Is.True);
        Assert.That(viewer.MaySeeApp("erp") && viewer.MaySeeApp("crm"), Is.True);
    }

    [Test]
    public void AnAdminByGroup_IsAdmin_WhateverTheirEmail()
    {
        var viewer = ConsoleViewer.Of(User(("email", "new.hire@contoso.test"), ("groups", "other-group"), ("groups", Group)), Tenant, Options(Group));

        Assert.That(viewer!.IsAdmin, Is.True);
    }

    [Test]
    public void AnAppOwner_SeesOnlyTheirApps_UnderTheirDirectoryName()
    {
        var viewer = ConsoleViewer.Of(User(("email", "owner@contoso.test"), ("name", "O. O.")), Tenant, Options(""));

        Assert.That((viewer!.IsAdmin, viewer.Name), Is.EqualTo((false, "Olga Owner")));
        Assert.That(viewer.MaySeeApp("crm"), Is.True);
        Assert.That(viewer.MaySeeApp("erp"), Is.False);
        Assert.That(viewer.MaySeeApp(null), Is.False, "an entitlement no longer in the catalog is admins' only");
    }

    [Test]
    public void SomeoneNeitherAdminNorOwner_OrWithoutAnEmail_IsRefused()
    {
        Assert.That(ConsoleViewer.Of(User(("email", "someone@contoso.test")), Tenant, Options(Group)), Is.Null);
        Assert.That(ConsoleViewer.Of(User(("name", "No Email"), ("groups", Group)), Tenant, Options(Group)), Is.Null);
    }
}
