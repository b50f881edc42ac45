using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Tests.Eval;

/// <summary>
/// A joiner's suggestions on the eval tenant, where Jake Miller (Software Engineer, no access of his own) stands in for
/// the joiner: they match what his peers hold, and a suggestion's click (its request in words) goes through the real
/// conversation, agent and policy and files the request policy decides.
/// </summary>
[NonParallelizable]
public sealed class JoinerSuggestionTests
{
    private const string Jake = "jake.miller@contoso.com";

    [Test]
    public async Task JakesSuggestions_AreWhatMostOfHisPeersHold_AndClickingOneFilesTheRequestPolicyDecides()
    {
        using var folder = new TempFolder();
        await using var host = await AgentFixture.StartAsync(folder.File("igabot.db"));
        var tenant = AgentFixture.EvalTenant;
        var welcome = new JoinerWelcome(host.Services.GetRequiredService<IIgaStore>(), new NoLedger(), new Fixed(tenant), new RecordingNotifier(NullLogger<RecordingNotifier>.Instance),
            Options.Create(new PeopleLifecycleOptions()), NullLogger<JoinerWelcome>.Instance);

        var suggestions = await welcome.SuggestAsync(tenant.Directory.Get(Jake), default);

        // Computed from the directory file independently: the share of Jake's peers holding each entitlement.
        var jake = tenant.Directory.Get(Jake);
        var peers = tenant.Directory.PeersOf(jake).ToList();
        var expected = tenant.InitialAccess
            .Where(p => peers.Any(peer => peer.Email == p.Key))
            .SelectMany(p => p.Value.Select(a => (Person: p.Key, a.EntitlementId)))
            .Distinct()
            .GroupBy(x => x.EntitlementId)
            .Where(g => tenant.Catalog.FindEntitlement(g.Key) is { } e && (double)g.Count() / peers.Count is var share
                && (e.PeerCoverage is { } t ? share >= t : share > 0.5)
                && (e.EligibleDepartments.Count == 0 || e.EligibleDepartments.Contains(jake.Department)))
            .Select(g => g.Key);
        Assert.That(suggestions.Select(s => s.EntitlementId), Is.EquivalentTo(expected));
        Assert.That(suggestions, Has.Some.Matches<JoinerSuggestion>(s => s.EntitlementId == "jira-user"));

        var jira = suggestions.Single(s => s.EntitlementId == "jira-user");
        var reply = await host.Conversation.HandleTurnAsync(new ConversationKey("test", "welcome"), Jake, TurnInput.FromText(jira.RequestText), default);

        Assert.That(reply.Outcome?.Kind, Is.EqualTo(OutcomeKind.AutoApproved), reply.Text);
        var filed = (await host.Services.GetRequiredService<IIgaStore>().RunAsync(s => s.Requests.ListByPersonAsync(Jake), default)).Single();
        Assert.That(filed.EntitlementId, Is.EqualTo("jira-user"));
        Assert.That(filed.Trace, Does.Contain("Eligibility:"), "the policy engine decided it");
    }

    private sealed class NoLedger : IJoinerWelcomeLedger
    {
        public Task<bool> TryRecordAsync(string person, DateTimeOffset at, IReadOnlyList<string> suggestions, CancellationToken ct) => Task.FromResult(true);
    }

    private sealed class Fixed(Core.Tenant tenant) : ITenantAccessor
    {
        public Core.Tenant Current => tenant;
    }
}
