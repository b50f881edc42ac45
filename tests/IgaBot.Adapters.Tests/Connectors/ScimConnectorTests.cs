using System.Diagnostics;
using IgaBot.Core.Provisioning;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>The SCIM connector against a real SCIM 2.0 server (scimmy, tests/scim-server).</summary>
[NonParallelizable]
public sealed class ScimConnectorTests
{
    private static int _counter;
    private ScimTestServer _server = null!;
    private ConnectorServices _services = null!;
    private IConnector _connector = null!;

    [OneTimeSetUp]
    public async Task StartServerAsync() => _server = await ScimTestServer.StartAsync();

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [SetUp]
    public void SetUp()
    {
        _services = new ConnectorServices(ConnectorServices.Instance("scim", "scim", _server.BaseUrl, ScimTestServer.Token));
        _connector = _services.Registry.ForName("scim");
    }

    [TearDown]
    public void TearDown() => _services.Dispose();

    [Test]
    public async Task Grant_PutsThePersonInTheGroup()
    {
        var (email, userId, group, groupId) = await SeedAsync();

        var result = await _connector.GrantAsync(Target(email, group), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        Assert.That(result.Reference, Is.EqualTo(groupId));
        Assert.That(await _server.MemberIdsAsync(groupId), Is.EqualTo(new[] { userId }));
    }

    [Test]
    public async Task GrantTwice_IsDoneBothTimesAndLeavesOneMembership()
    {
        var (email, userId, group, groupId) = await SeedAsync();

        var first = await _connector.GrantAsync(Target(email, group), CancellationToken.None);
        var second = await _connector.GrantAsync(Target(email, group), CancellationToken.None);

        Assert.That(first.IsDone && !first.Unchanged, first.ToString());
        Assert.That(second.IsDone && second.Unchanged, second.ToString());
        Assert.That(await _server.MemberIdsAsync(groupId), Is.EqualTo(new[] { userId }));
    }

    [Test]
    public async Task Revoke_TakesOutThatPersonAndNobodyElse()
    {
        var (email, userId, group, groupId) = await SeedAsync();
        var colleagueEmail = $"colleague-{Interlocked.Increment(ref _counter)}@contoso.com";
        var colleague = await _server.CreateUserAsync(colleagueEmail);
        await _connector.GrantAsync(Target(email, group), CancellationToken.None);
        var other = await _connector.GrantAsync(Target(colleagueEmail, group), CancellationToken.None);
        Assert.That(other.IsDone, other.ToString());

        var result = await _connector.RevokeAsync(Target(email, group), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        var members = await _server.MemberIdsAsync(groupId);
        Assert.That(members, Does.Not.Contain(userId));
        Assert.That(members, Is.EqualTo(new[] { colleague }));
    }

    [Test]
    public async Task Revoke_OfSomeoneNotInTheGroup_IsDone()
    {
        var (email, _, group, groupId) = await SeedAsync();

        var result = await _connector.RevokeAsync(Target(email, group), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        Assert.That(await _server.MemberIdsAsync(groupId), Is.Empty);
    }

    [Test]
    public async Task ListMembers_GivesTheEmailsOfTheGroupsMembers()
    {
        var (email, _, group, _) = await SeedAsync();
        await _connector.GrantAsync(Target(email, group), CancellationToken.None);

        // A fresh connector knows no ids yet, so it must read the names back from the server.
        using var fresh = new ConnectorServices(ConnectorServices.Instance("scim", "scim", _server.BaseUrl, ScimTestServer.Token));
        var members = await fresh.Registry.ForName("scim").ListMembersAsync(group, CancellationToken.None);

        Assert.That(members, Is.EqualTo(new[] { email }));
    }

    [Test]
    public async Task Throttled_WithAShortRetryAfter_WaitsThatLongAndThenSucceeds()
    {
        var (email, userId, group, groupId) = await SeedAsync();
        await _server.ThrottleAsync(count: 1, retryAfterSeconds: 1);
        var before = (await _server.RequestsAsync()).Count;

        var clock = Stopwatch.StartNew();
        var result = await _connector.GrantAsync(Target(email, group), CancellationToken.None);
        clock.Stop();

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(0.98)), "the connector must wait out Retry-After");
        Assert.That(await _server.MemberIdsAsync(groupId), Is.EqualTo(new[] { userId }));
        var sent = (await _server.RequestsAsync()).Skip(before).ToList();
        Assert.That(sent[0], Is.EqualTo(sent[1]), "the throttled request is sent again");
    }

    [Test]
    public async Task Throttled_WithARetryAfterLongerThanTheCallMayWait_IsTransientWithThatRetryAfter()
    {
        var (email, _, group, groupId) = await SeedAsync();
        await _server.ThrottleAsync(count: 1, retryAfterSeconds: 120);

        var clock = Stopwatch.StartNew();
        var result = await _connector.GrantAsync(Target(email, group), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient), result.ToString());
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(result.Message, Does.Contain("429"));
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "a long Retry-After is for the caller to schedule, not to block on");
        Assert.That(await _server.MemberIdsAsync(groupId), Is.Empty);

        var retried = await _connector.GrantAsync(Target(email, group), CancellationToken.None);
        Assert.That(retried.IsDone, retried.ToString());
    }

    [Test]
    public async Task Grant_ForSomeoneWithoutAnAccount_IsAPermanentFailureNamingThem()
    {
        var (_, _, group, groupId) = await SeedAsync();

        var result = await _connector.GrantAsync(Target("nobody@contoso.com", group), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("No user with userName 'nobody@contoso.com'").And.Contain("'scim'"));
        Assert.That(await _server.MemberIdsAsync(groupId), Is.Empty);
    }

    [Test]
    public async Task Grant_ToAGroupThatDoesNotExist_IsAPermanentFailureNamingIt()
    {
        var (email, _, _, _) = await SeedAsync();

        var result = await _connector.GrantAsync(Target(email, "No-Such-Group"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("No group named 'No-Such-Group'").And.Contain("target.group"));
    }

    [Test]
    public async Task Grant_WithAWrongToken_IsAPermanentFailureThatPointsAtTheTokenSetting()
    {
        var (email, _, group, groupId) = await SeedAsync();
        const string wrongToken = "wrong-token-8d1e";
        using var wrong = new ConnectorServices(ConnectorServices.Instance("github", "scim", _server.BaseUrl, wrongToken));

        var result = await wrong.Registry.ForName("github").GrantAsync(Target(email, group), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("401").And.Contain("Connectors:github:Token"));
        Assert.That(result.Message, Does.Not.Contain(wrongToken));
        Assert.That(wrong.Logs.Lines, Is.Not.Empty);
        Assert.That(wrong.Logs.Lines, Has.None.Contain(wrongToken));
        Assert.That(await _server.MemberIdsAsync(groupId), Is.Empty);
    }

    private async Task<(string Email, string UserId, string Group, string GroupId)> SeedAsync()
    {
        var n = Interlocked.Increment(ref _counter);
        var email = $"alice.chen.{n}@contoso.com";
        var group = $"SF-ReadOnly-{n}";
        var userId = await _server.CreateUserAsync(email);
        var groupId = await _server.CreateGroupAsync(group);
        return (email, userId, group, groupId);
    }

    private static ProvisioningTarget Target(string email, string group) => new(email, "salesforce-read", null, group);
}
