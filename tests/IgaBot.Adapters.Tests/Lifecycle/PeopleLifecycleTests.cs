using IgaBot.Adapters.Connectors;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Catalog;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// Joiners, movers and leavers as the directory sync hands them over (<see cref="DirectoryChanges"/> built here), through
/// every registered <see cref="IDirectoryLifecycle"/>, over a real SQLite file, a fake clock and the recording notifier.
/// AWS Prod Read-only is limited to Engineering here; Sara manages Sales.
/// </summary>
public sealed class PeopleLifecycleTests
{
    private const string Sara = "sara@contoso.test";
    private const string Jo = "jo@contoso.test";

    private static Core.Tenant Build(Func<IEnumerable<Person>, IEnumerable<Person>>? people = null)
    {
        var baseline = TestTenant.Build();
        var apps = baseline.Catalog.Apps.Select(a => a with
        {
            Entitlements = [.. a.Entitlements.Select(e => e.Id == AwsRead ? e with { EligibleDepartments = ["Engineering"] } : e)],
        }).ToList();
        var directory = baseline.Directory.People
            .Append(new Person { Email = Sara, Name = "Sara Lind", Title = "Sales Director", Department = "Sales", Manager = Olga });
        return new Core.Tenant(new AccessCatalog(apps, baseline.Catalog.Groups), new PeopleDirectory([.. (people ?? (p => p))(directory)]),
            new Dictionary<string, IReadOnlyList<AccessAssignment>>());
    }

    private static Person Find(Core.Tenant tenant, string email) => tenant.Directory.Get(email);

    private static async Task HandleAsync(LifecycleHarness h, DirectoryChanges changes)
    {
        foreach (var handler in h.Services.GetServices<IDirectoryLifecycle>()) await handler.HandleAsync(changes, default);
    }

    private static async Task<Grant> ApprovedByAsync(LifecycleHarness h, string person, string entitlement, TimeSpan? duration, string approver)
    {
        var request = await h.SubmitAsync(person, entitlement, duration, [approver]);
        var decided = await h.Approvals.DecideAsync(new ApprovalCommand(request.Id, 1, approver, ApprovalAction.Approve), default);
        Assert.That(decided.Accepted, decided.Message);
        await h.Provisioner.RunDueAsync(default);
        return (await h.Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(person), default)).Single(g => g.RequestId == request.Id);
    }

    /// <summary>A permanent grant held without a request (as the directory's initial access is).</summary>
    private static async Task<Grant> HoldAsync(LifecycleHarness h, string person, string entitlement)
    {
        var grant = new Grant
        {
            Id = Guid.NewGuid(), Person = person, EntitlementId = entitlement, GrantedAt = h.Clock.GetUtcNow(), Status = GrantStatus.Active,
        };
        await h.Store.RunAsync(s => s.Grants.CreateAsync(grant, new Core.Audit.AuditEntry("system", "grant.created", LifecycleSubjects.Grant(grant.Id))), default);
        return grant;
    }

    // ---- Leavers ----

    [Test, NonParallelizable]
    public async Task Leaver_GrantsAreRemovedAtTheScimTarget_AtOnce_AndHandlingTwiceDoesNothingTwice()
    {
        using var server = await ScimTestServer.StartAsync();
        var userId = await server.CreateUserAsync(Alice);
        var groupId = await server.CreateGroupAsync("aws-prod-read");
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(tenant: tenant, connector: sp => new ScimConnector("scim-test",
            new ConnectorInstanceOptions { Type = ConnectorTypes.Scim, BaseUrl = server.BaseUrl.AbsoluteUri, Token = ScimTestServer.Token },
            sp.GetRequiredService<IHttpClientFactory>(), TimeProvider.System, sp.GetRequiredService<ILogger<ScimConnector>>()));
        var grant = await h.GrantAsync(Alice, AwsRead, null);
        Assert.That(await server.MemberIdsAsync(groupId), Is.EqualTo(new[] { userId }));

        var last = Find(tenant.Current, Alice);
        tenant.Current = Build(p => p.Where(x => x.Email != Alice));
        var changes = new DirectoryChanges([], [], [last]);
        await HandleAsync(h, changes);
        await h.Provisioner.RunDueAsync(default);

        Assert.That(await server.MemberIdsAsync(groupId), Is.Empty, "the SCIM group no longer lists the leaver");
        Assert.That((await h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
        var ended = (await h.GrantByIdAsync(grant.Id))!;
        Assert.That(ended.EndReason, Does.Contain("left the directory"));

        await HandleAsync(h, changes);
        await h.Provisioner.RunDueAsync(default);
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.revoking"), Is.EqualTo(1));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Person(Alice), "directory.leaver"), Is.EqualTo(1));
    }

    [Test]
    public async Task Leaver_OpenRequestsAreCancelled_TheirApprovalsGoToTheirManager_AndTheRequestersAreToldOnce()
    {
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(tenant: tenant);
        var own = await h.SubmitAsync(Nina, AwsRead, TimeSpan.FromDays(1), [Olga]);
        var bobs = await h.SubmitAsync(Bob, AwsRead, TimeSpan.FromDays(1), [Nina]);
        var manual = await HoldAsync(h, Nina, NetSuite); // a manual app: Omar removes it by hand
        h.Notifier.Clear();

        var last = Find(tenant.Current, Nina);
        tenant.Current = Build(p => p.Where(x => x.Email != Nina));
        var changes = new DirectoryChanges([], [], [last]);
        await HandleAsync(h, changes);
        await HandleAsync(h, changes);

        Assert.That((await h.RequestAsync(own.Id))!.Status, Is.EqualTo(RequestStatus.Cancelled));
        var stage = (await h.StagesAsync(bobs.Id)).Single();
        Assert.That(stage.Approvers, Is.EqualTo(new[] { Olga }), "Nina's approval went to her manager");
        Assert.That(h.Notifier.Approvals.Count(a => a.Approver == Olga && a.View.RequestId == bobs.Id), Is.EqualTo(1));
        var told = h.Notifier.Notices.Where(n => n.RecipientEmail == Bob).ToList();
        Assert.That(told, Has.Count.EqualTo(1));
        Assert.That(told[0].Text, Does.Contain("Nina Petrova").And.Contain("Olga Berg"));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Request(bobs.Id), "approval.rerouted"), Is.EqualTo(1));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Request(own.Id), "request.cancelled"), Is.EqualTo(1));

        // The manual app's access becomes a removal task for its owner.
        await h.Provisioner.RunDueAsync(default);
        Assert.That(h.Notifier.Tasks.Where(t => t.OwnerEmail == Omar && t.Operation == "revoke" && t.PersonEmail == Nina), Has.Exactly(1).Items);
        Assert.That((await h.GrantByIdAsync(manual.Id))!.Status, Is.EqualTo(GrantStatus.Revoking));
    }

    [Test]
    public async Task Leaver_WhoseManagerLeftToo_HasTheirApprovalsGoFurtherUpTheChain()
    {
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(tenant: tenant);
        var bobs = await h.SubmitAsync(Bob, NetSuite, null, [Nina]);
        var nina = Find(tenant.Current, Nina);
        // Nina's manager is Olga; Olga leaves in the same sync, so the stage goes to Olga's manager: nobody. Make Omar hers.
        var olga = Find(tenant.Current, Olga) with { Manager = Omar };
        tenant.Current = Build(p => p.Where(x => x.Email != Nina && x.Email != Olga));

        await HandleAsync(h, new DirectoryChanges([], [], [nina, olga]));

        Assert.That((await h.StagesAsync(bobs.Id)).Single().Approvers, Is.EqualTo(new[] { Omar }));
    }

    [Test]
    public async Task Leaver_WhoOwnedAnApp_HasTheirOpenManualTasksGoToTheirManager_WhoCanAnswerThem()
    {
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(tenant: tenant);
        var bobs = await h.SubmitAsync(Bob, NetSuite, null);   // approved: a task for Omar, NetSuite's owner
        await h.Provisioner.RunDueAsync(default);
        var task = h.Notifier.Tasks.Single(t => t.OwnerEmail == Omar);
        h.Notifier.Clear();

        var omar = Find(tenant.Current, Omar);
        tenant.Current = Build(p => p.Where(x => x.Email != Omar));
        await HandleAsync(h, new DirectoryChanges([], [], [omar]));
        await HandleAsync(h, new DirectoryChanges([], [], [omar]));

        Assert.That(h.Notifier.Tasks.Select(t => (t.TaskId, t.OwnerEmail)), Is.EqualTo(new[] { (task.TaskId, Olga) }), "once, to Omar's manager");
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.ManualTask(task.TaskId), "manual-task.reassigned"), Is.EqualTo(1));
        Assert.ThrowsAsync<ForbiddenException>(() => h.Approvals.CompleteManualTaskAsync(task.TaskId, Omar, done: true, null, default));
        await h.Approvals.CompleteManualTaskAsync(task.TaskId, Olga, done: true, null, default);
        Assert.That((await h.RequestAsync(bobs.Id))!.Status, Is.EqualTo(RequestStatus.Fulfilled));
    }

    [Test]
    public async Task Leaver_WhoseRequestWasAlreadyAtTheConnector_LosesTheAccessItCreates_AndIsNotToldTheyHaveIt()
    {
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(tenant: tenant);
        await h.Store.RunAsync(s => s.Directory.SaveStateAsync("test-source", null), default);   // people come from a source
        var bobs = await h.SubmitAsync(Bob, NetSuite, null);   // approved: a task for Omar, NetSuite's owner
        await h.Provisioner.RunDueAsync(default);
        var task = h.Notifier.Tasks.Single(t => t.OwnerEmail == Omar);

        var bob = Find(tenant.Current, Bob);
        tenant.Current = Build(p => p.Where(x => x.Email != Bob));
        await HandleAsync(h, new DirectoryChanges([], [], [bob]));
        Assert.That((await h.RequestAsync(bobs.Id))!.Status, Is.EqualTo(RequestStatus.Provisioning), "at the connector: not cancelled");
        h.Notifier.Clear();
        await h.Approvals.CompleteManualTaskAsync(task.TaskId, Omar, done: true, null, default);

        var grant = (await h.Store.RunAsync(s => s.Grants.ListForPersonAsync(Bob), default)).Single();
        Assert.That(grant.Status, Is.EqualTo(GrantStatus.Revoking), "its removal is queued with the grant");
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Grant(grant.Id), "grant.revoking"), Is.EqualTo(1));
        Assert.That(h.Notifier.Notices.Where(n => n.RecipientEmail == Bob && n.Kind == LifecycleKind.Provisioned), Is.Empty);
    }

    // ---- Movers ----

    private static async Task<(LifecycleHarness H, MutableTenant Tenant, Grant Read, Grant Admin, Grant Ledger, DirectoryChanges Move)> MovedAliceAsync()
    {
        var tenant = new MutableTenant(Build());
        var h = await LifecycleHarness.CreateAsync(tenant: tenant);
        var read = await h.GrantAsync(Alice, AwsRead, null);                   // not eligible in Sales
        var admin = await ApprovedByAsync(h, Alice, AwsAdmin, null, Nina);      // approved by the old manager
        var ledger = await HoldAsync(h, Alice, NetSuite);                       // neither: not reviewed
        await h.Provisioner.RunDueAsync(default);
        h.Notifier.Clear();
        var before = Find(tenant.Current, Alice);
        tenant.Current = Build(p => p.Select(x => x.Email == Alice ? x with { Department = "Sales", Title = "Account Executive", Manager = Sara } : x));
        return (h, tenant, read, admin, ledger, new DirectoryChanges([], [new PersonMove(before, Find(tenant.Current, Alice))], []));
    }

    [Test]
    public async Task Mover_TheNewManagerGetsOneCard_ListingTheIneligibleGrantsAndThoseTheOldManagerApproved()
    {
        var (h, _, read, admin, ledger, move) = await MovedAliceAsync();
        await using var _h = h;
        await HandleAsync(h, move);
        await HandleAsync(h, move);

        var cards = h.Notifier.Reviews;
        Assert.That(cards, Has.Count.EqualTo(1), "one card per person, however often the move is delivered");
        var card = cards[0];
        Assert.That(card.ReviewerEmail, Is.EqualTo(Sara));
        Assert.That(card.ChangeText, Does.Contain("Engineering → Sales").And.Contain("Nina Petrova → Sara Lind"));
        Assert.That(card.Items.Select(i => i.GrantId), Is.EquivalentTo(new[] { read.Id, admin.Id }));
        Assert.That(card.Items.Single(i => i.GrantId == read.Id).Why, Does.Contain("limited to Engineering"));
        Assert.That(card.Items.Single(i => i.GrantId == admin.Id).Why, Does.Contain("Nina Petrova"));
        Assert.That(card.Items, Has.None.Matches<MoverReviewItemView>(i => i.GrantId == ledger.Id));
        Assert.That(card.Items.All(i => i.Outcome is null && i.KeepUntil == LifecycleHarness.Start + TimeSpan.FromDays(90)));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Person(Alice), "directory.mover"), Is.EqualTo(1));
    }

    [Test]
    public async Task Mover_KeepKeepsUntilTheDate_AndRevokeRevokesAtTheTarget()
    {
        var (h, _, read, admin, _, move) = await MovedAliceAsync();
        await using var _h = h;
        h.Connector.Add("aws-prod-read", Alice);
        await HandleAsync(h, move);
        var reviews = h.Services.GetRequiredService<MoverReviews>();
        var card = h.Notifier.Reviews.Single();

        var kept = await reviews.DecideAsync(new MoverReviewCommand(card.ReviewId, admin.Id, Sara, Keep: true), default);
        Assert.That(kept.Accepted, kept.Message);
        var until = LifecycleHarness.Start + TimeSpan.FromDays(90);
        Assert.That((await h.GrantByIdAsync(admin.Id))!.ExpiresAt, Is.EqualTo(until));
        Assert.That(h.Triggers.Triggers[admin.Id], Is.EqualTo(until), "the revoke fires at the kept date");
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Grant(admin.Id), "mover-review.kept"), Is.EqualTo(1));

        var revoked = await reviews.DecideAsync(new MoverReviewCommand(card.ReviewId, read.Id, Sara, Keep: false), default);
        Assert.That(revoked.Accepted, revoked.Message);
        await h.Provisioner.RunDueAsync(default);
        Assert.That((await h.GrantByIdAsync(read.Id))!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(h.Connector.Members("aws-prod-read"), Does.Not.Contain(Alice));

        var again = await reviews.DecideAsync(new MoverReviewCommand(card.ReviewId, read.Id, Sara, Keep: true), default);
        Assert.That(again.Accepted, Is.False);
        Assert.That(again.Message, Does.StartWith("Already answered: revoked by Sara Lind"));
        var last = h.Notifier.Reviews[^1];
        Assert.That(last.Open, Is.False, "every grant answered closes the review");
        Assert.That(last.Items.Select(i => i.Outcome), Has.All.Not.Null);
    }

    [Test]
    public async Task Mover_AStrangerOrTheOldManagerClickingTheReview_IsRefused_AndNothingChanges()
    {
        var (h, _, read, _, _, move) = await MovedAliceAsync();
        await using var _h = h;
        await HandleAsync(h, move);
        var reviews = h.Services.GetRequiredService<MoverReviews>();
        var card = h.Notifier.Reviews.Single();

        foreach (var stranger in new[] { Bob, Nina, Alice })
        {
            var refused = Assert.ThrowsAsync<ForbiddenException>(() => reviews.DecideAsync(new MoverReviewCommand(card.ReviewId, read.Id, stranger, Keep: false), default));
            Assert.That(refused!.Message, Is.EqualTo(MoverReviews.NotYours));
        }
        Assert.That((await h.GrantByIdAsync(read.Id))!.Status, Is.EqualTo(GrantStatus.Active));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Person(Alice), "mover-review.refused"), Is.EqualTo(3));
    }

    [Test]
    public async Task Mover_Unanswered_AfterTheReviewDays_OnlyTheIneligibleGrantsAreRevoked()
    {
        var (h, _, read, admin, ledger, move) = await MovedAliceAsync();
        await using var _h = h;
        await HandleAsync(h, move);
        var reviews = h.Services.GetRequiredService<MoverReviews>();

        h.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromMinutes(1));
        Assert.That(await reviews.RunDueAsync(default), Is.Zero);
        Assert.That((await h.GrantByIdAsync(read.Id))!.Status, Is.EqualTo(GrantStatus.Active));

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.That(await reviews.RunDueAsync(default), Is.EqualTo(1));
        Assert.That(await reviews.RunDueAsync(default), Is.Zero, "closed once");
        await h.Provisioner.RunDueAsync(default);

        Assert.That((await h.GrantByIdAsync(read.Id))!.Status, Is.EqualTo(GrantStatus.Revoked), "not eligible in Sales");
        Assert.That((await h.GrantByIdAsync(admin.Id))!.Status, Is.EqualTo(GrantStatus.Active), "eligible, only approved by the old manager");
        Assert.That((await h.GrantByIdAsync(ledger.Id))!.Status, Is.EqualTo(GrantStatus.Active));
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Grant(read.Id), "grant.revoking"), Is.EqualTo(1));
        Assert.That(h.Notifier.Reviews[^1].Items.Single(i => i.GrantId == read.Id).Outcome, Does.Contain("no answer within 14 days"));
    }

    [Test]
    public async Task Mover_ReviewDays_IsASetting()
    {
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(new Dictionary<string, string?> { ["Directory:MoverReviewDays"] = "3" }, tenant: tenant);
        var read = await h.GrantAsync(Alice, AwsRead, null);
        var before = Find(tenant.Current, Alice);
        tenant.Current = Build(p => p.Select(x => x.Email == Alice ? x with { Department = "Sales", Manager = Sara } : x));
        await HandleAsync(h, new DirectoryChanges([], [new PersonMove(before, Find(tenant.Current, Alice))], []));

        h.Clock.Advance(TimeSpan.FromDays(3));
        await h.Services.GetRequiredService<MoverReviews>().RunDueAsync(default);
        Assert.That((await h.GrantByIdAsync(read.Id))!.Status, Is.EqualTo(GrantStatus.Revoking));
    }

    // ---- Joiners ----

    [Test]
    public async Task Joiner_IsWelcomedOnce_WithWhatMostPeersWithTheSameTitleHold_AndTheirDepartmentMayHold()
    {
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(tenant: tenant);
        await h.GrantAsync(Alice, AwsRead, null);
        await h.GrantAsync(Bob, AwsRead, null);   // 2 of 2 peers
        await HoldAsync(h, Alice, NetSuite);       // 1 of 2 peers: not "most"
        tenant.Current = Build(p => p.Append(new Person { Email = Jo, Name = "Jo Park", Title = "Software Engineer", Department = "Engineering", Manager = Nina })
            .Append(new Person { Email = "max@contoso.test", Name = "Max Roy", Title = "Software Engineer", Department = "Sales", Manager = Sara }));
        var joiners = new DirectoryChanges([Find(tenant.Current, Jo), Find(tenant.Current, "max@contoso.test")], [], []);

        await HandleAsync(h, joiners);
        await HandleAsync(h, joiners);

        var welcomes = h.Notifier.Welcomes;
        Assert.That(welcomes.Count(w => w.RecipientEmail == Jo), Is.EqualTo(1));
        var jo = welcomes.Single(w => w.RecipientEmail == Jo);
        // Jo's peers are Alice, Bob and Max: AWS Prod Read-only is held by 2 of 3.
        Assert.That(jo.Suggestions.Select(s => (s.EntitlementId, s.Holders, s.Peers)), Is.EqualTo(new[] { (AwsRead, 2, 3) }));
        Assert.That(jo.Suggestions[0].RequestText, Is.EqualTo("I need AWS Prod Read-only"));
        // Max is in Sales, where AWS Prod Read-only may not be held: nothing to suggest.
        Assert.That(welcomes.Single(w => w.RecipientEmail == "max@contoso.test").Suggestions, Is.Empty);
        Assert.That(await h.AuditCountAsync(LifecycleSubjects.Person(Jo), "directory.joiner"), Is.EqualTo(1));
    }

    [Test]
    public async Task Joiner_SuggestionCoverage_IsASetting()
    {
        var tenant = new MutableTenant(Build());
        await using var h = await LifecycleHarness.CreateAsync(new Dictionary<string, string?> { ["Directory:JoinerSuggestionCoverage"] = "0.5" }, tenant: tenant);
        await HoldAsync(h, Alice, NetSuite);       // 1 of 2 peers
        tenant.Current = Build(p => p.Append(new Person { Email = Jo, Name = "Jo Park", Title = "Software Engineer", Department = "Engineering", Manager = Nina }));

        var suggestions = await h.Services.GetRequiredService<JoinerWelcome>().SuggestAsync(Find(tenant.Current, Jo), default);

        Assert.That(suggestions.Select(s => s.EntitlementId), Is.EqualTo(new[] { NetSuite }));
    }
}

/// <summary>The tenant the directory sync would have stored: tests swap it before handing over the changes.</summary>
internal sealed class MutableTenant(Core.Tenant tenant) : ITenantAccessor
{
    public Core.Tenant Current { get; set; } = tenant;
}
