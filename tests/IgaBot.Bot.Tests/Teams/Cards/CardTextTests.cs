using System.Text.Json.Nodes;
using IgaBot.Bot.Teams.Cards;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Bot.Tests.Teams.Cards;

/// <summary>
/// TextBlocks are markdown: what a requester, an approver, the catalog or the directory wrote must show
/// literally on a card, never as a live link, bold text or a list.
/// </summary>
public sealed class CardTextTests
{
    private const string Link = "[urgent, click here](https://evil.example)";
    private const string Bold = "**APPROVED BY CISO**";
    private const string Hostile = Link + " " + Bold + "\n- pre-approved\n1. by security";

    private static readonly IgaBot.Core.People.PeopleDirectory Directory = TestPeople.Tenant.Directory;

    [TestCase("Nina Petrova", "Nina Petrova")]
    [TestCase("read-only access to AWS prod, 2 days", "read-only access to AWS prod, 2 days")]
    [TestCase(Bold, @"\*\*APPROVED BY CISO\*\*")]
    [TestCase(Link, @"\[urgent, click here\]\(https://evil.example\)")]
    [TestCase("![x](https://evil.example/p.png)", @"\!\[x\]\(https://evil.example/p.png\)")]
    [TestCase("<https://evil.example>", @"\<https://evil.example\>")]
    [TestCase("- one\n+ two\n  * three", "\\- one\n\\+ two\n  \\* three")]
    [TestCase("12. twelve\n3) three", "12\\. twelve\n3\\) three")]
    [TestCase("# Title\n> quoted\n===", "\\# Title\n\\> quoted\n\\===")]
    [TestCase(@"a\b _c_ `d` ~~e~~ |f|", @"a\\b \_c\_ \`d\` \~\~e\~\~ \|f\|")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void Literal_EscapesEveryMarkdownMarker_AndLeavesOrdinaryWordsAlone(string? text, string expected) =>
        Assert.That(CardElements.Literal(text), Is.EqualTo(expected));

    [Test]
    public void Justification_WithALinkBoldAndAList_IsEscapedInTheApprovalCardJson()
    {
        var card = ApprovalCards.Render(Samples.PendingApproval() with { Justification = Hostile }, TestPeople.Nina.Email, Directory);

        var justification = FactValue(card, "Justification");
        Assert.That(justification, Is.EqualTo(CardElements.Literal(Hostile)));
        Assert.That(justification, Does.StartWith(@"\[urgent, click here\]\(https://evil.example\) \*\*APPROVED BY CISO\*\*")
            .And.Contain("\n\\- pre-approved").And.EndWith("\n1\\. by security"));
    }

    [Test]
    public void ARightToLeftOverrideOrControlCharacter_InAJustification_ReachesTheApproversCardNeutralised()
    {
        var card = ApprovalCards.Render(Samples.PendingApproval() with { Justification = "see invoice_\u202Efdp.exe\u0007 now" }, TestPeople.Nina.Email, Directory);

        var texts = card.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.That(texts.Contains('\u202E') || texts.Contains('\u0007'), Is.False, "the override reached the card");
        Assert.That(FactValue(card, "Justification"), Is.EqualTo("see invoice\\_\uFFFDfdp.exe\uFFFD now"));
    }

    [Test]
    public void APlainTextReply_NeutralisesBidiOverrides()
    {
        var message = IgaBot.Bot.Teams.TeamsActivities.PlainText("You asked for \u202Eexe.txt");

        Assert.That(message.Text, Is.EqualTo("You asked for \uFFFDexe.txt"));
    }

    [Test]
    public void LongHostileText_IsCutWithoutLeavingHalfAnEscape()
    {
        var card = ApprovalCards.Render(Samples.PendingApproval() with { Justification = new string('*', 2000) }, TestPeople.Nina.Email, Directory);

        var justification = FactValue(card, "Justification")!;
        Assert.That(justification, Does.EndWith("…"));
        Assert.That(justification.TrimEnd('…').Replace(@"\*", "", StringComparison.Ordinal), Is.Empty);
    }

    [Test]
    public void EveryCardFamily_ShowsPeoplesText_Literally_WhenRendered()
    {
        NodeCheck.Require("jsdom", "markdown-it");
        var hostilePending = Samples.PendingApproval() with
        {
            RequesterName = Bold,
            Justification = Hostile,
            Scope = Link,
            Trace = [Hostile],
        };
        var cards = new Dictionary<string, JsonObject>
        {
            ["approval"] = ApprovalCards.Render(hostilePending, TestPeople.Nina.Email, Directory, notice: Hostile),
            ["approval-denied"] = ApprovalCards.Render(Samples.Decided(hostilePending, DecisionKind.Denied, Hostile), TestPeople.Nina.Email, Directory),
            ["notice"] = LifecycleCards.Render(Samples.Notice(LifecycleKind.Denied) with { Text = Hostile, Scope = Link }),
            ["notice-answered"] = LifecycleCards.Answered(Bold, Hostile),
            ["task"] = ManualTaskCards.Render(Samples.ManualTask(resolution: Hostile) with { Text = Hostile, PersonName = Bold }),
            ["question"] = ConversationCards.Reply(new TurnReply(Hostile, new Question(Slot.Scope, Bold,
                [new QuestionOption("a", "a", Hostile), new QuestionOption("b", "b")])), Directory),
            ["outcome"] = ConversationCards.Reply(Samples.OutcomeOf(OutcomeKind.Denied) with { Text = Hostile }, Directory),
            ["review"] = MoverReviewCards.Render(Samples.MoverReview() with
            {
                PersonName = Bold, ChangeText = Hostile,
                Items = [Samples.MoverReview().Items[0] with { EntitlementName = Link, Why = Hostile }],
            }),
            ["welcome"] = JoinerWelcomeCards.Render(Samples.Welcome() with
            {
                PersonName = Bold,
                Suggestions = [Samples.Welcome().Suggestions[0] with { EntitlementName = Hostile, AppName = Link }],
            }),
        };

        var rendered = Render(cards);

        foreach (var (name, blocks) in rendered)
        {
            foreach (var block in blocks)
            {
                var html = (string)block["html"]!;
                Assert.That(html, Does.Not.Contain("<a ").And.Not.Contain("<strong>").And.Not.Contain("<li>").And.Not.Contain("<h1"), $"{name}: {html}");
            }
            var shown = string.Join("\n", blocks.Select(b => (string)b["text"]!));
            Assert.That(shown, Does.Contain(Link).Or.Contain(Bold), name);
        }
        var approvalText = string.Join("\n", rendered["approval"].Select(b => (string)b["text"]!));
        Assert.That(approvalText, Does.Contain(Link + " " + Bold + "\n- pre-approved\n1. by security"), "the justification reads exactly as typed");
    }

    [Test]
    public void OurOwnHeadingsAndLabels_StayBold_WhenRendered()
    {
        NodeCheck.Require("jsdom", "markdown-it");
        var card = ApprovalCards.Render(Samples.PendingApproval() with { Justification = Hostile }, TestPeople.Nina.Email, Directory);

        var blocks = Render(new Dictionary<string, JsonObject> { ["approval"] = card })["approval"];

        var heading = blocks.First(b => ((string)b["text"]!).Contains("your approval is needed", StringComparison.Ordinal));
        Assert.That((string)heading["weight"]!, Is.EqualTo("600"), "the heading is bold");
        var risk = blocks.First(b => ((string)b["text"]!).StartsWith("Risk:", StringComparison.Ordinal));
        Assert.That((string)risk["weight"]!, Is.EqualTo("600"));
        var fact = blocks.First(b => ((string)b["text"]!).Contains(Bold, StringComparison.Ordinal));
        Assert.That((string)fact["weight"]!, Is.Not.EqualTo("600"), "the requester's stars do not make their text bold");
    }

    private static string? FactValue(JsonObject card, string title) =>
        card["body"]!.AsArray().OfType<JsonObject>().Where(e => (string?)e["type"] == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray().OfType<JsonObject>())
            .FirstOrDefault(f => (string?)f["title"] == title)?["value"]?.GetValue<string>();

    /// <summary>Renders the cards with the official renderer and markdown-it (tests/teams-check/render-cards.js): each card's text blocks.</summary>
    private static Dictionary<string, List<JsonObject>> Render(Dictionary<string, JsonObject> cards)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("igabot-render-").FullName;
        try
        {
            foreach (var (name, card) in cards) File.WriteAllText(Path.Combine(folder, name + ".json"), card.ToJsonString());
            var (exitCode, output) = NodeCheck.Run("render-cards.js", folder);
            Assert.That(exitCode, Is.EqualTo(0), output);
            var report = JsonNode.Parse(output)!["cards"]!.AsObject();
            Assert.That(report.Select(c => c.Key), Is.EquivalentTo(cards.Keys), output);
            return report.ToDictionary(c => c.Key, c => c.Value!["blocks"]!.AsArray().OfType<JsonObject>().ToList());
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
