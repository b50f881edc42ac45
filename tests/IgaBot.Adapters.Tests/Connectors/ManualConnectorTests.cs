using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Connectors;

public sealed class ManualConnectorTests
{
    private static readonly Entitlement ApClerk = new()
    {
        Id = "netsuite-ap-clerk",
        AppId = "netsuite",
        Name = "NetSuite AP Clerk",
        Description = "Enter and edit vendor bills.",
        Risk = Risk.High,
    };

    private static readonly App NetSuite = new()
    {
        Id = "netsuite",
        Name = "NetSuite",
        Description = "Finance ERP",
        Owner = "paul.novak@contoso.com",
        Connector = "manual",
        Entitlements = [ApClerk],
    };

    private static readonly Person Alice = new() { Email = "alice.chen@contoso.com", Name = "Alice Chen", Title = "AP Specialist", Department = "Finance" };

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private ConnectorServices _services = null!;
    private IConnector _connector = null!;

    [SetUp]
    public void SetUp()
    {
        _services = new ConnectorServices(new Dictionary<string, string?>(), _clock);
        _connector = _services.Registry.For(NetSuite);
    }

    [TearDown]
    public void TearDown() => _services.Dispose();

    [Test]
    public async Task Grant_HandsTheAppOwnerATaskAndIsPending()
    {
        var result = await _connector.GrantAsync(ProvisioningTarget.For(NetSuite, ApClerk, Alice, null), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Pending));
        var task = _services.Sink.Tasks.Single();
        Assert.That(task.Title, Is.EqualTo("Add Alice Chen to NetSuite AP Clerk"));
        Assert.That(task.Assignee, Is.EqualTo("paul.novak@contoso.com"));
        Assert.That(task.Operation, Is.EqualTo(ProvisioningOperation.Grant));
        Assert.That(task.CreatedAt, Is.EqualTo(_clock.GetUtcNow()));
        Assert.That(result.Reference, Is.EqualTo(task.Id.ToString()));
        Assert.That(result.Message, Does.Contain("paul.novak@contoso.com"));
    }

    [Test]
    public async Task Revoke_HandsTheAppOwnerARemovalTask()
    {
        var result = await _connector.RevokeAsync(ProvisioningTarget.For(NetSuite, ApClerk, Alice, null), CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Pending));
        Assert.That(_services.Sink.Tasks.Single().Title, Is.EqualTo("Remove Alice Chen from NetSuite AP Clerk"));
    }

    [Test]
    public async Task RetryingTheSameGrant_HandsOverTheSameTask()
    {
        var target = ProvisioningTarget.For(NetSuite, ApClerk, Alice, null, grantId: Guid.NewGuid());

        var first = await _connector.GrantAsync(target, CancellationToken.None);
        var second = await _connector.GrantAsync(target, CancellationToken.None);
        var revoke = await _connector.RevokeAsync(target, CancellationToken.None);

        Assert.That(second.Reference, Is.EqualTo(first.Reference));
        Assert.That(revoke.Reference, Is.Not.EqualTo(first.Reference));
        Assert.That(_services.Sink.Tasks, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Grant_ForAnAppWithoutAnOwner_IsPermanentAndHandsOverNothing()
    {
        var target = ProvisioningTarget.For(ApClerk, Alice.Email, null);

        var result = await _connector.GrantAsync(target, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("no owner"));
        Assert.That(_services.Sink.Tasks, Is.Empty);
    }

    [Test]
    public void ListMembers_IsNotSupported()
    {
        Assert.That(_connector.CanListMembers, Is.False);
        Assert.ThrowsAsync<NotSupportedException>(() => _connector.ListMembersAsync("anything", CancellationToken.None));
    }
}
