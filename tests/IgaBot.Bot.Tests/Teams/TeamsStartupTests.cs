using System.Net;
using IgaBot.Bot.Teams;
using IgaBot.Bot.Tests.Teams.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>An empty MicrosoftAppId switches Bot Framework authentication off: only Development may run that way.</summary>
[TestFixture]
public sealed class TeamsStartupTests
{
    private LocalTokenIssuer _issuer = null!;

    [OneTimeSetUp]
    public async Task StartIssuerAsync() => _issuer = await LocalTokenIssuer.StartAsync();

    [OneTimeTearDown]
    public async Task StopIssuerAsync() => await _issuer.DisposeAsync();

    [TestCase("Production")]
    [TestCase("Staging")]
    public void Start_OutsideDevelopment_WithoutMicrosoftAppId_FailsWithAClearMessage(string environment)
    {
        var failure = Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await TeamsTestHost.StartAsync(_issuer, new Dictionary<string, string?> { ["MicrosoftAppId"] = "" }, environment));

        Assert.That(failure!.Message, Does.Contain("MicrosoftAppId is empty"));
        Assert.That(failure.Message, Does.Contain("refuses to start"));
        Assert.That(failure.Message, Does.Contain("Teams:Enabled=false"), "the message says how to run without Teams");
    }

    [Test]
    public async Task Start_InDevelopment_WithoutMicrosoftAppId_Runs_AndAcceptsUnsignedActivities()
    {
        await using var host = await TeamsTestHost.StartAsync(_issuer, new Dictionary<string, string?> { ["MicrosoftAppId"] = "" }, "Development");

        using var response = await host.PostActivityAsync(
            TeamsActivityJson.Message("http://127.0.0.1:9/", "hello", expectReplies: true), token: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(host.Conversation.Calls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Start_WithTeamsDisabled_Runs_WithoutTheTeamsEndpoint()
    {
        await using var host = await TeamsTestHost.StartAsync(_issuer,
            new Dictionary<string, string?> { ["MicrosoftAppId"] = "", ["Teams:Enabled"] = "false" }, "Production");

        using var response = await host.PostActivityAsync(TeamsActivityJson.Message("http://127.0.0.1:9/", "hello"), token: null);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public void Start_AsASingleTenantBotWithoutItsTenant_FailsWithAClearMessage()
    {
        var failure = Assert.ThrowsAsync<OptionsValidationException>(async () =>
            await TeamsTestHost.StartAsync(_issuer, new Dictionary<string, string?> { ["MicrosoftAppType"] = "SingleTenant" }));

        Assert.That(failure!.Message, Does.Contain("MicrosoftAppTenantId is empty"));
    }

    [Test]
    public void AllowedTenants_GivenAsOneCommaSeparatedSetting_AreEachAllowed()
    {
        var options = new TeamsOptions();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Teams:AllowedTenants"] = "tenant-a, tenant-b" })
            .Build();

        TeamsOptions.Bind(options, configuration);

        Assert.That(options.AllowsTenant("tenant-b"), Is.True);
        Assert.That(options.AllowsTenant("tenant-c"), Is.False);
        Assert.That(options.AllowsTenant(null), Is.False);
    }
}
