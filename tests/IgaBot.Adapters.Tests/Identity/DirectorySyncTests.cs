using IgaBot.Adapters.Identity;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Tests.Connectors;
using IgaBot.Adapters.Tests.Lifecycle;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.Identity;

/// <summary>The directory sync: the difference, the 80% guard, existing access, delivery to the lifecycle, dry run.</summary>
public sealed class DirectorySyncTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static Person P(string email, string name, string title, string department, string? manager) =>
        new() { Email = email, Name = name, Title = title, Department = department, Manager = manager };

    /// <summary>The test tenant's seven people, as the identity source answers them.</summary>
    private static void Seed(FakeDirectorySource source)
    {
        foreach (var person in TestTenant.Build().Directory.People) source.Set(person);
    }

    private static async Task<DirectorySyncHarness> SyncedAsync(IDictionary<string, string?>? settings = null)
    {
        var h = await DirectorySyncHarness.CreateAsync(settings);
        Seed(h.Source!);
        var first = await h.Sync.RunAsync(dryRun: false, Ct);
        Assert.That(first.Outcome, Is.EqualTo(DirectorySyncOutcome.Applied), first.Problem);
        return h;
    }

    [Test]
    public async Task FirstSync_StoresThePeople_EveryPartSeesThem_AndWelcomesNobody()
    {
        await using var h = await DirectorySyncHarness.CreateAsync();
        Seed(h.Source!);

        var report = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(report.Outcome, Is.EqualTo(DirectorySyncOutcome.Applied));
        Assert.That(report.Plan!.Joiners, Has.Count.EqualTo(7));
        Assert.That(report.Plan.Baseline, Is.True);
        Assert.That((await h.PeopleAsync()).Select(p => p.Person.Email).ToList(), Has.Member(TestTenant.Alice).And.Count.EqualTo(7));
        Assert.That(h.Tenant.Current.Directory.Find(TestTenant.Bob)?.Manager, Is.EqualTo(TestTenant.Nina));
        Assert.That(h.Lifecycle.Handled, Is.Empty, "a first sync is a baseline: people already there are not joiners to welcome");
        Assert.That((await h.AuditAsync(LifecycleSubjects.Directory)).Select(e => e.Action), Has.Member("directory.synced"));
    }

    [Test]
    public async Task JoinersMoversAndLeavers_AreStoredAudited_AndHandedToTheLifecycleOnce()
    {
        await using var h = await SyncedAsync();
        const string dana = "dana@contoso.test";
        h.Source!.Set(P(dana, "Dana Li", "Software Engineer", "Engineering", TestTenant.Nina));
        h.Source.Set(P(TestTenant.Bob, "Bob Stone", "Security Engineer", "Security", TestTenant.Olga));
        h.Source.People.RemoveAll(p => p.Email == TestTenant.Alice);

        var report = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(report.Outcome, Is.EqualTo(DirectorySyncOutcome.Applied), report.Problem);
        var changes = h.Lifecycle.Handled.Single();
        Assert.That(changes.Joiners.Select(p => p.Email), Is.EqualTo(new[] { dana }));
        Assert.That(changes.Leavers.Select(p => p.Email), Is.EqualTo(new[] { TestTenant.Alice }));
        var move = changes.Movers.Single();
        Assert.That((move.Before.Department, move.After.Department, move.DepartmentChanged, move.TitleChanged, move.ManagerChanged),
            Is.EqualTo(("Engineering", "Security", true, true, true)));
        Assert.That(move.Before.Manager, Is.EqualTo(TestTenant.Nina));
        Assert.That(h.Tenant.Current.Directory.Find(TestTenant.Alice), Is.Null, "the leaver is gone from the directory everyone sees");
        Assert.That(h.Tenant.Current.Directory.Find(TestTenant.Bob)!.Department, Is.EqualTo("Security"));
        Assert.That((await h.AuditAsync(LifecycleSubjects.Person(TestTenant.Alice))).Select(e => e.Action), Has.Member("directory.leaver"));
        Assert.That((await h.AuditAsync(LifecycleSubjects.Person(TestTenant.Bob))).Select(e => e.Action), Has.Member("directory.mover"));
        Assert.That((await h.AuditAsync(LifecycleSubjects.Person(dana))).Select(e => e.Action), Has.Member("directory.joiner"));
        Assert.That((await h.AuditAsync(LifecycleSubjects.Directory)).Select(e => e.Action), Has.Member("directory.delivered"));

        var again = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(again.Plan!.IsEmpty, Is.True);
        Assert.That(h.Lifecycle.Handled, Has.Count.EqualTo(1), "nothing changed since: nothing more is handed over");
    }

    [Test]
    public async Task MostPeopleGoneAtOnce_ChangesNothing_AuditsAndLogsAnError()
    {
        await using var h = await SyncedAsync();
        h.Source!.People.RemoveAll(p => p.Email != TestTenant.Omar);
        var auditBefore = (await h.AuditAsync()).Count;
        // The alert hook: igabot.directory.syncs with outcome "refused", exported by OpenTelemetry when configured.
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<string>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) => { if (instrument.Name == "igabot.directory.syncs") l.EnableMeasurementEvents(instrument); };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags) if (tag.Key == "outcome") outcomes.Add((string)tag.Value!);
        });
        listener.Start();

        var report = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(report.Outcome, Is.EqualTo(DirectorySyncOutcome.Refused));
        Assert.That(report.Problem, Does.Contain("6 leavers").And.Contain("MaxLeaverShare"));
        Assert.That(await h.PeopleAsync(), Has.Count.EqualTo(7), "nobody was removed");
        Assert.That(h.Tenant.Current.Directory.Find(TestTenant.Alice), Is.Not.Null);
        Assert.That(h.Lifecycle.Handled, Is.Empty, "no leavers handed over");
        var audit = await h.AuditAsync();
        Assert.That(audit.Skip(auditBefore).Select(e => e.Action), Is.EqualTo(new[] { "directory.sync-refused" }));
        Assert.That(h.LogLines, Has.Some.StartsWith("Error").And.Contains("changed nothing"));
        Assert.That(outcomes, Does.Contain("refused"));
    }

    [Test]
    public async Task TheLeaverShare_IsASetting()
    {
        await using var h = await SyncedAsync(new Dictionary<string, string?> { ["Directory:MaxLeaverShare"] = "0.9" });
        h.Source!.People.RemoveAll(p => p.Email != TestTenant.Omar);

        var report = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(report.Outcome, Is.EqualTo(DirectorySyncOutcome.Applied), "6 of 7 (86%) is within 90%");
        Assert.That(await h.PeopleAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ASourceThatFails_ChangesNothing_AndIsAudited()
    {
        await using var h = await SyncedAsync();
        h.Source!.People.RemoveAll(p => p.Email == TestTenant.Alice);
        h.Source.Failure = new ConnectorException(ConnectorResult.Transient("Entra directory source 'idp' could not be reached at 127.0.0.1:9"));

        var report = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(report.Outcome, Is.EqualTo(DirectorySyncOutcome.SourceFailed));
        Assert.That(report.Problem, Does.Contain("could not be reached"));
        Assert.That(await h.PeopleAsync(), Has.Count.EqualTo(7));
        Assert.That((await h.AuditAsync(LifecycleSubjects.Directory)).Last().Action, Is.EqualTo("directory.sync-failed"));
    }

    [Test]
    public async Task AHandlerThatFails_GetsTheChangesAgainOnTheNextRun()
    {
        await using var h = await SyncedAsync();
        h.Source!.People.RemoveAll(p => p.Email == TestTenant.Alice);
        h.Lifecycle.FailWith = new InvalidOperationException("the channel is down");

        var first = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(first.Outcome, Is.EqualTo(DirectorySyncOutcome.Applied));
        Assert.That(first.ChangeSetsPending, Is.EqualTo(1));
        Assert.That(await h.PeopleAsync(), Has.Count.EqualTo(6), "the directory change itself stands");
        Assert.That((await h.AuditAsync(LifecycleSubjects.Directory)).Select(e => e.Action), Has.Member("directory.delivery-failed"));

        h.Lifecycle.FailWith = null;
        var second = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(second.ChangeSetsPending, Is.EqualTo(0));
        Assert.That(second.ChangeSetsDelivered, Is.EqualTo(1));
        Assert.That(h.Lifecycle.Handled.Select(c => c.Leavers.Single().Email), Is.EqualTo(new[] { TestTenant.Alice, TestTenant.Alice }),
            "the same leaver again: at least once");
    }

    [Test]
    public async Task AccessAtATargetThatNoGrantExplains_IsKeptAsAnUnmanagedPermanentGrant_AndEndsWhenTheTargetDropsIt()
    {
        await using var h = await SyncedAsync();
        h.Target.Add("aws-prod-read", TestTenant.Bob);
        h.Target.Add("aws-prod-read", "stranger@elsewhere.test");

        var found = await h.Sync.RunAsync(dryRun: false, Ct);

        var access = found.Plan!.AccessFound.Single();
        Assert.That((access.Access.Person, access.Access.EntitlementId, access.Unmanaged), Is.EqualTo((TestTenant.Bob, TestTenant.AwsRead, true)),
            "a member who is not in the directory is not anyone's access");
        var grant = (await h.ActiveGrantsAsync()).Single();
        Assert.That((grant.Person, grant.EntitlementId, grant.ExpiresAt, grant.ConnectorRef), Is.EqualTo((TestTenant.Bob, TestTenant.AwsRead, (DateTimeOffset?)null, "aws-prod-read")));
        var listing = new StringWriter();
        await GrantVerbsRunner.ListUnmanagedAsync(h.Services, listing, Ct);
        Assert.That(listing.ToString(), Does.Contain(TestTenant.Bob).And.Contain("AWS Prod Read-only").And.Contain("scim-test:aws-prod-read").And.Contain("1 unmanaged grant"));

        var unchanged = await h.Sync.RunAsync(dryRun: false, Ct);
        Assert.That(unchanged.Plan!.AccessFound, Is.Empty, "found once, then known");

        h.Target.Remove("aws-prod-read", TestTenant.Bob);
        var lost = await h.Sync.RunAsync(dryRun: false, Ct);

        Assert.That(lost.Plan!.AccessLost.Single().GrantId, Is.EqualTo(grant.Id));
        var ended = await h.Store.RunAsync(s => s.Grants.GetAsync(grant.Id), Ct);
        Assert.That((ended!.Status, ended.EndedBy), Is.EqualTo((GrantStatus.Revoked, DirectorySync.Actor)));
        Assert.That(h.Target.RevokeCalls, Is.EqualTo(0), "nothing to take away at the target: it already did");
        Assert.That((await h.AuditAsync(LifecycleSubjects.Grant(grant.Id))).Select(e => e.Action), Is.EqualTo(new[] { "access.found", "access.lost", "grant.revoked" }));
        listing = new StringWriter();
        await GrantVerbsRunner.ListUnmanagedAsync(h.Services, listing, Ct);
        Assert.That(listing.ToString(), Does.Contain("0 unmanaged grants"));
    }

    [Test]
    public async Task AMemberWithAGrant_IsNotFound_AndAFulfilledRequestMakesFoundAccessManaged()
    {
        await using var h = await SyncedAsync();
        var now = LifecycleHarness.Start;
        await h.Store.RunAsync(s => s.Grants.CreateAsync(new Grant
        {
            Id = Guid.NewGuid(), Person = TestTenant.Alice, EntitlementId = TestTenant.AwsRead, GrantedAt = now, Status = GrantStatus.Active,
        }, new AuditEntry("test", "grant.created", LifecycleSubjects.Person(TestTenant.Alice))), Ct);
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(), Requester = TestTenant.Sam, Beneficiary = TestTenant.Sam, EntitlementId = TestTenant.AwsAdmin,
            Status = RequestStatus.Fulfilled, CreatedAt = now, UpdatedAt = now, Trace = "",
        };
        await h.Store.RunAsync(s => s.Requests.CreateAsync(request, [], new AuditEntry("test", "request.submitted", LifecycleSubjects.Request(request.Id))), Ct);
        h.Target.Add("aws-prod-read", TestTenant.Alice);
        h.Target.Add("aws-admin", TestTenant.Sam);

        var report = await h.Sync.RunAsync(dryRun: false, Ct);

        var found = report.Plan!.AccessFound.Single();
        Assert.That((found.Access.Person, found.Access.EntitlementId, found.Unmanaged), Is.EqualTo((TestTenant.Sam, TestTenant.AwsAdmin, false)));
    }

    [Test]
    public async Task DryRun_PrintsTheDifference_AndChangesNothing()
    {
        await using var h = await SyncedAsync();
        h.Source!.Set(P("dana@contoso.test", "Dana Li", "Software Engineer", "Engineering", TestTenant.Nina));
        h.Source.Set(P(TestTenant.Bob, "Bob Stone", "Staff Engineer", "Engineering", TestTenant.Nina));
        h.Source.People.RemoveAll(p => p.Email == TestTenant.Alice);
        h.Target.Add("aws-admin", TestTenant.Sid);
        var auditBefore = (await h.AuditAsync()).Count;
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await DirectoryVerbsRunner.SyncAsync(h.Services, output, error, dryRun: true, Ct);

        Assert.That(exit, Is.EqualTo(0), error.ToString());
        Assert.That(output.ToString().ReplaceLineEndings("\n"), Is.EqualTo("""
            Directory sync from 'idp': 7 people before, 7 after (dry run: nothing was changed)
            Joiners (1):
              + dana@contoso.test  Dana Li, Software Engineer, Engineering, manager nina@contoso.test
            Movers (1):
              ~ bob@contoso.test  title Software Engineer -> Staff Engineer
            Leavers (1):
              - alice@contoso.test  Alice Chen, Software Engineer, Engineering, manager nina@contoso.test
            Access found (1):
              + sid@contoso.test  aws-admin at scim-test:aws-admin (unmanaged)
            Access lost (0):
            1 joiner(s), 1 mover(s), 1 leaver(s), 1 access found (1 unmanaged), 0 access lost.

            """));
        Assert.That(await h.PeopleAsync(), Has.Count.EqualTo(7));
        Assert.That(await h.ActiveGrantsAsync(), Is.Empty);
        Assert.That((await h.AuditAsync()).Count, Is.EqualTo(auditBefore), "a dry run writes nothing, not even audit rows");
        Assert.That(h.Lifecycle.Handled, Is.Empty);
    }

    [Test]
    public async Task TheVerb_WithARefusedSource_ExitsOneAndSaysWhy()
    {
        await using var h = await SyncedAsync();
        h.Source!.People.Clear();
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await DirectoryVerbsRunner.SyncAsync(h.Services, output, error, dryRun: false, Ct);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("7 leavers (100%)").And.Contain("nothing changed"));
        Assert.That(output.ToString(), Does.Contain("Nothing changed:"));
    }

    [Test]
    public async Task AGraphAnswerThatIsNotADirectory_ChangesNothing()
    {
        var graph = new FakeGraph { PageSize = 3 };
        foreach (var person in TestTenant.Build().Directory.People) graph.AddPerson(person.Email, person.Name, person.Title, person.Department);
        await using var server = await FakeApiServer.StartAsync(graph.Handle);
        graph.Root = server.Root;
        using var connectors = new ConnectorServices(ConnectorServices.Instance("idp", "entra", new Uri(server.Root, "v1.0/"), FakeGraph.Token));
        await using var h = await DirectorySyncHarness.CreateAsync(source: _ => DirectoryServiceCollectionExtensions.Create("idp",
            connectors.Provider.GetRequiredService<IOptions<ConnectorOptions>>().Value, connectors.Provider.GetRequiredService<IHttpClientFactory>(),
            TimeProvider.System, NullLogger.Instance));
        var first = await h.Sync.RunAsync(dryRun: false, Ct);
        Assert.That(first.Outcome, Is.EqualTo(DirectorySyncOutcome.Applied), first.Problem);

        foreach (var garbage in new[] { new FakeReply(200, "<html>Sign in</html>"), new FakeReply(500, "{\"error\":{\"code\":\"generalException\",\"message\":\"boom\"}}") })
        {
            graph.FailNext(garbage);
            var report = await h.Sync.RunAsync(dryRun: false, Ct);

            Assert.That(report.Outcome, Is.EqualTo(DirectorySyncOutcome.SourceFailed), garbage.Json);
            Assert.That(await h.PeopleAsync(), Has.Count.EqualTo(7));
        }

        var state = await h.Store.RunAsync(s => s.Directory.LockAndGetStateAsync(), Ct);
        Assert.That(state!.Version, Is.EqualTo(1), "only the first read was applied");
    }
}
