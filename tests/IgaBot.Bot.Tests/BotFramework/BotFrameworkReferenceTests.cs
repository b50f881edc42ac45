using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;

namespace IgaBot.Bot.Tests.BotFramework;

/// <summary>
/// Proves the Bot Framework 4.23.1 assemblies, referenced without their package graph
/// (build/BotFramework.props), load and run a turn.
/// </summary>
public sealed class BotFrameworkReferenceTests
{
    private sealed class EchoBot : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(MessageFactory.Text($"you said: {turnContext.Activity.Text}"), cancellationToken);
    }

    [Test]
    public async Task TestAdapter_RunsATurnThroughAnActivityHandler()
    {
        var adapter = new TestAdapter(Microsoft.Bot.Connector.Channels.Msteams);
        await new TestFlow(adapter, new EchoBot())
            .Send("hello")
            .AssertReply("you said: hello")
            .StartTestAsync();
    }
}
