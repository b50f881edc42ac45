using System.Net;
using System.Text;
using IgaBot.Bot.Teams;
using IgaBot.Bot.Tests.Teams.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>
/// The Teams tenant allow-list holds in every form it can be given, on top of the shipped appsettings.json
/// (whose <c>"AllowedTenants": []</c> once hid a list given in the environment and let every tenant in).
/// </summary>
public sealed class TeamsTenantAllowListTests : TeamsFixture
{
    private const string OtherTenant = "tenant-fabrikam";

    private static string ShippedAppSettings => Path.Combine(NodeCheck.RepoRoot, "appsettings.json");

    [Test]
    public void TheShippedAppSettings_StillHasAnEmptyAllowList()
    {
        // The regression below is only meaningful while the shipped file keeps the empty array.
        var configuration = new ConfigurationBuilder().AddJsonFile(ShippedAppSettings).Build();

        Assert.That(configuration.GetSection("Teams:AllowedTenants").Exists() || configuration["Teams:AllowedTenants"] is not null, Is.True);
        Assert.That(Bind(configuration).AllowedTenants, Is.Empty);
    }

    [Test]
    public async Task EnvironmentList_OverTheShippedAppSettings_RefusesAnotherTenant_AndServesTheAllowedOne()
    {
        // Teams__AllowedTenants__0=tenant-contoso, the form the README shows, as a real environment variable.
        var prefix = $"IGABOT_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Teams__AllowedTenants__0", TestPeople.TenantId);
        try
        {
            await Host.DisposeAsync();
            Host = await TeamsTestHost.StartAsync(Issuer,
                new Dictionary<string, string?> { ["Teams:AllowedTenants"] = null },
                underneath: c => c.AddJsonFile(ShippedAppSettings),
                over: c => c.AddEnvironmentVariables(prefix));

            var refused = await SendAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "I need prod logs", tenantId: OtherTenant, expectReplies: true));

            Assert.That(refused.Status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(Host.Conversation.Calls, Is.Empty, "a message from another tenant must not reach the conversation");
            Assert.That(await Host.References.FindLatestForPersonAsync(TestPeople.Tom.Email, CancellationToken.None), Is.Null,
                "nothing is stored for another tenant");
            Assert.That(Host.Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains(OtherTenant) && e.Message.Contains("Teams:AllowedTenants")),
                Is.True, "the refusal is logged with the tenant");

            var served = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "I need prod logs"));

            Assert.That(served, Is.Not.Empty);
            Assert.That(Host.Conversation.Calls, Has.Count.EqualTo(1));
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Teams__AllowedTenants__0", null);
        }
    }

    [Test]
    public async Task StartUp_LogsTheAllowListInForce()
    {
        var entry = Host.Logs.Entries.SingleOrDefault(e => e.Message.StartsWith("Teams: activities are accepted", StringComparison.Ordinal));

        Assert.That(entry, Is.Not.Null, "start-up says which tenants are accepted");
        Assert.That(entry!.Message, Does.Contain(TestPeople.TenantId));
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Information));

        await Host.DisposeAsync();
        Host = await TeamsTestHost.StartAsync(Issuer, new Dictionary<string, string?> { ["Teams:AllowedTenants"] = null });
        var open = Host.Logs.Entries.Single(e => e.Message.StartsWith("Teams: activities are accepted", StringComparison.Ordinal));
        Assert.That(open.Level, Is.EqualTo(LogLevel.Warning), "an open list outside Development is a warning");
        Assert.That(open.Message, Does.Contain("any tenant"));
    }

    [Test]
    public void JsonArray_IsBound()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(ShippedAppSettings)
            .AddJsonStream(Json("""{ "Teams": { "AllowedTenants": [ "tenant-a", "tenant-b" ] } }"""))
            .Build();

        Assert.That(Bind(configuration).AllowedTenants, Is.EqualTo(new[] { "tenant-a", "tenant-b" }));
    }

    [Test]
    public void EnvironmentList_OverTheShippedEmptyArray_IsBound()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(ShippedAppSettings)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Teams:AllowedTenants:0"] = "tenant-a", ["Teams:AllowedTenants:1"] = "tenant-b" })
            .Build();

        var options = Bind(configuration);

        Assert.That(options.AllowedTenants, Is.EqualTo(new[] { "tenant-a", "tenant-b" }));
        Assert.That(options.AllowsTenant("tenant-c"), Is.False);
    }

    [TestCase("tenant-a,tenant-b")]
    [TestCase(" tenant-a ; tenant-b ")]
    [TestCase("tenant-a tenant-b")]
    public void CommaSeparatedString_OverTheShippedEmptyArray_IsBound(string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(ShippedAppSettings)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Teams:AllowedTenants"] = value })
            .Build();

        Assert.That(Bind(configuration).AllowedTenants, Is.EqualTo(new[] { "tenant-a", "tenant-b" }));
    }

    [Test]
    public void AListAndADifferentString_RefuseToStart()
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonStream(Json("""{ "Teams": { "AllowedTenants": [ "tenant-a" ] } }"""))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Teams:AllowedTenants"] = "tenant-b" })
            .Build();
        var options = Bind(configuration);
        options.MicrosoftAppId = TeamsTestHost.AppId;

        var problems = options.Validate(isDevelopment: false);

        Assert.That(problems, Is.Not.Empty);
        Assert.That(string.Join("; ", problems), Does.Contain("Teams:AllowedTenants is set twice"));
    }

    private static TeamsOptions Bind(IConfiguration configuration)
    {
        var options = new TeamsOptions();
        TeamsOptions.Bind(options, configuration);
        return options;
    }

    private static MemoryStream Json(string text) => new(Encoding.UTF8.GetBytes(text));
}
