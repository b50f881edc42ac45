using NUnit.Framework;
using System.Text;
using IgaBot.Adapters.Eval;
using IgaBot.Adapters.Planner;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Runs the first message of every public eval case through the interpreter and measures what it
/// understood against what the case expects of the whole conversation.
/// </summary>
[TestFixture]
public sealed class EvalCasesMeasurementTests
{
    [TestCase("", 38, TestName = "PublicCases_ChooseTheExpectedEntitlement_AndNeverABroaderOne")]
    [TestCase("tailspin", 21, TestName = "CasesOfAnInventedTenant_ChooseTheExpectedEntitlement_AndNeverABroaderOne")]
    [TestCase("meridian", 29, TestName = "CasesOfAnInventedHospital_ChooseTheExpectedEntitlement_AndNeverABroaderOne")]
    public void Cases_ChooseTheExpectedEntitlement_AndNeverABroaderOne(string tenant, int atLeast)
    {
        var fixture = PlannerFixture.For(tenant);
        var cases = EvalTenant.LoadCases(EvalTenant.EvalPath(Path.Combine(tenant, "cases.jsonl")));
        var interpreter = fixture.NewInterpreter();
        var report = new StringBuilder();
        int right = 0, broader = 0, scopeRight = 0, scopeChecked = 0, durationRight = 0, durationChecked = 0, reasonRight = 0, reasonChecked = 0;
        foreach (var c in cases)
        {
            var result = interpreter.Interpret(c.Say, fixture.Context(c.Requester));
            var expected = fixture.TenantCatalog.FindEntitlement(c.Expect.Entitlement)!;
            var asks = c.Expect.Asks ?? [];
            var asksEntitlement = asks.Contains("entitlement");
            var ok = asksEntitlement
                ? result.IsAmbiguous && result.Options.Any(o => o.Entitlement.Id == expected.Id)
                : result.Entitlement?.Id == expected.Id;
            if (ok) right++;
            // "Broader" as the eval runner counts over-permission, so this test and the eval scores agree.
            if (result.Entitlement is { } chosen && EvalResult.Broader(fixture.TenantCatalog, chosen.Id, expected.Id)) broader++;

            var notes = new List<string>();
            var settled = c.Expect.Status is "pending_approval" or "auto_approved";
            if (c.Expect.Scope is { } scope && settled)
            {
                scopeChecked++;
                var scopeOk = asks.Contains("scope") ? result.Scope is null : result.Scope == scope;
                if (scopeOk) scopeRight++; else notes.Add($"scope {result.Scope ?? "-"}");
            }
            if (settled)
            {
                durationChecked++;
                var d = result.Duration;
                bool durationOk;
                if (asks.Contains("duration"))
                    durationOk = !d.IsStated || (d.Length is { } l && expected.MaxDuration is { } max && l > max);
                else if (c.Expect.Duration is { } iso)
                    durationOk = d.Length is { } l2 && Durations.ToIso(l2) == iso;
                else
                    durationOk = !d.IsStated || d.IsPermanent;
                if (durationOk) durationRight++; else notes.Add($"duration {d}");
            }
            if (settled && expected.RequiresJustification)
            {
                reasonChecked++;
                var reasonOk = asks.Contains("justification") ? result.Justification is null : result.Justification is not null;
                if (reasonOk) reasonRight++; else notes.Add($"reason '{result.Justification}'");
            }
            var got = result.Entitlement?.Id ?? (result.IsAmbiguous ? "ask[" + string.Join(",", result.Options.Select(o => o.Entitlement.Id + (o.IsPeersUsualChoice ? "*" : ""))) + "]" : result.Intent.ToString());
            var top = string.Join(" ", result.Candidates.Where(m => m.App.Id == expected.AppId).Take(3).Select(m => $"{m.Entitlement.Id}={LeastPrivilegeChooser.Relevance(m):0.00}"));
            report.AppendLine($"{(ok ? "ok  " : "FAIL")} [{top}] {c.Id} {got} (expected {(asksEntitlement ? "ask " : "")}{expected.Id}) {string.Join("; ", notes)} | {result.Why}");
        }
        report.AppendLine($"{(tenant == "" ? "public" : tenant)}: entitlement {right}/{cases.Count}, broader {broader}, scope {scopeRight}/{scopeChecked}, duration {durationRight}/{durationChecked}, justification {reasonRight}/{reasonChecked}");
        TestContext.Out.WriteLine(report.ToString());

        Assert.Multiple(() =>
        {
            Assert.That(right, Is.GreaterThanOrEqualTo(atLeast), "entitlement choices right");
            Assert.That(broader, Is.Zero, "cases that chose a broader entitlement than expected");
            Assert.That(scopeRight, Is.EqualTo(scopeChecked), "scopes");
            Assert.That(durationRight, Is.EqualTo(durationChecked), "durations");
            Assert.That(reasonRight, Is.EqualTo(reasonChecked), "justifications");
        });
    }
}
