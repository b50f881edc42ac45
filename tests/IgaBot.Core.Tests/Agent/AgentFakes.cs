using System.Text.Json;
using IgaBot.Core.Agent;
using IgaBot.Core.Audit;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;
using IgaBot.Core.Tests.Policy;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace IgaBot.Core.Tests.Agent;

internal sealed class FixedTenant(Tenant tenant) : ITenantAccessor
{
    public Tenant Current => tenant;
}

/// <summary>Access held and requested, settable by the test; created requests show up as open.</summary>
internal sealed class FakeAccess : IAccessReader
{
    public List<Grant> Grants { get; } = [];
    public List<AccessRequest> Requests { get; } = [];

    public void Hold(string person, string entitlementId, string? scope = null, DateTimeOffset? until = null) =>
        Grants.Add(new Grant
        {
            Id = Guid.NewGuid(), Person = person, EntitlementId = entitlementId, Scope = scope,
            GrantedAt = TenantBuilder.Now.AddDays(-10), ExpiresAt = until, Status = GrantStatus.Active,
        });

    public Task<AccessSnapshot> SnapshotForAsync(Person beneficiary, PeopleDirectory directory, CancellationToken ct)
    {
        var people = directory.PeersOf(beneficiary).Select(p => p.Email).Append(beneficiary.Email).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Task.FromResult(new AccessSnapshot(
            [.. Grants.Where(g => g.Status == GrantStatus.Active && people.Contains(g.Person)).Select(g => new Holding(g.Person, g.EntitlementId, g.Scope, g.ExpiresAt))],
            [.. Requests.Where(r => r.IsOpen && string.Equals(r.Beneficiary, beneficiary.Email, StringComparison.OrdinalIgnoreCase)).Select(r => new Holding(r.Beneficiary, r.EntitlementId, r.Scope))]));
    }

    public Task<PersonAccess> ForPersonAsync(string email, CancellationToken ct) => Task.FromResult(new PersonAccess(
        [.. Grants.Where(g => g.Person == email && g.Status == GrantStatus.Active)],
        [.. Requests.Where(r => r.IsOpen && (r.Requester == email || r.Beneficiary == email))]));
}

/// <summary>Follows the submitter contract: re-runs the policy and stores only approval outcomes.</summary>
internal sealed class FakeSubmitter(ITenantAccessor tenant, FakeAccess access) : IRequestSubmitter
{
    public List<SubmitCommand> Calls { get; } = [];
    public Exception? FailWith { get; set; }

    public async Task<SubmitResult> SubmitAsync(SubmitCommand command, CancellationToken ct)
    {
        Calls.Add(command);
        if (FailWith is { } failure) throw failure;
        var decision = PolicyEngine.Evaluate(
            new PolicyRequest(command.Requester, command.Beneficiary, command.Entitlement, command.Scope, command.Duration, command.Justification),
            tenant.Current, await access.SnapshotForAsync(command.Beneficiary, tenant.Current.Directory, ct), TenantBuilder.Now);
        if (decision.Outcome is not (PolicyOutcome.AutoApproved or PolicyOutcome.NeedsApproval))
            return new SubmitResult { Decision = decision, Refusal = decision.Summary };
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(), Requester = command.Requester.Email, Beneficiary = command.Beneficiary.Email,
            EntitlementId = command.Entitlement.Id, Scope = decision.Scope, Duration = decision.Duration,
            Justification = command.Justification,
            Status = decision.Outcome == PolicyOutcome.AutoApproved ? RequestStatus.Approved : RequestStatus.PendingApproval,
            CreatedAt = TenantBuilder.Now, UpdatedAt = TenantBuilder.Now,
        };
        access.Requests.Add(request);
        var stages = decision.Stages.Select(s => new ApprovalStage
        {
            RequestId = request.Id, Order = s.Order, Step = s.Step.ToString(), Approvers = s.Approvers,
            Status = s.Order == 1 ? StageStatus.Pending : StageStatus.Waiting,
        }).ToList();
        return new SubmitResult { Decision = decision, Request = request, Stages = stages };
    }
}

internal sealed class FakeGrants(FakeAccess access) : IGrantService
{
    public List<(Guid Grant, string Actor)> Released { get; } = [];
    public List<(Guid Grant, string Actor, TimeSpan Extension)> Extensions { get; } = [];

    public Task<GrantActionResult> ReleaseAsync(Guid grantId, string actorEmail, CancellationToken ct)
    {
        var grant = access.Grants.Single(g => g.Id == grantId);
        if (grant.Person != actorEmail) throw new ForbiddenException("That access is not yours to release.");
        Released.Add((grantId, actorEmail));
        access.Grants[access.Grants.IndexOf(grant)] = grant with { Status = GrantStatus.Revoking };
        return Task.FromResult(new GrantActionResult(GrantActionOutcome.Releasing, "Released."));
    }

    public Task<GrantActionResult> RequestExtensionAsync(Guid grantId, string actorEmail, TimeSpan extension, CancellationToken ct)
    {
        Extensions.Add((grantId, actorEmail, extension));
        var grant = access.Grants.Single(g => g.Id == grantId);
        access.Requests.Add(new AccessRequest
        {
            Id = Guid.NewGuid(), Requester = actorEmail, Beneficiary = actorEmail, EntitlementId = grant.EntitlementId, Scope = grant.Scope,
            Duration = extension, Status = RequestStatus.PendingApproval, CreatedAt = TenantBuilder.Now, UpdatedAt = TenantBuilder.Now,
            ExtendsGrantId = grantId,
        });
        return Task.FromResult(new GrantActionResult(GrantActionOutcome.ExtensionRequested, "Extension requested."));
    }
}

/// <summary>Dialog state kept as JSON with versions, like the store; can be told to lose the next save race.</summary>
internal sealed class InMemoryDialogStates : IDialogStateStore
{
    private readonly Dictionary<string, (string Json, long Version)> _states = [];
    public List<AuditEntry> Audit { get; } = [];
    public int ConflictsToRaise { get; set; }
    public int Saves { get; private set; }

    public Task<VersionedDialogState> LoadAsync(ConversationKey conversation, CancellationToken ct) =>
        Task.FromResult(_states.TryGetValue(conversation.ToString(), out var stored)
            ? new VersionedDialogState(JsonSerializer.Deserialize<DialogState>(stored.Json, AgentJson.Options)!, stored.Version)
            : new VersionedDialogState(DialogState.Empty, 0));

    public Task<long> SaveAsync(ConversationKey conversation, DialogState state, long expectedVersion, IReadOnlyList<AuditEntry> audit, CancellationToken ct)
    {
        var key = conversation.ToString();
        var current = _states.TryGetValue(key, out var stored) ? stored.Version : 0;
        if (ConflictsToRaise > 0)
        {
            ConflictsToRaise--;
            _states[key] = (stored.Json ?? JsonSerializer.Serialize(DialogState.Empty, AgentJson.Options), current + 1);
            throw new ConflictException("another turn saved first");
        }
        if (current != expectedVersion) throw new ConflictException("stale");
        _states[key] = (JsonSerializer.Serialize(state, AgentJson.Options), current + 1);
        Audit.AddRange(audit);
        Saves++;
        return Task.FromResult(current + 1);
    }

    public DialogState? Peek(ConversationKey conversation) =>
        _states.TryGetValue(conversation.ToString(), out var stored) ? JsonSerializer.Deserialize<DialogState>(stored.Json, AgentJson.Options) : null;
}

/// <summary>A chat model whose answers the test writes: each call runs the next step with what the model was sent.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IList<ChatMessage>, ChatOptions?, ChatResponse>> _steps = new();

    public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

    public ScriptedChatClient Then(Func<IList<ChatMessage>, ChatOptions?, ChatResponse> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public ScriptedChatClient ThenCall(string tool, Dictionary<string, object?>? arguments = null) =>
        Then((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent($"call-{Requests.Count}", tool, arguments ?? [])]))
        {
            Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10 },
        });

    public ScriptedChatClient ThenSay(string text) =>
        Then((_, _) => new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 120, OutputTokenCount = 20 } });

    public ScriptedChatClient ThenFail(Exception exception) => Then((_, _) => throw exception);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        Requests.Add((list, options));
        if (_steps.Count == 0) return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "(script ended)")));
        return Task.FromResult(_steps.Dequeue()(list, options));
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }

    /// <summary>The result the pipeline sent back for the last tool call, as the model would read it.</summary>
    public static T? LastResult<T>(IList<ChatMessage> messages) where T : class =>
        AgentJson.Read<T>(messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault()?.Result);
}

/// <summary>The agent and the conversation over fakes, for one tenant.</summary>
internal sealed class AgentHarness
{
    public AgentHarness(Tenant tenant, IChatClient offline, IChatClient? model = null, int maxIterations = 10, IgaBot.Core.Budgets.ITurnBudget? budget = null)
    {
        Tenant = new FixedTenant(tenant);
        Access = new FakeAccess();
        foreach (var (person, assignments) in tenant.InitialAccess)
            foreach (var a in assignments) Access.Hold(person, a.EntitlementId, a.Scope);
        Submitter = new FakeSubmitter(Tenant, Access);
        Grants = new FakeGrants(Access);
        States = new InMemoryDialogStates();
        Meter = new ModelUsageMeter();
        Clock = new FakeTimeProvider(TenantBuilder.Now);
        Runner = new AgentRunner(Tenant, new AgentServices(new KeywordEntitlementSearch(Tenant), Access, Submitter, Grants),
            new AgentBackends(offline, model, model is null ? "offline" : "scripted"), Meter,
            Options.Create(new AgentOptions { MaxToolIterations = maxIterations }), Clock, NullLoggerFactory.Instance, budget);
        Conversation = new ConversationService(States, Runner, Tenant, NullLogger<ConversationService>.Instance, budget);
    }

    public FixedTenant Tenant { get; }
    public FakeAccess Access { get; }
    public FakeSubmitter Submitter { get; }
    public FakeGrants Grants { get; }
    public InMemoryDialogStates States { get; }
    public ModelUsageMeter Meter { get; }
    public FakeTimeProvider Clock { get; }
    public AgentRunner Runner { get; }
    public ConversationService Conversation { get; }
    public ConversationKey Key { get; } = new("test", "c1");

    public Task<TurnReply> SayAsync(string actor, string text) => Conversation.HandleTurnAsync(Key, actor, TurnInput.FromText(text), CancellationToken.None);

    public Task<TurnReply> PickAsync(string actor, Slot slot, string value) => Conversation.HandleTurnAsync(Key, actor, TurnInput.FromChoice(slot, value), CancellationToken.None);

    /// <summary>Tools bound to a fresh turn of <paramref name="actor"/>, for calling them directly.</summary>
    public (AccessTools Tools, AgentTurn Turn) ToolsFor(string actor, DialogState? state = null)
    {
        var turn = new AgentTurn(Tenant.Current, Tenant.Current.Directory.Get(actor), state ?? DialogState.Empty, TenantBuilder.Now);
        return (new AccessTools(turn, new AgentServices(new KeywordEntitlementSearch(Tenant), Access, Submitter, Grants)), turn);
    }

    /// <summary>The small company of the policy tests with a few entitlements worth asking for.</summary>
    public static Tenant Company() => TenantBuilder.Company()
        .Entitlement("read", e => e with { Name = "Reports Viewer", Description = "View reports and dashboards." })
        .Entitlement("write", e => e with
        {
            Name = "Reports Editor", Description = "Create and edit reports.", Risk = Risk.Medium,
            MaxDuration = TimeSpan.FromDays(90), Approvals = [ApprovalStep.Manager],
        })
        .Entitlement("admin", e => e with
        {
            Name = "Reports Administrator", Description = "Full setup of the reporting app.", Risk = Risk.Critical,
            MaxDuration = TimeSpan.FromHours(4), Approvals = [ApprovalStep.Manager, ApprovalStep.Owner, ApprovalStep.ForGroup("security")],
            RequiresJustification = true,
        })
        .Entitlement("team-write", e => e with
        {
            Name = "Team Writer", Description = "Push to a team's repositories.", Risk = Risk.Medium,
            Scope = new EntitlementScope("team", ["platform", "payments"]), Approvals = [ApprovalStep.Manager],
        })
        .Entitlement("sales-only", e => e with { Name = "Sales Ledger", Description = "Sales ledger.", EligibleDepartments = ["Sales"] })
        .Build();
}
