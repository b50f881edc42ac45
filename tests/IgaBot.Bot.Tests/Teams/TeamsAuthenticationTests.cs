using System.Net;
using IgaBot.Bot.Tests.Teams.Support;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>Only the Bot Framework service, with a token minted for this bot and this channel, gets a turn.</summary>
public sealed class TeamsAuthenticationTests : TeamsFixture
{
    private Task<HttpResponseMessage> PostAsync(string? token) =>
        Host.PostActivityAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "I need prod logs", expectReplies: true), token);

    [Test]
    public async Task Message_WithAValidChannelToken_IsServed()
    {
        using var response = await PostAsync(Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        Assert.That(Host.Conversation.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Message_WithoutAToken_IsRefused() => await AssertRefusedAsync(null);

    [Test]
    public async Task Message_WithAnExpiredToken_IsRefused() =>
        await AssertRefusedAsync(Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl, expiresIn: TimeSpan.FromHours(-1)));

    [Test]
    public async Task Message_WithATokenForAnotherBot_IsRefused() =>
        await AssertRefusedAsync(Issuer.Mint("9d9d9d9d-0000-4000-8000-000000000000", Connector.ServiceUrl));

    [Test]
    public async Task Message_WithATokenFromAnotherIssuer_IsRefused() =>
        await AssertRefusedAsync(Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl, issuer: "https://sts.attacker.example"));

    [Test]
    public async Task Message_SignedWithAKeyTheIssuerDoesNotPublish_IsRefused() =>
        await AssertRefusedAsync(Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl, SigningKey.Unknown));

    [Test]
    public async Task Message_SignedWithAKeyNotEndorsedForTeams_IsRefused() =>
        await AssertRefusedAsync(Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl, SigningKey.NotEndorsedForTeams));

    [Test]
    public async Task Message_WhoseTokenNamesAnotherServiceUrl_IsRefused() =>
        await AssertRefusedAsync(Issuer.Mint(TeamsTestHost.AppId, "https://smba.trafficmanager.net/elsewhere/"));

    [Test]
    public async Task Message_WithAMalformedBearerToken_IsRefusedWith401_Not500() =>
        await AssertRefusedAsync("abc.def.ghi");

    [TestCase("abc")]
    [TestCase("a.b")]
    [TestCase("....")]
    [TestCase("eyJhbGciOiJSUzI1NiJ9.!!!.sig")]
    public async Task Message_WithOtherGarbageForAToken_IsRefusedWith401(string token) =>
        await AssertRefusedAsync(token);

    [Test]
    public async Task Message_WithAnUnsignedAlgNoneToken_IsRefused() =>
        await AssertRefusedAsync(LocalTokenIssuer.MintUnsigned(TeamsTestHost.AppId, Connector.ServiceUrl));

    [Test]
    public async Task Message_WithATokenNotValidYet_IsRefused() =>
        // An hour ahead: beyond the validator's five minutes of allowed clock skew.
        await AssertRefusedAsync(Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl, validFrom: TimeSpan.FromHours(1)));

    [Test]
    public async Task Message_WithAnotherChannelsEndorsement_IsRefused() =>
        // The key is good, but endorsed for webchat only, and the activity says msteams.
        await AssertRefusedAsync(Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl, SigningKey.NotEndorsedForTeams));

    private async Task AssertRefusedAsync(string? token)
    {
        using var response = await PostAsync(token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
        Assert.That(Host.Conversation.Calls, Is.Empty, "no turn may run for an unauthenticated request");
        Assert.That(Connector.Calls, Is.Empty, "nothing may be sent or looked up for an unauthenticated request");
    }
}
