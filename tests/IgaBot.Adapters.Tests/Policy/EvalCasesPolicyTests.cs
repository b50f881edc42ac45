using System.Text.Json;
using IgaBot.Adapters.Tenant;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Policy;

/// <summary>
/// Acceptance: every public eval case, decided by the policy engine alone (no conversation, no
/// agent). The entitlement, scope and duration come from the case's expectation; the justification
/// is the case's answer, or the request sentence itself, which carries the reason.
/// </summary>
public sealed class EvalCasesPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly string EvalFolder = Path.Combine(AppContext.BaseDirectory, "eval");

    private static readonly Lazy<Core.Tenant> Contoso = new(() =>
        TenantLoader.LoadOrThrow(Path.Combine(EvalFolder, "catalog.yaml"), Path.Combine(EvalFolder, "directory.yaml")));

    public sealed record EvalCase(string Id, string Requester, string Say, string? AnsweredJustification,
        string Entitlement, string? Scope, bool HasDuration, string? Duration, string Status, string? Approver)
    {
        public override string ToString() => Id;
    }

    private static IEnumerable<EvalCase> ReadCases() =>
        File.ReadLines(Path.Combine(EvalFolder, "cases.jsonl"))
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var expect = root.GetProperty("expect");
                var answers = root.TryGetProperty("answers", out var a) ? a : default;
                string? Text(JsonElement element, string name) =>
                    element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                        ? v.GetString() : null;
                return new EvalCase(
                    Id: root.GetProperty("id").GetString()!,
                    Requester: root.GetProperty("requester").GetString()!,
                    Say: root.GetProperty("say").GetString()!,
                    AnsweredJustification: Text(answers, "justification"),
                    Entitlement: expect.GetProperty("entitlement").GetString()!,
                    Scope: Text(expect, "scope"),
                    HasDuration: expect.TryGetProperty("duration", out _),
                    Duration: Text(expect, "duration"),
                    Status: expect.GetProperty("status").GetString()!,
                    Approver: Text(expect, "approver"));
            })
            .ToList();

    private static IEnumerable<TestCaseData> Cases() =>
        ReadCases().Select(c => new TestCaseData(c).SetName($"EvalCase_{c.Id}_Is_{c.Status}"));

    [Test]
    public void ThePublicSet_HasFortyCases()
    {
        Assert.That(ReadCases().Select(c => c.Id).Distinct().Count(), Is.EqualTo(40));
    }

    [TestCaseSource(nameof(Cases))]
    public void EvalCase_GetsTheExpectedStatusAndFirstApprover(EvalCase evalCase)
    {
        var tenant = Contoso.Value;
        var person = tenant.Directory.Get(evalCase.Requester);
        var entitlement = tenant.Catalog.FindEntitlement(evalCase.Entitlement)
            ?? throw new AssertionException($"{evalCase.Id}: '{evalCase.Entitlement}' is not in the catalog.");

        var duration = evalCase switch
        {
            { HasDuration: true, Duration: null } => DurationRequest.Permanent,
            { HasDuration: true, Duration: { } iso } => DurationRequest.Of(Durations.ParseIso(iso)),
            // Denied or already held: any duration policy accepts.
            _ => DurationRequest.FromNullable(entitlement.DefaultDuration ?? entitlement.MaxDuration),
        };
        var justification = evalCase.AnsweredJustification ?? (entitlement.RequiresJustification ? evalCase.Say : null);
        var request = new PolicyRequest(person, person, entitlement, evalCase.Scope, duration, justification);

        var decision = PolicyEngine.Evaluate(request, tenant, AccessSnapshot.FromAssignments(tenant.InitialAccess), Now);

        var explained = PolicyDecisionText.Explain(request, decision);
        Assert.That(StatusOf(decision), Is.EqualTo(evalCase.Status), explained);
        if (evalCase.Approver is not null)
            Assert.That(decision.Stages.FirstOrDefault()?.Approvers.FirstOrDefault(), Is.EqualTo(evalCase.Approver), explained);
        if (decision.Outcome is PolicyOutcome.AutoApproved or PolicyOutcome.NeedsApproval)
            Assert.That(decision.Duration, Is.EqualTo(duration.Length), explained);
    }

    private static string StatusOf(PolicyDecision decision) => decision.Outcome switch
    {
        PolicyOutcome.AutoApproved => "auto_approved",
        PolicyOutcome.NeedsApproval => "pending_approval",
        PolicyOutcome.Denied => "denied",
        PolicyOutcome.AlreadyHeld => "already_has_access",
        _ => $"needs input ({string.Join(", ", decision.Missing.Select(m => m.Slot))})",
    };
}
