using System.Text;
using System.Text.Json;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Storage;
using IgaBot.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.People;

/// <summary>A member of a target group the sync read: who, for which entitlement (and scope), where.</summary>
public sealed record TargetMembership(string Person, string EntitlementId, string? Scope, string Connector, string Group);

/// <summary>What a directory sync found, whether it was applied or not.</summary>
public sealed record DirectorySyncPlan(
    string Source,
    IReadOnlyList<Person> Joiners,
    IReadOnlyList<PersonMove> Movers,
    IReadOnlyList<Person> Leavers,
    IReadOnlyList<(TargetMembership Access, bool Unmanaged)> AccessFound,
    IReadOnlyList<ExistingAccess> AccessLost,
    IReadOnlyList<string> UnreadableTargets,
    int PeopleBefore,
    int PeopleAfter,
    bool Baseline)
{
    public bool IsEmpty => Joiners.Count == 0 && Movers.Count == 0 && Leavers.Count == 0 && AccessFound.Count == 0 && AccessLost.Count == 0;
}

public enum DirectorySyncOutcome
{
    /// <summary>The difference was written (or there was none) and handed to the lifecycle handlers.</summary>
    Applied,
    /// <summary>Dry run: the difference was computed and nothing was written.</summary>
    DryRun,
    /// <summary>The source failed; nothing changed.</summary>
    SourceFailed,
    /// <summary>The source answered something implausible (too many leavers); nothing changed.</summary>
    Refused,
    /// <summary><c>Directory:Source</c> is yaml: there is nothing to sync.</summary>
    NotConfigured,
}

/// <summary>What one run did: the outcome, the plan (when the source could be read), why it stopped, and delivery.</summary>
public sealed record DirectorySyncReport(DirectorySyncOutcome Outcome, DirectorySyncPlan? Plan, string? Problem, int ChangeSetsDelivered, int ChangeSetsPending);

/// <summary>
/// Reads the identity source and the targets' group members, works out the difference with what the database holds
/// (joiners, movers, leavers, access found and lost), and applies it in one transaction together with the change set for
/// the <see cref="IDirectoryLifecycle"/> handlers, which are then given every undelivered change set (at least once:
/// a set is marked delivered only after every handler succeeded, and retried on the next run otherwise).
/// A source that fails, or that would remove more than <see cref="DirectoryOptions.MaxLeaverShare"/> of the people,
/// changes nothing: the refusal is audited and logged at error.
/// </summary>
public sealed partial class DirectorySync(
    IOptions<DirectoryOptions> options,
    IIgaStore store,
    ITenantAccessor tenants,
    ConnectorRegistry connectors,
    SyncedDirectory synced,
    IEnumerable<IDirectoryLifecycle> handlers,
    ILogger<DirectorySync> logger,
    IDirectorySource? source = null)
{
    /// <summary>The actor of what the sync does, in the audit trail and as who ended lost access.</summary>
    public const string Actor = "directory-sync";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<DirectorySyncReport> RunAsync(bool dryRun, CancellationToken ct)
    {
        if (source is null || options.Value.FromYaml)
            return new(DirectorySyncOutcome.NotConfigured, null, $"{DirectoryOptions.Section}:Source is '{DirectoryOptions.Yaml}': people come from the tenant's directory file.", 0, 0);

        var delivered = 0;
        // Change sets a failed delivery left behind go first, so handlers see the changes in order.
        if (!dryRun) delivered += await DeliverAsync(ct);

        var previous = await store.RunAsync(async s => (await s.Directory.LockAndGetStateAsync()), ct);
        var sameSource = previous is not null && string.Equals(previous.Source, source.Name, StringComparison.OrdinalIgnoreCase);
        DirectoryRead read;
        IReadOnlyList<TargetMembership> members;
        IReadOnlyList<string> unreadable;
        try
        {
            read = await source.ReadAsync(sameSource ? previous!.SourceState : null, ct);
            (members, unreadable) = await ReadTargetsAsync(ct);
        }
        catch (ConnectorException ex)
        {
            return await FailAsync(dryRun, DirectorySyncOutcome.SourceFailed, null,
                $"{source.Type} source '{source.Name}' could not be read: {ex.Message}", ex, ct);
        }

        if (dryRun)
        {
            var plan = await store.RunAsync(s => PlanAsync(s, read.People, members, unreadable, baseline: !sameSource), ct);
            if (Implausible(plan) is { } why) return new(DirectorySyncOutcome.Refused, plan, why, 0, 0);
            return new(DirectorySyncOutcome.DryRun, plan, null, 0, 0);
        }

        var (applied, refusal) = await store.RunAsync(async s =>
        {
            var state = await s.Directory.LockAndGetStateAsync();
            var baseline = state is null || !string.Equals(state.Source, source.Name, StringComparison.OrdinalIgnoreCase);
            var plan = await PlanAsync(s, read.People, members, unreadable, baseline);
            if (Implausible(plan) is { } why) return (plan, why);
            await ApplyAsync(s, plan, read);
            return (plan, (string?)null);
        }, ct);
        if (refusal is not null)
            return await FailAsync(dryRun: false, DirectorySyncOutcome.Refused, applied, refusal, null, ct);

        LogApplied(source.Name, applied.Joiners.Count, applied.Movers.Count, applied.Leavers.Count, applied.AccessFound.Count, applied.AccessLost.Count);
        await synced.RefreshAsync(store, ct);
        delivered += await DeliverAsync(ct);
        var pending = await store.RunAsync(async s => (await s.Directory.ListUndeliveredAsync()).Count, ct);
        Count(DirectorySyncOutcome.Applied);
        return new(DirectorySyncOutcome.Applied, applied, null, delivered, pending);
    }

    private static void Count(DirectorySyncOutcome outcome) =>
        IgaTelemetry.DirectorySyncs.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            DirectorySyncOutcome.Applied => "applied",
            DirectorySyncOutcome.Refused => "refused",
            _ => "source_failed",
        }));

    /// <summary>Why the plan is not believed (too many leavers at once), or null.</summary>
    private string? Implausible(DirectorySyncPlan plan)
    {
        if (plan.PeopleBefore == 0 || plan.Leavers.Count == 0) return null;
        var share = (double)plan.Leavers.Count / plan.PeopleBefore;
        if (share <= options.Value.MaxLeaverShare) return null;
        return $"{source!.Type} source '{source.Name}' answered {plan.PeopleAfter} people where the directory has {plan.PeopleBefore}: "
            + $"{plan.Leavers.Count} leavers ({Percent(share)}) is more than {DirectoryOptions.Section}:MaxLeaverShare ({Percent(options.Value.MaxLeaverShare)}), "
            + "so the answer is taken for a broken source and nothing changed";
    }

    private static string Percent(double share) => $"{Math.Round(share * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)}%";

    private async Task<DirectorySyncReport> FailAsync(bool dryRun, DirectorySyncOutcome outcome, DirectorySyncPlan? plan, string problem, Exception? ex, CancellationToken ct)
    {
        if (!dryRun)
        {
            Count(outcome);
            LogFailed(ex, problem);
            await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(Actor,
                outcome == DirectorySyncOutcome.Refused ? "directory.sync-refused" : "directory.sync-failed", LifecycleSubjects.Directory, problem)), ct);
        }
        return new(outcome, plan, problem, 0, 0);
    }

    /// <summary>
    /// The members of every catalog group whose connector can list them, whoever they are: a leaver's membership is still
    /// there (until the lifecycle revokes it), so it must not read as access lost.
    /// </summary>
    private async Task<(IReadOnlyList<TargetMembership>, IReadOnlyList<string>)> ReadTargetsAsync(CancellationToken ct)
    {
        var found = new List<TargetMembership>();
        var unreadable = new List<string>();
        var read = new Dictionary<(string, string), IReadOnlyList<string>?>();
        foreach (var (connector, entitlement, option, group) in connectors.ListableGroups(tenants.Current.Catalog))
        {
            if (!read.TryGetValue((connector.Name, group), out var members))
            {
                try
                {
                    members = await connector.ListMembersAsync(group, ct);
                }
                catch (ConnectorException ex)
                {
                    // An unreadable group changes nothing about its access (neither found nor lost).
                    LogTargetUnreadable(ex, connector.Name, group);
                    unreadable.Add($"{connector.Name}:{group}: {ex.Message}");
                    members = null;
                }
                read[(connector.Name, group)] = members;
            }
            foreach (var member in members ?? [])
                found.Add(new TargetMembership(member.Trim().ToLowerInvariant(), entitlement.Id, option, connector.Name, group));
        }
        // Unreadable groups are named so that lost access is not concluded for them.
        return (found.Distinct().ToList(), unreadable);
    }

    private async Task<DirectorySyncPlan> PlanAsync(IStoreSession s, IReadOnlyList<Person> people, IReadOnlyList<TargetMembership> members,
        IReadOnlyList<string> unreadable, bool baseline)
    {
        var before = (await s.People.ListAsync()).Select(p => p.Person).ToDictionary(p => p.Email, StringComparer.OrdinalIgnoreCase);
        var after = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        foreach (var person in people) after.TryAdd(person.Email.Trim(), person with { Email = person.Email.Trim().ToLowerInvariant(), Manager = person.Manager?.Trim().ToLowerInvariant() });

        var joiners = after.Values.Where(p => !before.ContainsKey(p.Email)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var leavers = before.Values.Where(p => !after.ContainsKey(p.Email)).OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        var movers = after.Values
            .Where(p => before.TryGetValue(p.Email, out var old) && new PersonMove(old, p) is { } m && (m.DepartmentChanged || m.TitleChanged || m.ManagerChanged))
            .Select(p => new PersonMove(before[p.Email], p))
            .OrderBy(m => m.After.Email, StringComparer.Ordinal)
            .ToList();

        // Access: a member no held grant explains is found; existing access whose member is gone (group read) is lost.
        var held = (await s.Directory.ListKnownGrantsAsync())
            .Select(h => Key(h.Person, h.EntitlementId, h.Scope)).ToHashSet(StringComparer.Ordinal);
        var foundAccess = new List<(TargetMembership, bool)>();
        foreach (var member in members.OrderBy(m => m.Person, StringComparer.Ordinal).ThenBy(m => m.EntitlementId, StringComparer.Ordinal))
        {
            // Only people of the new directory hold access; a stranger's membership is the reconciler's drift.
            if (!after.ContainsKey(member.Person)) continue;
            if (held.Contains(Key(member.Person, member.EntitlementId, member.Scope))) continue;
            var request = await s.Directory.ExplainingRequestStatusAsync(member.Person, member.EntitlementId, member.Scope);
            // An approved request still being provisioned will make its own grant: not found access.
            if (request is "Approved" or "Provisioning") continue;
            foundAccess.Add((member, request is null));
        }
        var unreadableGroups = unreadable.Select(u => u[..u.IndexOf(": ", StringComparison.Ordinal)]).ToHashSet(StringComparer.Ordinal);
        var present = members.Select(m => Key(m.Person, m.EntitlementId, m.Scope)).ToHashSet(StringComparer.Ordinal);
        var lost = (await s.Directory.ListHeldExistingAccessAsync())
            .Where(e => !unreadableGroups.Contains($"{e.Connector}:{e.Group}"))
            .Where(e => !present.Contains(Key(e.Person, e.EntitlementId, e.Scope)))
            .ToList();
        return new DirectorySyncPlan(source!.Name, joiners, movers, leavers, foundAccess, lost, unreadable, before.Count, after.Count, baseline);
    }

    private async Task ApplyAsync(IStoreSession s, DirectorySyncPlan plan, DirectoryRead read)
    {
        var label = $"{source!.Type} source '{source.Name}'";
        await s.People.SyncAsync(new PeopleDirectory(read.People.Select(p => p with { Email = p.Email.Trim() }).ToList()));
        foreach (var joiner in plan.Joiners)
            await s.Audit.AppendAsync(new AuditEntry(Actor, "directory.joiner", LifecycleSubjects.Person(joiner.Email),
                $"{joiner.Email} joined ({Describe(joiner)}) per {label}"));
        foreach (var move in plan.Movers)
            await s.Audit.AppendAsync(new AuditEntry(Actor, "directory.mover", LifecycleSubjects.Person(move.After.Email),
                $"{move.After.Email} moved: {DescribeMove(move)} per {label}"));
        foreach (var leaver in plan.Leavers)
            await s.Audit.AppendAsync(new AuditEntry(Actor, "directory.leaver", LifecycleSubjects.Person(leaver.Email),
                $"{leaver.Email} left (disabled or deleted) per {label}"));

        foreach (var (access, unmanaged) in plan.AccessFound)
        {
            var grant = new Grant
            {
                Id = Guid.NewGuid(),
                Person = access.Person,
                EntitlementId = access.EntitlementId,
                Scope = access.Scope,
                GrantedAt = s.Now,
                Status = GrantStatus.Active,
                ConnectorRef = access.Group,
            };
            await s.Grants.CreateAsync(grant, new AuditEntry(Actor, "access.found", LifecycleSubjects.Grant(grant.Id),
                $"{access.Person} holds {Label(access.EntitlementId, access.Scope)} at {access.Connector}:{access.Group}; kept as an existing permanent grant"
                + (unmanaged ? " (unmanaged: no request explains it)" : " (a past request explains it)")));
            await s.Directory.AddExistingAccessAsync(new ExistingAccess(grant.Id, access.Person, access.EntitlementId, access.Scope,
                access.Connector, access.Group, unmanaged, s.Now, null));
        }

        foreach (var lost in plan.AccessLost)
        {
            // Removed at the target outside the bot: the grant ends as the target says, without a revoke sent to it.
            var reason = $"no longer a member of {lost.Connector}:{lost.Group} (found by the directory sync)";
            var current = await s.Grants.GetAsync(lost.GrantId);
            if (current?.Status == GrantStatus.Active)
            {
                await s.Grants.ChangeStatusAsync(lost.GrantId, GrantStatus.Active, GrantStatus.Revoking,
                    new AuditEntry(Actor, "access.lost", LifecycleSubjects.Grant(lost.GrantId), $"{lost.Person} {reason}"), Actor, reason);
                await s.Grants.ChangeStatusAsync(lost.GrantId, GrantStatus.Revoking, GrantStatus.Revoked,
                    new AuditEntry(Actor, "grant.revoked", LifecycleSubjects.Grant(lost.GrantId), $"{Label(lost.EntitlementId, lost.Scope)} of {lost.Person} ended: {reason}"));
            }
            await s.Directory.MarkExistingAccessLostAsync(lost.GrantId);
        }

        var version = await s.Directory.SaveStateAsync(source.Name, read.State);
        var changes = new DirectoryChanges(plan.Baseline ? [] : plan.Joiners, plan.Movers, plan.Leavers);
        if (!changes.IsEmpty)
            await s.Directory.AddChangeSetAsync(Guid.NewGuid(), source.Name, JsonSerializer.Serialize(changes, Json));
        await s.Audit.AppendAsync(new AuditEntry(Actor, "directory.synced", LifecycleSubjects.Directory,
            $"version {version} from {label}{(read.Delta ? " (delta)" : "")}{(plan.Baseline ? " (first sync from this source: joiners are not welcomed)" : "")}: "
            + Summary(plan)));
    }

    /// <summary>Hands every undelivered change set to the handlers, oldest first; stops at the first that fails.</summary>
    public async Task<int> DeliverAsync(CancellationToken ct)
    {
        var pending = await store.RunAsync(s => s.Directory.ListUndeliveredAsync(), ct);
        var delivered = 0;
        foreach (var set in pending)
        {
            var changes = JsonSerializer.Deserialize<DirectoryChanges>(set.ChangesJson, Json) ?? DirectoryChanges.None;
            try
            {
                foreach (var handler in handlers) await handler.HandleAsync(changes, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDeliveryFailed(ex, set.Id, set.Attempts + 1);
                await store.RunAsync(async s =>
                {
                    await s.Directory.MarkDeliveryFailedAsync(set.Id, ex.Message);
                    await s.Audit.AppendAsync(new AuditEntry(Actor, "directory.delivery-failed", LifecycleSubjects.Directory,
                        $"change set {set.Id} (attempt {set.Attempts + 1}): {ex.GetType().Name}: {ex.Message}; retried on the next sync"));
                }, ct);
                break;
            }
            await store.RunAsync(async s =>
            {
                await s.Directory.MarkDeliveredAsync(set.Id);
                await s.Audit.AppendAsync(new AuditEntry(Actor, "directory.delivered", LifecycleSubjects.Directory,
                    $"change set {set.Id}: {changes.Joiners.Count} joiners, {changes.Movers.Count} movers, {changes.Leavers.Count} leavers handed to the lifecycle"));
            }, ct);
            delivered++;
        }
        return delivered;
    }

    /// <summary>The plan as the command line prints it.</summary>
    public static string Format(DirectorySyncReport report)
    {
        var text = new StringBuilder();
        var plan = report.Plan;
        if (plan is not null)
        {
            text.AppendLine($"Directory sync from '{plan.Source}': {plan.PeopleBefore} people before, {plan.PeopleAfter} after"
                + (report.Outcome == DirectorySyncOutcome.DryRun ? " (dry run: nothing was changed)" : ""));
            Section(text, "Joiners", plan.Joiners.Select(p => $"+ {p.Email}  {Describe(p)}"));
            Section(text, "Movers", plan.Movers.Select(m => $"~ {m.After.Email}  {DescribeMove(m)}"));
            Section(text, "Leavers", plan.Leavers.Select(p => $"- {p.Email}  {Describe(p)}"));
            Section(text, "Access found", plan.AccessFound.Select(f =>
                $"+ {f.Access.Person}  {Label(f.Access.EntitlementId, f.Access.Scope)} at {f.Access.Connector}:{f.Access.Group}{(f.Unmanaged ? " (unmanaged)" : "")}"));
            Section(text, "Access lost", plan.AccessLost.Select(l => $"- {l.Person}  {Label(l.EntitlementId, l.Scope)} at {l.Connector}:{l.Group}"));
            foreach (var u in plan.UnreadableTargets) text.AppendLine($"warning: target {u} could not be read; its access was left as it was");
            text.AppendLine(Summary(plan) + ".");
        }
        switch (report.Outcome)
        {
            case DirectorySyncOutcome.Applied:
                text.AppendLine($"Applied. Change sets delivered to the lifecycle: {report.ChangeSetsDelivered}; waiting for a retry: {report.ChangeSetsPending}.");
                break;
            case DirectorySyncOutcome.Refused:
            case DirectorySyncOutcome.SourceFailed:
            case DirectorySyncOutcome.NotConfigured:
                text.AppendLine($"Nothing changed: {report.Problem}.");
                break;
        }
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IEnumerable<string> lines)
    {
        var list = lines.ToList();
        text.AppendLine($"{title} ({list.Count}):");
        foreach (var line in list) text.AppendLine($"  {line}");
    }

    private static string Summary(DirectorySyncPlan plan) =>
        $"{plan.Joiners.Count} joiner(s), {plan.Movers.Count} mover(s), {plan.Leavers.Count} leaver(s), {plan.AccessFound.Count} access found "
        + $"({plan.AccessFound.Count(f => f.Unmanaged)} unmanaged), {plan.AccessLost.Count} access lost";

    private static string Describe(Person p) =>
        $"{p.Name}, {p.Title}, {p.Department}" + (p.Manager is null ? "" : $", manager {p.Manager}");

    private static string DescribeMove(PersonMove m)
    {
        var parts = new List<string>();
        if (m.DepartmentChanged) parts.Add($"department {m.Before.Department} -> {m.After.Department}");
        if (m.TitleChanged) parts.Add($"title {m.Before.Title} -> {m.After.Title}");
        if (m.ManagerChanged) parts.Add($"manager {m.Before.Manager ?? "(none)"} -> {m.After.Manager ?? "(none)"}");
        return string.Join("; ", parts);
    }

    private static string Label(string entitlementId, string? scope) => scope is null ? entitlementId : $"{entitlementId}:{scope}";

    private static string Key(string person, string entitlementId, string? scope) =>
        $"{person.Trim().ToLowerInvariant()}|{entitlementId}|{scope ?? ""}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Directory synced from {Source}: {Joiners} joiners, {Movers} movers, {Leavers} leavers, {Found} access found, {Lost} access lost")]
    private partial void LogApplied(string source, int joiners, int movers, int leavers, int found, int lost);

    [LoggerMessage(Level = LogLevel.Error, Message = "Directory sync changed nothing: {Problem}")]
    private partial void LogFailed(Exception? ex, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Directory sync could not read the members of {Connector}:{Group}; its access is left as it was")]
    private partial void LogTargetUnreadable(Exception ex, string connector, string group);

    [LoggerMessage(Level = LogLevel.Error, Message = "Directory change set {ChangeSet} could not be delivered (attempt {Attempt}); it is retried on the next sync")]
    private partial void LogDeliveryFailed(Exception ex, Guid changeSet, int attempt);
}
