using IgaBot.Adapters.Connectors;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>The real SCIM connector against a real SCIM 2.0 server (tests/scim-server), with a crash simulated after its call.</summary>
[NonParallelizable]
public sealed class ScimRevokeCrashTests
{
    private ScimTestServer _server = null!;

    // One server per test: each seeds its own users and groups.
    [SetUp]
    public async Task StartServerAsync() => _server = await ScimTestServer.StartAsync();

    [TearDown]
    public void StopServer() => _server?.Dispose();

    [Test]
    public async Task Revoke_RetriedAfterACrashBetweenTheScimCallAndTheCommit_SucceedsAndIsAuditedOnce()
    {
        var userId = await _server.CreateUserAsync(Alice);
        var groupId = await _server.CreateGroupAsync("aws-prod-read");
        CrashAfterCall? crashing = null;
        await using var h = await LifecycleHarness.CreateAsync(connector: sp =>
        {
            var scim = new ScimConnector("scim-test",
                new ConnectorInstanceOptions { Type = ConnectorTypes.Scim, BaseUrl = _server.BaseUrl.AbsoluteUri, Token = ScimTestServer.Token },
                sp.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, sp.GetRequiredService<ILogger<ScimConnector>>());
            return crashing = new CrashAfterCall(scim);
        });
        var grant = await h.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        Assert.That(await _server.MemberIdsAsync(groupId), Is.EqualTo(new[] { userId }));

        crashing!.CrashAfterNextRevoke = true;
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Revoker.RevokeOverdueAsync(default);
        await h.Provisioner.RunDueAsync(default);
        Assert.That(await _server.MemberIdsAsync(groupId), Is.Empty, "the SCIM call went through");
        Assert.That((await h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoking), "but nothing was committed");

        h.Clock.Advance(TimeSpan.FromMinutes(3));
        await h.Provisioner.RunDueAsync(default);

        Assert.That(crashing.RevokeCalls, Is.EqualTo(2));
        Assert.That((await h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.revoked"), Is.EqualTo(1));
        Assert.That(h.Notifier.Notices.Count(n => n.Kind == Core.Approvals.LifecycleKind.Revoked), Is.EqualTo(1));
    }

    [Test]
    public async Task Grant_RetriedAfterACrashBetweenTheScimAddAndTheCommit_AddsTheMemberOnce_AndIsAuditedOnce()
    {
        var userId = await _server.CreateUserAsync(Alice);
        var groupId = await _server.CreateGroupAsync("aws-prod-read");
        CrashAfterCall? crashing = null;
        await using var h = await LifecycleHarness.CreateAsync(connector: sp =>
        {
            var scim = new ScimConnector("scim-test",
                new ConnectorInstanceOptions { Type = ConnectorTypes.Scim, BaseUrl = _server.BaseUrl.AbsoluteUri, Token = ScimTestServer.Token },
                sp.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, sp.GetRequiredService<ILogger<ScimConnector>>());
            return crashing = new CrashAfterCall(scim) { CrashAfterNextGrant = true };
        });
        var request = await h.SubmitAsync(Alice, AwsRead, TimeSpan.FromHours(1));

        await h.Provisioner.RunDueAsync(default);
        Assert.That(await _server.MemberIdsAsync(groupId), Is.EqualTo(new[] { userId }), "the SCIM add went through");
        Assert.That((await h.RequestAsync(request.Id))!.Status, Is.Not.EqualTo(Core.Requests.RequestStatus.Fulfilled), "but nothing was committed");
        Assert.That(await h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default), Has.None.Matches<Grant>(g => g.RequestId == request.Id));

        h.Clock.Advance(TimeSpan.FromMinutes(3));
        await h.Provisioner.RunDueAsync(default);

        Assert.That(crashing!.GrantCalls, Is.EqualTo(2));
        Assert.That(await _server.MemberIdsAsync(groupId), Is.EqualTo(new[] { userId }), "one membership, not two");
        Assert.That((await h.RequestAsync(request.Id))!.Status, Is.EqualTo(Core.Requests.RequestStatus.Fulfilled));
        var grant = (await h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Alice), default)).Single(g => g.RequestId == request.Id);
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.created"), Is.EqualTo(1));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Request(request.Id), "request.fulfilled"), Is.EqualTo(1));
        Assert.That(h.Notifier.Notices.Count(n => n.Kind == Core.Approvals.LifecycleKind.Provisioned), Is.EqualTo(1));
    }

    /// <summary>Calls the real connector, then dies before the caller can record anything (once, when armed).</summary>
    private sealed class CrashAfterCall(IConnector inner) : IConnector
    {
        private int _revokes;

        public bool CrashAfterNextRevoke { get; set; }
        public int RevokeCalls => _revokes;
        public string Name => inner.Name;
        public string Type => inner.Type;
        public bool CanListMembers => inner.CanListMembers;

        private int _grants;

        public bool CrashAfterNextGrant { get; set; }
        public int GrantCalls => _grants;

        public async Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct)
        {
            Interlocked.Increment(ref _grants);
            var result = await inner.GrantAsync(target, ct);
            if (CrashAfterNextGrant)
            {
                CrashAfterNextGrant = false;
                throw new InvalidOperationException("simulated crash after the SCIM add, before the commit");
            }
            return result;
        }

        public async Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct)
        {
            Interlocked.Increment(ref _revokes);
            var result = await inner.RevokeAsync(target, ct);
            if (CrashAfterNextRevoke)
            {
                CrashAfterNextRevoke = false;
                throw new InvalidOperationException("simulated crash after the SCIM call, before the commit");
            }
            return result;
        }

        public Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct) => inner.ListMembersAsync(group, ct);
    }
}
