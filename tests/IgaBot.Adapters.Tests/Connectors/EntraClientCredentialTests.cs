using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>
/// The Entra connector getting its own Graph tokens (client credentials) from a local stand-in for
/// the token endpoint, with Graph's stand-in accepting only the tokens that endpoint issued.
/// </summary>
public sealed class EntraClientCredentialTests
{
    private FakeTimeProvider _clock = null!;
    private FakeGraph _graph = null!;
    private FakeEntraTokenEndpoint _tokens = null!;
    private FakeApiServer _server = null!;
    private ConnectorServices _services = null!;
    private IConnector _connector = null!;
    private string _group = null!;

    [SetUp]
    public async Task SetUpAsync()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        _graph = new FakeGraph();
        _tokens = new FakeEntraTokenEndpoint(_graph);
        _server = await FakeApiServer.StartAsync(_tokens.Handle, https: true);
        _graph.Root = _server.Root;
        _graph.RefuseToken(FakeGraph.Token); // only issued tokens open Graph here
        _graph.AddUser("alice.chen@contoso.com");
        _graph.AddUser("bob.stone@contoso.com");
        _group = _graph.AddGroup("SF-ReadOnly");
        _services = Services(FakeEntraTokenEndpoint.ClientSecret);
        _connector = _services.Registry.ForName("entra");
    }

    [TearDown]
    public async Task TearDownAsync()
    {
        _services.Dispose();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Grant_GetsATokenWithTheClientCredentialsGrant_AndSendsItToGraph()
    {
        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(result.IsDone, result.ToString());
        var tokenRequest = _tokens.Requests.Single();
        Assert.That(tokenRequest["grant_type"], Is.EqualTo("client_credentials"));
        Assert.That(tokenRequest["scope"], Is.EqualTo("https://graph.microsoft.com/.default"));
        Assert.That(tokenRequest["client_id"], Is.EqualTo(FakeEntraTokenEndpoint.ClientId));
        Assert.That(_server.Requests.Count(r => r.Path == FakeEntraTokenEndpoint.PathOf(FakeEntraTokenEndpoint.Tenant)), Is.EqualTo(1));
        Assert.That(GraphRequests().Select(r => r.Authorization).Distinct(), Is.EqualTo(new[] { $"Bearer {_tokens.Issued[0]}" }));
    }

    [Test]
    public async Task ATokenIsFetchedOnce_AndReusedWhileItIsValid()
    {
        await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(50));
        await _connector.GrantAsync(Target("bob.stone@contoso.com"), CancellationToken.None);
        await _connector.ListMembersAsync("SF-ReadOnly", CancellationToken.None);

        Assert.That(_tokens.Requests, Has.Count.EqualTo(1));
        Assert.That(_graph.Members(_group), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task CallsAtTheSameTime_WaitForOneTokenRequest()
    {
        var calls = Enumerable.Range(0, 5).Select(_ => _connector.ListMembersAsync("SF-ReadOnly", CancellationToken.None));

        await Task.WhenAll(calls);

        Assert.That(_tokens.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ShortlyBeforeTheTokenExpires_ANewOneIsFetched()
    {
        await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(56)); // the token lives 60 minutes

        var result = await _connector.GrantAsync(Target("bob.stone@contoso.com"), CancellationToken.None);

        Assert.That(result.IsDone, result.ToString());
        Assert.That(_tokens.Requests, Has.Count.EqualTo(2));
        Assert.That(GraphRequests().Last().Authorization, Is.EqualTo($"Bearer {_tokens.Issued[1]}"));
    }

    [Test]
    public async Task WhenGraphRefusesAValidLookingToken_ItIsRenewedOnceAndTheCallGoesThrough()
    {
        await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);
        _graph.RefuseToken(_tokens.Issued[0]);

        var result = await _connector.GrantAsync(Target("bob.stone@contoso.com"), CancellationToken.None);

        Assert.That(result.IsDone, result.ToString());
        Assert.That(_tokens.Requests, Has.Count.EqualTo(2));
        Assert.That(_graph.Members(_group), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task WhenGraphRefusesEveryToken_ItRenewsOnlyOnce_AndThePermanentErrorPointsAtTheSettings()
    {
        _tokens.ExpiresInSeconds = 3600;
        var refuseAll = new FakeGraph(); // accepts only its own fixed token, never an issued one
        await using var server = await FakeApiServer.StartAsync(request =>
            request.Path.EndsWith("/token", StringComparison.Ordinal) ? _tokens.Handle(request) : refuseAll.Handle(request), https: true);
        using var services = Services(FakeEntraTokenEndpoint.ClientSecret, server.Root);

        var result = await services.Registry.ForName("entra").GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent), result.ToString());
        Assert.That(result.Message, Does.Contain("401").And.Contain("Connectors:entra:ClientSecret"));
        Assert.That(_tokens.Requests, Has.Count.EqualTo(2), "the first token and one renewal");
        Assert.That(server.Requests.Count(r => !r.Path.EndsWith("/token", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task AWrongSecret_IsAPermanentErrorWithTheAadCode_AndNeverShowsTheSecret()
    {
        const string wrongSecret = "wrong-secret-that-must-stay-hidden";
        using var services = Services(wrongSecret);

        var result = await services.Registry.ForName("entra").GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent), result.ToString());
        Assert.That(result.Message, Does.Contain("invalid_client").And.Contain("AADSTS7000215").And.Contain("Connectors:entra:ClientSecret"));
        Assert.That(result.Message, Does.Not.Contain("Trace ID"), "only the first line of AAD's description");
        Assert.That(result.Message, Does.Not.Contain(wrongSecret));
        Assert.That(services.Logs.Lines, Has.None.Contain(wrongSecret));
        Assert.That(GraphRequests(), Is.Empty);
    }

    [Test]
    public async Task AnUnknownTenant_IsAPermanentErrorNamingIt()
    {
        using var services = Services(FakeEntraTokenEndpoint.ClientSecret, tenant: "no-such-tenant");

        var result = await services.Registry.ForName("entra").GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent), result.ToString());
        Assert.That(result.Message, Does.Contain("AADSTS90002").And.Contain("no-such-tenant").And.Contain("Connectors:entra:TenantId"));
    }

    [Test]
    public async Task ATokenEndpointThatEchoesTheSecret_DoesNotGetItIntoMessagesOrLogs()
    {
        _tokens.FailNext(FakeEntraTokenEndpoint.AadError(400, "invalid_request", $"AADSTS50000: bad secret '{FakeEntraTokenEndpoint.ClientSecret}'."));

        var result = await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent), result.ToString());
        Assert.That(result.Message, Does.Contain("AADSTS50000").And.Not.Contain(FakeEntraTokenEndpoint.ClientSecret));
        Assert.That(_services.Logs.Lines, Has.None.Contain(FakeEntraTokenEndpoint.ClientSecret));
    }

    [Test]
    public async Task ATokenEndpointThatIsDown_IsTransient_AndTheNextCallTriesAgain()
    {
        _tokens.FailNext(new FakeReply(503, """{"error":"temporarily_unavailable","error_description":"AADSTS90033: A transient error has occurred."}"""));

        var first = await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);
        var retry = await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(first.Outcome, Is.EqualTo(ConnectorOutcome.Transient), first.ToString());
        Assert.That(first.Message, Does.Contain("503").And.Contain("AADSTS90033"));
        Assert.That(retry.IsDone, retry.ToString());
    }

    [Test]
    public async Task ATokenEndpointThatCannotBeReached_IsTransient_AndNamesWhere()
    {
        var closed = new Uri($"https://127.0.0.1:{FreePort()}/");
        using var services = new ConnectorServices(ConnectorServices.Instance("entra", "entra", new Uri(_server.Root, "v1.0"), token: null,
            ("TenantId", FakeEntraTokenEndpoint.Tenant), ("ClientId", FakeEntraTokenEndpoint.ClientId),
            ("ClientSecret", FakeEntraTokenEndpoint.ClientSecret), ("Authority", closed.AbsoluteUri)), _clock);

        var result = await services.Registry.ForName("entra").GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient), result.ToString());
        Assert.That(result.Message, Does.Contain("could not be reached").And.Contain(closed.Authority));
        Assert.That(GraphRequests(), Is.Empty);
    }

    [Test]
    public async Task TheSecretIsNeverLogged()
    {
        await _connector.GrantAsync(Target("alice.chen@contoso.com"), CancellationToken.None);
        _graph.RefuseToken(_tokens.Issued[0]);
        await _connector.RevokeAsync(Target("alice.chen@contoso.com"), CancellationToken.None);

        Assert.That(_services.Logs.Lines, Is.Not.Empty);
        Assert.That(_services.Logs.Lines, Has.None.Contain(FakeEntraTokenEndpoint.ClientSecret));
    }

    [Test]
    public void PartialClientCredentials_AreRefusedAtStartNamingWhatIsMissing()
    {
        var options = new ConnectorOptions();
        options.Instances["entra"] = new ConnectorInstanceOptions
        {
            Type = "entra", BaseUrl = "https://graph.microsoft.com/v1.0", TenantId = "t", ClientSecret = FakeEntraTokenEndpoint.ClientSecret,
        };

        var problems = options.Validate();

        Assert.That(problems, Has.One.Contain("Connectors:entra:ClientId is missing"));
        Assert.That(problems, Has.None.Contain(FakeEntraTokenEndpoint.ClientSecret));
        Assert.That(options.Instances["entra"].ToString(), Does.Not.Contain(FakeEntraTokenEndpoint.ClientSecret));
    }

    [Test]
    public void ATokenAndClientCredentialsTogether_AreRefusedAsAmbiguous()
    {
        var options = new ConnectorOptions();
        options.Instances["entra"] = new ConnectorInstanceOptions
        {
            Type = "entra", BaseUrl = "https://graph.microsoft.com/v1.0", Token = "t", TenantId = "t", ClientId = "c", ClientSecret = "s",
        };

        Assert.That(options.Validate(), Has.One.Contain("both set"));
    }

    [TestCase("http://login.example.com", "must use https")]
    [TestCase("not a url", "not an absolute")]
    public void ABadAuthority_IsRefused(string authority, string expected)
    {
        var options = new ConnectorOptions();
        options.Instances["entra"] = new ConnectorInstanceOptions
        {
            Type = "entra", BaseUrl = "https://graph.microsoft.com/v1.0", TenantId = "t", ClientId = "c", ClientSecret = "s", Authority = authority,
        };

        Assert.That(options.Validate(), Has.One.Contain("Connectors:entra:Authority").And.Contain(expected));
    }

    [Test]
    public void ClientCredentialsOnAnotherType_AreRefused()
    {
        var options = new ConnectorOptions();
        options.Instances["okta"] = new ConnectorInstanceOptions
        {
            Type = "okta", BaseUrl = "https://contoso.okta.com", TenantId = "t", ClientId = "c", ClientSecret = "s",
        };

        Assert.That(options.Validate(), Has.One.Contain("apply only to entra connectors"));
    }

    private ConnectorServices Services(string secret, Uri? root = null, string tenant = FakeEntraTokenEndpoint.Tenant)
    {
        root ??= _server.Root;
        return new ConnectorServices(ConnectorServices.Instance("entra", "entra", new Uri(root, "v1.0"), token: null,
            ("TenantId", tenant), ("ClientId", FakeEntraTokenEndpoint.ClientId), ("ClientSecret", secret), ("Authority", root.AbsoluteUri)), _clock);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private IEnumerable<RecordedRequest> GraphRequests() => _server.Requests.Where(r => r.Path.StartsWith("/v1.0/", StringComparison.Ordinal));

    private static ProvisioningTarget Target(string email) => new(email, "salesforce-read", null, "SF-ReadOnly");
}
