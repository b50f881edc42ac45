using System.Globalization;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;

namespace IgaBot.Core.Policy;

/// <summary>
/// The access policy (DESIGN §6) as a pure function: the same request, tenant, access and instant
/// always give the same decision. Rules run in order — who may ask (DESIGN §5), eligibility, separation of duties, already
/// held, missing slots (scope, duration, justification), approval route — and every decision
/// carries a trace of the rules that passed or fired, worded for the requester and the approvers.
/// </summary>
/// <remarks>
/// Choices the design leaves open, made here:
/// <list type="bullet">
/// <item>A request for someone who is neither the requester nor their direct report is denied first, with
/// <see cref="DenialReason.NotAReport"/>, so the requester hears what they asked for and why not, and nothing else
/// about that person's access is traced.</item>
/// <item>Separation of duties is symmetric: A conflicts with B when either lists the other.</item>
/// <item>A manager stage for someone with no manager goes to the app owner.</item>
/// <item>When the requester and the beneficiary are set aside and nobody is left for a stage (not up
/// the management chain, not the app owner), the request is denied with <see cref="DenialReason.NoApprover"/>:
/// a request nobody may approve would only wait until it expires.</item>
/// </list>
/// </remarks>
public static class PolicyEngine
{
    /// <summary>Access shorter than this is refused: nobody can use, approve and revoke it in time.</summary>
    public static TimeSpan MinimumDuration { get; } = TimeSpan.FromMinutes(1);

    /// <summary>Lengths offered when a duration is asked, cut at the entitlement's maximum.</summary>
    public static IReadOnlyList<TimeSpan> DurationPresets { get; } =
    [
        TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(8),
        TimeSpan.FromDays(1), TimeSpan.FromDays(3), TimeSpan.FromDays(7), TimeSpan.FromDays(14),
        TimeSpan.FromDays(30), TimeSpan.FromDays(90), TimeSpan.FromDays(180), TimeSpan.FromDays(365),
    ];

    public static PolicyDecision Evaluate(PolicyRequest request, Tenant tenant, AccessSnapshot access, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(access);
        var app = tenant.Catalog.FindApp(request.Entitlement.AppId)
            ?? throw new InvalidInputException($"Entitlement '{request.Entitlement.Id}' names app '{request.Entitlement.AppId}', which is not in the catalog.");
        return new Evaluation(request, tenant, app, access, now).Decide();
    }

    /// <summary>
    /// A preset this many times shorter than the maximum is not offered: nobody needs an hour's choice on a
    /// role granted for up to half a year, and the buttons stay few.
    /// </summary>
    public const int PresetRange = 100;

    /// <summary>
    /// The durations to offer for an entitlement: its default first, then the presets up to its
    /// maximum (from a hundredth of it), then the maximum itself when it is not a preset. Null stands
    /// for "permanent" and is offered only when the entitlement has no maximum.
    /// </summary>
    public static IReadOnlyList<TimeSpan?> DurationChoices(Entitlement entitlement)
    {
        var max = entitlement.MaxDuration;
        bool Fits(TimeSpan d) => d >= MinimumDuration && (max is null || d <= max);
        bool Sensible(TimeSpan d) => max is null || d * PresetRange >= max;
        var choices = new List<TimeSpan?>();
        if (entitlement.DefaultDuration is { } preferred && Fits(preferred)) choices.Add(preferred);
        foreach (var preset in DurationPresets.Where(p => Fits(p) && Sensible(p)))
            if (!choices.Contains(preset)) choices.Add(preset);
        if (max is { } limit && Fits(limit) && !choices.Contains(limit)) choices.Add(limit);
        if (max is null) choices.Add(null);
        return choices;
    }

    /// <summary>How a duration option reads on a button: "8 hours", "14 days", "permanent".</summary>
    public static string DurationOptionText(TimeSpan? duration)
    {
        static string Unit(double n, string unit) => n == 1 ? $"1 {unit}" : string.Create(CultureInfo.InvariantCulture, $"{n} {unit}s");
        if (duration is not { } d) return "permanent";
        if (d.Ticks % TimeSpan.TicksPerDay == 0) return Unit(d.TotalDays, "day");
        if (d.Ticks % TimeSpan.TicksPerHour == 0) return Unit(d.TotalHours, "hour");
        if (d.Ticks % TimeSpan.TicksPerMinute == 0) return Unit(d.TotalMinutes, "minute");
        return Durations.Describe(d);
    }

    private sealed class Evaluation(PolicyRequest request, Tenant tenant, App app, AccessSnapshot access, DateTimeOffset now)
    {
        private readonly List<string> _trace = [];
        private Person Beneficiary => request.Beneficiary;
        private Entitlement Wanted => request.Entitlement;
        private AccessCatalog Catalog => tenant.Catalog;
        private PeopleDirectory Directory => tenant.Directory;

        public PolicyDecision Decide()
        {
            if (NotAReport() is { } notAReport) return notAReport;
            if (Ineligible() is { } ineligible) return ineligible;
            if (Conflicting() is { } conflict) return conflict;

            var scope = ResolveScope();
            if (AlreadyHeld(scope) is { } held) return held;
            if (scope.TraceLine is not null) _trace.Add(scope.TraceLine);

            var missing = new List<MissingSlot>();
            if (scope.Missing is not null) missing.Add(scope.Missing);
            var duration = ResolveDuration();
            if (duration.Missing is not null) missing.Add(duration.Missing);
            if (ResolveJustification() is { } justification) missing.Add(justification);

            if (missing.Count > 0)
            {
                _trace.Add($"Still needed: {string.Join(", ", missing.Select(m => SlotName(m.Slot)))}.");
                return Decision(PolicyOutcome.NeedsInput) with { Missing = missing, Scope = scope.Value };
            }
            return Route(scope.Value, duration.Length);
        }

        // DESIGN §5: one asks for oneself or for a direct report. Checked first and traced only when it fires, so a
        // request for a stranger reveals nothing of the stranger's access.
        private PolicyDecision? NotAReport()
        {
            if (BeneficiaryRule.MayAskFor(request.Requester, Beneficiary)) return null;
            _trace.Add($"Who may ask: {Who(Beneficiary)} is not a direct report of {Who(request.Requester)}, and access is asked for " +
                $"by the person who needs it or by their manager, so the request is denied.");
            return Decision(PolicyOutcome.Denied) with { Denial = DenialReason.NotAReport };
        }

        // Rule 1.
        private PolicyDecision? Ineligible()
        {
            var departments = Wanted.EligibleDepartments;
            if (departments.Count == 0)
            {
                _trace.Add($"Eligibility: {Wanted.Name} is open to every department.");
                return null;
            }
            if (departments.Contains(Beneficiary.Department, StringComparer.OrdinalIgnoreCase))
            {
                _trace.Add($"Eligibility: {Wanted.Name} is open to {Beneficiary.Department}, {Who(Beneficiary)}'s department.");
                return null;
            }
            _trace.Add($"Eligibility: {Wanted.Name} is limited to {JoinOr(departments)}; {Who(Beneficiary)} is in {Beneficiary.Department}, so the request is denied.");
            return Decision(PolicyOutcome.Denied) with { Denial = DenialReason.Ineligible };
        }

        // Rule 2. Symmetric: a conflict declared on either side counts.
        private PolicyDecision? Conflicting()
        {
            var conflicts = Wanted.Conflicts
                .Concat(Catalog.Entitlements.Where(e => e.Conflicts.Contains(Wanted.Id, StringComparer.OrdinalIgnoreCase)).Select(e => e.Id))
                .Where(id => !SameText(id, Wanted.Id))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            if (conflicts.Count == 0)
            {
                _trace.Add($"Separation of duties: nothing conflicts with {Wanted.Name}.");
                return null;
            }
            foreach (var id in conflicts)
            {
                string? how = null;
                if (access.HeldBy(Beneficiary.Email).Any(h => SameText(h.EntitlementId, id) && h.IsActiveAt(now))) how = "holds";
                else if (access.PendingFor(Beneficiary.Email).Any(h => SameText(h.EntitlementId, id))) how = "has a pending request for";
                if (how is null) continue;
                _trace.Add($"Separation of duties: {Who(Beneficiary)} {how} {EntitlementName(id)}, which conflicts with {Wanted.Name}, so the request is denied.");
                return Decision(PolicyOutcome.Denied) with { Denial = DenialReason.Conflict, ConflictingEntitlementId = id };
            }
            _trace.Add($"Separation of duties: {Who(Beneficiary)} neither holds nor has requested {JoinOr(conflicts.Select(EntitlementName))}.");
            return null;
        }

        // Rule 4 (resolved before rule 3 because "held" depends on the scope; traced after it).
        private ScopeResult ResolveScope()
        {
            var asked = string.IsNullOrWhiteSpace(request.Scope) ? null : request.Scope.Trim();
            if (Wanted.Scope is not { } scope)
                return new(null, null, asked is null ? null : $"Scope: {Wanted.Name} has no scope, so '{asked}' is ignored.");

            var options = scope.Options;
            var listed = string.Join(", ", options);
            if (asked is null)
                return new(null,
                    new MissingSlot(Slot.Scope, $"Which {scope.Label} do you need {Wanted.Name} for?", options),
                    $"Scope: {Wanted.Name} is granted per {scope.Label} ({listed}) and none was given.");

            var match = options.FirstOrDefault(o => SameText(o, asked));
            if (match is null)
                return new(null,
                    new MissingSlot(Slot.Scope, $"'{asked}' is not one of the {scope.Label} options for {Wanted.Name}. Which {scope.Label} do you need it for?", options),
                    $"Scope: '{asked}' is not a {scope.Label} of {Wanted.Name} ({listed}).");
            return new(match, null, $"Scope: {scope.Label} {match}.");
        }

        // Rule 3.
        private PolicyDecision? AlreadyHeld(ScopeResult scope)
        {
            var holdings = access.HeldBy(Beneficiary.Email)
                .Where(h => SameText(h.EntitlementId, Wanted.Id) && h.IsActiveAt(now))
                .ToList();
            if (Wanted.IsScoped && scope.Value is null)
            {
                var scopes = holdings.Select(h => h.Scope).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                _trace.Add(scopes.Count == 0
                    ? $"Already held: {Who(Beneficiary)} does not hold {Wanted.Name} for any {Wanted.Scope!.Label}."
                    : $"Already held: {Who(Beneficiary)} holds {Wanted.Name} for {string.Join(", ", scopes)}; which {Wanted.Scope!.Label} this request is for is not known yet.");
                return null;
            }

            var same = holdings.Where(h => !Wanted.IsScoped || SameText(h.Scope, scope.Value)).ToList();
            var what = Label(scope.Value);
            if (same.Count == 0)
            {
                var others = holdings.Select(h => h.Scope).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                _trace.Add(others.Count == 0
                    ? $"Already held: no, {Who(Beneficiary)} does not hold {what}."
                    : $"Already held: no, {Who(Beneficiary)} holds {Wanted.Name} for {string.Join(", ", others)} but not for {scope.Value}.");
                return null;
            }

            var until = same.Any(h => h.ExpiresAt is null) ? null : same.Max(h => h.ExpiresAt);
            _trace.Add(until is null
                ? $"Already held: {Who(Beneficiary)} already holds {what}, permanently."
                : $"Already held: {Who(Beneficiary)} already holds {what}, until {When(until.Value)}.");
            return Decision(PolicyOutcome.AlreadyHeld) with { HeldUntil = until, Scope = scope.Value };
        }

        // Rule 5.
        private DurationResult ResolveDuration()
        {
            var asked = request.Duration;
            var max = Wanted.MaxDuration;
            var limit = max is null ? null : Durations.Describe(max.Value);

            if (asked.Length is { } tooShort && tooShort < MinimumDuration)
            {
                _trace.Add("Duration: under one minute is too short to grant.");
                return Ask("Access lasts at least one minute. For how long do you need it?");
            }
            if (max is null)
            {
                if (asked.Length is { } length)
                {
                    _trace.Add($"Duration: {Durations.Describe(length)} as asked; {Wanted.Name} has no time limit.");
                    return new(length, null);
                }
                _trace.Add(asked.IsStated
                    ? $"Duration: permanent as asked; {Wanted.Name} has no time limit."
                    : $"Duration: none stated, so permanent; {Wanted.Name} has no time limit.");
                return new(null, null);
            }
            if (!asked.IsStated)
            {
                _trace.Add($"Duration: {Wanted.Name} is time-limited (at most {limit}) and no duration was stated.");
                return Ask($"For how long do you need {Wanted.Name}? It can be granted for up to {limit}.");
            }
            if (asked.IsPermanent)
            {
                _trace.Add($"Duration: {Wanted.Name} cannot be permanent; the limit is {limit}.");
                return Ask($"{Wanted.Name} cannot be granted permanently; the limit is {limit}. For how long do you need it?");
            }
            var wanted = asked.Length!.Value;
            if (wanted > max)
            {
                _trace.Add($"Duration: {Durations.Describe(wanted)} is over the limit of {limit} for {Wanted.Name}.");
                return Ask($"{Wanted.Name} can be granted for at most {limit}, and {Durations.Describe(wanted)} is longer. For how long do you need it?");
            }
            _trace.Add($"Duration: {Durations.Describe(wanted)}, within the limit of {limit}.");
            return new(wanted, null);

            DurationResult Ask(string prompt)
            {
                var choices = DurationChoices(Wanted);
                return new(null, new MissingSlot(Slot.Duration, prompt, [.. choices.Select(DurationOptionText)], max) { DurationOptions = choices });
            }
        }

        // Rule 6.
        private MissingSlot? ResolveJustification()
        {
            if (!Wanted.RequiresJustification)
            {
                _trace.Add($"Justification: not required for {Wanted.Name}.");
                return null;
            }
            if (DisplayText.HasSubstance(request.Justification))
            {
                _trace.Add("Justification: a reason is given.");
                return null;
            }
            if (!string.IsNullOrWhiteSpace(request.Justification))
            {
                // Punctuation alone ("')", "...") gives the approvers nothing to weigh: asked again, saying why.
                _trace.Add($"Justification: {Wanted.Name} needs a reason and the one given has no words.");
                return new MissingSlot(Slot.Justification,
                    $"That reason has no words an approver could weigh. Why do you need {Wanted.Name}? The approvers will see your reason.", []);
            }
            _trace.Add($"Justification: {Wanted.Name} needs a reason and none was given.");
            return new MissingSlot(Slot.Justification, $"Why do you need {Wanted.Name}? The approvers will see your reason.", []);
        }

        // Rule 7.
        private PolicyDecision Route(string? scope, TimeSpan? duration)
        {
            if (Wanted.Approvals.Count == 0)
            {
                _trace.Add($"Approval: {Wanted.Name} has no approval stages, so it is auto-approved.");
                return Decision(PolicyOutcome.AutoApproved) with { Scope = scope, Duration = duration };
            }

            PeerCoverageFacts? peers = null;
            if (Wanted.PeerCoverage is { } threshold)
            {
                peers = PeerCoverage.Measure(Directory, Beneficiary, Wanted.Id, access, now, threshold);
                if (peers.Met)
                {
                    _trace.Add($"Peer coverage: {PeerNumbers(peers)}, so it is auto-approved.");
                    return Decision(PolicyOutcome.AutoApproved) with { Scope = scope, Duration = duration, Peers = peers };
                }
                _trace.Add(peers.Peers < PeerCoverage.MinimumPeers
                    ? $"Peer coverage: {Who(Beneficiary)} has {PeerCount(peers.Peers)} titled '{Beneficiary.Title}'; at least 2 are needed to judge, so approval is needed."
                    : $"Peer coverage: {PeerNumbers(peers)}, not enough, so approval is needed.");
            }

            var stages = ResolveStages();
            if (stages is null)
                return Decision(PolicyOutcome.Denied) with { Denial = DenialReason.NoApprover, Scope = scope, Duration = duration, Peers = peers };
            foreach (var stage in stages)
                _trace.Add($"Approval stage {stage.Order}: {stage.Description}.");
            return Decision(PolicyOutcome.NeedsApproval) with { Stages = stages, Scope = scope, Duration = duration, Peers = peers };
        }

        private List<StagePlan>? ResolveStages()
        {
            var merged = new List<(List<ApprovalStep> Steps, List<string> Approvers)>();
            foreach (var step in Wanted.Approvals)
            {
                var approvers = step.Kind switch
                {
                    ApprovalStepKind.Manager => OneOrNone(ManagerStage()),
                    ApprovalStepKind.Owner => OneOrNone(OwnerOrAbove()),
                    _ => GroupStage(step.Group ?? ""),
                };
                if (approvers is null)
                {
                    _trace.Add($"Approval: nobody but the requester and the beneficiary can approve the {StepName(step)} stage, so the request is denied; an administrator must name another approver in the catalog.");
                    return null;
                }
                if (merged.Count > 0 && SameSet(merged[^1].Approvers, approvers))
                {
                    _trace.Add($"Approval: the {StepName(step)} stage has the same approver{(approvers.Count == 1 ? "" : "s")} as the {StepName(merged[^1].Steps[^1])} stage before it ({JoinOr(approvers.Select(Who))}), so the two are one stage.");
                    merged[^1].Steps.Add(step);
                }
                else merged.Add(([step], approvers));
            }
            return [.. merged.Select((m, i) => new StagePlan(i + 1, m.Steps[0], m.Approvers,
                $"{string.Join(" and ", m.Steps.Select(StepName))}: {JoinOr(m.Approvers.Select(Who))}") { Steps = m.Steps })];
        }

        private static List<string>? OneOrNone(string? approver) => approver is null ? null : [approver];

        private string? ManagerStage()
        {
            if (Beneficiary.Manager is not { } manager)
            {
                _trace.Add($"Approval: {Who(Beneficiary)} has no manager in the directory, so the manager stage goes to the owner of {app.Name}.");
                return OwnerOrAbove();
            }
            if (!IsSetAside(manager)) return manager;

            var above = FirstAllowedAbove(manager);
            if (above is not null)
            {
                _trace.Add($"Approval: {Who(manager)}, {Who(Beneficiary)}'s manager, {Role(manager)}, so the manager stage goes to their manager {Who(above)}.");
                return above;
            }
            _trace.Add($"Approval: {Who(manager)}, {Who(Beneficiary)}'s manager, {Role(manager)} and nobody above them can approve, so the manager stage goes to the owner of {app.Name}.");
            return OwnerOrAbove();
        }

        private string? OwnerOrAbove()
        {
            if (!IsSetAside(app.Owner)) return app.Owner;
            var above = FirstAllowedAbove(app.Owner);
            _trace.Add(above is null
                ? $"Approval: {Who(app.Owner)}, the owner of {app.Name}, {Role(app.Owner)} and nobody above them can approve."
                : $"Approval: {Who(app.Owner)}, the owner of {app.Name}, {Role(app.Owner)}, so the stage goes to their manager {Who(above)}.");
            return above;
        }

        private List<string>? GroupStage(string group)
        {
            var members = Catalog.GroupMembers(group).Distinct(PersonKey.Comparer).ToList();
            var allowed = members.Where(m => !IsSetAside(m)).ToList();
            var setAside = members.Where(IsSetAside).ToList();
            if (allowed.Count > 0)
            {
                foreach (var person in setAside)
                    _trace.Add($"Approval: {Who(person)} {Role(person)}, so they are left out of group {group} for this request.");
                return allowed;
            }
            if (setAside.Count == 0)
            {
                _trace.Add($"Approval: group {group} has no members, so its stage goes to the owner of {app.Name}.");
                return OneOrNone(OwnerOrAbove());
            }
            foreach (var person in setAside)
            {
                if (FirstAllowedAbove(person) is not { } above) continue;
                _trace.Add($"Approval: group {group} has nobody but {JoinOr(setAside.Select(Who))}, who {Role(person)}, so its stage goes to {Who(person)}'s manager {Who(above)}.");
                return [above];
            }
            _trace.Add($"Approval: group {group} has nobody but {JoinOr(setAside.Select(Who))} and nobody above them can approve, so its stage goes to the owner of {app.Name}.");
            return OneOrNone(OwnerOrAbove());
        }

        private string? FirstAllowedAbove(string email) =>
            ApproverRules.FirstAllowedAbove(Directory, email, request.Requester.Email, Beneficiary.Email);

        private bool IsSetAside(string email) => ApproverRules.IsSetAside(email, request.Requester.Email, Beneficiary.Email);

        private string Role(string email) =>
            (PersonKey.Same(email, request.Requester.Email), PersonKey.Same(email, Beneficiary.Email)) switch
            {
                (true, true) => "is the requester and the beneficiary",
                (true, false) => "is the requester",
                _ => "is the beneficiary",
            };

        private PolicyDecision Decision(PolicyOutcome outcome) => new() { Outcome = outcome, Trace = [.. _trace] };

        private string Who(Person person) => person.Name;
        private string Who(string email) => Directory.Find(email)?.Name ?? email;
        private string EntitlementName(string id) => Catalog.FindEntitlement(id)?.Name ?? id;
        private string Label(string? scope) => scope is null ? Wanted.Name : $"{Wanted.Name} for {scope}";

        private string StepName(ApprovalStep step) => step.Kind switch
        {
            ApprovalStepKind.Manager => "manager",
            ApprovalStepKind.Owner => $"{app.Name} owner",
            _ => $"group {step.Group}",
        };
    }

    private sealed record ScopeResult(string? Value, MissingSlot? Missing, string? TraceLine);

    private sealed record DurationResult(TimeSpan? Length, MissingSlot? Missing);

    /// <summary>Catalog ids and scopes: compared without regard to case.</summary>
    private static bool SameText(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool SameSet(IReadOnlyCollection<string> a, IReadOnlyCollection<string> b) =>
        new HashSet<string>(a, PersonKey.Comparer).SetEquals(b);

    private static string JoinOr(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }

    private static string SlotName(Slot slot) => slot.ToString().ToLowerInvariant();

    private static string When(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string PeerCount(int n) => n == 1 ? "1 other person" : $"{n} other people";

    private static string Percent(double share) =>
        Math.Round(share * 100, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture) + "%";

    internal static string PeerNumbers(PeerCoverageFacts facts) =>
        $"{facts.Holders} of {facts.Peers} peers ({Percent(facts.Share)}) hold it, threshold {Percent(facts.Threshold)}";
}
