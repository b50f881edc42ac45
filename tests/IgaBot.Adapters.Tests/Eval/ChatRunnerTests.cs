using IgaBot.Adapters.Eval;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Eval;

[TestFixture]
public sealed class ChatRunnerTests
{
    [Test]
    public async Task ATerminalConversation_NumbersTheOptions_AndTypingANumberPicksIt()
    {
        using var folder = new TempFolder();
        await using var host = await AgentFixture.StartAsync(folder.File("bot.db"));
        var input = new StringReader(string.Join(Environment.NewLine, "I need write access to GitHub", "1", "90 days", "quit"));
        var output = new StringWriter();

        var exit = await ChatRunner.RunAsync("jake.miller@contoso.com", host.Conversation, input, output, CancellationToken.None);

        var text = output.ToString();
        TestContext.Out.WriteLine(text);
        Assert.That(exit, Is.Zero);
        Assert.That(text, Does.Contain("1. platform").And.Contain("2. payments"));
        Assert.That(text, Does.Contain("[auto-approved: GitHub Write for platform, for 90 days]"));
        Assert.That(text, Does.Contain("Peer coverage"), "the outcome is printed with its reasons");
    }

    [Test]
    public void Render_ShowsTheQuestionAndItsHints()
    {
        var reply = new TurnReply("Salesforce has several levels.", new Question(Slot.Entitlement, "Which one?",
            [new("salesforce-read", "Salesforce Read Only", "View dashboards."), new("salesforce-admin", "Salesforce System Administrator")]));

        var text = ChatRunner.Render(reply);

        Assert.That(text, Does.Contain("bot> Salesforce has several levels."));
        Assert.That(text, Does.Contain("1. Salesforce Read Only - View dashboards."));
        Assert.That(text, Does.Contain("2. Salesforce System Administrator"));
    }
}
