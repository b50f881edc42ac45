using System.Collections.Concurrent;
using IgaBot.Adapters.Slack;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Tests.Slack;

public sealed record RecordedTurn(ConversationKey Key, string ActorEmail, TurnInput Input);

/// <summary>Answers turns with <see cref="Behaviour"/>; records each turn that completed.</summary>
public sealed class FakeConversationService : IConversationService
{
    public Func<ConversationKey, string, TurnInput, CancellationToken, Task<TurnReply>> Behaviour { get; set; } =
        (_, _, input, _) => Task.FromResult(new TurnReply($"You said: {input.Text ?? input.Choice?.Value}"));

    public ConcurrentQueue<RecordedTurn> Turns { get; } = new();
    public int Started => _started;
    private int _started;

    public async Task<TurnReply> HandleTurnAsync(ConversationKey conversation, string actorEmail, TurnInput input, CancellationToken ct)
    {
        Interlocked.Increment(ref _started);
        var reply = await Behaviour(conversation, actorEmail, input, ct);
        Turns.Enqueue(new RecordedTurn(conversation, actorEmail, input));
        return reply;
    }
}

public sealed class FakeApprovalService : IApprovalService
{
    public ConcurrentQueue<ApprovalCommand> Commands { get; } = new();
    public ConcurrentQueue<(Guid TaskId, string Actor, bool Done, string? Reason)> TaskAnswers { get; } = new();

    /// <summary>The request's current view (what DecideAsync starts from).</summary>
    public ApprovalView? View { get; set; }

    public Func<ApprovalCommand, ApprovalView, ApprovalResult> Decide { get; set; } = (command, view) =>
        new ApprovalResult(true, "Approved.", view with
        {
            Decision = new ApprovalDecisionView(
                command.Action == ApprovalAction.Deny ? DecisionKind.Denied
                    : command.Action == ApprovalAction.ApproveShorter ? DecisionKind.ApprovedShorter : DecisionKind.Approved,
                command.ActorEmail, command.ActorEmail, DateTimeOffset.UnixEpoch.AddYears(56), command.Reason, command.ShorterDuration),
        });

    public ManualTaskView? Task { get; set; }

    public Task<ApprovalResult> DecideAsync(ApprovalCommand command, CancellationToken ct)
    {
        Commands.Enqueue(command);
        return System.Threading.Tasks.Task.FromResult(Decide(command, View ?? throw new InvalidOperationException("No view set")));
    }

    public Task<ApprovalView?> GetViewAsync(Guid requestId, int stageOrder, CancellationToken ct) => System.Threading.Tasks.Task.FromResult(View);

    public Task<ManualTaskView> CompleteManualTaskAsync(Guid taskId, string actorEmail, bool done, string? reason, CancellationToken ct)
    {
        TaskAnswers.Enqueue((taskId, actorEmail, done, reason));
        var task = Task ?? throw new InvalidOperationException("No task set");
        return System.Threading.Tasks.Task.FromResult(task with { Resolution = done ? $"Done by {actorEmail}" : $"Can't do ({reason}), said {actorEmail}" });
    }
}

public sealed class FakeGrantService : IGrantService
{
    public ConcurrentQueue<(string Call, Guid GrantId, string Actor, TimeSpan? By)> Calls { get; } = new();

    public Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct)
    {
        Calls.Enqueue(("release", grantId, actorEmail, null));
        return Task.FromResult(new GrantActionResult(GrantActionOutcome.Releasing, "Released: your access has been removed."));
    }

    public Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct)
    {
        Calls.Enqueue(("extend", grantId, actorEmail, extension));
        return Task.FromResult(new GrantActionResult(GrantActionOutcome.ExtensionRequested, "Extension requested."));
    }
}

public sealed class FakeAppHomeData : IAppHomeData
{
    public AppHomeModel Model { get; set; } = AppHomeModel.Empty;
    public ConcurrentQueue<string> Asked { get; } = new();

    public Task<AppHomeModel> GetAsync(string personEmail, CancellationToken ct)
    {
        Asked.Enqueue(personEmail);
        return Task.FromResult(Model);
    }
}

public sealed class FixedTenant(IgaBot.Core.Tenant tenant) : ITenantAccessor
{
    public IgaBot.Core.Tenant Current { get; } = tenant;
}

/// <summary>A small tenant: Alice asks, Nina and Omar approve; Mallory is in Slack but not in the directory.</summary>
public static class SlackTestTenant
{
    public const string AliceSlack = "UALICE";
    public const string NinaSlack = "UNINA";
    public const string OmarSlack = "UOMAR";
    public const string MallorySlack = "UMALLORY";
    public const string BotUser = "UBOT";

    public static IgaBot.Core.Tenant Create()
    {
        var logs = new App
        {
            Id = "datadog",
            Name = "Datadog",
            Description = "Logs",
            Owner = "omar@example.com",
            Connector = "manual",
            Entitlements =
            [
                new Entitlement { Id = "logs-read", AppId = "datadog", Name = "Read logs", Description = "Read", Risk = Risk.Low },
                new Entitlement { Id = "logs-admin", AppId = "datadog", Name = "Logs admin", Description = "Admin", Risk = Risk.High },
            ],
        };
        var people = new PeopleDirectory(
        [
            new Person { Email = "alice@example.com", Name = "Alice Moreau", Title = "Engineer", Department = "Engineering", Manager = "nina@example.com" },
            new Person { Email = "nina@example.com", Name = "Nina Petrova", Title = "Engineering Manager", Department = "Engineering", SlackId = NinaSlack },
            new Person { Email = "omar@example.com", Name = "Omar Haddad", Title = "SRE Lead", Department = "Engineering" },
        ]);
        return new IgaBot.Core.Tenant(new AccessCatalog([logs], new Dictionary<string, IReadOnlyList<string>>()), people,
            new Dictionary<string, IReadOnlyList<AccessAssignment>>());
    }

    public static void AddSlackUsers(FakeSlackApi api)
    {
        api.AddUser(AliceSlack, "alice@example.com", "Alice Moreau");
        api.AddUser(NinaSlack, "nina@example.com", "Nina Petrova");
        api.AddUser(OmarSlack, "omar@example.com", "Omar Haddad");
        api.AddUser(MallorySlack, "mallory@elsewhere.example", "Mallory");
        api.AddUser(BotUser, "", "IgaBot", bot: true);
    }
}
