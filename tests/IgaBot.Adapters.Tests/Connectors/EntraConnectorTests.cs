using IgaBot.Core.Provisioning;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>The Entra connector against a local stand-in for Microsoft Graph.</summary>
public sealed class EntraConnectorTests
{
    private FakeGraph _graph = null!;
    private FakeApiServer _server = null!;
    private ConnectorServices _services = null!;
    private IConnector _connector = null!;
    private Uri _baseUrl = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _graph = new FakeGraph();
        _server = await FakeApiServer.StartAsync(_graph.Handle);
        _graph.Root = _server.Root;
        _baseUrl = new Uri(_server.Root, "v1.0");
        _services = new ConnectorServices(ConnectorServices.Instance("entra", "entra", _baseUrl, FakeGraph.Token));
        _connector = _services.Registry.ForName("entra");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _services.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Grant_PostsAMemberReferenceToTheGroup()
    {
        var alice = _graph.AddUser("alice.chen@contoso.com");
        var group = _graph.AddGroup("SF-ReadOnly");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        Assert.That(_graph.Members(group), Is.EqualTo(new[] { alice }));
        var post = _server.Requests.Single(r => r.Method == "POST");
        Assert.That(post.Path, Is.EqualTo($"/v1.0/groups/{group}/members/$ref"));
        Assert.That(post.Body, Is.EqualTo($$"""{"@odata.id":"{{_server.Root}}v1.0/directoryObjects/{{alice}}"}"""));
        Assert.That(_server.Requests.Select(r => r.Authorization).Distinct(), Is.EqualTo(new[] { $"Bearer {FakeGraph.Token}" }));
    }

    [Test]
    public async Task GrantTwice_IsDoneBothTimesAndLeavesOneMembership()
    {
        var alice = _graph.AddUser("alice.chen@contoso.com");
        var group = _graph.AddGroup("SF-ReadOnly");

        var first = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);
        var second = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(first.IsDone && !first.Unchanged, first.ToString());
        Assert.That(second.IsDone && second.Unchanged, second.ToString());
        Assert.That(_graph.Members(group), Is.EqualTo(new[] { alice }));
    }

    [Test]
    public async Task Revoke_DeletesThatMembersReferenceOnly()
    {
        var alice = _graph.AddUser("alice.chen@contoso.com");
        var bob = _graph.AddUser("bob.stone@contoso.com");
        var group = _graph.AddGroup("SF-ReadOnly", alice, bob);

        var result = await _connector.RevokeAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Done), result.ToString());
        Assert.That(_graph.Members(group), Is.EqualTo(new[] { bob }));
        Assert.That(_server.Requests.Single(r => r.Method == "DELETE").Path, Is.EqualTo($"/v1.0/groups/{group}/members/{alice}/$ref"));
    }

    [Test]
    public async Task Revoke_OfSomeoneNotInTheGroup_IsDone()
    {
        _graph.AddUser("alice.chen@contoso.com");
        _graph.AddGroup("SF-ReadOnly");

        var result = await _connector.RevokeAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.IsDone && result.Unchanged, result.ToString());
    }

    [Test]
    public async Task Grant_FindsAUserByMailWhenTheUpnDiffers()
    {
        var alice = _graph.AddUser("achen@contoso.onmicrosoft.com", mail: "alice.chen@contoso.com");
        var group = _graph.AddGroup("SF-ReadOnly");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.IsDone, result.ToString());
        Assert.That(_graph.Members(group), Is.EqualTo(new[] { alice }));
    }

    [Test]
    public async Task Grant_ToAGroupWhoseNameHasAQuote_EscapesTheFilter()
    {
        var alice = _graph.AddUser("alice.chen@contoso.com");
        var group = _graph.AddGroup("O'Brien Reviewers");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "O'Brien Reviewers"), CancellationToken.None);

        Assert.That(result.IsDone, result.ToString());
        Assert.That(_graph.Members(group), Is.EqualTo(new[] { alice }));
    }

    [Test]
    public async Task Grant_AfterTheAccountWasRecreated_FailsOnceAsTransientThenUsesTheNewAccount()
    {
        var old = _graph.AddUser("alice.chen@contoso.com");
        var group = _graph.AddGroup("SF-ReadOnly");
        await _connector.RevokeAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None); // caches the old id
        _graph.RemoveUser(old);
        var recreated = _graph.AddUser("alice.chen@contoso.com");

        var first = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);
        var retry = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(ConnectorOutcome.Transient), first.ToString());
        Assert.That(retry.IsDone, retry.ToString());
        Assert.That(_graph.Members(group), Is.EqualTo(new[] { recreated }));
    }

    [Test]
    public async Task Grant_ForSomeoneWithoutAnAccount_IsAPermanentFailureNamingThem()
    {
        _graph.AddGroup("SF-ReadOnly");

        var result = await _connector.GrantAsync(Target("nobody@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("'nobody@contoso.com'").And.Contain("Entra connector 'entra'"));
    }

    [Test]
    public async Task Grant_ToAGroupThatDoesNotExist_IsAPermanentFailureNamingIt()
    {
        _graph.AddUser("alice.chen@contoso.com");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "No-Such-Group"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("No group named 'No-Such-Group'"));
    }

    [Test]
    public async Task Grant_WithAWrongToken_IsAPermanentFailureThatPointsAtTheTokenSetting()
    {
        _graph.AddUser("alice.chen@contoso.com");
        var group = _graph.AddGroup("SF-ReadOnly");
        using var wrong = new ConnectorServices(ConnectorServices.Instance("corp-entra", "entra", _baseUrl, "not-the-token"));

        var result = await wrong.Registry.ForName("corp-entra").GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("401").And.Contain("InvalidAuthenticationToken").And.Contain("Connectors:corp-entra:Token"));
        Assert.That(wrong.Logs.Lines, Has.None.Contain("not-the-token"));
        Assert.That(_graph.Members(group), Is.Empty);
    }

    [Test]
    public async Task Throttled_WithALongRetryAfter_IsTransientWithThatRetryAfter()
    {
        _graph.AddUser("alice.chen@contoso.com");
        var group = _graph.AddGroup("SF-ReadOnly");
        _graph.ThrottleNext(1, retryAfter: "120");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient), result.ToString());
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(120)));
        Assert.That(_graph.Members(group), Is.Empty);
    }

    [Test]
    public async Task Throttled_OnEveryTry_GivesUpAfterMaxAttemptsAsTransient()
    {
        _graph.AddUser("alice.chen@contoso.com");
        _graph.AddGroup("SF-ReadOnly");
        _graph.ThrottleNext(100, retryAfter: "0");

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com", "SF-ReadOnly"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient), result.ToString());
        Assert.That(_server.Requests, Has.Count.EqualTo(new ConnectorInstanceOptions().MaxAttempts));
    }

    [Test]
    public async Task ListMembers_FollowsNextLinksAndGivesEmails()
    {
        var people = new[] { "alice.chen@contoso.com", "bob.stone@contoso.com", "carol.diaz@contoso.com" };
        _graph.AddGroup("SF-ReadOnly", [.. people.Select(p => _graph.AddUser(p))]);

        var members = await _connector.ListMembersAsync("SF-ReadOnly", CancellationToken.None);

        Assert.That(members, Is.EqualTo(people));
        Assert.That(_server.Requests.Count(r => r.Path.EndsWith("/members", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    private static ProvisioningTarget Target(string email, string group) => new(email, "salesforce-read", null, group);
}
