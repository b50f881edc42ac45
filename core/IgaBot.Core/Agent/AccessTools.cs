using IgaBot.Core.Audit;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using IgaBot.Core.Requests;
using Microsoft.Extensions.AI;

namespace IgaBot.Core.Agent;

/// <summary>The ports the tools work through.</summary>
public sealed record AgentServices(IEntitlementSearch Search, IAccessReader Access, IRequestSubmitter Submitter, IGrantService Grants);

/// <summary>The names the tools are registered under (what a model calls).</summary>
public static class ToolNames
{
    public const string SearchEntitlements = "search_entitlements";
    public const string GetEntitlement = "get_entitlement";
    public const string ListMyAccess = "list_my_access";
    public const string PeerAccess = "peer_access";
    public const string EvaluatePolicy = "evaluate_policy";
    public const string AskUser = "ask_user";
    public const string SubmitRequest = "submit_request";
    public const string RevokeMyAccess = "revoke_my_access";
    public const string ExtendAccess = "extend_access";
    public const string ClearDraft = "clear_draft";
}

/// <summary>
/// The agent's tools, bound to one turn and so to its authenticated actor: no tool takes the actor as
/// an argument. Arguments are untrusted and checked against the catalog and the directory; a tool that
/// cannot do something returns a sentence saying why instead of throwing. Nothing here approves or
/// grants: <c>submit_request</c> hands the request to <see cref="IRequestSubmitter"/>, which re-runs the
/// policy engine and follows its decision.
/// </summary>
public sealed class AccessTools(AgentTurn turn, AgentServices services)
{
    private const int SearchLimit = 5;
    private const int PromptLimit = 300;

    private Tenant Tenant => turn.Tenant;
    private AccessCatalog Catalog => turn.Tenant.Catalog;
    private PeopleDirectory Directory => turn.Tenant.Directory;
    private Person Actor => turn.Actor;

    /// <summary>The tools as functions for an <see cref="IChatClient"/> with function invocation, bound to this turn.</summary>
    /// <param name="typedResults">
    /// Results as the tools' own records instead of JSON: for the offline planner, which reads them in process
    /// (a language model is always given JSON).
    /// </param>
    public IList<AITool> AsAITools(bool typedResults = false) => [.. Definitions.Select(AITool (d) => new BoundTool(d, this, typedResults))];

    // The functions are described once per process (reading the methods' signatures, descriptions and JSON schemas
    // costs more than the rest of a tool call); each turn binds them to its own AccessTools through the arguments' Context.
    private static readonly object ContextKey = typeof(AccessTools);

    private static readonly IReadOnlyList<AIFunction> Definitions =
    [
        Function(nameof(SearchEntitlementsAsync), ToolNames.SearchEntitlements),
        Function(nameof(GetEntitlement), ToolNames.GetEntitlement),
        Function(nameof(ListMyAccessAsync), ToolNames.ListMyAccess),
        Function(nameof(PeerAccessAsync), ToolNames.PeerAccess),
        Function(nameof(EvaluatePolicyAsync), ToolNames.EvaluatePolicy),
        Function(nameof(AskUserAsync), ToolNames.AskUser),
        Function(nameof(SubmitRequestAsync), ToolNames.SubmitRequest),
        Function(nameof(RevokeMyAccessAsync), ToolNames.RevokeMyAccess),
        Function(nameof(ExtendAccessAsync), ToolNames.ExtendAccess),
        Function(nameof(ClearDraft), ToolNames.ClearDraft),
    ];

    private static AIFunction Function(string method, string name) =>
        AIFunctionFactory.Create(
            typeof(AccessTools).GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                ?? throw new InvalidOperationException($"AccessTools has no method {method}."),
            arguments => arguments.Context?.TryGetValue(ContextKey, out var tools) == true && tools is AccessTools bound
                ? bound
                : throw new InvalidOperationException("A tool was called without its turn."),
            new AIFunctionFactoryOptions
            {
                Name = name,
                SerializerOptions = AgentJson.Options,
                // The bound tool decides whether the result becomes JSON (see BoundTool).
                MarshalResult = static (result, _, _) => new ValueTask<object?>(result),
            });

    /// <summary>A tool of <see cref="Definitions"/> that runs on one turn's <see cref="AccessTools"/>.</summary>
    private sealed class BoundTool(AIFunction definition, AccessTools tools, bool typedResults) : DelegatingAIFunction(definition)
    {
        protected override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
        {
            (arguments.Context ??= new Dictionary<object, object?>())[ContextKey] = tools;
            var result = await base.InvokeCoreAsync(arguments, cancellationToken);
            return typedResults || result is null ? result : JsonSerializer.SerializeToElement(result, result.GetType(), AgentJson.Options);
        }
    }

    [Description("Searches the access catalog for entitlements that fit a need described in the user's words " +
        "(for example 'read prod logs' or 'edit opportunities in Salesforce'). Optionally limited to one app. " +
        "Returns the best matches first with id, name, app, description, risk, scope options and duration limits. " +
        "With an app and an empty query it lists everything that app offers.")]
    public async Task<SearchResult> SearchEntitlementsAsync(
        [Description("The need in the user's words.")] string query,
        [Description("Optional app id or name to search in (e.g. 'github').")] string? app = null,
        CancellationToken ct = default)
    {
        App? only = null;
        if (!string.IsNullOrWhiteSpace(app))
        {
            only = FindApp(app);
            if (only is null)
                return new($"There is no app '{app}' in the catalog. Apps: {string.Join(", ", Catalog.Apps.Select(a => $"{a.Name} ({a.Id})"))}.", []);
        }
        if (string.IsNullOrWhiteSpace(query))
        {
            if (only is null) return new("Say what you are looking for, or name an app.", []);
            return new($"{only.Name} offers {only.Entitlements.Count} entitlement(s).", [.. only.Entitlements.Select(e => Summary(e))]);
        }
        var matches = await services.Search.SearchAsync(query, only?.Id, only is null ? SearchLimit : only.Entitlements.Count, ct);
        return matches.Count == 0
            ? new("Nothing in the catalog matches that.", [])
            : new($"{matches.Count} match(es), best first.", [.. matches.Select(m => Summary(m.Entitlement, m.Score))]);
    }

    [Description("Gets one entitlement's full definition: scope options, default and maximum duration, " +
        "approval stages, peer auto-approval threshold, justification rule, eligible departments and conflicts.")]
    public EntitlementDetails GetEntitlement([Description("The entitlement id from the catalog.")] string entitlementId)
    {
        if (Catalog.FindEntitlement(entitlementId ?? "") is not { } e)
            return new() { Message = UnknownEntitlement(entitlementId) };
        return new()
        {
            Message = $"{e.Name} ({Catalog.AppOf(e).Name}): {e.Description}",
            Entitlement = Summary(e),
            Approvals = [.. e.Approvals.Select(a => a.ToString())],
            AutoApprovePeerCoverage = e.PeerCoverage,
            EligibleDepartments = e.EligibleDepartments,
            Conflicts = e.Conflicts,
        };
    }

    [Description("Lists the access the user holds now (with expiry) and their open requests.")]
    public async Task<MyAccessResult> ListMyAccessAsync(CancellationToken ct = default)
    {
        var access = await services.Access.ForPersonAsync(Actor.Email, ct);
        var grants = access.Grants
            .Where(g => g.Status == GrantStatus.Active && PersonKey.Same(g.Person, Actor.Email))
            .OrderBy(g => g.EntitlementId, StringComparer.OrdinalIgnoreCase)
            .Select(g => new HeldAccess(g.Id.ToString(), g.EntitlementId, EntitlementName(g.EntitlementId), AppName(g.EntitlementId), g.Scope, g.GrantedAt, g.ExpiresAt))
            .ToList();
        var open = access.OpenRequests
            .Select(r => new OpenRequestView(r.Id.ToString(), r.EntitlementId, EntitlementName(r.EntitlementId), r.Scope,
                r.Status.ToString(), r.Beneficiary, r.Duration is { } d ? Durations.ToIso(d) : "permanent"))
            .ToList();
        var message = grants.Count == 0 && open.Count == 0
            ? "You hold no access from the catalog and have no open requests."
            : $"You hold {grants.Count} entitlement(s) and have {open.Count} open request(s).";
        return new(message, grants, open);
    }

    [Description("Shows how many of the beneficiary's peers (people with exactly the same job title) hold an " +
        "entitlement, or each entitlement of an app. Useful to suggest the usual choice when a need is ambiguous.")]
    public async Task<PeerAccessResult> PeerAccessAsync(
        [Description("An entitlement id, or an app id or name to compare all of its entitlements.")] string entitlementOrApp,
        CancellationToken ct = default)
    {
        IReadOnlyList<Entitlement> subjects = Catalog.FindEntitlement(entitlementOrApp ?? "") is { } one ? [one]
            : FindApp(entitlementOrApp) is { } app ? app.Entitlements
            : [];
        if (subjects.Count == 0)
            return new() { Message = $"There is no entitlement or app '{entitlementOrApp}' in the catalog." };
        var facts = await PeerFactsAsync(turn.Beneficiary, subjects, ct);
        return facts;
    }

    [Description("Evaluates the access policy for a request and records the values as the draft request. " +
        "Omitted arguments keep what the draft already has. Returns the outcome: Denied (with the reason), " +
        "AlreadyHeld (until when), NeedsInput (the missing slots with their prompts and options: ask the user), " +
        "AutoApproved or NeedsApproval (with the approval stages: call submit_request).")]
    public async Task<PolicyResult> EvaluatePolicyAsync(
        [Description("The entitlement id from the catalog.")] string entitlementId,
        [Description("The scope (team, project...) for scoped entitlements, one of its options.")] string? scope = null,
        [Description("How long: ISO 8601 (PT4H, P3D, P2W) or 'permanent'. Omit when the user has not said.")] string? duration = null,
        [Description("The user's reason, in their words. Omit when they gave none.")] string? justification = null,
        [Description("Email or name of the person the access is for, only when it is not the user (must be their direct report).")] string? beneficiary = null,
        CancellationToken ct = default)
    {
        if (Catalog.FindEntitlement(entitlementId ?? "") is not { } entitlement)
            return new() { Message = UnknownEntitlement(entitlementId) };
        // Someone who is not the user's direct report is found here and denied by the policy (DESIGN §5), so the user
        // hears what was asked for and why not; submit_request refuses them outright.
        var (person, problem) = FindBeneficiary(beneficiary);
        if (person is null) return new() { Message = problem! };

        var draft = turn.Draft;
        var sameEntitlement = string.Equals(draft.EntitlementId, entitlement.Id, StringComparison.OrdinalIgnoreCase);
        var length = draft.Duration;
        if (!string.IsNullOrWhiteSpace(duration))
        {
            if (!DurationParser.TryParse(duration, out length))
                return new() { Message = $"'{duration}' is not a duration I can read. Use ISO 8601 (PT4H, P3D, P2W) or 'permanent'." };
        }
        var next = new DraftRequest
        {
            EntitlementId = entitlement.Id,
            Scope = Clean(scope) ?? (sameEntitlement ? draft.Scope : null),
            Duration = length,
            Justification = Clean(justification, 500) ?? draft.Justification,
            Beneficiary = PersonKey.Same(person, Actor) ? null : person.Email,
        };
        var evaluated = await EvaluateAsync(entitlement, person, next, ct);
        var decision = evaluated.Decision;
        turn.RecordDraft(next with
        {
            Scope = decision.Scope ?? (decision.Missing.Any(m => m.Slot == Slot.Scope) ? null : next.Scope),
            Duration = decision.Missing.Any(m => m.Slot == Slot.Duration) ? DurationRequest.Unstated : next.Duration,
        });
        turn.RecordDecision(evaluated);
        return PolicyView(evaluated);
    }

    [Description("Asks the user one question and ends your part of the turn: the question is shown with its options " +
        "as buttons. slot is one of: entitlement, scope, duration, justification, confirm, beneficiary. Options are values: " +
        "entitlement ids for 'entitlement', scope options for 'scope', durations (ISO 8601 or 'permanent') for 'duration', " +
        "direct reports' emails for 'beneficiary'; none for 'justification'. Ask only for what is missing.")]
    public async Task<AskResult> AskUserAsync(
        [Description("entitlement, scope, duration, justification, confirm or beneficiary")] string slot,
        [Description("The question, short and plain.")] string prompt,
        [Description("The option values to offer (see above); may be empty.")] string[]? options = null,
        CancellationToken ct = default)
    {
        if (!Enum.TryParse<Slot>(slot?.Trim(), ignoreCase: true, out var which) || !Enum.IsDefined(which))
            return new($"'{slot}' is not a slot. Use entitlement, scope, duration, justification, confirm or beneficiary.", false);
        var offered = await OptionsAsync(which, options ?? [], ct);
        if (offered is null)
            return new(OptionsProblem(which), false);
        var text = Clean(prompt, PromptLimit) ?? DefaultPrompt(which);
        turn.Ask(new Question(which, text, offered));
        return new("The question is shown to the user with its options. End the turn with at most one short sentence; do not repeat the options.",
            true, which, offered);
    }

    [Description("Submits the draft request (as last recorded by evaluate_policy). The policy is evaluated again and decides: " +
        "auto-approved requests are provisioned by the workflow, others go to the approvers it names; denied, already held " +
        "or incomplete requests are not submitted and the reason is returned. Takes no arguments: the route is never yours to choose.")]
    public async Task<SubmitToolResult> SubmitRequestAsync(CancellationToken ct = default)
    {
        if (turn.Outcome is { } done && turn.HasSideEffects)
            return new() { Message = $"Already done in this turn: {done.Reason}", Status = "not_submitted" };
        var draft = turn.Draft;
        if (draft.EntitlementId is null || Catalog.FindEntitlement(draft.EntitlementId) is not { } entitlement)
            return new() { Message = "There is no draft request to submit: call evaluate_policy with an entitlement first.", Status = "not_submitted" };
        var (person, refusal) = ResolveBeneficiary(draft.Beneficiary);
        if (person is null) return new() { Message = refusal!, Status = "not_submitted" };

        var result = await services.Submitter.SubmitAsync(
            new SubmitCommand(Actor, person, entitlement, draft.Scope, draft.Duration, draft.Justification), ct);
        var app = Catalog.AppOf(entitlement);
        var evaluated = new EvaluatedDecision(entitlement, app, person, PersonKey.Same(person, Actor), draft.Scope, draft.Duration, result.Decision);
        turn.RecordDecision(evaluated);

        if (result.Request is { } request)
        {
            var auto = request.Status == RequestStatus.Approved;
            var reason = auto ? AutoReason(evaluated) : PendingReason(evaluated);
            turn.End(evaluated.ToOutcome(auto ? OutcomeKind.AutoApproved : OutcomeKind.Submitted, reason) with { RequestId = request.Id });
            return new()
            {
                Message = reason,
                Submitted = true,
                Status = auto ? "auto_approved" : "pending_approval",
                RequestId = request.Id.ToString(),
                NextApprovers = result.Stages.Count > 0 ? result.Stages[0].Approvers : [],
            };
        }
        if (result.Duplicate is not null)
            return new() { Message = result.Refusal ?? "An equal request is already open.", Status = "not_submitted" };
        return new() { Message = $"Not submitted. {PolicyView(evaluated).Message}", Status = "not_submitted" };
    }

    [Description("Releases (revokes now) access the user holds and no longer needs. Identify it by entitlement id " +
        "(and scope when the user holds it for several) or by the grant id from list_my_access.")]
    public async Task<ActionResult> RevokeMyAccessAsync(
        [Description("The entitlement id or the grant id.")] string entitlementOrGrant,
        [Description("The scope, when the user holds the entitlement for several.")] string? scope = null,
        CancellationToken ct = default)
    {
        var (grant, problem) = await FindOwnGrantAsync(entitlementOrGrant, scope, ct);
        if (grant is null) return new(problem!, false);
        return await ActOnGrantAsync(grant, OutcomeKind.Released, null, () => services.Grants.ReleaseAsync(grant.Id, Actor.Email, ct));
    }

    [Description("Asks to extend access the user holds that has an end date. The extension goes through the policy " +
        "and approvals like a new request. Identify the access by entitlement id (and scope) or grant id.")]
    public async Task<ActionResult> ExtendAccessAsync(
        [Description("The entitlement id or the grant id.")] string entitlementOrGrant,
        [Description("How much longer: ISO 8601 (P7D) or words ('1 week').")] string duration,
        [Description("The scope, when the user holds the entitlement for several.")] string? scope = null,
        CancellationToken ct = default)
    {
        if (!DurationParser.TryParse(duration, out var length) || length.Length is not { } extension)
            return new($"'{duration}' is not a length I can read; say for example P7D or '2 weeks'.", false);
        var (grant, problem) = await FindOwnGrantAsync(entitlementOrGrant, scope, ct);
        if (grant is null) return new(problem!, false);
        if (grant.ExpiresAt is null)
            return new($"Your {EntitlementName(grant.EntitlementId)} access is permanent; there is nothing to extend.", false);
        return await ActOnGrantAsync(grant, OutcomeKind.ExtensionSubmitted, extension,
            () => services.Grants.RequestExtensionAsync(grant.Id, Actor.Email, extension, ct));
    }

    /// <summary>
    /// Runs a change to one of the user's grants (release, extension); when it takes effect the turn ends with
    /// <paramref name="kind"/> about that grant. A refusal is the answer, not an error.
    /// </summary>
    private async Task<ActionResult> ActOnGrantAsync(Grant grant, OutcomeKind kind, TimeSpan? duration, Func<Task<GrantActionResult>> act)
    {
        GrantActionResult result;
        try { result = await act(); }
        catch (Exception ex) when (ex is ConflictException or ForbiddenException or InvalidInputException or Budgets.SlowDownException)
        {
            return new(ex.Message, false);
        }
        var text = result.Message;
        if (!result.TookEffect) return new(text, false);
        var entitlement = Catalog.FindEntitlement(grant.EntitlementId);
        turn.ClearDraft();
        turn.End(new Outcome
        {
            Kind = kind,
            EntitlementId = grant.EntitlementId,
            EntitlementName = entitlement?.Name ?? grant.EntitlementId,
            AppName = entitlement is null ? "" : Catalog.AppOf(entitlement).Name,
            Scope = grant.Scope,
            Duration = duration,
            GrantId = grant.Id,
            Reason = text,
            Beneficiary = Actor.Email,
        });
        return new(text, true);
    }

    [Description("Forgets the request being drafted, when the user cancels or wants to start over.")]
    public ActionResult ClearDraft()
    {
        var had = !turn.Draft.IsEmpty || turn.Start.OpenQuestion is not null;
        var name = turn.Draft.EntitlementId is { } id ? EntitlementName(id) : null;
        turn.ClearDraft();
        if (had && name is not null)
            turn.End(new Outcome
            {
                Kind = OutcomeKind.Cancelled,
                EntitlementId = turn.Start.Draft.EntitlementId!,
                EntitlementName = name,
                AppName = AppName(turn.Start.Draft.EntitlementId!),
                Reason = "Cancelled; nothing was submitted.",
                Beneficiary = turn.Start.Draft.Beneficiary ?? Actor.Email,
            });
        return new(had ? "The draft is cleared; nothing was submitted." : "There was nothing to cancel.", true);
    }

    // ---- helpers -------------------------------------------------------------------------------

    internal async Task<EvaluatedDecision> EvaluateAsync(Entitlement entitlement, Person beneficiary, DraftRequest draft, CancellationToken ct)
    {
        var snapshot = await services.Access.SnapshotForAsync(beneficiary, Directory, ct);
        var decision = PolicyEngine.Evaluate(
            new PolicyRequest(Actor, beneficiary, entitlement, draft.Scope, draft.Duration, draft.Justification),
            Tenant, snapshot, turn.Now);
        return new EvaluatedDecision(entitlement, Catalog.AppOf(entitlement), beneficiary, PersonKey.Same(beneficiary, Actor),
            draft.Scope, draft.Duration, decision);
    }

    private PolicyResult PolicyView(EvaluatedDecision evaluated)
    {
        var d = evaluated.Decision;
        var name = evaluated.Entitlement.Name;
        var missing = d.Missing.Select(m => new MissingView(m.Slot, m.Prompt, MissingOptions(m))).ToList();
        var message = d.Outcome switch
        {
            PolicyOutcome.Denied when d.Denial == DenialReason.NotAReport => $"{What(evaluated)} is denied. {AgentText.DenialReason(evaluated)}",
            PolicyOutcome.Denied => $"{What(evaluated)} is denied: {AgentText.DenialReason(d)}",
            PolicyOutcome.AlreadyHeld => AgentText.HeldReason(evaluated),
            PolicyOutcome.NeedsInput => $"Still needed for {name}: {string.Join(", ", d.Missing.Select(m => m.Slot.ToString().ToLowerInvariant()))}. " +
                $"Ask the user with ask_user: {d.Missing[0].Prompt}",
            PolicyOutcome.AutoApproved => $"{AutoReason(evaluated)} Call submit_request to submit it.",
            PolicyOutcome.NeedsApproval => $"{PendingReason(evaluated)} Call submit_request to send it to the approvers.",
            _ => d.Summary,
        };
        return new()
        {
            Message = message,
            Outcome = d.Outcome,
            EntitlementId = evaluated.Entitlement.Id,
            EntitlementName = name,
            Scope = d.Scope ?? evaluated.Scope,
            Duration = d.Outcome is PolicyOutcome.AutoApproved or PolicyOutcome.NeedsApproval
                ? d.Duration is { } length ? Durations.ToIso(length) : "permanent"
                : AgentJson.DurationText(evaluated.Duration),
            Beneficiary = evaluated.Beneficiary.Email,
            Missing = missing,
            Stages = [.. d.Stages.Select(s => new StageView(s.Order, s.Description, s.Approvers))],
            HeldUntil = d.HeldUntil,
            Trace = d.Trace,
        };
    }

    private static IReadOnlyList<QuestionOption> MissingOptions(MissingSlot missing) => missing.Slot switch
    {
        Slot.Duration when missing.DurationOptions.Count == missing.Options.Count =>
            [.. missing.DurationOptions.Select((d, i) => new QuestionOption(d is { } length ? Durations.ToIso(length) : "permanent", missing.Options[i]))],
        _ => [.. missing.Options.Select(o => new QuestionOption(o, o))],
    };

    private static string What(EvaluatedDecision e)
    {
        var scope = e.Decision.Scope ?? e.Scope;
        var name = scope is null ? e.Entitlement.Name : $"{e.Entitlement.Name} for {scope}";
        return e.ForActor ? name : $"{name} for {e.Beneficiary.Name}";
    }

    private static string AutoReason(EvaluatedDecision e)
    {
        var d = e.Decision;
        var why = d.Peers is { Met: true } peers
            ? $"{peers.Holders} of the {peers.Peers} people with the same title already have it"
            : "it needs no approval";
        return $"{What(e)} is auto-approved {AgentText.Length(d.Duration)}: {why}.";
    }

    private string PendingReason(EvaluatedDecision e)
    {
        var d = e.Decision;
        if (d.Stages.Count == 0) return $"{What(e)} is sent for approval.";
        var first = string.Join(" or ", d.Stages[0].Approvers.Select(PersonName));
        var more = d.Stages.Count > 1 ? $" (then {string.Join(", then ", d.Stages.Skip(1).Select(s => s.Description))})" : "";
        return $"{What(e)} {AgentText.Length(d.Duration)} needs approval: it is waiting for {first}{more}.";
    }

    private async Task<IReadOnlyList<QuestionOption>?> OptionsAsync(Slot slot, IReadOnlyList<string> values, CancellationToken ct)
    {
        var draftEntitlement = turn.Draft.EntitlementId is { } id ? Catalog.FindEntitlement(id) : null;
        switch (slot)
        {
            case Slot.Entitlement:
            {
                var entitlements = values.Select(v => Catalog.FindEntitlement(v?.Trim() ?? "")).OfType<Entitlement>()
                    .DistinctBy(e => e.Id).ToList();
                if (entitlements.Count == 0) return null;
                var peers = await PeerFactsAsync(turn.Beneficiary, entitlements, ct);
                return [.. entitlements.Select(e => new QuestionOption(e.Id, e.Name,
                    string.Equals(peers.UsualChoice, e.Id, StringComparison.OrdinalIgnoreCase)
                        ? $"{e.Description} Most people with your title have this."
                        : e.Description))];
            }
            case Slot.Scope:
            {
                if (draftEntitlement?.Scope is not { } scope) return null;
                var picked = values.Select(v => scope.Options.FirstOrDefault(o => string.Equals(o, v?.Trim(), StringComparison.OrdinalIgnoreCase)))
                    .OfType<string>().Distinct().ToList();
                return [.. (picked.Count > 0 ? picked : scope.Options).Select(o => new QuestionOption(o, o))];
            }
            case Slot.Duration:
            {
                var max = draftEntitlement?.MaxDuration;
                var read = values
                    .Select(v => DurationParser.TryParse(v, out var d) ? d : null)
                    .OfType<DurationRequest>()
                    .Where(d => d.IsStated && (max is null || (d.Length is { } l && l <= max)))
                    .Select(d => d.Length)
                    .Distinct()
                    .ToList();
                if (read.Count == 0)
                    read = draftEntitlement is null ? [] : [.. PolicyEngine.DurationChoices(draftEntitlement)];
                return [.. read.Select(d => new QuestionOption(d is { } l ? Durations.ToIso(l) : "permanent", PolicyEngine.DurationOptionText(d)))];
            }
            case Slot.Confirm:
                return [new QuestionOption("yes", "Yes"), new QuestionOption("no", "No")];
            case Slot.Beneficiary:
            {
                var reports = BeneficiaryRule.OthersFor(Directory, Actor);
                var picked = reports.Where(r => values.Any(v => PersonKey.Same(v, r.Email))).ToList();
                return [.. (picked.Count > 0 ? picked : reports).Prepend(Actor)
                    .Select(p => new QuestionOption(p.Email, PersonKey.Same(p, Actor) ? $"Myself ({p.Name})" : p.Name))];
            }
            default:
                return [];
        }
    }

    private string OptionsProblem(Slot slot) => slot switch
    {
        Slot.Entitlement => "None of those options is an entitlement id of the catalog; use ids from search_entitlements.",
        Slot.Scope => "The draft has no scoped entitlement; call evaluate_policy with the entitlement first.",
        _ => "Those options cannot be offered.",
    };

    private static string DefaultPrompt(Slot slot) => slot switch
    {
        Slot.Entitlement => "Which of these do you need?",
        Slot.Scope => "Which one do you need it for?",
        Slot.Duration => "For how long do you need it?",
        Slot.Justification => "Why do you need it? The approvers will see your reason.",
        Slot.Confirm => "Shall I go ahead?",
        Slot.Beneficiary => "Who is the access for?",
        _ => "Can you tell me more?",
    };

    private async Task<PeerAccessResult> PeerFactsAsync(Person beneficiary, IReadOnlyList<Entitlement> subjects, CancellationToken ct)
    {
        var peers = Directory.PeersOf(beneficiary).ToList();
        var snapshot = await services.Access.SnapshotForAsync(beneficiary, Directory, ct);
        var holdings = subjects.Select(e =>
        {
            var holders = PeerCoverage.HoldersAmong(peers, e.Id, snapshot, turn.Now);
            return new PeerHolding(e.Id, e.Name, holders, PeerCoverage.Share(holders, peers.Count));
        }).ToList();
        var ranked = holdings.OrderByDescending(h => h.Holders).ToList();
        string? usual = ranked.Count > 0 && ranked[0].Holders > 0 && (ranked.Count == 1 || ranked[0].Holders > ranked[1].Holders)
            ? ranked[0].EntitlementId : null;
        var message = peers.Count == 0
            ? $"Nobody else has the title '{beneficiary.Title}'."
            : string.Join(" ", holdings.Select(h => $"{h.Holders} of {peers.Count} peers hold {h.EntitlementName}."));
        return new() { Message = message, Title = beneficiary.Title, Peers = peers.Count, Entitlements = holdings, UsualChoice = usual };
    }

    private (Person? Person, string? Refusal) ResolveBeneficiary(string? who)
    {
        var (known, problem) = FindBeneficiary(who);
        if (known is null) return (null, problem);
        if (BeneficiaryRule.MayAskFor(Actor, known)) return (known, null);
        // Asking on someone else's behalf is what an injected instruction ("act for the CEO") tries: audited once per turn.
        turn.AuditRefusal(known.Email, $"asked to act for {known.Email}, who is not a direct report of {Actor.Email}: refused");
        return (null, AgentText.NotAReport(known));
    }

    /// <summary>The person a request names (the user when it names nobody), whether or not the user may ask for them.</summary>
    private (Person? Person, string? Problem) FindBeneficiary(string? who)
    {
        if (string.IsNullOrWhiteSpace(who))
            return (turn.Draft.Beneficiary is { } current ? Directory.Find(current) ?? Actor : Actor, null);
        var text = who.Trim();
        if (text.ToLowerInvariant() is "me" or "myself" or "self" or "i" || SameName(Actor, text))
            return (Actor, null);
        // A report is looked for first: their full or unique first name wins over a namesake elsewhere.
        var reports = BeneficiaryRule.OthersFor(Directory, Actor);
        var known = reports.FirstOrDefault(r => SameName(r, text))
            ?? (reports.Where(r => FirstName(r).Equals(text, StringComparison.OrdinalIgnoreCase)).ToList() is [var single] ? single : null)
            ?? Directory.Find(text) ?? Directory.People.FirstOrDefault(p => SameName(p, text));
        return known is null ? (null, $"There is nobody called '{text}' in the directory.") : (known, null);
    }

    private async Task<(Grant? Grant, string? Problem)> FindOwnGrantAsync(string entitlementOrGrant, string? scope, CancellationToken ct)
    {
        var access = await services.Access.ForPersonAsync(Actor.Email, ct);
        var mine = access.Grants.Where(g => g.Status == GrantStatus.Active && PersonKey.Same(g.Person, Actor.Email)).ToList();
        var key = entitlementOrGrant?.Trim() ?? "";
        if (Guid.TryParse(key, out var grantId))
        {
            var byId = mine.FirstOrDefault(g => g.Id == grantId);
            return byId is null ? (null, "You hold no active grant with that id.") : (byId, null);
        }
        if (Catalog.FindEntitlement(key) is not { } entitlement)
            return (null, UnknownEntitlement(key));
        var held = mine.Where(g => string.Equals(g.EntitlementId, entitlement.Id, StringComparison.OrdinalIgnoreCase)).ToList();
        if (!string.IsNullOrWhiteSpace(scope))
            held = [.. held.Where(g => string.Equals(g.Scope, scope.Trim(), StringComparison.OrdinalIgnoreCase))];
        return held.Count switch
        {
            0 => (null, $"You do not hold {entitlement.Name}{(string.IsNullOrWhiteSpace(scope) ? "" : $" for {scope}")}."),
            1 => (held[0], null),
            _ => (null, $"You hold {entitlement.Name} for {string.Join(", ", held.Select(g => g.Scope))}; say which."),
        };
    }

    private EntitlementSummary Summary(Entitlement e, double? score = null) => new()
    {
        Id = e.Id,
        Name = e.Name,
        AppId = e.AppId,
        AppName = Catalog.AppOf(e).Name,
        Description = e.Description,
        Risk = e.Risk.ToString().ToLowerInvariant(),
        ScopeLabel = e.Scope?.Label,
        ScopeOptions = e.Scope?.Options,
        MaxDuration = e.MaxDuration is { } max ? Durations.ToIso(max) : null,
        DefaultDuration = e.DefaultDuration is { } def ? Durations.ToIso(def) : null,
        RequiresJustification = e.RequiresJustification,
        Score = score is { } s ? Math.Round(s, 3) : null,
    };

    private App? FindApp(string? app)
    {
        if (string.IsNullOrWhiteSpace(app)) return null;
        var key = app.Trim();
        return Catalog.FindApp(key)
            ?? Catalog.Apps.FirstOrDefault(a => string.Equals(a.Name, key, StringComparison.OrdinalIgnoreCase))
            ?? Catalog.Apps.FirstOrDefault(a => a.Name.Contains(key, StringComparison.OrdinalIgnoreCase));
    }

    private string UnknownEntitlement(string? id) =>
        $"There is no entitlement '{id}' in the catalog. Use search_entitlements to find the right id.";

    private string EntitlementName(string id) => Catalog.FindEntitlement(id)?.Name ?? id;
    private string AppName(string id) => Catalog.FindEntitlement(id) is { } e ? Catalog.AppOf(e).Name : "";
    private string PersonName(string email) => Directory.Find(email)?.Name ?? email;

    private static string? Clean(string? text, int limit = 100)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var trimmed = text.Trim();
        return trimmed.Length <= limit ? trimmed : trimmed[..limit];
    }

    /// <summary>Whether <paramref name="text"/> names <paramref name="p"/>: their email or their full name.</summary>
    private static bool SameName(Person p, string text) =>
        PersonKey.Same(p.Email, text) || string.Equals(p.Name, text, StringComparison.OrdinalIgnoreCase);
    private static string FirstName(Person p) => p.Name.Split(' ', 2)[0];
}
