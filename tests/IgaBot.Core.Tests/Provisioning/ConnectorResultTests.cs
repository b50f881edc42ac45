using IgaBot.Core.Provisioning;

namespace IgaBot.Core.Tests.Provisioning;

public sealed class ConnectorResultTests
{
    [Test]
    public void TransientAndPermanent_AreFailures_DoneAndPendingAreNot()
    {
        Assert.That(ConnectorResult.Transient("busy").IsFailure, Is.True);
        Assert.That(ConnectorResult.Permanent("no such user").IsFailure, Is.True);
        Assert.That(ConnectorResult.Done().IsFailure, Is.False);
        Assert.That(ConnectorResult.Pending("task-1", "waiting").IsFailure, Is.False);
    }

    [Test]
    public void AConnectorException_CarriesOnlyAFailure()
    {
        var failure = ConnectorResult.Transient("throttled", TimeSpan.FromSeconds(30));

        Assert.That(new ConnectorException(failure).Failure.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.Throws<ArgumentException>(() => _ = new ConnectorException(ConnectorResult.Done()));
    }

    [Test]
    public void ToString_SaysWhenToRetry()
    {
        Assert.That(ConnectorResult.Transient("throttled", TimeSpan.FromSeconds(30)).ToString(), Is.EqualTo("Transient (retry after 30 s): throttled"));
    }
}
