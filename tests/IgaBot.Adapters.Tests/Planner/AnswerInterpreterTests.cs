using IgaBot.Adapters.Planner;
using IgaBot.Core.Policy;
using NUnit.Framework;

namespace IgaBot.Adapters.Tests.Planner;

[TestFixture]
public sealed class AnswerInterpreterTests
{
    private static readonly string[] Levels = ["Salesforce Read Only", "Salesforce Sales User", "Salesforce System Administrator"];
    private static readonly string[] Teams = ["platform", "payments", "mobile", "web"];
    private static readonly string[] Lengths = ["1 day (default)", "3 days", "7 days"];

    [TestCase("the read-only one", "Salesforce Read Only")]
    [TestCase("read only", "Salesforce Read Only")]
    [TestCase("2", "Salesforce Sales User")]
    [TestCase("option 2", "Salesforce Sales User")]
    [TestCase("the second", "Salesforce Sales User")]
    [TestCase("the second one please", "Salesforce Sales User")]
    [TestCase("#3", "Salesforce System Administrator")]
    [TestCase("the last one", "Salesforce System Administrator")]
    [TestCase("salesforce-sales-user", "Salesforce Sales User")]
    [TestCase("Salesforce Sales User", "Salesforce Sales User")]
    [TestCase("admin", "Salesforce System Administrator")]
    [TestCase("I'd go with the sales user", "Salesforce Sales User")]
    [TestCase("the narrowest one", "Salesforce Read Only")]
    public void EntitlementAnswers_PickTheOption(string text, string option)
    {
        var answer = AnswerInterpreter.Interpret(Slot.Entitlement, text, Levels);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Option));
        Assert.That(answer.Option, Is.EqualTo(option));
    }

    [TestCase("Salesforce")]
    [TestCase("4")]
    [TestCase("the fifth")]
    [TestCase("something with more power")]
    public void EntitlementAnswers_ThatPickNothingClearly_AreNotUnderstood(string text)
    {
        Assert.That(AnswerInterpreter.Interpret(Slot.Entitlement, text, Levels).Kind, Is.EqualTo(AnswerKind.NotUnderstood));
    }

    [TestCase("platform", "platform")]
    [TestCase("Payments", "payments")]
    [TestCase("the payments team", "payments")]
    [TestCase("3", "mobile")]
    [TestCase("web please", "web")]
    public void ScopeAnswers_PickTheOption(string text, string option)
    {
        var answer = AnswerInterpreter.Interpret(Slot.Scope, text, Teams);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Option));
        Assert.That(answer.Option, Is.EqualTo(option));
    }

    [Test]
    public void DurationAnswer_MatchingAnOfferedValue_IsThatOption()
    {
        var answer = AnswerInterpreter.Interpret(Slot.Duration, "a week", Lengths);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Option));
        Assert.That(answer.Option, Is.EqualTo("7 days"));
        Assert.That(answer.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromDays(7))));
    }

    [TestCase("2 weeks", 14)]
    [TestCase("for 2 days", 2)]
    [TestCase("actually make it 5 days", 5)]
    public void DurationAnswer_NotOffered_IsAValue(string text, int days)
    {
        var answer = AnswerInterpreter.Interpret(Slot.Duration, text, Lengths);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Value));
        Assert.That(answer.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromDays(days))));
    }

    [TestCase("2", "3 days")]
    [TestCase("the default", "1 day (default)")]
    [TestCase("the first one", "1 day (default)")]
    public void DurationAnswer_ByPosition_IsThatOption(string text, string option)
    {
        var answer = AnswerInterpreter.Interpret(Slot.Duration, text, Lengths);

        Assert.That(answer.Option, Is.EqualTo(option));
        Assert.That(answer.Duration?.IsStated, Is.True);
    }

    [Test]
    public void DurationAnswer_Permanent_IsAValue()
    {
        var answer = AnswerInterpreter.Interpret(Slot.Duration, "permanently", []);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Value));
        Assert.That(answer.Duration!.IsPermanent, Is.True);
    }

    [TestCase("yes", AnswerKind.Yes)]
    [TestCase("Yep!", AnswerKind.Yes)]
    [TestCase("sure", AnswerKind.Yes)]
    [TestCase("yes please", AnswerKind.Yes)]
    [TestCase("go ahead", AnswerKind.Yes)]
    [TestCase("no", AnswerKind.No)]
    [TestCase("nope", AnswerKind.No)]
    [TestCase("no thanks", AnswerKind.No)]
    [TestCase("banana", AnswerKind.NotUnderstood)]
    public void ConfirmAnswers_AreYesOrNo(string text, AnswerKind kind)
    {
        Assert.That(AnswerInterpreter.Interpret(Slot.Confirm, text, []).Kind, Is.EqualTo(kind));
    }

    [TestCase(Slot.Entitlement)]
    [TestCase(Slot.Scope)]
    [TestCase(Slot.Duration)]
    [TestCase(Slot.Justification)]
    [TestCase(Slot.Confirm)]
    public void IDontKnow_LeavesTheSlotEmpty(Slot slot)
    {
        var answer = AnswerInterpreter.Interpret(slot, "I don't know", slot == Slot.Scope ? Teams : []);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.DontKnow));
        Assert.That(answer.Option, Is.Null);
        Assert.That(answer.Text, Is.Null);
    }

    [TestCase("not sure which team")]
    [TestCase("no idea, sorry")]
    [TestCase("dunno")]
    [TestCase("I don't know yet")]
    public void DontKnowPhrasings_LeaveTheSlotEmpty(string text)
    {
        Assert.That(AnswerInterpreter.Interpret(Slot.Scope, text, Teams).Kind, Is.EqualTo(AnswerKind.DontKnow));
    }

    [TestCase("pass the audit next week")]
    [TestCase("none of the dashboards load for the customer")]
    [TestCase("verify a data subject access request")]
    [TestCase("investigate failing payment jobs")]
    public void ShortReasons_AreReasons_EvenWhenTheyStartLikeADontKnow(string text)
    {
        var answer = AnswerInterpreter.Interpret(Slot.Justification, text, []);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Value));
        Assert.That(answer.Text, Is.EqualTo(text));
    }

    [TestCase(Slot.Scope, "actually make it 3 days")]
    [TestCase(Slot.Justification, "sorry, for 3 days")]
    [TestCase(Slot.Confirm, "actually make it 3 days")]
    [TestCase(Slot.Entitlement, "3 days")]
    public void ADurationWhileAnotherSlotIsAsked_IsAChangeOfTheDuration(Slot asked, string text)
    {
        var answer = AnswerInterpreter.Interpret(asked, text, asked == Slot.Scope ? Teams : Levels);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Change));
        Assert.That(answer.Slot, Is.EqualTo(Slot.Duration));
        Assert.That(answer.Duration, Is.EqualTo(DurationRequest.Of(TimeSpan.FromDays(3))));
    }

    [Test]
    public void AScopeWhileTheDurationIsAsked_IsAChangeOfTheScope()
    {
        var answer = AnswerInterpreter.Interpret(Slot.Duration, "actually I need the payments team", Lengths,
            new AnswerContext { ScopeOptions = Teams });

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Change));
        Assert.That(answer.Slot, Is.EqualTo(Slot.Scope));
        Assert.That(answer.Option, Is.EqualTo("payments"));
    }

    [Test]
    public void JustificationAnswer_IsTheReasonAsTyped()
    {
        var answer = AnswerInterpreter.Interpret(Slot.Justification, "because support escalation ESC-88 needs the customer's address history.", []);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Value));
        Assert.That(answer.Text, Is.EqualTo("support escalation ESC-88 needs the customer's address history"));
    }

    [Test]
    public void JustificationAnswer_MentioningALength_StaysAReason()
    {
        var answer = AnswerInterpreter.Interpret(Slot.Justification, "I'm covering on-call for 2 weeks", []);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Value));
        Assert.That(answer.Text, Is.EqualTo("I'm covering on-call for 2 weeks"));
    }

    [TestCase("cancel", AnswerKind.Cancel)]
    [TestCase("never mind", AnswerKind.Cancel)]
    [TestCase("start over", AnswerKind.StartOver)]
    public void LeavingTheQuestion_IsRecognisedInAnySlot(string text, AnswerKind kind)
    {
        Assert.That(AnswerInterpreter.Interpret(Slot.Scope, text, Teams).Kind, Is.EqualTo(kind));
    }

    [Test]
    public void Yes_ToASingleOption_PicksIt()
    {
        var answer = AnswerInterpreter.Interpret(Slot.Scope, "yes", ["platform"]);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Option));
        Assert.That(answer.Option, Is.EqualTo("platform"));
    }

    [TestCase("tom.baker@contoso.com", "tom.baker@contoso.com")]
    [TestCase("it's for Tom Baker", "Tom Baker")]
    [TestCase("me", "me")]
    public void BeneficiaryAnswers_AreThePersonAsTyped(string text, string who)
    {
        var answer = AnswerInterpreter.Interpret(Slot.Beneficiary, text, []);

        Assert.That(answer.Kind, Is.EqualTo(AnswerKind.Value));
        Assert.That(answer.Text, Is.EqualTo(who));
    }
}
