using NUnit.Framework;
using System.Net;
using IgaBot.Bot.Tests.Teams.Support;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>Only the Bot Framework service, with a token minted for this bot and this channel, gets a turn.</summary>
[TestFixture]
public sealed class TeamsAuthenticationTests
{
    private LocalTokenIssuer _issuer = null!;
    private FakeBotConnector _connector = null!;
    private TeamsTestHost _host = null!;

    [OneTimeSetUp]
    public async Task StartServicesAsync()
    {
        _issuer = await LocalTokenIssuer.StartAsync();
        _connector = await FakeBotConnector.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopServicesAsync()
    {
        await _connector.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [SetUp]
    public async Task StartBotAsync() => _host = await TeamsTestHost.StartAsync(_issuer);

    [TearDown]
    public async Task StopBotAsync()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            foreach (var e in _host.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning)) TestContext.Out.WriteLine($"{e.Category} {e.Level}: {e.Message} {e.Exception}");
        await _host.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string? token) =>
        _host.PostActivityAsync(TeamsActivityJson.Message(_connector.ServiceUrl, "I need prod logs", expectReplies: true), token);

    [Test]
    public async Task Message_WithAValidChannelToken_IsServed()
    {
        var response = await PostAsync(_issuer.Mint(TeamsTestHost.AppId, _connector.ServiceUrl));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(_host.Conversation.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Message_WithoutAToken_IsRefused() => await AssertRefusedAsync(null);

    [Test]
    public async Task Message_WithAnExpiredToken_IsRefused() =>
        await AssertRefusedAsync(_issuer.Mint(TeamsTestHost.AppId, _connector.ServiceUrl, expiresIn: TimeSpan.FromHours(-1)));

    [Test]
    public async Task Message_WithATokenForAnotherBot_IsRefused() =>
        await AssertRefusedAsync(_issuer.Mint("9d9d9d9d-0000-4000-8000-000000000000", _connector.ServiceUrl));

    [Test]
    public async Task Message_WithATokenFromAnotherIssuer_IsRefused() =>
        await AssertRefusedAsync(_issuer.Mint(TeamsTestHost.AppId, _connector.ServiceUrl, issuer: "https://sts.attacker.example"));

    [Test]
    public async Task Message_SignedWithAKeyTheIssuerDoesNotPublish_IsRefused() =>
        await AssertRefusedAsync(_issuer.Mint(TeamsTestHost.AppId, _connector.ServiceUrl, SigningKey.Unknown));

    [Test]
    public async Task Message_SignedWithAKeyNotEndorsedForTeams_IsRefused() =>
        await AssertRefusedAsync(_issuer.Mint(TeamsTestHost.AppId, _connector.ServiceUrl, SigningKey.NotEndorsedForTeams));

    [Test]
    public async Task Message_WhoseTokenNamesAnotherServiceUrl_IsRefused() =>
        await AssertRefusedAsync(_issuer.Mint(TeamsTestHost.AppId, "https://smba.trafficmanager.net/elsewhere/"));

    private async Task AssertRefusedAsync(string? token)
    {
        var response = await PostAsync(token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
        Assert.That(_host.Conversation.Calls, Is.Empty, "no turn may run for an unauthenticated request");
        Assert.That(_connector.Calls.Where(c => c.Method != "GET"), Is.Empty, "nothing may be sent for an unauthenticated request");
    }
}
