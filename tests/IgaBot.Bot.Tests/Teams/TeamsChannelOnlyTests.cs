using System.Net;
using System.Text.Json.Nodes;
using IgaBot.Bot.Tests.Teams.Support;
using Microsoft.Extensions.Logging;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>
/// <c>/api/messages</c> takes only Teams activities: a token for another Bot Framework channel is genuine for
/// that channel, but the sender fields of its activities (from.aadObjectId) are whatever its client wrote.
/// </summary>
public sealed class TeamsChannelOnlyTests : TeamsFixture
{
    /// <summary>A valid token for webchat (a key endorsed for webchat), as the Bot Framework would mint it for a Web Chat client.</summary>
    private string WebchatToken => Issuer.Mint(TeamsTestHost.AppId, Connector.ServiceUrl, SigningKey.NotEndorsedForTeams);

    [Test]
    public async Task Webchat_WithAValidToken_AndAnotherPersonsAadObjectId_IsNotAnsweredAsThatPerson_AndNothingIsStored()
    {
        var activity = TeamsActivityJson.Message(Connector.ServiceUrl, "I need prod AWS admin for a week",
            userId: "webchat-user-1", aadObjectId: TestPeople.Nina.TeamsId, conversationId: "webchat-conv-1", expectReplies: true, channelId: "webchat");

        using var response = await Host.PostActivityAsync(activity, WebchatToken);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.InternalServerError), body);
        Assert.That(Host.Conversation.Calls, Is.Empty, "nobody's conversation may run for a webchat activity");
        Assert.That(await Host.References.FindLatestForPersonAsync(TestPeople.Nina.Email, CancellationToken.None), Is.Null,
            "no conversation reference is stored for the person named");
        Assert.That(Connector.Calls, Is.Empty, "nothing is sent or looked up");
        var replies = string.IsNullOrWhiteSpace(body) ? [] : JsonNode.Parse(body)?["activities"]?.AsArray().ToList() ?? [];
        Assert.That(replies, Is.Empty);
        Assert.That(Host.Logs.Entries.Any(e => e.Level == LogLevel.Warning && e.Message.Contains("webchat")), Is.True, "the refusal is logged");
    }

    [Test]
    public async Task Webchat_CardClick_AsAnApprover_IsRefused_AndDecidesNothing()
    {
        var click = TeamsActivityJson.CardClick(Connector.ServiceUrl, "approval.approve",
            new JsonObject { ["requestId"] = Samples.PendingApproval().RequestId.ToString(), ["stage"] = 1 },
            userId: "webchat-user-1", aadObjectId: TestPeople.Nina.TeamsId, conversationId: "webchat-conv-1", channelId: "webchat");

        using var response = await Host.PostActivityAsync(click, WebchatToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(Host.Approvals.Decisions, Is.Empty);
        Assert.That(await Host.References.FindLatestForPersonAsync(TestPeople.Nina.Email, CancellationToken.None), Is.Null);
    }

    [Test]
    public async Task Teams_WithTheSamePersonsAadObjectId_IsStillAnswered()
    {
        var replies = await SayAsync(TeamsActivityJson.Message(Connector.ServiceUrl, "I need prod logs",
            userId: "29:nina", aadObjectId: TestPeople.Nina.TeamsId, conversationId: "a:chat-nina"));

        Assert.That(replies, Is.Not.Empty);
        Assert.That(Host.Conversation.Calls.Single().Actor, Is.EqualTo(TestPeople.Nina.Email));
    }
}
