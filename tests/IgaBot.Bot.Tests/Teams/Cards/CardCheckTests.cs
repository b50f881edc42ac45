using System.Text.Json.Nodes;
using IgaBot.Bot.Teams.Cards;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;

namespace IgaBot.Bot.Tests.Teams.Cards;

/// <summary>Every card the bot can send, checked by the official Adaptive Cards renderer (tests/teams-check).</summary>
public sealed class CardCheckTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("igabot-cards-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    /// <summary>Every card family in every state a person can meet.</summary>
    internal static IEnumerable<(string Name, JsonObject Card)> EveryCard()
    {
        var directory = TestPeople.Tenant.Directory;
        yield return ("question-buttons", ConversationCards.Reply(Samples.DurationQuestion(), directory));
        yield return ("question-many-options", ConversationCards.Reply(Samples.ScopeQuestionWithManyOptions(), directory));
        yield return ("question-free-text", ConversationCards.Reply(Samples.JustificationQuestion(), directory));
        yield return ("reply-text", ConversationCards.Reply(new TurnReply("I can only help with access."), directory));
        foreach (var kind in Enum.GetValues<OutcomeKind>())
            yield return ($"outcome-{kind}", ConversationCards.Reply(Samples.OutcomeOf(kind), directory));

        var pending = Samples.PendingApproval();
        yield return ("approval-for-approver", ApprovalCards.Render(pending, TestPeople.Nina.Email, directory, ["29:nina", "29:raj"]));
        yield return ("approval-for-others", ApprovalCards.Render(pending, TestPeople.Lucy.Email, directory));
        yield return ("approval-refused-click", ApprovalCards.Render(pending, TestPeople.Lucy.Email, directory, notice: "Only Nina Petrova or Raj Patel can decide this request."));
        yield return ("approval-permanent-no-shorter", ApprovalCards.Render(pending with { Duration = null, Until = null, ShorterOptions = [] }, TestPeople.Nina.Email, directory));
        foreach (var kind in Enum.GetValues<DecisionKind>())
            yield return ($"approval-decided-{kind}", ApprovalCards.Render(Samples.Decided(pending, kind, "not needed"), TestPeople.Nina.Email, directory));

        foreach (var kind in Enum.GetValues<LifecycleKind>())
            yield return ($"notice-{kind}", LifecycleCards.Render(Samples.Notice(kind)));
        yield return ("notice-answered", LifecycleCards.Answered("AWS prod (read-only) in AWS", "Done: your access was removed."));

        yield return ("task-open", ManualTaskCards.Render(Samples.ManualTask()));
        yield return ("task-done", ManualTaskCards.Render(Samples.ManualTask(resolution: "Done by Raj Patel.")));
        yield return ("task-revoke", ManualTaskCards.Render(Samples.ManualTask() with { Operation = "revoke" }));
        yield return ("review-open", MoverReviewCards.Render(Samples.MoverReview()));
        yield return ("review-one-answered", MoverReviewCards.Render(Samples.MoverReview(answered: true)));
        yield return ("review-refused-click", MoverReviewCards.Render(Samples.MoverReview(), notice: "Only the manager this review was sent to can answer it."));
        yield return ("review-closed", MoverReviewCards.Render(Samples.MoverReview(answered: true, open: false)));
        yield return ("welcome", JoinerWelcomeCards.Render(Samples.Welcome()));
        yield return ("welcome-nothing-to-suggest", JoinerWelcomeCards.Render(Samples.Welcome(0)));
        yield return ("error", NoticeCards.Error("3fa85f64"));
    }

    [Test]
    public void EveryCardTheBotSends_IsValidForTheOfficialRenderer()
    {
        var cards = EveryCard().ToList();
        foreach (var (name, card) in cards) File.WriteAllText(Path.Combine(_folder, name + ".json"), card.ToJsonString());

        var (exitCode, output) = NodeCheck.Run("check-cards.js", _folder);

        Assert.That(exitCode, Is.EqualTo(0), output);
        var report = JsonNode.Parse(output)!;
        Assert.That(report["problems"]!.AsArray(), Is.Empty, output);
        Assert.That(report["checked"]!.AsArray(), Has.Count.EqualTo(cards.Count));
    }

    [Test]
    public void TheCheck_CatchesABrokenCard()
    {
        var broken = ConversationCards.Reply(Samples.DurationQuestion(), TestPeople.Tenant.Directory);
        broken["body"]!.AsArray().Add(new JsonObject { ["type"] = "Input.Text" });
        broken["body"]!.AsArray().Add(new JsonObject { ["type"] = "TextBlock", ["text"] = "x", ["weight"] = "Heavy" });
        File.WriteAllText(Path.Combine(_folder, "broken.json"), broken.ToJsonString());

        var (exitCode, output) = NodeCheck.Run("check-cards.js", _folder);

        Assert.That(exitCode, Is.EqualTo(1), output);
        Assert.That(JsonNode.Parse(output)!["problems"]!.AsArray(), Has.Count.EqualTo(2), output);
    }
}
