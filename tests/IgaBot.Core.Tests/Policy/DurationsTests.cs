using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>The machine form of a duration request, one reader for JSON, card values and the command line.</summary>
public sealed class DurationsTests
{
    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void TryParseRequest_Nothing_IsUnstated(string? text)
    {
        Assert.That(Durations.TryParseRequest(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(DurationRequest.Unstated));
    }

    [TestCase("permanent")]
    [TestCase(" Permanent ")]
    public void TryParseRequest_Permanent_IsPermanent(string text)
    {
        Assert.That(Durations.TryParseRequest(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(DurationRequest.Permanent));
    }

    [TestCase("P7D", 7 * 24)]
    [TestCase(" pt4h ", 4)]
    [TestCase("P1M", 30 * 24)]
    public void TryParseRequest_Iso_IsThatLength(string text, int hours)
    {
        Assert.That(Durations.TryParseRequest(text, out var duration), Is.True);
        Assert.That(duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromHours(hours))));
    }

    [TestCase("2 weeks")]
    [TestCase("forever")]
    [TestCase("P")]
    public void TryParseRequest_AnythingElse_IsRefusedAndUnstated(string text)
    {
        Assert.That(Durations.TryParseRequest(text, out var duration), Is.False);
        Assert.That(duration, Is.EqualTo(DurationRequest.Unstated));
    }
}
