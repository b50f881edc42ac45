using IgaBot.Bot.Teams;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Newtonsoft.Json.Linq;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>The activity handler as the container builds it, driven by the SDK's own TestAdapter.</summary>
public sealed class TeamsBotTestFlowTests
{
    [Test]
    public async Task OneTurn_ThroughTheSdkTestAdapter_AnswersWithTheQuestionCard()
    {
        var conversation = new FakeConversationService { Reply = _ => Samples.DurationQuestion() };
        await using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<ITenantAccessor>(new FakeTenantAccessor())
            .AddSingleton<IConversationService>(conversation)
            .AddSingleton<IApprovalService>(new FakeApprovalService())
            .AddSingleton<IGrantService>(new FakeGrantService())
            .AddSingleton<ITeamsReferenceStore, InMemoryTeamsReferenceStore>()
            .AddSingleton<ISentCardStore, InMemorySentCardStore>()
            .AddTeamsChannel(new ConfigurationBuilder().Build(), new HostingEnvironment { EnvironmentName = "Development" })
            .BuildServiceProvider();
        var bot = services.GetRequiredService<TeamsBot>();
        var adapter = new TestAdapter(Channels.Msteams);
        adapter.Conversation.User = new ChannelAccount("29:tom", "Tom Baker", aadObjectId: TestPeople.Tom.TeamsId);
        adapter.Conversation.Conversation = new ConversationAccount(id: "a:chat-tom", conversationType: "personal");

        await new TestFlow(adapter, bot)
            .Send("I need read-only access to prod AWS")
            .AssertReply(reply =>
            {
                var attachment = ((IMessageActivity)reply).Attachments.Single();
                Assert.That(attachment.ContentType, Is.EqualTo("application/vnd.microsoft.card.adaptive"));
                var card = (JObject)attachment.Content;
                Assert.That(card.ToString(), Does.Contain("For how long do you need it?"));
                Assert.That(card.SelectTokens("$.actions[*].verb").Select(v => (string?)v), Has.All.EqualTo("answer"));
            })
            .StartTestAsync();

        Assert.That(conversation.Calls.Single().Actor, Is.EqualTo(TestPeople.Tom.Email));
    }
}
