using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>The Okta connector against a local stand-in for Okta's API.</summary>
public sealed class OktaConnectorTests
{
    private FakeTimeProvider _clock = null!;
    private FakeOkta _okta = null!;
    private FakeApiServer _server = null!;
    private ConnectorServices _services = null!;
    private IConnector _connector = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        _okta = new FakeOkta(_clock);
        _server = await FakeApiServer.StartAsync(_okta.Handle);
        _okta.Root = _server.Root;
        _services = new ConnectorServices(ConnectorServices.Instance("okta", "okta", _server.Root, FakeOkta.Token), _clock);
        _connector = _services.Registry.ForName("okta");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _services.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Grant_PutsTheUserInTheGroupWithAnSswsToken()
    {
        var alice = _okta.AddUser("alice.chen@contoso.com");
        var group = _okta.AddGroup("SF-Sales");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        Assert.That(_okta.Members(group), Is.EqualTo(new[] { alice }));
        Assert.That(_server.Requests.Single(r => r.Method == "PUT").Path, Is.EqualTo($"/api/v1/groups/{group}/users/{alice}"));
        Assert.That(_server.Requests.Select(r => r.Authorization).Distinct(), Is.EqualTo(new[] { $"SSWS {FakeOkta.Token}" }));
    }

    [Test]
    public async Task Grant_PicksTheGroupWithTheExactNameAmongSearchResults()
    {
        var alice = _okta.AddUser("alice.chen@contoso.com");
        var admins = _okta.AddGroup("SF-Sales-Admins");
        var sales = _okta.AddGroup("SF-Sales");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(result.IsDone, result.ToString());
        Assert.That(_okta.Members(sales), Is.EqualTo(new[] { alice }));
        Assert.That(_okta.Members(admins), Is.Empty);
    }

    [Test]
    public async Task GrantTwice_IsDoneBothTimesAndLeavesOneMembership()
    {
        var alice = _okta.AddUser("alice.chen@contoso.com");
        var group = _okta.AddGroup("SF-Sales");

        var first = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);
        var second = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(first.IsDone && second.IsDone, $"{first} / {second}");
        Assert.That(_okta.Members(group), Is.EqualTo(new[] { alice }));
    }

    [Test]
    public async Task Revoke_RemovesThatUserOnly()
    {
        var alice = _okta.AddUser("alice.chen@contoso.com");
        var bob = _okta.AddUser("bob.stone@contoso.com");
        var group = _okta.AddGroup("SF-Sales", alice, bob);

        var result = await _connector.RevokeAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        Assert.That(_okta.Members(group), Is.EqualTo(new[] { bob }));
        Assert.That(_server.Requests.Single(r => r.Method == "DELETE").Path, Is.EqualTo($"/api/v1/groups/{group}/users/{alice}"));
    }

    [Test]
    public async Task Revoke_OfSomeoneNotInTheGroup_IsDone()
    {
        _okta.AddUser("alice.chen@contoso.com");
        _okta.AddGroup("SF-Sales");

        var result = await _connector.RevokeAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(result.IsDone && result.Unchanged, result.ToString());
    }

    [Test]
    public async Task Grant_ForSomeoneWithoutAnAccount_IsAPermanentFailureNamingThem()
    {
        _okta.AddGroup("SF-Sales");

        var result = await _connector.GrantAsync(Target("nobody@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("No user with login 'nobody@contoso.com'"));
    }

    [Test]
    public async Task Grant_WithAWrongToken_IsAPermanentFailureThatPointsAtTheTokenSetting()
    {
        _okta.AddUser("alice.chen@contoso.com");
        _okta.AddGroup("SF-Sales");
        using var wrong = new ConnectorServices(ConnectorServices.Instance("okta", "okta", _server.Root, "not-the-token"), _clock);

        var result = await wrong.Registry.ForName("okta").GrantAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("E0000011").And.Contain("Connectors:okta:Token"));
        Assert.That(wrong.Logs.Lines, Has.None.Contain("not-the-token"));
    }

    [Test]
    public async Task RateLimited_IsTransientWithTheWaitUntilTheLimitResets()
    {
        _okta.AddUser("alice.chen@contoso.com");
        var group = _okta.AddGroup("SF-Sales");
        _okta.ThrottleNext(1, resetIn: TimeSpan.FromSeconds(60));

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient), result.ToString());
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(60)));
        Assert.That(result.Message, Does.Contain("E0000047"));
        Assert.That(_okta.Members(group), Is.Empty);
    }

    [Test]
    public async Task RateLimitedBriefly_WaitsOnTheClockUntilTheLimitResets_AndThenGrants()
    {
        var alice = _okta.AddUser("alice.chen@contoso.com");
        var group = _okta.AddGroup("SF-Sales");
        _okta.ThrottleNext(1, resetIn: TimeSpan.FromSeconds(8)); // within MaxRetryWait (10 s)
        var started = System.Diagnostics.Stopwatch.StartNew();

        var call = _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-Sales"), CancellationToken.None);
        while (!call.IsCompleted && started.Elapsed < TimeSpan.FromSeconds(30))
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(call, Task.Delay(50));
        }
        var result = await call;

        Assert.That(result.IsDone, result.ToString());
        Assert.That(_okta.Members(group), Is.EqualTo(new[] { alice }));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(7)), "the wait runs on the registered clock, not the wall clock");
    }

    [Test]
    public async Task ListMembers_FollowsTheNextLinkAndGivesLogins()
    {
        var people = new[] { "alice.chen@contoso.com", "bob.stone@contoso.com", "carol.diaz@contoso.com" };
        _okta.AddGroup("SF-Sales", [.. people.Select(p => _okta.AddUser(p))]);

        var members = await _connector.ListMembersAsync("SF-Sales", CancellationToken.None);

        Assert.That(members, Is.EqualTo(people));
    }

    private static ProvisioningTarget Target(string email, string group) => new(email, "salesforce-sales-user", null, group);
}
