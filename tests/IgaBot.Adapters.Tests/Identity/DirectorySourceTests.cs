using IgaBot.Adapters.Identity;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.Identity;

/// <summary>The entra and okta directory sources against the Graph and Okta stand-ins (their documented shapes, paging, throttling, errors).</summary>
public sealed class DirectorySourceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static async Task<(FakeApiServer Server, ConnectorServices Services, IDirectorySource Source)> StartAsync(
        Func<RecordedRequest, FakeReply> handle, string type, string token, string path, Action<Uri> rooted, params (string, string)[] more)
    {
        var server = await FakeApiServer.StartAsync(handle);
        rooted(server.Root);
        var services = new ConnectorServices(ConnectorServices.Instance("idp", type, new Uri(server.Root, path), token, more));
        var source = DirectoryServiceCollectionExtensions.Create("idp", services.Provider.GetRequiredService<IOptions<ConnectorOptions>>().Value,
            services.Provider.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, NullLogger.Instance);
        return (server, services, source);
    }

    private static FakeGraph Graph(out string alice, out string bob)
    {
        var graph = new FakeGraph { PageSize = 2 };
        alice = graph.AddPerson("alice@contoso.com", "Alice Chen", "Engineering Manager", "Engineering");
        bob = graph.AddPerson("bob@contoso.com", "Bob Stone", "Engineer", "Engineering", managerId: alice);
        graph.AddPerson("carol@contoso.com", "Carol Diaz", "Engineer", "Engineering", managerId: alice);
        graph.AddPerson("gone@contoso.com", "Dan Gone", "Engineer", "Engineering", enabled: false);
        return graph;
    }

    [Test]
    public async Task Entra_FirstRead_FollowsNextLinks_ExpandsManagers_AndLeavesDisabledAccountsOut()
    {
        var graph = Graph(out _, out _);
        var (server, services, source) = await StartAsync(graph.Handle, "entra", FakeGraph.Token, "v1.0/", r => graph.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;

        var read = await source.ReadAsync(null, Ct);

        Assert.That(read.Delta, Is.False);
        Assert.That(read.People.Select(p => p.Email), Is.EqualTo(new[] { "alice@contoso.com", "bob@contoso.com", "carol@contoso.com" }));
        var bob = read.People.Single(p => p.Email == "bob@contoso.com");
        Assert.That((bob.Name, bob.Title, bob.Department, bob.Manager), Is.EqualTo(("Bob Stone", "Engineer", "Engineering", "alice@contoso.com")));
        var full = server.Requests.Where(r => r.Path == "/v1.0/users").ToList();
        Assert.That(full, Has.Count.EqualTo(2), "4 users at 2 a page: the next link was followed");
        Assert.That(full[0].Query["$expand"], Does.StartWith("manager("));
        Assert.That(full[0].Query["$select"], Does.Contain("accountEnabled"));
        Assert.That(server.Requests.Any(r => r.Path == "/v1.0/users/delta" && r.Query.GetValueOrDefault("$deltatoken") == "latest"), "a delta link for later reads was taken");
        Assert.That(read.State, Is.Not.Null);
    }

    [Test]
    public async Task Entra_LaterRead_FollowsTheDeltaLink_AndMergesChangesDeletionsAndDisabledAccounts()
    {
        var graph = Graph(out var alice, out var bob);
        var (server, services, source) = await StartAsync(graph.Handle, "entra", FakeGraph.Token, "v1.0/", r => graph.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;
        var first = await source.ReadAsync(null, Ct);

        graph.SetProfile(bob, "Bob Stone", "Staff Engineer", "Platform", managerId: alice);
        graph.AddPerson("erin@contoso.com", "Erin Fox", "Designer", "Design", managerId: alice);
        var carol = first.People.Single(p => p.Email == "carol@contoso.com").TeamsId!;
        graph.SetProfile(carol, "Carol Diaz", "Engineer", "Engineering", accountEnabled: false);
        graph.RemoveUser(alice);
        var before = server.Requests.Count;

        var second = await source.ReadAsync(first.State, Ct);

        Assert.That(second.Delta, Is.True);
        Assert.That(second.People.Select(p => p.Email), Is.EqualTo(new[] { "bob@contoso.com", "erin@contoso.com" }));
        var moved = second.People.Single(p => p.Email == "bob@contoso.com");
        Assert.That((moved.Title, moved.Department), Is.EqualTo(("Staff Engineer", "Platform")));
        var later = server.Requests.Skip(before).ToList();
        Assert.That(later.Select(r => r.Path), Is.All.EqualTo("/v1.0/users/delta"), "only delta rounds, no full read");
        Assert.That(later.Count, Is.GreaterThan(1), "4 changes at 2 a page: the delta round's next link was followed");
    }

    [Test]
    public async Task Entra_Throttled_WaitsOutRetryAfter_ThenReads()
    {
        var graph = Graph(out _, out _);
        var (server, services, source) = await StartAsync(graph.Handle, "entra", FakeGraph.Token, "v1.0/", r => graph.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;
        graph.ThrottleNext(1, "1");

        var read = await source.ReadAsync(null, Ct);

        Assert.That(read.People, Has.Count.EqualTo(3));
        Assert.That(server.Requests[0].Path, Is.EqualTo("/v1.0/users/delta"));
        Assert.That(server.Requests.Count(r => r.Path == "/v1.0/users/delta"), Is.EqualTo(2), "the throttled request was sent again");
    }

    [Test]
    public async Task Entra_ThrottledLongerThanMaxRetryWait_FailsTransient_WithoutWaiting()
    {
        var graph = Graph(out _, out _);
        var (server, services, source) = await StartAsync(graph.Handle, "entra", FakeGraph.Token, "v1.0/", r => graph.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;
        graph.ThrottleNext(1, "3600");

        var ex = Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(null, Ct));

        Assert.That(ex!.Failure.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
    }

    [TestCase(500, "{\"error\":{\"code\":\"generalException\",\"message\":\"An internal error occurred.\"}}", ConnectorOutcome.Transient, "generalException")]
    [TestCase(200, "<html>Sign in to continue</html>", ConnectorOutcome.Permanent, "not JSON")]
    [TestCase(200, "{\"error\":\"no value list here\"}", ConnectorOutcome.Permanent, "'value' list")]
    public async Task Entra_AnswerThatIsNotADirectory_Fails(int status, string body, ConnectorOutcome outcome, string said)
    {
        var graph = Graph(out _, out _);
        var (server, services, source) = await StartAsync(graph.Handle, "entra", FakeGraph.Token, "v1.0/", r => graph.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;
        graph.FailNext(new FakeReply(status, body));

        var ex = Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(null, Ct));

        Assert.That(ex!.Failure.Outcome, Is.EqualTo(outcome));
        Assert.That(ex.Message, Does.Contain(said));
    }

    [Test]
    public async Task Entra_WithClientCredentials_ReadsWithTheTokenItGot()
    {
        var graph = Graph(out _, out _);
        var tokens = new FakeEntraTokenEndpoint(graph);
        await using var authority = await FakeApiServer.StartAsync(tokens.Handle, https: true);
        var (server, services, source) = await StartAsync(graph.Handle, "entra", token: null!, "v1.0/", r => graph.Root = r,
            ("TenantId", FakeEntraTokenEndpoint.Tenant), ("ClientId", FakeEntraTokenEndpoint.ClientId), ("ClientSecret", FakeEntraTokenEndpoint.ClientSecret),
            ("Authority", authority.Root.AbsoluteUri));
        await using var serverScope = server;
        using var servicesScope = services;

        var read = await source.ReadAsync(null, Ct);

        Assert.That(read.People, Has.Count.EqualTo(3));
        Assert.That(tokens.Requests, Has.Count.EqualTo(1), "one token for the whole read");
        Assert.That(server.Requests.Select(r => r.Authorization).Distinct(), Is.EqualTo(new[] { $"Bearer {tokens.Issued.Single()}" }));
    }

    private static FakeOkta Okta(TimeProvider clock, out string alice)
    {
        var okta = new FakeOkta(clock) { PageSize = 2 };
        alice = okta.AddPerson("alice@contoso.com", "Alice Chen", "Engineering Manager", "Engineering");
        okta.AddPerson("bob@contoso.com", "Bob Stone", "Engineer", "Engineering", managerId: alice);
        okta.AddPerson("carol@contoso.com", "Carol Diaz", "Engineer", "Engineering", managerId: "alice@contoso.com");
        okta.AddPerson("sus@contoso.com", "Sue Spended", "Engineer", "Engineering", status: "SUSPENDED");
        okta.AddPerson("dep@contoso.com", "Dee Provisioned", "Engineer", "Engineering", status: "DEPROVISIONED");
        return okta;
    }

    [Test]
    public async Task Okta_FollowsLinkNext_ResolvesManagerIds_AndLeavesSuspendedAndDeprovisionedOut()
    {
        var okta = Okta(TimeProvider.System, out _);
        var (server, services, source) = await StartAsync(okta.Handle, "okta", FakeOkta.Token, "", r => okta.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;

        var read = await source.ReadAsync(null, Ct);

        Assert.That(read.People.Select(p => p.Email), Is.EqualTo(new[] { "alice@contoso.com", "bob@contoso.com", "carol@contoso.com" }));
        Assert.That(read.People.Where(p => p.Email != "alice@contoso.com").Select(p => p.Manager), Is.All.EqualTo("alice@contoso.com"),
            "managerId by Okta id and by login both resolve to the manager's email");
        Assert.That(read.People[1].Title, Is.EqualTo("Engineer"));
        Assert.That(server.Requests.Count(r => r.Path == "/api/v1/users"), Is.EqualTo(3), "5 users at 2 a page");
    }

    [Test]
    public async Task Okta_Throttled_WaitsForTheRateLimitReset_ThenReads()
    {
        var okta = Okta(TimeProvider.System, out _);
        var (server, services, source) = await StartAsync(okta.Handle, "okta", FakeOkta.Token, "", r => okta.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;
        okta.ThrottleNext(1, TimeSpan.FromSeconds(1));

        var read = await source.ReadAsync(null, Ct);

        Assert.That(read.People, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task Okta_RateLimitSpentForLongerThanMaxRetryWait_FailsTransient()
    {
        var okta = Okta(TimeProvider.System, out _);
        okta.ListRateLimit = (0, TimeSpan.FromHours(1));
        var (server, services, source) = await StartAsync(okta.Handle, "okta", FakeOkta.Token, "", r => okta.Root = r);
        await using var serverScope = server;
        using var servicesScope = services;

        var ex = Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(null, Ct));

        Assert.That(ex!.Failure.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
        Assert.That(ex.Message, Does.Contain("rate limit"));
        Assert.That(server.Requests, Has.Count.EqualTo(1), "no further page was asked for");
    }
}
