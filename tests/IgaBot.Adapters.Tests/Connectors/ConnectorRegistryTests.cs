using IgaBot.Adapters.Connectors;
using IgaBot.Core.Catalog;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.Connectors;

public sealed class ConnectorRegistryTests
{
    [Test]
    public void AnAppWhoseConnectorIsNotConfigured_IsProvisionedByTheManualConnector()
    {
        using var services = new ConnectorServices(ConnectorServices.Instance("github", "scim", new Uri("https://scim.example.com/v2"), "t"));

        var connector = services.Registry.For(App("netsuite", connector: "netsuite-erp"));

        Assert.That(Inner(connector), Is.InstanceOf<ManualConnector>());
        Assert.That(connector.Type, Is.EqualTo(ConnectorTypes.Manual));
        Assert.That(connector.Name, Is.EqualTo("netsuite-erp"));
    }

    [Test]
    public void WithNoConnectorsSection_EveryAppFallsBackToManual()
    {
        using var services = new ConnectorServices(new Dictionary<string, string?>());

        Assert.That(services.Registry.For(App("github", connector: "scim")).Type, Is.EqualTo(ConnectorTypes.Manual));
    }

    [Test]
    public void AConfiguredScimInstance_IsPickedByTheAppsConnectorName()
    {
        using var services = new ConnectorServices(ConnectorServices.Instance("github", "scim", new Uri("https://scim.example.com/v2"), "t"));

        var connector = services.Registry.For(App("github", connector: "GitHub"));

        Assert.That(Inner(connector), Is.InstanceOf<ScimConnector>());
        Assert.That(connector.Name, Is.EqualTo("github"), "named as in settings");
        Assert.That(services.Registry.ForName("github"), Is.SameAs(connector), "one instance per connector name");
    }

    [TestCase("entra", typeof(EntraConnector))]
    [TestCase("Okta", typeof(OktaConnector))]
    [TestCase("manual", typeof(ManualConnector))]
    public void EachConfiguredType_GetsItsConnector(string type, Type expected)
    {
        using var services = new ConnectorServices(ConnectorServices.Instance("idp", type, new Uri("https://idp.example.com/"), "t"));

        var connector = services.Registry.ForName("idp");

        Assert.That(connector, Is.InstanceOf<IgaBot.Core.Telemetry.InstrumentedConnector>(), "every call is counted and timed");
        Assert.That(Inner(connector), Is.InstanceOf(expected));
    }

    [Test]
    public void BrokenSettings_AreReportedAllAtOnceWithTheKeysToFix_AndWithoutTheToken()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Connectors:github:Type"] = "scimm",
            ["Connectors:okta:Type"] = "okta",
            ["Connectors:okta:BaseUrl"] = "http://contoso.okta.com",
            ["Connectors:okta:Token"] = "secret-okta-token",
            ["Connectors:entra:Type"] = "entra",
            ["Connectors:entra:BaseUrl"] = "https://graph.microsoft.com/v1.0",
        };
        using var services = new ConnectorServices(settings);

        var error = Assert.Throws<OptionsValidationException>(() => _ = services.Provider.GetRequiredService<IOptions<ConnectorOptions>>().Value)!;

        Assert.That(error.Failures, Has.Some.Contain("Connectors:github:Type is 'scimm'"));
        Assert.That(error.Failures, Has.Some.Contain("Connectors:okta:BaseUrl").And.Contain("https"));
        Assert.That(error.Failures, Has.Some.Contain("Connectors:entra:Token is missing"));
        Assert.That(error.Message, Does.Not.Contain("secret-okta-token"));
    }

    [Test]
    public void PlainHttp_IsAcceptedForThisMachineOnly()
    {
        var options = new ConnectorOptions();
        options.Instances["local"] = new ConnectorInstanceOptions { Type = "scim", BaseUrl = "http://127.0.0.1:8080/scim/v2", Token = "t" };

        Assert.That(options.Validate(), Is.Empty);
    }

    [Test]
    public void InstanceSettings_PrintedForLogs_NeverShowTheToken()
    {
        var instance = new ConnectorInstanceOptions { Type = "scim", BaseUrl = "https://scim.example.com", Token = "very-secret" };

        Assert.That(instance.ToString(), Does.Not.Contain("very-secret").And.Contain("token set"));
    }

    [Test]
    public void AManualApp_WithoutATaskSinkRegistered_FailsWithAClearMessage()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddLogging().AddIgaConnectors(configuration).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ConnectorRegistry>().ForName("adp"))!;

        Assert.That(error.Message, Does.Contain("IManualTaskSink").And.Contain("'adp'"));
    }

    private static App App(string id, string connector) => new()
    {
        Id = id,
        Name = id,
        Description = "",
        Owner = "owner@contoso.com",
        Connector = connector,
    };

    /// <summary>The connector doing the work behind the registry's counting wrapper.</summary>
    private static IConnector Inner(IConnector connector) => ((IgaBot.Core.Telemetry.InstrumentedConnector)connector).Inner;
}
