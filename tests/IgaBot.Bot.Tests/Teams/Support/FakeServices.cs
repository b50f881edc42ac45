using System.Collections.Concurrent;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.People;

namespace IgaBot.Bot.Tests.Teams.Support;

/// <summary>A small directory: who the Teams tests talk as.</summary>
internal static class TestPeople
{
    public const string TenantId = "tenant-contoso";

    public static readonly Person Tom = new()
    {
        Email = "tom.baker@contoso.com", Name = "Tom Baker", Title = "Software Engineer", Department = "Engineering",
        Manager = "nina.petrova@contoso.com", TeamsId = "aad-tom",
    };
    public static readonly Person Nina = new()
    {
        Email = "nina.petrova@contoso.com", Name = "Nina Petrova", Title = "Engineering Manager", Department = "Engineering",
        Manager = "raj.patel@contoso.com", TeamsId = "aad-nina",
    };
    /// <summary>No Teams id in the directory: found through the email Teams gives for the member.</summary>
    public static readonly Person Raj = new()
    {
        Email = "raj.patel@contoso.com", Name = "Raj Patel", Title = "VP Engineering", Department = "Engineering",
    };
    public static readonly Person Lucy = new()
    {
        Email = "lucy.evans@contoso.com", Name = "Lucy Evans", Title = "Software Engineer", Department = "Engineering",
        Manager = "nina.petrova@contoso.com", TeamsId = "aad-lucy",
    };

    public static Tenant Tenant { get; } = new(
        new AccessCatalog([], new Dictionary<string, IReadOnlyList<string>>()),
        new PeopleDirectory([Tom, Nina, Raj, Lucy]),
        new Dictionary<string, IReadOnlyList<AccessAssignment>>());
}

internal sealed class FakeTenantAccessor : ITenantAccessor
{
    public Tenant Current { get; set; } = TestPeople.Tenant;
}

internal sealed class FakeConversationService : IConversationService
{
    private readonly ConcurrentQueue<(ConversationKey Conversation, string Actor, TurnInput Input)> _calls = new();

    public IReadOnlyList<(ConversationKey Conversation, string Actor, TurnInput Input)> Calls => _calls.ToList();

    /// <summary>What the next turns answer.</summary>
    public Func<TurnInput, TurnReply> Reply { get; set; } = _ => new TurnReply("I can help you get access.");

    public Exception? Failure { get; set; }

    public Task<TurnReply> HandleTurnAsync(ConversationKey conversation, string actorEmail, TurnInput input, CancellationToken ct)
    {
        _calls.Enqueue((conversation, actorEmail, input));
        if (Failure is not null) throw Failure;
        return Task.FromResult(Reply(input));
    }
}

internal sealed class FakeApprovalService : IApprovalService
{
    private readonly ConcurrentQueue<ApprovalCommand> _decisions = new();
    private readonly ConcurrentQueue<(Guid TaskId, string Actor, bool Done, string? Reason)> _tasks = new();

    public IReadOnlyList<ApprovalCommand> Decisions => _decisions.ToList();
    public IReadOnlyList<(Guid TaskId, string Actor, bool Done, string? Reason)> TaskAnswers => _tasks.ToList();

    public Func<ApprovalCommand, ApprovalResult> Decide { get; set; } =
        _ => throw new InvalidOperationException("This test did not expect a decision.");

    public ConcurrentDictionary<(Guid RequestId, int Stage), ApprovalView> Views { get; } = new();

    public Func<Guid, string, bool, string?, ManualTaskView> CompleteTask { get; set; } =
        (_, _, _, _) => throw new InvalidOperationException("This test did not expect a task answer.");

    public Task<ApprovalResult> DecideAsync(ApprovalCommand command, CancellationToken ct)
    {
        _decisions.Enqueue(command);
        return Task.FromResult(Decide(command));
    }

    public Task<ApprovalView?> GetViewAsync(Guid requestId, int stageOrder, CancellationToken ct) =>
        Task.FromResult(Views.GetValueOrDefault((requestId, stageOrder)));

    public Task<ManualTaskView> CompleteManualTaskAsync(Guid taskId, string actorEmail, bool done, string? reason, CancellationToken ct)
    {
        _tasks.Enqueue((taskId, actorEmail, done, reason));
        return Task.FromResult(CompleteTask(taskId, actorEmail, done, reason));
    }
}

internal sealed class FakeGrantService : IGrantService
{
    private readonly ConcurrentQueue<(string Call, Guid GrantId, string Actor, TimeSpan? Extension)> _calls = new();

    public IReadOnlyList<(string Call, Guid GrantId, string Actor, TimeSpan? Extension)> Calls => _calls.ToList();

    public Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct)
    {
        _calls.Enqueue(("release", grantId, actorEmail, null));
        return Task.FromResult(new GrantActionResult(GrantActionOutcome.Releasing, "Done: your access was removed."));
    }

    public Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct)
    {
        _calls.Enqueue(("extend", grantId, actorEmail, extension));
        return Task.FromResult(new GrantActionResult(GrantActionOutcome.ExtensionRequested, "I asked for an extension; your approver will decide."));
    }
}
