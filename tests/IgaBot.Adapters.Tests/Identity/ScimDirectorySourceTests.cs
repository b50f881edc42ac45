using IgaBot.Adapters.Identity;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IgaBot.Adapters.Tests.Identity;

/// <summary>The scim directory source against the real SCIM 2.0 server of tests/scim-server (its own instance: the users are these tests').</summary>
[NonParallelizable]
public sealed class ScimDirectorySourceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private ScimTestServer _server = null!;
    private ConnectorServices _services = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _server = await ScimTestServer.StartAsync();
        var olga = await _server.CreatePersonAsync("olga@contoso.test", "Olga Berg", "VP Engineering", "Engineering");
        var nina = await _server.CreatePersonAsync("nina@contoso.test", "Nina Petrova", "Engineering Manager", "Engineering", olga);
        await _server.CreatePersonAsync("alice@contoso.test", "Alice Chen", "Software Engineer", "Engineering", nina);
        await _server.CreatePersonAsync("bob@contoso.test", "Bob Stone", "Software Engineer", "Payments", nina);
        await _server.CreatePersonAsync("gone@contoso.test", "Gil Gone", "Software Engineer", "Engineering", nina, active: false);
        _services = new ConnectorServices(ConnectorServices.Instance("idp", "scim", _server.BaseUrl, ScimTestServer.Token));
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _services?.Dispose();
        _server?.Dispose();
    }

    private ScimDirectorySource Source(int pageSize) =>
        new("idp", new ConnectorInstanceOptions { Type = "scim", BaseUrl = _server.BaseUrl.AbsoluteUri, Token = ScimTestServer.Token },
            _services.Provider.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, NullLogger.Instance) { PageSize = pageSize };

    [Test]
    public async Task Read_PagesWithStartIndexAndCount_ReadsTheEnterpriseExtension_AndLeavesInactiveUsersOut()
    {
        var before = (await _server.RequestsAsync()).Count;

        var read = await Source(pageSize: 2).ReadAsync(null, Ct);

        Assert.That(read.People.Select(p => p.Email), Is.EqualTo(new[] { "alice@contoso.test", "bob@contoso.test", "nina@contoso.test", "olga@contoso.test" }));
        var bob = read.People.Single(p => p.Email == "bob@contoso.test");
        Assert.That((bob.Name, bob.Title, bob.Department, bob.Manager), Is.EqualTo(("Bob Stone", "Software Engineer", "Payments", "nina@contoso.test")));
        Assert.That(read.People.Single(p => p.Email == "olga@contoso.test").Manager, Is.Null);
        var pages = (await _server.RequestsAsync()).Skip(before).ToList();
        Assert.That(pages, Is.EqualTo(new[] { "GET /scim/v2/Users?startIndex=1&count=2", "GET /scim/v2/Users?startIndex=3&count=2", "GET /scim/v2/Users?startIndex=5&count=2" }));
    }

    [Test]
    public async Task Read_Throttled_WaitsOutRetryAfter_ThenReads()
    {
        await _server.ThrottleAsync(1, retryAfterSeconds: 1);

        var read = await Source(pageSize: 100).ReadAsync(null, Ct);

        Assert.That(read.People, Has.Count.EqualTo(4));
    }
}
