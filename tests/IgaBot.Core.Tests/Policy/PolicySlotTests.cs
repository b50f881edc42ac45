using IgaBot.Core.Catalog;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Tests.Policy;

/// <summary>Rules 4-6: scope, duration and justification, asked only when missing.</summary>
public sealed class PolicySlotTests
{
    private static TenantBuilder WithEntitlement(Func<Entitlement, Entitlement> shape) =>
        TenantBuilder.Company().Entitlement("e", shape);

    private static DurationRequest Days(double days) => DurationRequest.Of(TimeSpan.FromDays(days));

    [Test]
    public void Evaluate_WhenScopedAndNoScopeGiven_AsksScopeWithTheCatalogOptions()
    {
        var decision = WithEntitlement(e => e with { Scope = new("team", ["platform", "payments", "web"]) })
            .Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsInput));
        Assert.That(decision.Missing, Has.Count.EqualTo(1));
        Assert.That(decision.Missing[0].Slot, Is.EqualTo(Slot.Scope));
        Assert.That(decision.Missing[0].Options, Is.EqualTo(new[] { "platform", "payments", "web" }));
        Assert.That(decision.Missing[0].Prompt, Does.Contain("Which team"));
    }

    [Test]
    public void Evaluate_WhenTheScopeIsNotAnOption_AsksAgainSayingSo()
    {
        var decision = WithEntitlement(e => e with { Scope = new("team", ["platform", "payments"]) })
            .Evaluate("jake", "e", scope: "backend");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsInput));
        Assert.That(decision.Missing.Single().Slot, Is.EqualTo(Slot.Scope));
        Assert.That(decision.Missing.Single().Prompt, Does.StartWith("'backend' is not one of the team options"));
        Assert.That(decision.Scope, Is.Null);
    }

    [Test]
    public void Evaluate_WhenTheScopeDiffersOnlyInCase_UsesTheCatalogSpelling()
    {
        var decision = WithEntitlement(e => e with { Scope = new("project", ["OPS", "PAY"]) })
            .Evaluate("jake", "e", scope: " ops ");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Scope, Is.EqualTo("OPS"));
    }

    [Test]
    public void Evaluate_WhenAScopeIsGivenForAnUnscopedEntitlement_IgnoresIt()
    {
        var decision = WithEntitlement(e => e).Evaluate("jake", "e", scope: "platform");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Scope, Is.Null);
        Assert.That(decision.Trace, Has.Some.Contains("'platform' is ignored"));
    }

    [Test]
    public void Evaluate_WhenMaxIsSetAndNoDurationStated_AsksDurationWithDefaultFirstThenPresetsUpToTheMax()
    {
        var decision = WithEntitlement(e => e with { DefaultDuration = TimeSpan.FromDays(30), MaxDuration = TimeSpan.FromDays(90) })
            .Evaluate("jake", "e");

        var slot = decision.Missing.Single();
        Assert.Multiple(() =>
        {
            Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsInput));
            Assert.That(slot.Slot, Is.EqualTo(Slot.Duration));
            Assert.That(slot.Limit, Is.EqualTo(TimeSpan.FromDays(90)));
            Assert.That(slot.Options, Is.EqualTo(new[]
            {
                "30 days", "1 day", "3 days", "7 days", "14 days", "90 days",
            }));
            Assert.That(slot.DurationOptions, Has.Count.EqualTo(slot.Options.Count));
            Assert.That(slot.DurationOptions[0], Is.EqualTo(TimeSpan.FromDays(30)));
        });
    }

    [Test]
    public void Evaluate_WhenTheMaxIsNotAPreset_OffersTheMaxLast()
    {
        var decision = WithEntitlement(e => e with { MaxDuration = TimeSpan.FromDays(2) }).Evaluate("jake", "e");

        Assert.That(decision.Missing.Single().Options, Is.EqualTo(new[] { "1 hour", "4 hours", "8 hours", "1 day", "2 days" }));
    }

    [Test]
    public void Evaluate_WhenTheDurationIsOverTheMax_AsksAgainSayingTheLimit()
    {
        var decision = WithEntitlement(e => e with { MaxDuration = TimeSpan.FromDays(7) })
            .Evaluate("jake", "e", duration: Days(30));

        var slot = decision.Missing.Single();
        Assert.That(slot.Slot, Is.EqualTo(Slot.Duration));
        Assert.That(slot.Limit, Is.EqualTo(TimeSpan.FromDays(7)));
        Assert.That(slot.Prompt, Does.Contain("at most 1 week").And.Contain("30 days is longer"));
        Assert.That(decision.Trace, Has.Some.Contains("over the limit of 1 week"));
    }

    [Test]
    public void Evaluate_WhenPermanentIsAskedAndAMaxIsSet_AsksAgainSayingTheLimit()
    {
        var decision = WithEntitlement(e => e with { MaxDuration = TimeSpan.FromHours(4) })
            .Evaluate("jake", "e", duration: DurationRequest.Permanent);

        var slot = decision.Missing.Single();
        Assert.That(slot.Slot, Is.EqualTo(Slot.Duration));
        Assert.That(slot.Prompt, Does.Contain("cannot be granted permanently; the limit is 4 hours"));
        Assert.That(slot.Options, Is.EqualTo(new[] { "1 hour", "4 hours" }));
    }

    [Test]
    public void Evaluate_WhenTheDurationEqualsTheMax_IsAccepted()
    {
        var decision = WithEntitlement(e => e with { MaxDuration = TimeSpan.FromDays(7) })
            .Evaluate("jake", "e", duration: Days(7));

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Duration, Is.EqualTo(TimeSpan.FromDays(7)));
    }

    [Test]
    public void Evaluate_WhenThreeMonthsAreAskedAgainstANinetyDayMax_FitsBecauseMonthsAreThirtyDays()
    {
        var tenant = WithEntitlement(e => e with { MaxDuration = Durations.ParseIso("P90D") });

        var threeMonths = tenant.Evaluate("jake", "e", duration: DurationRequest.Of(Durations.ParseIso("P3M")));
        var fourMonths = tenant.Evaluate("jake", "e", duration: DurationRequest.Of(Durations.ParseIso("P4M")));

        Assert.That(threeMonths.Duration, Is.EqualTo(TimeSpan.FromDays(90)));
        Assert.That(threeMonths.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(fourMonths.Missing.Single().Prompt, Does.Contain("120 days is longer"));
    }

    [Test]
    public void Evaluate_WhenNoMaxAndNoDurationStated_GrantsPermanently()
    {
        var decision = WithEntitlement(e => e with { DefaultDuration = TimeSpan.FromDays(30) }).Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
        Assert.That(decision.Duration, Is.Null);
        Assert.That(decision.Trace, Has.Some.Contains("none stated, so permanent"));
    }

    [Test]
    public void Evaluate_WhenNoMaxAndADurationIsStated_HonoursIt()
    {
        var decision = WithEntitlement(e => e).Evaluate("jake", "e", duration: Days(400));

        Assert.That(decision.Duration, Is.EqualTo(TimeSpan.FromDays(400)));
    }

    [Test]
    public void Evaluate_WhenUnderOneMinute_AsksAgainEvenWithoutAMax()
    {
        var unlimited = WithEntitlement(e => e).Evaluate("jake", "e", duration: DurationRequest.Of(TimeSpan.FromSeconds(30)));
        var limited = WithEntitlement(e => e with { MaxDuration = TimeSpan.FromHours(4) })
            .Evaluate("jake", "e", duration: DurationRequest.Of(TimeSpan.FromSeconds(59)));

        Assert.That(unlimited.Missing.Single().Slot, Is.EqualTo(Slot.Duration));
        Assert.That(unlimited.Missing.Single().Options[^1], Is.EqualTo("permanent"));
        Assert.That(limited.Missing.Single().Prompt, Does.Contain("at least one minute"));
    }

    [Test]
    public void Evaluate_WhenExactlyOneMinute_IsAccepted()
    {
        var decision = WithEntitlement(e => e with { MaxDuration = TimeSpan.FromHours(4) })
            .Evaluate("jake", "e", duration: DurationRequest.Of(TimeSpan.FromMinutes(1)));

        Assert.That(decision.Duration, Is.EqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void Evaluate_WhenJustificationIsRequiredAndMissing_AsksIt()
    {
        var decision = WithEntitlement(e => e with { RequiresJustification = true }).Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsInput));
        Assert.That(decision.Missing.Single().Slot, Is.EqualTo(Slot.Justification));
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("\t\n")]
    public void Evaluate_WhenJustificationIsOnlyWhitespace_CountsAsMissing(string justification)
    {
        var decision = WithEntitlement(e => e with { RequiresJustification = true })
            .Evaluate("jake", "e", justification: justification);

        Assert.That(decision.Missing.Single().Slot, Is.EqualTo(Slot.Justification));
    }

    [TestCase("')")]
    [TestCase("...")]
    [TestCase("?!")]
    [TestCase("-- ;")]
    [TestCase("x")]
    [TestCase("\u202E\u202E")]
    public void Evaluate_WhenJustificationHasNoWords_AsksAgainSayingWhy(string justification)
    {
        var decision = WithEntitlement(e => e with { RequiresJustification = true })
            .Evaluate("jake", "e", justification: justification);

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsInput));
        Assert.That(decision.Missing.Single().Slot, Is.EqualTo(Slot.Justification));
        Assert.That(decision.Missing.Single().Prompt, Does.StartWith("That reason has no words an approver could weigh."));
    }

    [TestCase("'); DROP TABLE requests; --")]
    [TestCase("INC-42")]
    [TestCase("ok")]
    [TestCase("调试生产故障")]
    public void Evaluate_WhenJustificationHasWords_AcceptsItWhateverElseItHolds(string justification)
    {
        var decision = WithEntitlement(e => e with { RequiresJustification = true })
            .Evaluate("jake", "e", justification: justification);

        Assert.That(decision.Missing, Is.Empty);
    }

    [Test]
    public void Evaluate_WhenJustificationIsGiven_DoesNotAskIt()
    {
        var decision = WithEntitlement(e => e with { RequiresJustification = true })
            .Evaluate("jake", "e", justification: "incident INC-1");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.AutoApproved));
    }

    [Test]
    public void Evaluate_WhenEverySlotIsMissing_ReportsAllInOrderScopeDurationJustification()
    {
        var decision = WithEntitlement(e => e with
            {
                Scope = new("team", ["platform"]),
                MaxDuration = TimeSpan.FromDays(7),
                RequiresJustification = true,
                Approvals = [ApprovalStep.Manager],
            })
            .Evaluate("jake", "e");

        Assert.That(decision.Outcome, Is.EqualTo(PolicyOutcome.NeedsInput));
        Assert.That(decision.Missing.Select(m => m.Slot), Is.EqualTo(new[] { Slot.Scope, Slot.Duration, Slot.Justification }));
        Assert.That(decision.Stages, Is.Empty, "routing waits until nothing is missing");
        Assert.That(decision.Trace.Last(), Is.EqualTo("Still needed: scope, duration, justification."));
    }

    [Test]
    public void Evaluate_WhenScopeIsKnownButDurationIsOverTheMax_AsksOnlyDuration()
    {
        var decision = WithEntitlement(e => e with { Scope = new("team", ["platform"]), MaxDuration = TimeSpan.FromDays(7) })
            .Evaluate("jake", "e", scope: "platform", duration: DurationRequest.Permanent);

        Assert.That(decision.Missing.Select(m => m.Slot), Is.EqualTo(new[] { Slot.Duration }));
        Assert.That(decision.Scope, Is.EqualTo("platform"));
    }

    [Test]
    public void DurationChoices_WhenTheDefaultIsOverTheMax_LeaveTheDefaultOut()
    {
        var entitlement = new Entitlement
        {
            Id = "e", AppId = "app", Name = "E", Description = "", Risk = Risk.Low,
            DefaultDuration = TimeSpan.FromDays(30), MaxDuration = TimeSpan.FromHours(8),
        };

        Assert.That(PolicyEngine.DurationChoices(entitlement), Is.EqualTo(new TimeSpan?[]
        {
            TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(8),
        }));
    }

    [Test]
    public void DurationChoices_WithoutAMax_EndWithPermanent()
    {
        var entitlement = new Entitlement { Id = "e", AppId = "app", Name = "E", Description = "", Risk = Risk.Low };

        var choices = PolicyEngine.DurationChoices(entitlement);

        Assert.That(choices[^1], Is.Null);
        Assert.That(choices.Select(PolicyEngine.DurationOptionText), Does.Contain("365 days").And.Contain("permanent"));
    }

    [Test]
    public void DurationChoices_ReachTheMax_WithTheDefaultFirst()
    {
        var entitlement = new Entitlement
        {
            Id = "e", AppId = "app", Name = "E", Description = "", Risk = Risk.Low,
            DefaultDuration = TimeSpan.FromDays(7), MaxDuration = TimeSpan.FromDays(180),
        };

        var choices = PolicyEngine.DurationChoices(entitlement).Select(PolicyEngine.DurationOptionText).ToList();

        Assert.That(choices[0], Is.EqualTo("7 days"));
        Assert.That(choices, Does.Contain("30 days").And.Contain("90 days").And.Contain("180 days"));
        Assert.That(choices, Does.Not.Contain("1 hour"), "an hour is no sensible choice for a role granted for up to half a year");
    }
}
