using IgaBot.Core.Audit;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using IgaBot.Core.Policy;

namespace IgaBot.Core.Agent;

/// <summary>
/// The scratchpad of one turn: the tools read and change it, the conversation turns it into a reply
/// and the next dialog state. It is thrown away when the turn fails, so a failed turn changes nothing.
/// </summary>
public sealed class AgentTurn
{
    private readonly List<AuditEntry> _audit = [];

    public AgentTurn(Tenant tenant, Person actor, DialogState start, DateTimeOffset now)
    {
        Tenant = tenant;
        Actor = actor;
        Start = start;
        Now = now;
        Draft = start.Draft;
    }

    public Tenant Tenant { get; }
    /// <summary>The authenticated person of the turn: every tool acts as them.</summary>
    public Person Actor { get; }
    public DialogState Start { get; }
    public DateTimeOffset Now { get; }

    public DraftRequest Draft { get; private set; }
    /// <summary>True once a tool recorded or cleared the draft in this turn.</summary>
    public bool DraftTouched { get; private set; }
    /// <summary>The question asked in this turn (the last <c>ask_user</c> wins).</summary>
    public Question? Asked { get; private set; }
    /// <summary>How the request ended in this turn, if it did.</summary>
    public Outcome? Outcome { get; private set; }
    /// <summary>The last policy decision of the turn, with what it was about.</summary>
    public EvaluatedDecision? LastDecision { get; private set; }
    public IReadOnlyList<AuditEntry> Audit => _audit;

    /// <summary>True when the turn changed something outside the conversation (a request stored, a grant released).</summary>
    public bool HasSideEffects => Outcome?.Kind is OutcomeKind.Submitted or OutcomeKind.AutoApproved
        or OutcomeKind.Released or OutcomeKind.ExtensionSubmitted;

    public Person Beneficiary => Draft.Beneficiary is { } email ? Tenant.Directory.Find(email) ?? Actor : Actor;

    internal void RecordDraft(DraftRequest draft)
    {
        Draft = draft;
        DraftTouched = true;
    }

    internal void ClearDraft()
    {
        Draft = DraftRequest.Empty;
        DraftTouched = true;
        Asked = null;
        LastDecision = null;
    }

    internal void Ask(Question question) => Asked = question;

    internal void RecordDecision(EvaluatedDecision decision) => LastDecision = decision;

    internal void End(Outcome outcome) => Outcome = outcome;

    internal void AddAudit(AuditEntry entry) => _audit.Add(entry);

    /// <summary>Records a refused ask about <paramref name="person"/> once per turn: the first reason given is kept.</summary>
    internal void AuditRefusal(string person, string detail)
    {
        var subject = LifecycleSubjects.Person(person);
        if (!_audit.Any(a => a.Action == RefusedAction && a.Subject == subject)) _audit.Add(new AuditEntry(Actor.Email, RefusedAction, subject, detail));
    }

    private const string RefusedAction = "request.refused";

    /// <summary>
    /// Settles the turn: a final policy answer (denied, already held) that no question or submission
    /// followed becomes the outcome; an ended request clears the draft.
    /// </summary>
    public void Finish()
    {
        if (Outcome is null && Asked is null && LastDecision is { } last)
        {
            var (kind, reason) = last.Decision.Outcome switch
            {
                PolicyOutcome.Denied => (OutcomeKind.Denied, (string?)AgentText.DenialReason(last)),
                PolicyOutcome.AlreadyHeld => (OutcomeKind.AlreadyHasAccess, AgentText.HeldReason(last)),
                _ => (default(OutcomeKind), null),
            };
            if (reason is not null)
            {
                Outcome = last.ToOutcome(kind, reason);
                // Asking for someone who is not one's report is the asker's own request, refused: nothing is for the
                // other person, so the outcome stays with the asker (the audit row below names the other person).
                if (last.Decision.Denial == DenialReason.NotAReport) Outcome = Outcome with { Beneficiary = Actor.Email };
                // One refusal row per person and turn: submit_request may have written it already.
                if (kind == OutcomeKind.Denied) AuditRefusal(last.Beneficiary.Email, $"{last.Entitlement.Id}: {reason}");
            }
        }
        if (Outcome is not null)
        {
            Draft = DraftRequest.Empty;
            Asked = null;
        }
    }
}

/// <summary>A policy decision and the request it was about.</summary>
public sealed record EvaluatedDecision(Entitlement Entitlement, App App, Person Beneficiary, bool ForActor, string? Scope, DurationRequest Duration, PolicyDecision Decision)
{
    public Outcome ToOutcome(OutcomeKind kind, string reason) => new()
    {
        Kind = kind,
        EntitlementId = Entitlement.Id,
        EntitlementName = Entitlement.Name,
        AppName = App.Name,
        Scope = Decision.Scope ?? Scope,
        Duration = Decision.Duration ?? Duration.Length,
        Reason = reason,
        Trace = Decision.Trace,
        NextApprovers = Decision.Stages.Count > 0 ? Decision.Stages[0].Approvers : [],
        HeldUntil = Decision.HeldUntil,
        Beneficiary = Beneficiary.Email,
    };
}
