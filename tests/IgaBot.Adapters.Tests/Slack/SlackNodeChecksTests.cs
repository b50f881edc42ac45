using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Adapters.Slack;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Tests.Slack;

/// <summary>
/// Checks against Slack's own npm packages (tests/slack-check): Bolt's signature verification as a
/// reference for ours, and @slack/types + tsc over every Block Kit payload our builders produce.
/// </summary>
public sealed class SlackNodeChecksTests
{
    private static string CheckDirectory()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IgaBot.sln"))) dir = dir.Parent;
        if (dir is null) Assert.Fail("IgaBot.sln not found above the test directory.");
        var check = Path.Combine(dir!.FullName, "tests", "slack-check");
        if (!Directory.Exists(Path.Combine(check, "node_modules", "@slack", "bolt")) || !Directory.Exists(Path.Combine(check, "node_modules", "typescript")))
            Assert.Ignore("The Slack npm checks need their packages: run `npm ci --prefix tests/slack-check` (build/test.sh does).");
        return check;
    }

    private static (int ExitCode, string Output) Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Ignore("Node.js is not installed; the Slack npm checks are skipped."); throw; }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2))) { process.Kill(true); Assert.Fail("node did not finish in 2 minutes."); }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }

    [Test]
    public void OurSignatureVerdicts_AgreeWithBolts()
    {
        var check = CheckDirectory();
        const string secret = "e6b19c573432dcc6b075501d51b51bb8";
        const long now = 1_764_331_200;
        var form = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&user_id=U2147483697&command=%2Faccess&text=I+need+logs+%3C%21channel%3E&trigger_id=13345224609.738474920.8088930838d88f008e0";
        var json = """{"type":"event_callback","event_id":"Ev1","event":{"type":"message","text":"café ☕ <!channel>"}}""";
        string Sign(string key, long ts, string body) => SlackSignatureVerifier.Sign(key, ts.ToString(), Encoding.UTF8.GetBytes(body));

        var fixtures = new List<(string Name, string Secret, long Timestamp, string Body, string Signature)>
        {
            ("good form", secret, now, form, Sign(secret, now, form)),
            ("good json with non-ASCII", secret, now - 10, json, Sign(secret, now - 10, json)),
            ("bad secret", secret, now, form, Sign("another-secret", now, form)),
            ("stale timestamp", secret, now - 301, form, Sign(secret, now - 301, form)),
            ("exactly five minutes old", secret, now - 300, form, Sign(secret, now - 300, form)),
            ("body re-encoded", secret, now, form.Replace("+", "%20"), Sign(secret, now, form)),
            ("body modified", secret, now, form.Replace("logs", "admin"), Sign(secret, now, form)),
            ("unknown version", secret, now, form, "v1=" + Sign(secret, now, form)[3..]),
            ("truncated signature", secret, now, form, Sign(secret, now, form)[..40]),
        };
        var file = Path.Combine(Path.GetTempPath(), $"slack-signatures-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(fixtures.Select(f => new
        {
            name = f.Name, secret = f.Secret, timestamp = f.Timestamp.ToString(), body = f.Body, signature = f.Signature, now,
        })));
        try
        {
            var (exit, output) = Run(check, "verify-signatures.mjs", file);
            Assert.That(exit, Is.Zero, output);
            var bolt = JsonDocument.Parse(output).RootElement.EnumerateArray()
                .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("valid").GetBoolean());

            Assert.Multiple(() =>
            {
                foreach (var f in fixtures)
                {
                    var ours = SlackSignatureVerifier.Verify(f.Secret, f.Timestamp.ToString(), f.Signature, Encoding.UTF8.GetBytes(f.Body),
                        DateTimeOffset.FromUnixTimeSeconds(now), TimeSpan.FromSeconds(300)) == SignatureVerdict.Valid;
                    Assert.That(ours, Is.EqualTo(bolt[f.Name]), f.Name);
                }
                Assert.That(bolt.Values.Count(v => v), Is.EqualTo(3), "the fixtures hold both verdicts");
            });
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public void EveryPayloadTheBotSends_TypeChecksAgainstSlackTypes()
    {
        var check = CheckDirectory();
        var ts = new StringBuilder();
        ts.AppendLine("// Generated by SlackNodeChecksTests from IgaBot's Block Kit builders. Do not edit.");
        ts.AppendLine("import type { KnownBlock, HomeView, ModalView } from '@slack/types';");
        ts.AppendLine("type Modal = ModalView & { blocks: KnownBlock[] };");
        ts.AppendLine("type Home = HomeView & { blocks: KnownBlock[] };");
        var n = 0;
        foreach (var (name, blocks) in SlackPayloadSamples.Messages())
            ts.AppendLine($"// {name}\nexport const m{n++}: KnownBlock[] = {SlackJson.Serialize(blocks)};");
        foreach (var (name, view) in SlackPayloadSamples.Views())
            ts.AppendLine($"// {name}\nexport const v{n++}: {(view.Type == "home" ? "Home" : "Modal")} = {SlackJson.Serialize(view)};");
        // The answered-question update is assembled from JSON rather than from the typed builders.
        ts.AppendLine($"export const m{n++}: KnownBlock[] = {SlackPayloadSamples.AnsweredQuestionBlocks()};");
        var generated = Path.Combine(check, "generated");
        Directory.CreateDirectory(generated);
        File.WriteAllText(Path.Combine(generated, "payloads.ts"), ts.ToString());

        var (exit, output) = Run(check, Path.Combine("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json");

        Assert.That(exit, Is.Zero, "tsc found payloads that do not match @slack/types:\n" + output);
        Assert.That(n, Is.GreaterThan(30));
    }
}

/// <summary>One of everything the bot sends, built by the real builders.</summary>
public static class SlackPayloadSamples
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static ApprovalView Approval => new()
    {
        RequestId = Guid.Parse("0192f0c4-1111-7000-8000-000000000001"), StageOrder = 1,
        RequesterEmail = "alice@example.com", RequesterName = "Alice <Moreau>",
        BeneficiaryEmail = "bob@example.com", BeneficiaryName = "Bob", BeneficiaryTitle = "Engineer",
        EntitlementId = "logs-admin", EntitlementName = "Logs admin", AppName = "Datadog", Scope = "prod",
        Duration = TimeSpan.FromDays(7), Until = Now.AddDays(7), Risk = "High", Justification = "Incident <!channel>",
        PeersHolding = ["Carla"], PeerCount = 4, Trace = ["High risk."], Approvers = ["nina@example.com"],
        ShorterOptions = [TimeSpan.FromDays(1)],
    };

    public static IEnumerable<(string, IReadOnlyList<Block>)> Messages()
    {
        yield return ("text", SlackMessages.Text("Hello <there> & welcome").Blocks);
        yield return ("question with buttons", SlackMessages.Reply(new TurnReply("Which one?", new Question(Slot.Entitlement, "Read or admin?",
            [new QuestionOption("logs-read", "Read logs", "Look only"), new QuestionOption("logs-admin", "Logs admin")]))).Blocks);
        yield return ("question with a select", SlackMessages.Reply(new TurnReply("", new Question(Slot.Scope, "Which project?",
            [.. Enumerable.Range(1, 9).Select(i => new QuestionOption($"p{i}", $"Project {i}", i % 2 == 0 ? "even" : null))]))).Blocks);
        yield return ("free-text question", SlackMessages.Reply(new TurnReply("Why?", new Question(Slot.Justification, "Why do you need it?", []))).Blocks);
        foreach (var kind in Enum.GetValues<OutcomeKind>())
        {
            yield return ($"outcome {kind}", SlackMessages.Reply(new TurnReply("Done.", Outcome: new Outcome
            {
                Kind = kind, EntitlementId = "logs-read", EntitlementName = "Read logs", AppName = "Datadog", Scope = "prod",
                Duration = TimeSpan.FromDays(2), RequestId = Guid.NewGuid(), Reason = "Because <policy>", Trace = ["Rule 1."],
                NextApprovers = ["nina@example.com"], HeldUntil = Now.AddDays(1), Beneficiary = "alice@example.com",
            })).Blocks);
        }
        yield return ("approval pending, approver", SlackMessages.Approval(Approval, "nina@example.com").Blocks);
        yield return ("approval pending, not an approver", SlackMessages.Approval(Approval, "x@example.com").Blocks);
        foreach (var kind in Enum.GetValues<DecisionKind>())
        {
            yield return ($"approval {kind}", SlackMessages.Approval(Approval with
            {
                Decision = new ApprovalDecisionView(kind, "nina@example.com", "Nina", Now, "reason", TimeSpan.FromDays(1)),
            }, "nina@example.com").Blocks);
        }
        foreach (var kind in Enum.GetValues<LifecycleKind>())
        {
            yield return ($"lifecycle {kind}", SlackMessages.Lifecycle(new LifecycleNotice
            {
                Kind = kind, RecipientEmail = "alice@example.com", EntitlementName = "Read logs", AppName = "Datadog", Scope = "prod",
                RequestId = Guid.NewGuid(), GrantId = Guid.NewGuid(), ExpiresAt = Now.AddDays(1), Text = $"Notice {kind}",
            }).Blocks);
        }
        var task = new ManualTaskView
        {
            TaskId = Guid.NewGuid(), OwnerEmail = "omar@example.com", AppName = "Payroll", EntitlementName = "Viewer",
            PersonEmail = "alice@example.com", PersonName = "Alice", Operation = "grant", Text = "Please add Alice.",
        };
        yield return ("manual task open", SlackMessages.ManualTask(task).Blocks);
        yield return ("manual task done", SlackMessages.ManualTask(task with { Operation = "revoke", Resolution = "Done by Omar" }).Blocks);
        var review = new Core.People.MoverReviewView
        {
            ReviewId = Guid.NewGuid(), ReviewerEmail = "sara@example.com", PersonEmail = "alice@example.com", PersonName = "Alice",
            PersonTitle = "Account Executive", ChangeText = "department Engineering → Sales", DueAt = Now.AddDays(14), Open = true,
            Items =
            [
                new() { GrantId = Guid.NewGuid(), EntitlementName = "Prod read", AppName = "AWS", Why = "Eligibility: limited to Engineering.", Ineligible = true, KeepUntil = Now.AddDays(90) },
                new() { GrantId = Guid.NewGuid(), EntitlementName = "Write", AppName = "GitHub", Scope = "payments", Why = "Approved by Nina.", Ineligible = false, KeepUntil = Now.AddDays(90) },
            ],
        };
        yield return ("mover review open", SlackMessages.MoverReview(review).Blocks);
        yield return ("mover review answered", SlackMessages.MoverReview(review with
        {
            Open = false, Items = [.. review.Items.Select(i => i with { Outcome = "revoked by Sara" })],
        }).Blocks);
        yield return ("mover review, many grants", SlackMessages.MoverReview(review with
        {
            Items = [.. Enumerable.Range(0, 30).Select(_ => review.Items[0] with { GrantId = Guid.NewGuid() })],
        }).Blocks);
        var welcome = new Core.People.JoinerWelcomeView
        {
            RecipientEmail = "jo@example.com", PersonName = "Jo", Title = "Software Engineer",
            Suggestions =
            [
                new() { EntitlementId = "github-read", EntitlementName = "Read", AppName = "GitHub", Holders = 3, Peers = 3, RequestText = "I need Read" },
                new() { EntitlementId = "jira-user", EntitlementName = "User", AppName = "Jira", Holders = 2, Peers = 3, RequestText = "I need User" },
            ],
        };
        yield return ("welcome", SlackMessages.Welcome(welcome).Blocks);
        yield return ("welcome, nothing to suggest", SlackMessages.Welcome(welcome with { Suggestions = [] }).Blocks);
    }

    public static IEnumerable<(string, SlackView)> Views()
    {
        var person = SlackTestTenant.Create().Directory.Get("alice@example.com");
        var model = new AppHomeModel(
        [
            new HeldAccess(Guid.NewGuid(), "Read logs", "Datadog", "prod", Now.AddDays(2), Core.Grants.GrantStatus.Active),
            new HeldAccess(Guid.NewGuid(), "Wiki", "Confluence", null, null, Core.Grants.GrantStatus.Active),
            new HeldAccess(Guid.NewGuid(), "Admin", "AWS", null, Now.AddHours(1), Core.Grants.GrantStatus.RevokeFailed),
        ],
        [new OpenRequest(Guid.NewGuid(), "Logs admin", "Datadog", "prod", Core.Requests.RequestStatus.PendingApproval, Now.AddHours(-2), "Nina")],
        [Approval]);
        yield return ("home", SlackViews.Home(person, model, Now));
        yield return ("empty home", SlackViews.Home(person, AppHomeModel.Empty, Now));
        yield return ("unknown person home", SlackViews.UnknownPersonHome());
        yield return ("request modal", SlackViews.RequestModal(SlackTestTenant.Create().Catalog));
        yield return ("deny modal", SlackViews.ReasonModal(SlackActions.DenyModal, "Deny request", "Why?", "Deny", "x|1"));
    }

    public static string AnsweredQuestionBlocks()
    {
        var blocks = new JsonArray
        {
            JsonNode.Parse(SlackJson.Serialize(SlackMessages.Text("Which one?").Blocks))![0]!.DeepClone(),
            JsonNode.Parse(SlackJson.Serialize(new List<Block> { new ContextBlock([SlackText.Mrkdwn(":ballot_box_with_check: You chose"), SlackText.Literal("Read logs")]) }))![0]!.DeepClone(),
        };
        return blocks.ToJsonString();
    }
}
