using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using static IgaBot.Adapters.Tests.Storage.SampleData;

namespace IgaBot.Adapters.Tests.Storage;

public class RequestStoreTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    private async Task<AccessRequest> CreateAsync(RequestStatus status = RequestStatus.PendingApproval, string beneficiary = Tom)
    {
        var request = Request(Db.Clock.GetUtcNow(), status, beneficiary);
        await Db.Store.RunAsync(s => s.Requests.CreateAsync(request,
        [
            Stage(request.Id, 1, StageStatus.Pending, Nina) with { ActivatedAt = Db.Clock.GetUtcNow() },
            Stage(request.Id, 2, StageStatus.Waiting, Raj),
        ], Audit("request.submitted", $"request:{request.Id}")), Ct);
        return request;
    }

    [Test]
    public async Task Create_ThenGet_ReturnsTheSameRequestAndStages()
    {
        var offsetTime = new DateTimeOffset(2025, 3, 3, 10, 15, 30, 123, TimeSpan.FromHours(2)).AddTicks(4567);
        var request = Request(offsetTime) with { ExtendsGrantId = Guid.NewGuid(), Outcome = null };
        var stages = new[]
        {
            Stage(request.Id, 1, StageStatus.Pending, Nina, Raj) with { ActivatedAt = offsetTime, ApprovedDuration = TimeSpan.FromHours(36), RemindersSent = 2, Escalated = true },
        };

        await Db.Store.RunAsync(s => s.Requests.CreateAsync(request, stages, Audit("request.submitted", "r")), Ct);
        var (loaded, loadedStages) = await Db.Store.RunAsync(async s => (await s.Requests.GetAsync(request.Id), await s.Requests.GetStagesAsync(request.Id)), Ct);

        Assert.That(loaded, Is.EqualTo(request));
        Assert.That(loaded!.CreatedAt.Offset, Is.EqualTo(TimeSpan.Zero), "timestamps come back in UTC");
        Assert.That(loadedStages, Has.Count.EqualTo(1));
        var stage = loadedStages[0];
        Assert.That(stage with { Approvers = [] }, Is.EqualTo(stages[0] with { Approvers = [] }));
        Assert.That(stage.Approvers, Is.EqualTo(new[] { Nina, Raj }));
    }

    [Test]
    public async Task Get_UnknownId_ReturnsNull()
    {
        Assert.That(await Db.Store.RunAsync(s => s.Requests.GetAsync(Guid.NewGuid()), Ct), Is.Null);
    }

    [Test]
    public async Task Create_WithAStageOfAnotherRequest_IsRefusedAndStoresNothing()
    {
        var request = Request(Db.Clock.GetUtcNow());

        Assert.ThrowsAsync<InvalidInputException>(() => Db.Store.RunAsync(s => s.Requests.CreateAsync(request,
            [Stage(Guid.NewGuid(), 1, StageStatus.Pending, Nina)], Audit("request.submitted", "r")), Ct));

        Assert.That(await Db.Store.RunAsync(s => s.Requests.GetAsync(request.Id), Ct), Is.Null);
    }

    [Test]
    public async Task Lists_FindRequestsByStatusPersonAndOpenness()
    {
        var pending = await CreateAsync();
        Db.Clock.Advance(TimeSpan.FromMinutes(1));
        var fulfilled = await CreateAsync(RequestStatus.Provisioning);
        await Db.Store.RunAsync(s => s.Requests.TransitionAsync(fulfilled.Id, RequestStatus.Provisioning, RequestStatus.Fulfilled, Audit("request.fulfilled", "r")), Ct);
        var ninas = await CreateAsync(beneficiary: Nina);

        await Db.Store.RunAsync(async s =>
        {
            Assert.That((await s.Requests.ListByStatusAsync(RequestStatus.PendingApproval)).Select(r => r.Id), Is.EqualTo(new[] { pending.Id, ninas.Id }));
            Assert.That((await s.Requests.ListByPersonAsync("Tom.Baker@Contoso.com")).Select(r => r.Id), Is.EquivalentTo(new[] { pending.Id, fulfilled.Id }));
            Assert.That((await s.Requests.ListOpenForBeneficiaryAsync(Tom)).Select(r => r.Id), Is.EqualTo(new[] { pending.Id }));
            Assert.That((await s.Requests.ListOpenAsync()).Select(r => r.Id), Is.EquivalentTo(new[] { pending.Id, ninas.Id }));
        }, Ct);
    }

    [Test]
    public async Task Transition_FromTheExpectedStatus_MovesItAndRecordsTheOutcome()
    {
        var request = await CreateAsync();
        Db.Clock.Advance(TimeSpan.FromMinutes(5));

        var denied = await Db.Store.RunAsync(s => s.Requests.TransitionAsync(request.Id, RequestStatus.PendingApproval, RequestStatus.Denied,
            Audit("request.denied", $"request:{request.Id}", Nina), "not needed for this sprint"), Ct);

        Assert.That(denied.Status, Is.EqualTo(RequestStatus.Denied));
        Assert.That(denied.Outcome, Is.EqualTo("not needed for this sprint"));
        Assert.That(denied.UpdatedAt, Is.EqualTo(TestDatabase.Start.AddMinutes(5)));
    }

    [Test]
    public async Task Transition_WhenTheStatusIsNoLongerTheExpectedOne_IsAConflictAndChangesNothing()
    {
        var request = await CreateAsync();
        await Db.Store.RunAsync(s => s.Requests.TransitionAsync(request.Id, RequestStatus.PendingApproval, RequestStatus.Approved, Audit("request.approved", "r", Nina)), Ct);

        var error = Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s =>
            s.Requests.TransitionAsync(request.Id, RequestStatus.PendingApproval, RequestStatus.Denied, Audit("request.denied", "r", Nina)), Ct));

        Assert.That(error!.Message, Does.Contain("is Approved, not PendingApproval"));
        var stored = await Db.Store.RunAsync(s => s.Requests.GetAsync(request.Id), Ct);
        Assert.That(stored!.Status, Is.EqualTo(RequestStatus.Approved));
        var audit = await Db.Store.RunAsync(s => s.Audit.ListAsync(), Ct);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "request.submitted", "request.approved" }));
    }

    [Test]
    public void Transition_OfAnUnknownRequest_SaysItDoesNotExist()
    {
        var error = Assert.ThrowsAsync<InvalidInputException>(() => Db.Store.RunAsync(s =>
            s.Requests.TransitionAsync(Guid.NewGuid(), RequestStatus.PendingApproval, RequestStatus.Approved, Audit("x", "y")), Ct));
        Assert.That(error!.Message, Does.Contain("does not exist"));
    }

    [Test]
    public async Task Transition_Backwards_IsRefused()
    {
        var request = await CreateAsync();

        Assert.ThrowsAsync<InvalidInputException>(() => Db.Store.RunAsync(s =>
            s.Requests.TransitionAsync(request.Id, RequestStatus.PendingApproval, RequestStatus.Draft, Audit("x", "y")), Ct));
    }

    [Test]
    public async Task Transition_TwoConcurrentAttempts_ExactlyOneWins()
    {
        var request = await CreateAsync();
        using var bothReady = new Barrier(2);

        async Task<string> AttemptAsync(RequestStatus next, string approver)
        {
            // Each click handler has read the request as PendingApproval before either writes.
            var seen = await Db.Store.RunAsync(s => s.Requests.GetAsync(request.Id), Ct);
            bothReady.SignalAndWait(TimeSpan.FromSeconds(10));
            try
            {
                await Db.Store.RunAsync(s => s.Requests.TransitionAsync(request.Id, seen!.Status, next,
                    Audit($"request.{next}", $"request:{request.Id}", approver)), Ct);
                return "won";
            }
            catch (ConflictException)
            {
                return "conflict";
            }
        }

        // On SQLite BEGIN IMMEDIATE makes the second wait for the first; on PostgreSQL the second's UPDATE waits
        // for the first's row lock, then finds the status changed. Either way: one winner.
        var outcomes = await Task.WhenAll(
            Task.Run(() => AttemptAsync(RequestStatus.Approved, Nina)),
            Task.Run(() => AttemptAsync(RequestStatus.Denied, Raj)));

        Assert.That(outcomes.Count(o => o == "won"), Is.EqualTo(1), string.Join(", ", outcomes));
        Assert.That(outcomes.Count(o => o == "conflict"), Is.EqualTo(1));
        var final = await Db.Store.RunAsync(s => s.Requests.GetAsync(request.Id), Ct);
        var audit = await Db.Store.RunAsync(s => s.Audit.ListAsync($"request:{request.Id}"), Ct);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { "request.submitted", $"request.{final!.Status}" }),
            "only the winner's decision is audited");
    }

    [Test]
    public async Task DecideStage_WhenPending_RecordsTheDecision()
    {
        var request = await CreateAsync();
        Db.Clock.Advance(TimeSpan.FromHours(1));

        var stage = await Db.Store.RunAsync(s => s.Requests.DecideStageAsync(request.Id, 1,
            new StageDecision(StageStatus.Approved, Nina, "ok for a week", TimeSpan.FromDays(7)), Audit("stage.approved", "r", Nina)), Ct);

        Assert.That(stage.Status, Is.EqualTo(StageStatus.Approved));
        Assert.That(stage.DecidedBy, Is.EqualTo(Nina));
        Assert.That(stage.DecidedAt, Is.EqualTo(TestDatabase.Start.AddHours(1)));
        Assert.That(stage.ApprovedDuration, Is.EqualTo(TimeSpan.FromDays(7)));
        Assert.That(stage.Reason, Is.EqualTo("ok for a week"));
    }

    [Test]
    public async Task DecideStage_Twice_IsAConflict()
    {
        var request = await CreateAsync();
        await Db.Store.RunAsync(s => s.Requests.DecideStageAsync(request.Id, 1, new StageDecision(StageStatus.Approved, Nina), Audit("stage.approved", "r", Nina)), Ct);

        var error = Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s =>
            s.Requests.DecideStageAsync(request.Id, 1, new StageDecision(StageStatus.Denied, Nina, "changed my mind"), Audit("stage.denied", "r", Nina)), Ct));

        Assert.That(error!.Message, Does.Contain("Stage 1").And.Contain("is Approved, not Pending"));
    }

    [Test]
    public async Task DecideStage_ThatIsStillWaiting_IsAConflict()
    {
        var request = await CreateAsync();

        Assert.ThrowsAsync<ConflictException>(() => Db.Store.RunAsync(s =>
            s.Requests.DecideStageAsync(request.Id, 2, new StageDecision(StageStatus.Approved, Raj), Audit("stage.approved", "r", Raj)), Ct));
    }

    [Test]
    public async Task DecideStage_WithAnOutcomeThatIsNotADecision_IsRefused()
    {
        var request = await CreateAsync();

        Assert.ThrowsAsync<InvalidInputException>(() => Db.Store.RunAsync(s =>
            s.Requests.DecideStageAsync(request.Id, 1, new StageDecision(StageStatus.Expired, Nina), Audit("x", "r")), Ct));
    }

    [Test]
    public async Task Reminder_CountedFromAStaleCount_IsAConflict_AndChangesNothing()
    {
        var request = await CreateAsync();
        // Two instances read the stage with no reminder yet; the first one counts its reminder.
        await Db.Store.RunAsync(s => s.Requests.RecordReminderAsync(request.Id, 1, 0, Audit("approval.reminded", "r", "system")), Ct);

        Assert.ThrowsAsync<ConflictException>(() =>
            Db.Store.RunAsync(s => s.Requests.RecordReminderAsync(request.Id, 1, 0, Audit("approval.reminded", "r", "system")), Ct));

        var stage = (await Db.Store.RunAsync(s => s.Requests.GetStagesAsync(request.Id), Ct))[0];
        Assert.That(stage.RemindersSent, Is.EqualTo(1));
        var audit = await Db.Store.RunAsync(s => s.Audit.ListAsync("r"), Ct);
        Assert.That(audit.Count(e => e.Action == "approval.reminded"), Is.EqualTo(1));
    }

    [Test]
    public async Task Escalation_OfAnEscalatedStage_IsAConflict_AndKeepsItsApprovers()
    {
        var request = await CreateAsync();
        await Db.Store.RunAsync(s => s.Requests.EscalateStageAsync(request.Id, 1, [Nina, Raj], Audit("approval.escalated", "r", "system")), Ct);

        Assert.ThrowsAsync<ConflictException>(() =>
            Db.Store.RunAsync(s => s.Requests.EscalateStageAsync(request.Id, 1, [Nina, "olivia.brown@contoso.com"], Audit("approval.escalated", "r", "system")), Ct));

        var stage = (await Db.Store.RunAsync(s => s.Requests.GetStagesAsync(request.Id), Ct))[0];
        Assert.That(stage.Approvers, Is.EqualTo(new[] { Nina, Raj }));
    }

    [Test]
    public async Task ActivateRemindEscalate_MoveTheStageAndItsCounters()
    {
        var request = await CreateAsync();
        Db.Clock.Advance(TimeSpan.FromHours(2));

        var (activated, reminded, escalated, stages) = await Db.Store.RunAsync(async s =>
        {
            var a = await s.Requests.ActivateStageAsync(request.Id, 2, Audit("stage.activated", "r", "system"));
            var r = await s.Requests.RecordReminderAsync(request.Id, 2, 0, Audit("stage.reminded", "r", "system"));
            var e = await s.Requests.EscalateStageAsync(request.Id, 2, ["olivia.brown@contoso.com"], Audit("stage.escalated", "r", "system"));
            return (a, r, e, await s.Requests.ListPendingStagesAsync());
        }, Ct);

        Assert.That(activated.Status, Is.EqualTo(StageStatus.Pending));
        Assert.That(activated.ActivatedAt, Is.EqualTo(TestDatabase.Start.AddHours(2)));
        Assert.That(reminded.RemindersSent, Is.EqualTo(1));
        Assert.That(escalated.Escalated, Is.True);
        Assert.That(escalated.Approvers, Is.EqualTo(new[] { "olivia.brown@contoso.com" }));
        Assert.That(escalated.RemindersSent, Is.Zero, "the new approver's reminders count from the escalation");
        Assert.That(stages.Select(st => st.Order), Is.EquivalentTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task ExpireOpenStages_ExpiresWaitingAndPendingStages()
    {
        var request = await CreateAsync();

        var expired = await Db.Store.RunAsync(s => s.Requests.ExpireOpenStagesAsync(request.Id), Ct);

        Assert.That(expired, Is.EqualTo(2));
        var stages = await Db.Store.RunAsync(s => s.Requests.GetStagesAsync(request.Id), Ct);
        Assert.That(stages.Select(st => st.Status), Is.All.EqualTo(StageStatus.Expired));
    }

    [Test]
    public void OpenStatusList_MatchesTheOpenStatusesOfTheDomain()
    {
        var open = Enum.GetValues<RequestStatus>().Where(RequestTransitions.IsOpen).Select(st => $"'{st}'");

        Assert.That(SqlRequestStore.OpenStatusList, Is.EqualTo($"({string.Join(", ", open)})"));
    }
}
