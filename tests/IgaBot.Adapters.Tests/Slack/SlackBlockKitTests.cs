using System.Text.Json;
using IgaBot.Adapters.Slack;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackBlockKitTests
{
    private static List<string> Strings(IReadOnlyList<Block> blocks)
    {
        var json = JsonDocument.Parse(SlackJson.Serialize(blocks)).RootElement;
        var all = new List<string>();
        void Walk(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String: all.Add(e.GetString()!); break;
                case JsonValueKind.Array: foreach (var x in e.EnumerateArray()) Walk(x); break;
                case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) Walk(p.Value); break;
            }
        }
        Walk(json);
        return all;
    }

    [Test]
    public void ChannelPingsInUserText_AreShownNotExecuted()
    {
        var reply = new TurnReply("You asked: <!channel> please <https://evil.example|click> & go");

        var text = string.Join("\n", Strings(SlackMessages.Reply(reply).Blocks));

        Assert.That(text, Does.Contain("&lt;!channel&gt; please &lt;https://evil.example|click&gt; &amp; go"));
        Assert.That(text, Does.Not.Contain("<!channel>"));
    }

    [Test]
    public void Escape_LeavesOrdinaryTextAlone_AndEscapesTheThreeControlCharacters()
    {
        Assert.That(SlackText.Escape("plain words"), Is.EqualTo("plain words"));
        Assert.That(SlackText.Escape("a<b>c&d"), Is.EqualTo("a&lt;b&gt;c&amp;d"));
    }

    [Test]
    public void Limit_NeverCutsAnEntityALinkOrASurrogatePair()
    {
        var entity = SlackText.Limit(new string('x', 95) + "&amp;" + new string('y', 50), 100);
        var link = SlackText.Limit(new string('x', 90) + "<!date^1^{time}|now>" + "tail", 100);
        var emoji = SlackText.Limit(new string('x', 98) + "😀" + "zz", 100);

        Assert.Multiple(() =>
        {
            Assert.That(entity, Is.EqualTo(new string('x', 95) + "…"));
            Assert.That(link, Is.EqualTo(new string('x', 90) + "…"));
            Assert.That(emoji, Is.EqualTo(new string('x', 98) + "…"));
            Assert.That(entity.Length, Is.LessThanOrEqualTo(100));
        });
    }

    [Test]
    public void LongLabelsAndTexts_AreCutToSlacksLimits()
    {
        var longLabel = new string('L', 200);
        var question = new Question(Slot.Scope, new string('P', 5000),
            [new QuestionOption("a", longLabel), new QuestionOption(new string('v', 300), "too long a value")]);

        var blocks = SlackMessages.QuestionBlocks(question);
        var json = JsonDocument.Parse(SlackJson.Serialize(blocks)).RootElement;
        var section = json[0].GetProperty("text").GetProperty("text").GetString()!;
        var buttons = json[1].GetProperty("elements").EnumerateArray().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(section.Length, Is.LessThanOrEqualTo(SlackText.SectionText));
            Assert.That(buttons, Has.Count.EqualTo(1), "an option whose value cannot be sent back is left out");
            Assert.That(buttons[0].GetProperty("text").GetProperty("text").GetString()!.Length, Is.LessThanOrEqualTo(SlackText.ButtonText));
        });
    }

    [Test]
    public void ManyOptions_BecomeASelectMenu()
    {
        var options = Enumerable.Range(1, 12).Select(i => new QuestionOption($"proj-{i}", $"Project {i}")).ToList();

        var json = JsonDocument.Parse(SlackJson.Serialize(SlackMessages.QuestionBlocks(new Question(Slot.Scope, "Which project?", options)))).RootElement;
        var select = json[1].GetProperty("elements")[0];

        Assert.That(select.GetProperty("type").GetString(), Is.EqualTo("static_select"));
        Assert.That(select.GetProperty("options").GetArrayLength(), Is.EqualTo(12));
    }

    [Test]
    public void AHugeAppHome_StaysWithinOneHundredBlocksAndSaysWhatIsLeftOut()
    {
        var now = DateTimeOffset.UtcNow;
        var access = Enumerable.Range(0, 80).Select(i => new HeldAccess(Guid.NewGuid(), $"Ent {i}", "App", null, now.AddDays(1), Core.Grants.GrantStatus.Active)).ToList();
        var requests = Enumerable.Range(0, 40).Select(i => new OpenRequest(Guid.NewGuid(), $"Req {i}", "App", null, Core.Requests.RequestStatus.PendingApproval, now)).ToList();
        var person = SlackTestTenant.Create().Directory.Get("alice@example.com");

        var view = SlackViews.Home(person, new AppHomeModel(access, requests, []), now);
        var text = string.Join("\n", Strings(view.Blocks));

        Assert.That(view.Blocks, Has.Count.LessThanOrEqualTo(SlackText.ViewBlocks));
        Assert.That(text, Does.Contain("…and 60 more.").And.Contain("…and 25 more."));
    }

    [Test]
    public void ADecidedApproval_ShowsWhoDecidedAndNoButtons()
    {
        var view = new ApprovalView
        {
            RequestId = Guid.NewGuid(), StageOrder = 2, RequesterEmail = "a@x", RequesterName = "A", BeneficiaryEmail = "a@x",
            BeneficiaryName = "A", BeneficiaryTitle = "T", EntitlementId = "e", EntitlementName = "E", AppName = "App", Risk = "Low",
            Approvers = ["n@x"],
            Decision = new ApprovalDecisionView(DecisionKind.Denied, "n@x", "Nina <Petrova>", DateTimeOffset.UnixEpoch, "no *need*", null),
        };

        var message = SlackMessages.Approval(view, "n@x");
        var text = string.Join("\n", Strings(message.Blocks));

        Assert.That(text, Does.Contain(":no_entry: *Denied* by *Nina &lt;Petrova&gt;*").And.Contain("> no *need*"));
        Assert.That(message.Blocks.OfType<ActionsBlock>(), Is.Empty);
    }

    [Test]
    public void AnApproverOfAnotherStage_SeesNoButtons()
    {
        var view = new ApprovalView
        {
            RequestId = Guid.NewGuid(), StageOrder = 1, RequesterEmail = "a@x", RequesterName = "A", BeneficiaryEmail = "b@x",
            BeneficiaryName = "B", BeneficiaryTitle = "T", EntitlementId = "e", EntitlementName = "E", AppName = "App", Risk = "Low",
            Approvers = ["n@x"],
        };

        Assert.That(SlackMessages.Approval(view, "someone@x").Blocks.OfType<ActionsBlock>(), Is.Empty);
        Assert.That(SlackMessages.Approval(view, "N@X").Blocks.OfType<ActionsBlock>(), Has.Exactly(1).Items);
    }

    [Test]
    public void ButtonValues_RoundTrip_AndForgedValuesAreRefused()
    {
        var id = Guid.NewGuid();
        Assert.Multiple(() =>
        {
            Assert.That(SlackActions.TryParseStage(SlackActions.Shorter(id, 2, TimeSpan.FromHours(4)), out var r, out var s, out var d), Is.True);
            Assert.That((r, s, d), Is.EqualTo((id, 2, (TimeSpan?)TimeSpan.FromHours(4))));
            Assert.That(SlackActions.TryParseStage($"{id:N}|1|P-1D", out _, out _, out _), Is.False);
            Assert.That(SlackActions.TryParseStage("not-a-guid|1", out _, out _, out _), Is.False);
            Assert.That(SlackActions.TryParseChoice("NoSuchSlot|x", out _, out _), Is.False);
            Assert.That(SlackActions.TryParseChoice("Scope|team|a", out var slot, out var value) && slot == Slot.Scope && value == "team|a");
        });
    }
}
