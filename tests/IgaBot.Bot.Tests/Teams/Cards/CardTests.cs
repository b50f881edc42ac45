using System.Text.Json.Nodes;
using IgaBot.Bot.Teams.Cards;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core.Policy;

namespace IgaBot.Bot.Tests.Teams.Cards;

public sealed class CardTests
{
    private static readonly IgaBot.Core.People.PeopleDirectory Directory = TestPeople.Tenant.Directory;

    [Test]
    public void EveryButtonOfEveryCard_HasAnActionSubmitFallback_ThatCarriesItsVerbAndData()
    {
        foreach (var (name, card) in CardCheckTests.EveryCard())
        {
            foreach (var button in TeamsFixture.ExecuteActions(card))
            {
                var fallback = button["fallback"] as JsonObject;
                Assert.That((string?)fallback?["type"], Is.EqualTo("Action.Submit"), name);
                Assert.That((string?)fallback!["title"], Is.EqualTo((string?)button["title"]), name);
                var submitted = CardClick.FromSubmitValue(fallback["data"]!.ToJsonString());
                Assert.That(submitted?.Verb, Is.EqualTo((string?)button["verb"]), name);
                Assert.That(submitted!.Data.ToJsonString(), Is.EqualTo(button["data"]!.ToJsonString()), name);
            }
        }
    }

    [Test]
    public void ApprovalButtons_CarryOnlyTheRequestAndStage_NeverWhoIsDeciding()
    {
        var card = ApprovalCards.Render(Samples.PendingApproval(), TestPeople.Nina.Email, Directory);

        foreach (var button in TeamsFixture.ExecuteActions(card))
            Assert.That(button["data"]!.AsObject().Select(p => p.Key), Is.EquivalentTo(new[] { "requestId", "stage" }));
    }

    [Test]
    public void ApprovalCard_KnowsPeopleWhoseEmailsAreWrittenWithSpacesOrCapitals()
    {
        // The requester asked for themselves; the beneficiary's and an approver's emails are written differently.
        var view = Samples.PendingApproval() with
        {
            BeneficiaryEmail = $"  {TestPeople.Tom.Email.ToUpperInvariant()} ",
            Approvers = [$" {TestPeople.Nina.Email.ToUpperInvariant()}"],
        };

        var card = ApprovalCards.Render(view, TestPeople.Nina.Email, Directory);

        Assert.That(TeamsFixture.TextOf(card), Does.Not.Contain($"for {TestPeople.Tom.Name}").And.Not.Contain("For:"));
        Assert.That(ApprovalCards.IsApprover(view, $"{TestPeople.Nina.Email} "), Is.True);
        Assert.That(TeamsFixture.ExecuteActions(card), Is.Not.Empty);
    }

    [Test]
    public void QuestionWithMoreOptionsThanTeamsShowsAsButtons_BecomesADropDown()
    {
        var card = ConversationCards.Reply(Samples.ScopeQuestionWithManyOptions(), Directory);

        var choice = card["body"]!.AsArray().OfType<JsonObject>().Single(e => (string?)e["type"] == "Input.ChoiceSet");
        Assert.That((string?)choice["id"], Is.EqualTo("value"));
        Assert.That(choice["choices"]!.AsArray(), Has.Count.EqualTo(7));
        var button = TeamsFixture.ExecuteActions(card).Single();
        Assert.That((string?)button["data"]!["slot"], Is.EqualTo("scope"));
    }

    [Test]
    public void QuestionWithoutOptions_AsksForATypedAnswer_WithoutButtons()
    {
        var card = ConversationCards.Reply(Samples.JustificationQuestion(), Directory);

        Assert.That(TeamsFixture.ExecuteActions(card), Is.Empty);
        Assert.That(TeamsFixture.TextOf(card), Does.Contain("Type your answer"));
    }

    [Test]
    public void PermanentRequest_SaysPermanent_AndOffersNoShorterApproval_WhenPolicyGivesNoOptions()
    {
        var view = Samples.PendingApproval() with { Duration = null, Until = null, ShorterOptions = [] };

        var card = ApprovalCards.Render(view, TestPeople.Nina.Email, Directory);

        Assert.That(TeamsFixture.TextOf(card), Does.Contain("Duration: Permanent"));
        Assert.That(TeamsFixture.ExecuteActions(card).Select(a => (string?)a["verb"]), Is.EquivalentTo(new[] { "approval.approve", "approval.deny" }));
    }

    [Test]
    public void ShorterDurations_AreOfferedShortestFirst_AsIsoValues()
    {
        var card = ApprovalCards.Render(Samples.PendingApproval(), TestPeople.Nina.Email, Directory);

        var choices = card["actions"]!.AsArray().OfType<JsonObject>()
            .Single(a => (string?)a["title"] == "Approve for less time")["card"]!["body"]![0]!["choices"]!.AsArray();
        Assert.That(choices.Select(c => (string?)c!["value"]), Is.EqualTo(new[] { "PT4H", "P1D" }));
        Assert.That(choices.Select(c => (string?)c!["title"]), Is.EqualTo(new[] { "4 hours", "1 day" }));
    }

    [TestCase("duration", true, Slot.Duration)]
    [TestCase("Scope", true, Slot.Scope)]
    [TestCase("3", false, default(Slot))]
    [TestCase("favourite-colour", false, default(Slot))]
    [TestCase("", false, default(Slot))]
    public void SlotNamesFromCardData_AreReadStrictly(string text, bool valid, Slot expected)
    {
        Assert.That(ConversationCards.TryParseSlot(text, out var slot), Is.EqualTo(valid));
        if (valid) Assert.That(slot, Is.EqualTo(expected));
    }

    [TestCase(null)]
    [TestCase("not json")]
    [TestCase("{\"action\": {\"type\": \"Action.Execute\"}}")]
    [TestCase("{\"action\": {\"verb\": 42}}")]
    [TestCase("[1, 2]")]
    public void InvokeValues_WithoutAVerb_AreNotClicks(string? json) =>
        Assert.That(CardClick.FromInvokeValue(json), Is.Null);

    [Test]
    public void InvokeValue_IsReadAsVerbAndDataWithInputs()
    {
        var click = CardClick.FromInvokeValue("""{"action":{"type":"Action.Execute","verb":"approval.deny","data":{"requestId":"r","stage":2,"reason":" no "}}}""");

        Assert.That(click!.Verb, Is.EqualTo("approval.deny"));
        Assert.That(click.GetInt("stage"), Is.EqualTo(2));
        Assert.That(click.GetString("reason"), Is.EqualTo("no"));
        Assert.That(click.GetGuid("requestId"), Is.Null);
    }
}
