using IgaBot.Adapters.Connectors;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Adapters.Tests.Lifecycle;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Tests.Identity;

/// <summary>
/// From the identity source to a real SCIM target: access found there is a grant, and a leaver's grant is removed at the
/// target by the next sync, through the product's own lifecycle handlers (<see cref="LeaverOffboarding"/>, registered by
/// AddIgaLifecycle) and the provisioning outbox.
/// </summary>
[NonParallelizable]
public sealed class LeaverAtScimTargetTests
{
    [Test]
    public async Task ALeaversExistingAccess_IsRemovedAtTheScimTarget_ByTheNextSync()
    {
        using var scim = await ScimTestServer.StartAsync();
        var bob = await scim.CreateUserAsync(TestTenant.Bob);
        await scim.CreateUserAsync(TestTenant.Alice);
        var group = await scim.CreateGroupAsync("aws-prod-read", bob);
        var source = new FakeDirectorySource();
        foreach (var person in TestTenant.Build().Directory.People) source.Set(person);
        var options = new ConnectorInstanceOptions { Type = ConnectorTypes.Scim, BaseUrl = scim.BaseUrl.AbsoluteUri, Token = ScimTestServer.Token };
        await using var h = await DirectorySyncHarness.CreateAsync(source: _ => source,
            target: sp => new ScimConnector("scim-test", options, sp.GetRequiredService<IHttpClientFactory>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<ScimConnector>>()));

        var first = await h.Sync.RunAsync(dryRun: false, CancellationToken.None);
        var found = first.Plan!.AccessFound.Single();
        Assert.That((found.Access.Person, found.Access.EntitlementId), Is.EqualTo((TestTenant.Bob, TestTenant.AwsRead)));

        source.People.RemoveAll(p => p.Email == TestTenant.Bob);
        var second = await h.Sync.RunAsync(dryRun: false, CancellationToken.None);
        await h.Services.GetRequiredService<Provisioner>().RunDueAsync(CancellationToken.None);

        Assert.That(second.Plan!.Leavers.Select(p => p.Email), Is.EqualTo(new[] { TestTenant.Bob }));
        Assert.That(second.Plan.AccessLost, Is.Empty, "a leaver's membership is still there: not access lost, but access to revoke");
        Assert.That(await scim.MemberIdsAsync(group), Is.Empty, "Bob is out of the SCIM group");
        var bobs = await h.Store.RunAsync(s => s.Grants.ListForPersonAsync(TestTenant.Bob), CancellationToken.None);
        Assert.That(bobs.Single().Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(bobs.Single().EndReason, Does.Contain("left the directory"));
    }
}
