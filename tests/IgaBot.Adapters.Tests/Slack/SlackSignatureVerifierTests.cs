using System.Text;
using IgaBot.Adapters.Slack;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackSignatureVerifierTests
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("token=x&team_id=T1&text=I+need+logs&user_id=U1");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    private SlackSignatureVerifier Verifier() => new(Options.Create(new SlackOptions { SigningSecret = Secret }), _clock);

    private string Now(int offsetSeconds = 0) => (_clock.GetUtcNow().ToUnixTimeSeconds() + offsetSeconds).ToString();

    [Test]
    public void ARequestSignedWithTheSecret_IsValid()
    {
        var ts = Now();
        Assert.That(Verifier().Verify(ts, SlackSignatureVerifier.Sign(Secret, ts, Body), Body), Is.EqualTo(SignatureVerdict.Valid));
    }

    [Test]
    public void AnotherSecret_IsAMismatch()
    {
        var ts = Now();
        Assert.That(Verifier().Verify(ts, SlackSignatureVerifier.Sign("other", ts, Body), Body), Is.EqualTo(SignatureVerdict.Mismatch));
    }

    [TestCase(-301, SignatureVerdict.Stale)]
    [TestCase(301, SignatureVerdict.Stale)]
    [TestCase(-300, SignatureVerdict.Valid)]
    public void TheTimestamp_MustBeWithinFiveMinutes(int offset, SignatureVerdict expected)
    {
        var ts = Now(offset);
        Assert.That(Verifier().Verify(ts, SlackSignatureVerifier.Sign(Secret, ts, Body), Body), Is.EqualTo(expected));
    }

    [Test]
    public void AReplay_IsRefusedOnceTheWindowHasPassed()
    {
        var ts = Now();
        var signature = SlackSignatureVerifier.Sign(Secret, ts, Body);
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.That(Verifier().Verify(ts, signature, Body), Is.EqualTo(SignatureVerdict.Stale));
    }

    [Test]
    public void AReEncodedBody_IsAMismatch()
    {
        var ts = Now();
        var signature = SlackSignatureVerifier.Sign(Secret, ts, Body);
        var reEncoded = Encoding.UTF8.GetBytes("token=x&team_id=T1&text=I%20need%20logs&user_id=U1");
        Assert.That(Verifier().Verify(ts, signature, reEncoded), Is.EqualTo(SignatureVerdict.Mismatch));
    }

    [TestCase(null, "v0=abc")]
    [TestCase("", "v0=abc")]
    [TestCase("1764331200", null)]
    [TestCase("not-a-number", "v0=abc")]
    public void MissingHeaders_AreRefused(string? ts, string? signature) =>
        Assert.That(Verifier().Verify(ts, signature, Body), Is.EqualTo(SignatureVerdict.Missing));

    [TestCase("v1=")]
    [TestCase("v0=zz")]
    [TestCase("v0=")]
    public void MalformedSignatures_AreAMismatch(string prefix)
    {
        var ts = Now();
        Assert.That(Verifier().Verify(ts, prefix + "00", Body), Is.EqualTo(SignatureVerdict.Mismatch));
    }

    [Test]
    public void WithoutASigningSecret_NothingIsAccepted()
    {
        var verifier = new SlackSignatureVerifier(Options.Create(new SlackOptions { SigningSecret = "" }), _clock);
        var ts = Now();
        Assert.That(verifier.Verify(ts, SlackSignatureVerifier.Sign("", ts, Body), Body), Is.EqualTo(SignatureVerdict.Missing));
    }
}
