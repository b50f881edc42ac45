using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.People;

/// <summary>
/// Joiners: a welcome listing the access most people with the same title hold (peer coverage at or above
/// <c>Directory:JoinerSuggestionCoverage</c>, else the entitlement's own peer threshold, else more than half), leaving
/// out what the joiner's department may not hold. Each suggestion's click is an ordinary request in words, so it goes
/// through the conversation and the policy like any other. Once per person.
/// </summary>
public sealed partial class JoinerWelcome(
    IIgaStore store,
    IJoinerWelcomeLedger ledger,
    ITenantAccessor tenants,
    INotifier notifier,
    IOptions<PeopleLifecycleOptions> options,
    ILogger<JoinerWelcome> logger) : IDirectoryLifecycle
{
    /// <summary>At most this many suggestions, the most widely held first.</summary>
    public const int MaxSuggestions = 8;

    private const double DefaultCoverage = 0.5;

    public async Task HandleAsync(DirectoryChanges changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var joiner in changes.Joiners)
        {
            try
            {
                await WelcomeAsync(joiner, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, joiner.Email);
            }
        }
    }

    private async Task WelcomeAsync(Person joiner, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var person = tenant.Directory.Find(joiner.Email);
        if (person is null) return; // Left again before this ran.
        var suggestions = await SuggestAsync(person, ct);
        if (!await ledger.TryRecordAsync(person.Email, await store.RunAsync(s => Task.FromResult(s.Now), ct),
                [.. suggestions.Select(x => x.EntitlementId)], ct))
            return;
        await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "directory.joiner", LifecycleSubjects.Person(person.Email),
            suggestions.Count == 0
                ? $"joined as {person.Title} in {person.Department}; no access is common enough among their peers to suggest"
                : $"joined as {person.Title} in {person.Department}; suggested {string.Join(", ", suggestions.Select(x => $"{x.EntitlementId} ({x.Holders}/{x.Peers} peers)"))}")), ct);
        var view = new JoinerWelcomeView { RecipientEmail = person.Email, PersonName = person.Name, Title = person.Title, Suggestions = suggestions };
        bool sent;
        try
        {
            sent = await notifier.SendJoinerWelcomeAsync(view, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(ex);
            sent = false;
        }
        LogWelcomed(person.Email, suggestions.Count, sent);
    }

    /// <summary>What the people with the joiner's exact title mostly hold and the joiner does not (at least two peers, as for policy).</summary>
    public async Task<IReadOnlyList<JoinerSuggestion>> SuggestAsync(Person person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        var tenant = tenants.Current;
        var peers = tenant.Directory.PeersOf(person).Select(p => p.Email).ToList();
        if (peers.Count < PeerCoverage.MinimumPeers) return [];
        var (grants, now) = await store.RunAsync(async s => (await s.Grants.ListActiveForPeopleAsync([.. peers, person.Email]), s.Now), ct);
        var own = grants.Where(g => PersonKey.Same(g.Person, person.Email)).Select(g => g.EntitlementId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var suggestions = new List<JoinerSuggestion>();
        foreach (var held in grants.Where(g => !PersonKey.Same(g.Person, person.Email)).GroupBy(g => g.EntitlementId, StringComparer.OrdinalIgnoreCase))
        {
            var entitlement = tenant.Catalog.FindEntitlement(held.Key);
            if (entitlement is null || own.Contains(entitlement.Id)) continue;
            var holders = held.Select(g => g.Person).Distinct(PersonKey.Comparer).Count();
            var share = PeerCoverage.Share(holders, peers.Count);
            var threshold = options.Value.JoinerSuggestionCoverage ?? entitlement.PeerCoverage;
            if (threshold is { } t ? share < t : share <= DefaultCoverage) continue;
            // The policy engine's eligibility rule: never suggest what the joiner's department may not hold.
            var decision = PolicyEngine.Evaluate(new PolicyRequest(person, person, entitlement, null, DurationRequest.Unstated, null), tenant, AccessSnapshot.Empty, now);
            if (decision is { Outcome: PolicyOutcome.Denied, Denial: DenialReason.Ineligible }) continue;
            var app = tenant.Catalog.FindApp(entitlement.AppId);
            suggestions.Add(new JoinerSuggestion
            {
                EntitlementId = entitlement.Id,
                EntitlementName = entitlement.Name,
                AppName = app?.Name ?? "",
                Holders = holders,
                Peers = peers.Count,
                RequestText = RequestTextFor(entitlement),
            });
        }
        return [.. suggestions.OrderByDescending(x => x.Coverage).ThenBy(x => x.EntitlementName, StringComparer.OrdinalIgnoreCase).Take(MaxSuggestions)];
    }

    /// <summary>What a suggestion's click says as the joiner: the entitlement named word for word, as a person would ask.</summary>
    public static string RequestTextFor(Catalog.Entitlement entitlement)
    {
        ArgumentNullException.ThrowIfNull(entitlement);
        return $"I need {entitlement.Name}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Joiner {Person} welcomed with {Suggestions} suggestions (delivered: {Sent})")]
    private partial void LogWelcomed(string person, int suggestions, bool sent);

    [LoggerMessage(Level = LogLevel.Error, Message = "Welcoming the joiner {Person} failed; the next delivery tries again")]
    private partial void LogFailed(Exception ex, string person);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A welcome could not be delivered")]
    private partial void LogDeliveryFailed(Exception ex);
}
