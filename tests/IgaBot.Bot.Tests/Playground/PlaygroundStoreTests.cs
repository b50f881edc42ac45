using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Storage;
using IgaBot.Bot.Tests.Playground.Support;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using static IgaBot.Bot.Tests.Playground.Support.PlaygroundTestHost;

namespace IgaBot.Bot.Tests.Playground;

/// <summary>What the persona badges and the admin view read from the bot's real store (SQLite in a temp folder).</summary>
public sealed class PlaygroundStoreTests
{
    private string _folder = null!;
    private PlaygroundTestHost _host = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _folder = Directory.CreateTempSubdirectory("igabot-playground-").FullName;
        var settings = new Dictionary<string, string?> { ["Database:ConnectionString"] = $"Data Source={Path.Combine(_folder, "igabot.db")}" };
        _host = await PlaygroundTestHost.StartAsync(settings: settings, services: s =>
        {
            s.AddIgaStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            s.AddSingleton<IManualTaskStore, SqlManualTaskStore>();
        });
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Personas_CountTheApprovalsWaitingForEachApprover()
    {
        await SubmitAsync(Jake, "aws-prod-readonly", approver: Nina);
        await SubmitAsync(Lucy, "aws-prod-readonly", approver: Nina);

        var body = await _host.Client.GetFromJsonAsync<JsonObject>("/playground/api/personas");

        var waiting = ((JsonArray)body!["people"]!).ToDictionary(p => (string)p!["email"]!, p => (int)p!["waitingApprovals"]!);
        Assert.That(waiting, Is.EqualTo(new Dictionary<string, int> { [Nina] = 2, [Jake] = 0, [Lucy] = 0 }));
    }

    [Test]
    public async Task Personas_CountTheManualTasksWaitingForEachOwner_AndAdminListsThem()
    {
        var tasks = _host.Services.GetRequiredService<IManualTaskStore>();
        await tasks.AddAsync(new ManualTask
        {
            Id = Guid.NewGuid(), Operation = ProvisioningOperation.Grant, Assignee = Nina, Connector = "manual",
            Target = new ProvisioningTarget(Jake, "aws-prod-readonly", null, "aws-prod-readonly"),
            Title = "Add Jake Miller to AWS Production Read Only", CreatedAt = DateTimeOffset.UtcNow,
        }, CancellationToken.None);

        var personas = await _host.Client.GetFromJsonAsync<JsonObject>("/playground/api/personas");
        var admin = await _host.Client.GetFromJsonAsync<JsonObject>("/playground/api/admin");

        var open = ((JsonArray)personas!["people"]!).ToDictionary(p => (string)p!["email"]!, p => (int)p!["openTasks"]!);
        Assert.That(open, Is.EqualTo(new Dictionary<string, int> { [Nina] = 1, [Jake] = 0, [Lucy] = 0 }));
        var task = (JsonObject)admin!["tasks"]![0]!;
        Assert.That(((string?)task["assignee"], (string?)task["title"], (string?)task["operation"]),
            Is.EqualTo(("Nina Petrova", "Add Jake Miller to AWS Production Read Only", "Grant")));
    }

    [Test]
    public async Task Admin_ShowsRequestsWithTheirStagesAndTrace_GrantsWithExpiry_AndAVerifiedAuditTrail()
    {
        var requestId = await SubmitAsync(Jake, "aws-prod-readonly", approver: Nina);
        var store = _host.Services.GetRequiredService<IIgaStore>();
        var expires = DateTimeOffset.UtcNow.AddMinutes(1);
        await store.RunAsync(s => s.Grants.CreateAsync(new Grant
        {
            Id = Guid.NewGuid(), Person = Jake, EntitlementId = "aws-prod-readonly", GrantedAt = s.Now, ExpiresAt = expires,
            Status = GrantStatus.Active, RequestId = requestId,
        }, new AuditEntry(Nina, "grant.created", Jake)), CancellationToken.None);

        var admin = await _host.Client.GetFromJsonAsync<JsonObject>("/playground/api/admin");

        var request = (JsonObject)admin!["requests"]![0]!;
        Assert.That((string?)request["requester"], Is.EqualTo("Jake Miller"));
        Assert.That((string?)request["status"], Is.EqualTo("PendingApproval"));
        Assert.That((string?)request["trace"], Is.EqualTo("manager approves"));
        Assert.That((string?)request["duration"], Does.Contain("minute"));
        Assert.That((string?)request["stages"]![0]!["approvers"], Is.EqualTo("Nina Petrova"));
        var grant = (JsonObject)admin["grants"]![0]!;
        Assert.That((string?)grant["person"], Is.EqualTo("Jake Miller"));
        Assert.That((string?)grant["status"], Is.EqualTo("Active"));
        Assert.That(DateTimeOffset.Parse((string)grant["expiresAt"]!), Is.EqualTo(expires).Within(TimeSpan.FromMilliseconds(1)));
        Assert.That((bool?)admin["audit"]!["verified"], Is.True);
        Assert.That(((JsonArray)admin["audit"]!["events"]!).Select(e => (string?)e!["action"]), Does.Contain("grant.created").And.Contain("request.submitted"));
    }

    [Test]
    public async Task Admin_WithoutAStore_SaysThereIsNothingToShow()
    {
        await using var bare = await PlaygroundTestHost.StartAsync();

        var response = await bare.Client.GetAsync("/playground/api/admin");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("without a database"));
    }

    private async Task<Guid> SubmitAsync(string requester, string entitlement, string approver)
    {
        var store = _host.Services.GetRequiredService<IIgaStore>();
        var id = Guid.NewGuid();
        await store.RunAsync(async s =>
        {
            await s.Requests.CreateAsync(new AccessRequest
            {
                Id = id, Requester = requester, Beneficiary = requester, EntitlementId = entitlement, Duration = TimeSpan.FromMinutes(1),
                Status = RequestStatus.PendingApproval, CreatedAt = s.Now, UpdatedAt = s.Now, Trace = "manager approves",
            }, [new ApprovalStage { RequestId = id, Order = 1, Step = "manager", Approvers = [approver], Status = StageStatus.Waiting }],
            new AuditEntry(requester, "request.submitted", id.ToString()));
            await s.Requests.ActivateStageAsync(id, 1, new AuditEntry("igabot", "stage.activated", id.ToString()));
        }, CancellationToken.None);
        return id;
    }
}
