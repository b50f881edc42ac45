using System.Diagnostics;
using IgaBot.Adapters.Eval;
using IgaBot.Adapters.RateLimits;
using IgaBot.Core;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Adapters.Tests.Eval;

/// <summary>
/// From the threat list: 200 people each take a turn at the same moment (the offline planner, a real SQLite store, the
/// per-person rate limiter with its shared counters). Every turn is answered, every request is stored once, the
/// latencies (p50, p95, max) are written to the test output, and the audit chain is intact afterwards.
/// </summary>
[NonParallelizable]
public sealed class ConcurrentTurnsTests
{
    private const int People = 200;

    [Test]
    [CancelAfter(120_000)]
    public async Task TwoHundredPeople_TakeATurnAtOnce_EveryTurnIsAnswered_AndTheAuditChainHolds(CancellationToken ct)
    {
        var eval = AgentFixture.EvalTenant;
        // Sales Development Representatives, each asking for what the eval's Dev Sharma asks (pending his manager's approval).
        var crowd = Enumerable.Range(1, People).Select(i => new Person
        {
            Email = $"sdr{i:000}@contoso.com", Name = $"Sales Rep {i:000}", Title = "Sales Development Representative",
            Department = "Sales", Manager = "marcus.reed@contoso.com",
        }).ToList();
        var tenant = new Core.Tenant(eval.Catalog, new PeopleDirectory([.. eval.Directory.People, .. crowd]), eval.InitialAccess);
        using var folder = new TempFolder();
        var setup = Stopwatch.StartNew();
        var shared = await LocalAgentHost.SharedPieces.CreateAsync(tenant, ct);
        await using var host = await LocalAgentHost.StartAsync(tenant, folder.File("igabot.db"), shared,
            configure: s => s.AddIgaRateLimits(new ConfigurationBuilder().Build()), ct: ct);
        // Warm-up outside the measurement: the first turn loads what every later one shares.
        await host.Conversation.HandleTurnAsync(new ConversationKey("load", "warm-up"), "dev.sharma@contoso.com",
            TurnInput.FromText("what do I have?"), ct);

        await TestContext.Out.WriteLineAsync($"set-up (index, database, warm-up) {setup.Elapsed.TotalSeconds:F1} s");
        using var start = new SemaphoreSlim(0);
        var burst = new Stopwatch();
        var turns = crowd.Select(person => Task.Run(async () =>
        {
            await start.WaitAsync(ct);
            var own = Stopwatch.StartNew();
            var reply = await host.Conversation.HandleTurnAsync(new ConversationKey("load", person.Email), person.Email,
                TurnInput.FromText("I need to edit accounts and opportunities in Salesforce for 30 days"), ct);
            // Answered after: from the release of the burst (what the person waits) and from the turn's own start.
            return (person.Email, reply, Answered: burst.Elapsed, Working: own.Elapsed);
        }, ct)).ToList();
        burst.Start();
        start.Release(People);
        var results = await Task.WhenAll(turns);
        burst.Stop();

        static string Summary(IEnumerable<TimeSpan> times)
        {
            var ms = times.Select(t => t.TotalMilliseconds).Order().ToList();
            double Percentile(double p) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(p * ms.Count) - 1)];
            return $"p50 {Percentile(0.50):F0} ms, p95 {Percentile(0.95):F0} ms, max {ms[^1]:F0} ms";
        }
        await TestContext.Out.WriteLineAsync(
            $"{People} concurrent turns from {People} people on {Environment.ProcessorCount} cores, all answered in {burst.Elapsed.TotalSeconds:F1} s. " +
            $"Answered after the burst's release: {Summary(results.Select(r => r.Answered))}. " +
            $"Each turn from its own start: {Summary(results.Select(r => r.Working))}.");

        Assert.That(results.Select(r => r.reply.Text), Has.None.Contains("slow down"), "one turn each is well within anyone's budget");
        Assert.That(results.Count(r => r.reply.Outcome?.Kind == OutcomeKind.Submitted), Is.EqualTo(People),
            string.Join("\n", results.Where(r => r.reply.Outcome?.Kind != OutcomeKind.Submitted).Take(3).Select(r => $"{r.Email}: {r.reply.Text}")));
        var store = host.Services.GetRequiredService<IIgaStore>();
        var pending = await store.RunAsync(s => s.Requests.ListByStatusAsync(RequestStatus.PendingApproval), ct);
        Assert.That(pending.Select(r => r.Requester).Distinct().Count(), Is.EqualTo(People), "one stored request per person");
        Assert.That(pending, Has.Count.EqualTo(People));
        var verification = await store.RunAsync(s => s.Audit.VerifyAsync(), ct);
        Assert.That(verification.IsIntact, Is.True, verification.Message);
    }
}
