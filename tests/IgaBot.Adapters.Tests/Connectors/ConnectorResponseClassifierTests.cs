using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IgaBot.Adapters.Connectors;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>How every HTTP connector reads an answer (or the lack of one) as a connector result.</summary>
public sealed class ConnectorResponseClassifierTests
{
    private const string Token = "secret-token-5f1c";
    private static readonly MembershipChange AddAlice = MembershipChange.Add("alice.chen@contoso.com", "SF-ReadOnly", "g-1");
    private static readonly MembershipChange RemoveAlice = MembershipChange.Remove("alice.chen@contoso.com", "SF-ReadOnly", "g-1");

    private FakeTimeProvider _clock = null!;
    private RecordingLoggerProvider _logs = null!;
    private ConnectorResponseClassifier _classifier = null!;
    private int _forgotten;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        _logs = new RecordingLoggerProvider();
        _forgotten = 0;
        _classifier = new ConnectorResponseClassifier("idp", "Test connector 'idp'", "Connectors:idp:Token",
            body => body.StartsWith("E:", StringComparison.Ordinal) ? body[2..] : null, _clock, _logs.CreateLogger("test"));
    }

    [Test]
    public async Task ASuccessfulChange_IsDoneWithTheGroupAsReference()
    {
        using var response = Answer(HttpStatusCode.NoContent);

        var result = await _classifier.OfChangeAsync(response, AddAlice, alreadySo: null, Forget, CancellationToken.None);

        Assert.That(result.IsDone && !result.Unchanged, result.ToString());
        Assert.That(result.Reference, Is.EqualTo("g-1"));
        Assert.That(result.Message, Is.EqualTo("Added alice.chen@contoso.com to SF-ReadOnly."));
        Assert.That(_logs.Lines, Has.One.Contain("idp added alice.chen@contoso.com (group SF-ReadOnly)"));
    }

    [Test]
    public async Task AnAnswerTheProtocolReadsAsAlreadySo_IsDoneAndUnchanged()
    {
        using var response = Answer(HttpStatusCode.Conflict, "E:member exists");

        var result = await _classifier.OfChangeAsync(response, AddAlice, (status, body) => status == HttpStatusCode.Conflict && body.Contains("exists"),
            Forget, CancellationToken.None);

        Assert.That(result.IsDone && result.Unchanged, result.ToString());
        Assert.That(result.Message, Is.EqualTo("alice.chen@contoso.com is already a member of SF-ReadOnly."));
        Assert.That(_logs.Lines, Has.One.Contain("already a member"));
    }

    [Test]
    public async Task ANotFoundOnRemove_ThatTheProtocolReadsAsAbsent_IsDoneAndForgetsNothing()
    {
        using var response = Answer(HttpStatusCode.NotFound);

        var result = await _classifier.OfChangeAsync(response, RemoveAlice, (status, _) => status == HttpStatusCode.NotFound, Forget, CancellationToken.None);

        Assert.That(result.IsDone && result.Unchanged, result.ToString());
        Assert.That(result.Message, Is.EqualTo("alice.chen@contoso.com was not a member of SF-ReadOnly."));
        Assert.That(_forgotten, Is.Zero);
    }

    [Test]
    public async Task ANotFoundOnAChange_OtherwiseMeansStaleIds_ForgetsThemAndIsTransient()
    {
        using var response = Answer(HttpStatusCode.NotFound);

        var result = await _classifier.OfChangeAsync(response, AddAlice, alreadySo: null, Forget, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient), result.ToString());
        Assert.That(result.Message, Does.Contain("SF-ReadOnly").And.Contain("g-1").And.Contain("looked up again"));
        Assert.That(_forgotten, Is.EqualTo(1));
    }

    [Test]
    public async Task ANotFoundOnAGroupRead_ForgetsTheGroupAndIsTransient()
    {
        using var response = Answer(HttpStatusCode.NotFound);

        var result = await _classifier.OfGroupFailureAsync(response, "SF-ReadOnly", "g-1", "reading the members of SF-ReadOnly", Forget, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient), result.ToString());
        Assert.That(_forgotten, Is.EqualTo(1));
    }

    [Test]
    public async Task Throttled_WithRetryAfterInSeconds_IsTransientWithThatWait()
    {
        using var response = Answer(HttpStatusCode.TooManyRequests, "E:slow down");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(90));

        var result = await _classifier.OfFailureAsync(response, "looking up group SF-ReadOnly", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(90)));
        Assert.That(result.Message, Is.EqualTo("Test connector 'idp' is being throttled while looking up group SF-ReadOnly (429): slow down"));
    }

    [Test]
    public async Task Throttled_WithRetryAfterAsADate_WaitsUntilThatDate()
    {
        using var response = Answer(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(_clock.GetUtcNow().AddMinutes(2));

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(2)));
    }

    [Test]
    public async Task Throttled_WithARateLimitReset_WaitsUntilTheReset()
    {
        using var response = Answer(HttpStatusCode.TooManyRequests);
        response.Headers.Add("X-Rate-Limit-Reset", _clock.GetUtcNow().AddSeconds(45).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(45)));
    }

    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.BadGateway)]
    [TestCase(HttpStatusCode.ServiceUnavailable)]
    [TestCase(HttpStatusCode.GatewayTimeout)]
    [TestCase(HttpStatusCode.RequestTimeout)]
    public async Task ServerSideFailures_AreTransient(HttpStatusCode status)
    {
        using var response = Answer(status, "E:Maintenance");

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
        Assert.That(result.Message, Does.Contain($"({(int)status})").And.Contain("Maintenance"));
    }

    [Test]
    public async Task AServerErrorWithoutABody_SaysTheReasonPhrase()
    {
        using var response = Answer(HttpStatusCode.BadGateway);

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.Message, Does.EndWith("(502): Bad Gateway"));
    }

    [Test]
    public async Task Unauthorized_IsPermanentAndPointsAtTheCredentialSettings()
    {
        using var response = Answer(HttpStatusCode.Unauthorized, "E:token expired");

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("(401): token expired").And.Contain("Check Connectors:idp:Token."));
    }

    [Test]
    public async Task Forbidden_IsPermanentAndSaysThePermissionIsMissing()
    {
        using var response = Answer(HttpStatusCode.Forbidden, "E:Insufficient privileges");

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("(403): Insufficient privileges").And.Contain("lacks the permission"));
    }

    [TestCase(HttpStatusCode.BadRequest)]
    [TestCase(HttpStatusCode.Conflict)]
    [TestCase(HttpStatusCode.UnprocessableEntity)]
    public async Task OtherClientErrors_ArePermanentWithTheServersWords(HttpStatusCode status)
    {
        using var response = Answer(status, "E:invalid value");

        var result = await _classifier.OfFailureAsync(response, "adding alice to SF-ReadOnly", CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Is.EqualTo($"Test connector 'idp' refused the request while adding alice to SF-ReadOnly ({(int)status}): invalid value"));
    }

    [Test]
    public async Task ALongBodyThatIsNotAnError_IsCutShort()
    {
        using var response = Answer(HttpStatusCode.BadRequest, new string('x', 5000));

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.Message!.Length, Is.LessThan(500));
        Assert.That(result.Message, Does.EndWith("…"));
    }

    [Test]
    public async Task AServerThatEchoesTheToken_DoesNotGetItIntoTheMessage()
    {
        using var response = Answer(HttpStatusCode.Unauthorized, $"E:token '{Token}' is not valid");

        var result = await _classifier.OfFailureAsync(response, "adding", CancellationToken.None);

        Assert.That(result.Message, Does.Not.Contain(Token).And.Contain("token '***' is not valid"));
    }

    [Test]
    public void NoAnswerInTime_IsTransientAndSaysHowLongItWaited()
    {
        var result = _classifier.TimedOut(HttpMethod.Patch, new Uri("https://idp.example.com/scim/v2/Groups/g-1"), TimeSpan.FromSeconds(30));

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
        Assert.That(result.Message, Is.EqualTo("Test connector 'idp' did not answer PATCH /scim/v2/Groups/g-1 within 30 s."));
    }

    [Test]
    public void AnUnreachableServer_IsTransientAndNamesTheHost()
    {
        var result = _classifier.Unreachable(new Uri("https://idp.example.com/v2/"), new HttpRequestException("Connection refused"));

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
        Assert.That(result.Message, Does.Contain("could not be reached at idp.example.com").And.Contain("Connection refused"));
    }

    [Test]
    public void AFailedStepBeforeTheChange_IsAnsweredAsItsFailureAndLogged()
    {
        var failure = ConnectorResult.Permanent("No group named 'X'.");

        var result = _classifier.OfStepFailure(new ConnectorException(failure), new ProvisioningTarget("alice.chen@contoso.com", "x", null, "X"), "grant");

        Assert.That(result, Is.SameAs(failure));
        Assert.That(_logs.Lines, Has.One.StartWith("Warning").And.Contain("could not grant alice.chen@contoso.com"));
    }

    [TestCase(HttpStatusCode.TooManyRequests, false, true)]
    [TestCase(HttpStatusCode.ServiceUnavailable, true, true)]
    [TestCase(HttpStatusCode.ServiceUnavailable, false, false)]
    [TestCase(HttpStatusCode.InternalServerError, true, false)]
    public void IsThrottled_Means429Or503ThatSaysWhen(HttpStatusCode status, bool withRetryAfter, bool expected)
    {
        using var response = Answer(status);
        if (withRetryAfter)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
        }

        Assert.That(ConnectorResponseClassifier.IsThrottled(response), Is.EqualTo(expected));
    }

    private void Forget() => _forgotten++;

    private static HttpResponseMessage Answer(HttpStatusCode status, string? body = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://idp.example.com/v2/Groups/g-1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(body ?? "", Encoding.UTF8, "text/plain"),
        };
    }
}
