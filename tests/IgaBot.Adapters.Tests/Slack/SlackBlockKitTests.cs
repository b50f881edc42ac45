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

    private static ApprovalView View(string justification = SlackTextObjects.Spoof) => new()
    {
        RequestId = Guid.NewGuid(), StageOrder = 1, RequesterEmail = "a@x", RequesterName = "Alice *CISO*", BeneficiaryEmail = "b@x",
        BeneficiaryName = "Bob _the boss_", BeneficiaryTitle = "T", EntitlementId = "e", EntitlementName = "E", AppName = "App", Risk = "Low",
        Scope = "prod_*", Duration = TimeSpan.FromDays(1), Until = DateTimeOffset.UnixEpoch.AddYears(56),
        Justification = justification, Approvers = ["n@x"], PeersHolding = ["Carla ~x~"], PeerCount = 3,
    };

    [Test]
    public void TheConversationsEchoOfWhatThePersonSaid_IsShownAsWritten()
    {
        var reply = new TurnReply("You asked: " + SlackTextObjects.Spoof + " & go");

        var texts = SlackTextObjects.Of(SlackMessages.Reply(reply).Blocks);

        SlackTextObjects.AssertShownAsWritten(texts, "You asked: " + SlackTextObjects.Spoof + " & go");
    }

    [Test]
    public void AJustificationDressedUpAsAnApproval_ReachesTheApproverAsWritten_BesideOurBoldLabels()
    {
        var message = SlackMessages.Approval(View(), "n@x");
        var texts = SlackTextObjects.Of(message.Blocks);

        SlackTextObjects.AssertShownAsWritten(texts, SlackTextObjects.Spoof);
        Assert.Multiple(() =>
        {
            foreach (var written in new[] { "Alice *CISO* (a@x)", "Bob _the boss_, T", "prod_*", "1 of 3: Carla ~x~", "Alice *CISO* asks for E in App for Bob _the boss_." })
                Assert.That(texts, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", written, false)), written);
            Assert.That(texts.Where(t => t.Type == "mrkdwn").Select(t => t.Text), Has.None.Contain("CISO").And.None.Contain("_the boss_").And.None.Contain("prod_*"));
            Assert.That(texts, Has.Some.Matches<SlackTextObjects.TextObject>(t => t.Type == "mrkdwn" && t.Text.StartsWith("Temporary: 1 day, until <!date^", StringComparison.Ordinal)),
                "dates stay Slack dates");
            Assert.That(message.Text, Does.Not.Contain("<!channel>").And.Not.Contain("<https"), "the notification text cannot ping or link either");
        });
        SlackTextObjects.AssertBoldLabels(texts, "Justification", "Requester", "Beneficiary", "Scope", "Duration", "Risk");
    }

    [Test]
    public void ARightToLeftOverrideOrControlCharacter_ReachesTheApproverNeutralised_InEveryTextAndTheNotification()
    {
        var message = SlackMessages.Approval(View("see invoice_\u202Efdp.exe\u0007 now") with { RequesterName = "Alice \u2066Admin\u2069" }, "n@x");

        var all = Strings(message.Blocks);
        Assert.That(all.Where(t => t.IndexOfAny(['\u202E', '\u0007', '\u2066', '\u2069']) >= 0), Is.Empty);
        Assert.That(all, Has.Some.Contain("see invoice_\uFFFDfdp.exe\uFFFD now"));
        // Ordinal: culture-aware comparison treats these characters as ignorable and finds them anywhere.
        Assert.That(SlackText.Limit(message.Text, SlackText.MessageText).IndexOfAny(['\u2066', '\u2069']), Is.EqualTo(-1));
    }

    [Test]
    public void TheApprovalsFieldRows_StayWithinTenFieldsASection()
    {
        var sections = SlackMessages.Approval(View(), "n@x").Blocks.OfType<SectionBlock>().Where(s => s.Fields is not null).ToList();

        Assert.That(sections, Is.Not.Empty);
        Assert.That(sections.Select(s => s.Fields!.Count), Has.All.LessThanOrEqualTo(SlackText.SectionFields).And.All.Matches<int>(n => n % 2 == 0),
            "label/value pairs never split across sections");
    }

    [Test]
    public void ADenyReason_IsShownAsWritten_OnTheApprovalAndToTheRequester()
    {
        var decided = View("Incident") with
        {
            Decision = new ApprovalDecisionView(DecisionKind.Denied, "n@x", "Nina *Security*", DateTimeOffset.UnixEpoch, SlackTextObjects.Spoof, null),
        };
        var onTheApproval = SlackTextObjects.Of(SlackMessages.Approval(decided, "n@x").Blocks);
        var toTheRequester = SlackTextObjects.Of(SlackMessages.Lifecycle(new LifecycleNotice
        {
            Kind = LifecycleKind.Denied, RecipientEmail = "a@x", EntitlementName = "E", AppName = "App", Scope = "prod_*",
            Text = "Nina *Security* denied your request: " + SlackTextObjects.Spoof,
        }).Blocks);

        SlackTextObjects.AssertShownAsWritten(onTheApproval, SlackTextObjects.Spoof);
        SlackTextObjects.AssertShownAsWritten(toTheRequester, "Nina *Security* denied your request: " + SlackTextObjects.Spoof);
        Assert.That(onTheApproval, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", "Nina *Security*", false)));
        Assert.That(onTheApproval, Has.Some.Matches<SlackTextObjects.TextObject>(t => t.Type == "mrkdwn" && t.Text.StartsWith(":no_entry: *Denied* on <!date^", StringComparison.Ordinal)));
        Assert.That(toTheRequester, Has.Some.EqualTo(new SlackTextObjects.TextObject("mrkdwn", ":no_entry: *Denied*", null)));
        SlackTextObjects.AssertBoldLabels(onTheApproval, "By", "Reason");
        SlackTextObjects.AssertBoldLabels(toTheRequester, "Access", "Scope");
    }

    [Test]
    public void AManualTasksReasonAndScope_AreShownAsWritten()
    {
        var task = new ManualTaskView
        {
            TaskId = Guid.NewGuid(), OwnerEmail = "o@x", AppName = "Payroll", EntitlementName = "Viewer", PersonEmail = "a@x",
            PersonName = "Alice", Operation = "grant", Text = "Please add Alice.", Scope = "team_*_eu",
            Resolution = "cannot by o@x: " + SlackTextObjects.Spoof,
        };

        var texts = SlackTextObjects.Of(SlackMessages.ManualTask(task).Blocks);

        SlackTextObjects.AssertShownAsWritten(texts, "cannot by o@x: " + SlackTextObjects.Spoof);
        Assert.That(texts, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", "team_*_eu", false)), "the scope is copied as typed");
        SlackTextObjects.AssertBoldLabels(texts, "Person", "Access", "Scope", "To do");
    }

    [Test]
    public void AMoverReview_ShowsPeoplesAndCatalogWordsAsWritten_AndOneKeepAndRevokePerGrant()
    {
        var reviewId = Guid.NewGuid();
        var grantId = Guid.NewGuid();
        var review = new Core.People.MoverReviewView
        {
            ReviewId = reviewId, ReviewerEmail = "s@x", PersonEmail = "a@x", PersonName = SlackTextObjects.Spoof, PersonTitle = "AE",
            ChangeText = "department Engineering → Sales", DueAt = DateTimeOffset.UnixEpoch, Open = true,
            Items = [new() { GrantId = grantId, EntitlementName = "Prod *read*", AppName = "AWS", Why = SlackTextObjects.Spoof, Ineligible = true,
                KeepUntil = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero) }],
        };

        var message = SlackMessages.MoverReview(review);
        var texts = SlackTextObjects.Of(message.Blocks);

        SlackTextObjects.AssertShownAsWritten(texts, SlackTextObjects.Spoof);
        Assert.That(texts, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", "AWS: Prod *read*", false)));
        var buttons = message.Blocks.OfType<ActionsBlock>().SelectMany(b => b.Elements).OfType<ButtonElement>().ToList();
        Assert.That(buttons.Select(b => (b.ActionId, b.Value, b.Text.Text)), Is.EqualTo(new[]
        {
            (SlackActions.ReviewKeep, SlackActions.ReviewItem(reviewId, grantId), "Keep until 2025-06-01"),
            (SlackActions.ReviewRevoke, SlackActions.ReviewItem(reviewId, grantId), "Revoke"),
        }));
    }

    [Test]
    public void TheAppHome_ShowsAWaitingApprovalsJustificationAndScopeAsWritten()
    {
        var person = SlackTestTenant.Create().Directory.Get("nina@example.com");
        var model = new AppHomeModel([], [], [View()]);

        var texts = SlackTextObjects.Of(SlackViews.Home(person, model, DateTimeOffset.UnixEpoch).Blocks);

        SlackTextObjects.AssertShownAsWritten(texts, SlackTextObjects.Spoof);
        Assert.That(texts, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", "prod_*", false)));
        SlackTextObjects.AssertBoldLabels(texts, "Requester", "Scope", "Justification");
    }

    [Test]
    public void LongLiteralText_IsCutWithoutLookingForLinks()
    {
        var text = "a < b, " + new string('x', 200);

        Assert.That(SlackText.Literal(text, 100).Text, Is.EqualTo(text[..99] + "…"), "a lone < in plain text is no link to keep whole");
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

        var texts = SlackTextObjects.Of(message.Blocks);
        Assert.That(text, Does.Contain(":no_entry: *Denied* on <!date^"));
        Assert.That(texts, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", "Nina <Petrova>", false)));
        Assert.That(texts, Has.Some.EqualTo(new SlackTextObjects.TextObject("plain_text", "no *need*", false)));
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
