using IgaBot.Core.Grants;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Core.Tests.Grants;

public sealed class ExpiryReminderPlanTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan[] Leads = [TimeSpan.FromDays(1), TimeSpan.FromHours(1)];

    private static Grant Lasting(TimeSpan length, GrantStatus status = GrantStatus.Active) => new()
    {
        Id = Guid.NewGuid(), Person = "a@x", EntitlementId = "e", GrantedAt = Start, ExpiresAt = Start + length, Status = status,
    };

    [Test]
    public void OnlyRemindersShorterThanTheGrant_AreUsed()
    {
        Assert.That(ExpiryReminderPlan.LeadsFor(Lasting(TimeSpan.FromDays(3)), Leads), Is.EqualTo(Leads));
        Assert.That(ExpiryReminderPlan.LeadsFor(Lasting(TimeSpan.FromHours(2)), Leads), Is.EqualTo(new[] { TimeSpan.FromHours(1) }));
        Assert.That(ExpiryReminderPlan.LeadsFor(Lasting(TimeSpan.FromMinutes(30)), Leads), Is.Empty);
        Assert.That(ExpiryReminderPlan.LeadsFor(Lasting(TimeSpan.FromHours(1)), Leads), Is.Empty, "a reminder at the very start is no reminder");
    }

    [Test]
    public void TheDueReminder_FollowsTheClock()
    {
        var grant = Lasting(TimeSpan.FromDays(3));
        var clock = new FakeTimeProvider(Start);

        clock.Advance(TimeSpan.FromDays(2) - TimeSpan.FromSeconds(1));
        Assert.That(ExpiryReminderPlan.Due(grant, Leads, clock.GetUtcNow()), Is.Null);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(ExpiryReminderPlan.Due(grant, Leads, clock.GetUtcNow()), Is.EqualTo(TimeSpan.FromDays(1)));
        clock.Advance(TimeSpan.FromHours(23));
        Assert.That(ExpiryReminderPlan.Due(grant, Leads, clock.GetUtcNow()), Is.EqualTo(TimeSpan.FromHours(1)));
        clock.Advance(TimeSpan.FromHours(1));
        Assert.That(ExpiryReminderPlan.Due(grant, Leads, clock.GetUtcNow()), Is.Null, "ended");
    }

    [Test]
    public void AfterAPause_OnlyTheReminderStillTrueIsDue()
    {
        var grant = Lasting(TimeSpan.FromDays(3));
        Assert.That(ExpiryReminderPlan.Due(grant, Leads, grant.ExpiresAt!.Value - TimeSpan.FromMinutes(10)), Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [Test]
    public void PermanentOrEndedGrants_GetNoReminder()
    {
        var permanent = Lasting(TimeSpan.FromDays(3)) with { ExpiresAt = null };
        Assert.That(ExpiryReminderPlan.Due(permanent, Leads, Start + TimeSpan.FromDays(10)), Is.Null);
        Assert.That(ExpiryReminderPlan.Due(Lasting(TimeSpan.FromDays(3), GrantStatus.Revoking), Leads, Start + TimeSpan.FromDays(2.5)), Is.Null);
    }

    [Test]
    public void GrantOptions_DefaultToADayAndAnHour_AndRejectNonPositiveLeads()
    {
        Assert.That(new GrantOptions().EffectiveReminders, Is.EqualTo(Leads));
        Assert.That(new GrantOptions { ExpiryReminders = [TimeSpan.FromMinutes(15)] }.EffectiveReminders, Is.EqualTo(new[] { TimeSpan.FromMinutes(15) }));
        Assert.That(new GrantOptions { ExpiryReminders = [TimeSpan.Zero] }.Validate(), Is.Not.Empty);
    }
}
