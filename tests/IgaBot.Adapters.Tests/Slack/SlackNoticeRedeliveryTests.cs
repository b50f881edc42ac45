using IgaBot.Adapters.Slack;
using IgaBot.Core.Approvals;
using Microsoft.Extensions.DependencyInjection;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>
/// A notice from the outbox carries its key as Slack message metadata, so when an instance died after posting it but
/// before marking it, the instance that delivers it again finds it in the direct message and does not post it twice.
/// </summary>
public sealed class SlackNoticeRedeliveryTests
{
    private const string Key = "notice.lifecycle:Revoked:grant:0192f0c4111170008000000000000001:alice@example.com";

    private FakeSlackApi _api = null!;
    private SlackTestHost _host = null!;
    private SlackNotifier _notifier = null!;

    [SetUp]
    public async Task SetUp()
    {
        _api = await FakeSlackApi.StartAsync();
        AddSlackUsers(_api);
        _host = await SlackTestHost.StartAsync(_api);
        _notifier = _host.Services.GetRequiredService<SlackNotifier>();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _host.DisposeAsync();
        await _api.DisposeAsync();
    }

    private static LifecycleNotice Revoked(bool redelivery, string? key = Key) => new()
    {
        Kind = LifecycleKind.Revoked,
        RecipientEmail = "alice@example.com",
        EntitlementName = "Read logs",
        AppName = "Datadog",
        GrantId = Guid.Parse("0192f0c4-1111-7000-8000-000000000001"),
        Text = "Your access to Read logs has been removed (expired).",
        DeliveryKey = key,
        Redelivery = redelivery,
    };

    [Test]
    public async Task ANoticeFromTheOutbox_IsPostedWithItsKeyAsMetadata_WithoutLookingFirst()
    {
        Assert.That(await _notifier.NotifyAsync(Revoked(redelivery: false), CancellationToken.None), Is.True);

        var posted = _api.CallsOf("chat.postMessage").Single();
        var metadata = posted.Json.GetProperty("metadata");
        Assert.That(metadata.GetProperty("event_type").GetString(), Is.EqualTo(SlackNotifier.NoticeEventType));
        Assert.That(metadata.GetProperty("event_payload").GetProperty("key").GetString(), Is.EqualTo(Key));
        Assert.That(_api.CallsOf("conversations.history"), Is.Empty, "a first delivery costs no look-up");
    }

    [Test]
    public async Task ARedelivery_OfANoticeAlreadyPosted_IsNotPostedAgain()
    {
        await _notifier.NotifyAsync(Revoked(redelivery: false), CancellationToken.None);

        var again = await _notifier.NotifyAsync(Revoked(redelivery: true), CancellationToken.None);

        Assert.That(again, Is.True, "the person has it");
        Assert.That(_api.CallsOf("chat.postMessage"), Has.Count.EqualTo(1), "posted once");
        var look = _api.CallsOf("conversations.history").Single();
        Assert.That(look.Arg("channel"), Is.EqualTo("D" + AliceSlack));
        Assert.That(look.Arg("include_all_metadata"), Is.EqualTo("true"));
    }

    [Test]
    public async Task ARedelivery_OfANoticeThatNeverArrived_IsPostedOnce()
    {
        // Another notice is in the conversation, but not this one: the instance died before posting it.
        await _notifier.NotifyAsync(Revoked(redelivery: false, key: Key.Replace("0001:", "0002:", StringComparison.Ordinal)), CancellationToken.None);

        Assert.That(await _notifier.NotifyAsync(Revoked(redelivery: true), CancellationToken.None), Is.True);

        var posts = _api.CallsOf("chat.postMessage");
        Assert.That(posts, Has.Count.EqualTo(2));
        Assert.That(posts[1].Json.GetProperty("metadata").GetProperty("event_payload").GetProperty("key").GetString(), Is.EqualTo(Key));
    }

    [Test]
    public async Task ARedelivery_WhenSlackWillNotShowTheHistory_IsPostedAgain_AtLeastOnce()
    {
        await _notifier.NotifyAsync(Revoked(redelivery: false), CancellationToken.None);
        _api.Script("conversations.history", 200, """{"ok":false,"error":"missing_scope","needed":"im:history"}""");

        Assert.That(await _notifier.NotifyAsync(Revoked(redelivery: true), CancellationToken.None), Is.True);

        Assert.That(_api.CallsOf("chat.postMessage"), Has.Count.EqualTo(2), "better twice than never");
    }

    [Test]
    public async Task ANoticeFromTheOutbox_WhenSlackFailsForNow_Throws_SoTheOutboxRetriesIt()
    {
        _api.Script("chat.postMessage", 200, """{"ok":false,"error":"internal_error"}""");
        Assert.That(() => _notifier.NotifyAsync(Revoked(redelivery: false), CancellationToken.None), Throws.TypeOf<SlackApiException>());

        // A notice that is not from the outbox has nobody to retry it: it still answers "not delivered".
        _api.Script("chat.postMessage", 200, """{"ok":false,"error":"internal_error"}""");
        Assert.That(await _notifier.NotifyAsync(Revoked(redelivery: false, key: null), CancellationToken.None), Is.False);
    }
}
