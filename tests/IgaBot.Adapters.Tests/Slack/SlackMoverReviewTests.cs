using System.Text.Json.Nodes;
using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Tests.Lifecycle;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using Microsoft.Extensions.DependencyInjection;
using static IgaBot.Adapters.Tests.Slack.SlackTestTenant;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>
/// A mover's review in Slack, with the real review service over a real SQLite store: the new manager's Revoke revokes
/// and updates the message in place; anyone else who clicks it is told they cannot, and nothing changes.
/// </summary>
public sealed class SlackMoverReviewTests
{
    private const string Alice = "alice@example.com";
    private const string Nina = "nina@example.com";

    [Test]
    public async Task OnlyTheNewManager_CanAnswerTheReview_AndTheirRevokeRevokesAndUpdatesTheMessage()
    {
        await using var h = await LifecycleHarness.CreateAsync(tenant: new MutableTenant(Create()));
        var grant = new Grant { Id = Guid.NewGuid(), Person = Alice, EntitlementId = "logs-admin", GrantedAt = h.Clock.GetUtcNow(), Status = GrantStatus.Active };
        await h.Store.RunAsync(s => s.Grants.CreateAsync(grant, new Core.Audit.AuditEntry("system", "grant.created", LifecycleSubjects.Grant(grant.Id))), default);
        var review = new MoverReview
        {
            Id = Guid.NewGuid(), Person = Alice, Reviewer = Nina, ChangeKey = "k", ChangeText = "department Engineering → Sales",
            CreatedAt = h.Clock.GetUtcNow(), DueAt = h.Clock.GetUtcNow().AddDays(14),
            Items = [new() { GrantId = grant.Id, EntitlementId = "logs-admin", Ineligible = true, ApprovedByOldManager = false, Why = "Eligibility: limited to Engineering." }],
        };
        await h.Services.GetRequiredService<IMoverReviewStore>().AddAsync(review, default);
        var reviews = h.Services.GetRequiredService<MoverReviews>();

        await using var api = await FakeSlackApi.StartAsync();
        AddSlackUsers(api);
        await using var host = await SlackTestHost.StartAsync(api, new SlackTestHost.Parts { Services = s => s.AddSingleton(reviews) });
        var notifier = host.Services.GetRequiredService<SlackNotifier>();
        Assert.That(await notifier.SendMoverReviewAsync((await reviews.GetViewForAsync(review.Id, Nina, default))!, default), Is.True);
        var sent = await api.WaitForAsync("chat.postMessage");
        Assert.That(sent.Strings("blocks"), Does.Contain("Keep until").And.Contain("Revoke"));

        await host.PostInteractionAsync(Click(OmarSlack, SlackActions.ReviewRevoke, SlackActions.ReviewItem(review.Id, grant.Id), "DUOMAR"));
        var told = await api.WaitForAsync("chat.postMessage", p => p.Arg("channel") == "DUOMAR");
        Assert.That(told.Arg("text"), Is.EqualTo(MoverReviews.NotYours));
        Assert.That((await h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Active));

        await host.PostInteractionAsync(Click(NinaSlack, SlackActions.ReviewRevoke, SlackActions.ReviewItem(review.Id, grant.Id), "DUNINA"));
        var updated = await api.WaitForAsync("chat.update");
        Assert.That(updated.Strings("blocks"), Does.Contain("Revoked by Nina Petrova").And.Not.Contain("Keep until"));
        Assert.That((await h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoking));
    }

    private static string Click(string user, string actionId, string value, string channel) => new JsonObject
    {
        ["type"] = "block_actions",
        ["user"] = new JsonObject { ["id"] = user },
        ["trigger_id"] = "trigger-1",
        ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel, ["message_ts"] = "1700000001.000100" },
        ["channel"] = new JsonObject { ["id"] = channel },
        ["actions"] = new JsonArray(new JsonObject { ["action_id"] = actionId, ["value"] = value }),
    }.ToJsonString();
}
