using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Adapters.Llm;
using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.Agent;
using IgaBot.Core.Catalog;
using IgaBot.Core.Conversation;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IgaBot.Adapters.Eval;

/// <summary>
/// <c>igabot eval</c> (DESIGN §10): runs every case of a JSONL file through the real conversation and
/// agent code against a fresh store loaded from the tenant files, answers the bot's questions from the
/// case, and compares how each case ended with what it expects. Prints a line per case and then
/// a line of how many cases got each check right (<c>by check: entitlement E/N, ...</c>) and last
/// <c>eval: P/N passed, asks exact A/N, over-permission O, wrong person W</c>. Exit code 0 when every case ran,
/// 2 when the input cannot be read (the message says which file or line).
/// </summary>
public static class EvalRunner
{
    public const int MaxTurns = 8;
    public const string DontKnow = "I don't know";

    public static Task<int> RunAsync(string catalogPath, string directoryPath, string casesPath, string? jsonOut, TextWriter output, CancellationToken ct) =>
        RunAsync(catalogPath, directoryPath, casesPath, jsonOut, output, configuration: null, ct);

    /// <param name="configuration">Settings with an <c>OpenAI</c> section to run the cases through a language model; null = offline planner.</param>
    public static async Task<int> RunAsync(string catalogPath, string directoryPath, string casesPath, string? jsonOut, TextWriter output,
        IConfiguration? configuration, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        var load = TenantLoader.Load(catalogPath, directoryPath);
        if (load.Tenant is not { } tenant)
        {
            await output.WriteLineAsync($"eval: cannot load the tenant ({load.Problems.Count} problem(s)):");
            foreach (var problem in load.Problems) await output.WriteLineAsync($"  {problem}");
            return 2;
        }
        IReadOnlyList<EvalCase> cases;
        try
        {
            cases = EvalCase.ReadAll(casesPath);
        }
        catch (InvalidInputException ex)
        {
            await output.WriteLineAsync($"eval: {ex.Message}");
            return 2;
        }

        var llm = configuration?.GetSection(LlmOptions.Section).Get<LlmOptions>() ?? new LlmOptions();
        if (llm.Validate() is { Count: > 0 } llmProblems)
        {
            foreach (var problem in llmProblems) await output.WriteLineAsync($"eval: {problem}");
            return 2;
        }
        await output.WriteLineAsync(llm.IsConfigured
            ? $"eval: {cases.Count} case(s) through {llm.Provider}:{llm.Model}, the offline planner standing by"
            : $"eval: {cases.Count} case(s) through the offline planner");

        var workDir = Directory.CreateTempSubdirectory("igabot-eval-");
        var shared = await LocalAgentHost.SharedPieces.CreateAsync(tenant, ct);
        var results = new List<EvalResult>();
        try
        {
            // The tenant is loaded into the store once; every case starts from a copy of that file.
            var template = Path.Combine(workDir.FullName, "tenant.db");
            await using (await LocalAgentHost.StartAsync(tenant, template, shared, configuration, initialize: true, ct: ct)) { }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

            foreach (var @case in cases)
            {
                ct.ThrowIfCancellationRequested();
                var database = Path.Combine(workDir.FullName, $"case-{results.Count + 1}.db");
                File.Copy(template, database);
                var result = await RunCaseAsync(@case, tenant, shared, configuration, database, ct);
                results.Add(result);
                await output.WriteLineAsync(result.Line());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { workDir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }

        var summary = EvalSummary.Of(results);
        if (jsonOut is not null)
            await File.WriteAllTextAsync(jsonOut, Report(results, summary).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
        await output.WriteLineAsync(summary.ByCheckLine());
        await output.WriteLineAsync(summary.Line());
        return 0;
    }

    private static async Task<EvalResult> RunCaseAsync(EvalCase @case, Core.Tenant tenant, LocalAgentHost.SharedPieces shared, IConfiguration? llm,
        string databasePath, CancellationToken ct)
    {
        await using var host = await LocalAgentHost.StartAsync(tenant, databasePath, shared, llm, initialize: false, ct: ct);
        var conversation = host.Conversation;

        var key = new ConversationKey("eval", @case.Id);
        var transcript = new List<EvalTurn>();
        var asked = new List<Slot>();
        var input = TurnInput.FromText(@case.Say);
        Outcome? outcome = null;
        for (var turn = 0; turn < MaxTurns; turn++)
        {
            var reply = await conversation.HandleTurnAsync(key, @case.Requester, input, ct);
            transcript.Add(new EvalTurn(input.Text ?? $"[{input.Choice!.Slot}: {input.Choice.Value}]", reply));
            if (reply.Outcome is { } ended) { outcome = ended; break; }
            if (reply.Question is not { } question) break;
            if (question.Slot != Slot.Confirm) asked.Add(question.Slot);
            input = Answer(@case, question);
        }
        return EvalResult.Compare(@case, outcome, asked, transcript, tenant.Catalog);
    }

    /// <summary>The case's answer for the asked slot: the matching option when one is offered, else typed text.</summary>
    internal static TurnInput Answer(EvalCase @case, Question question)
    {
        var answer = question.Slot == Slot.Confirm ? "yes"
            : @case.Answers.TryGetValue(SlotName(question.Slot), out var given) ? given
            : DontKnow;
        var option = question.Options.FirstOrDefault(o => Same(o.Value, answer)) ?? question.Options.FirstOrDefault(o => Same(o.Label, answer));
        return option is null ? TurnInput.FromText(answer) : TurnInput.FromChoice(question.Slot, option.Value);
    }

    internal static string SlotName(Slot slot) => slot.ToString().ToLowerInvariant();

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    private static JsonObject Report(List<EvalResult> results, EvalSummary summary) => new()
    {
        ["cases"] = summary.Cases,
        ["passed"] = summary.Passed,
        ["asksExact"] = summary.AsksExact,
        ["overPermission"] = summary.OverPermission,
        ["wrongPerson"] = summary.WrongPerson,
        ["byCheck"] = new JsonObject([.. summary.ByCheck.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)new JsonObject
        {
            ["right"] = c.Right,
            ["checked"] = c.Checked,
        }))]),
        ["results"] = new JsonArray([.. results.Select(r => (JsonNode)r.ToJson())]),
    };
}

/// <summary>One kind of check and how many of the cases it applied to got it right.</summary>
public sealed record CheckCount(string Name, int Right, int Checked);

/// <summary>The totals of a run: the last line, and the line of how each kind of check fared.</summary>
public sealed record EvalSummary(int Cases, int Passed, int AsksExact, int OverPermission, int WrongPerson, IReadOnlyList<CheckCount> ByCheck)
{
    /// <summary>The checks in the order the by-check line names them.</summary>
    public static readonly IReadOnlyList<string> CheckNames = ["entitlement", "scope", "status", "duration", "beneficiary", "asks"];

    public static EvalSummary Of(IReadOnlyList<EvalResult> results) => new(
        results.Count,
        results.Count(r => r.Passed),
        results.Count(r => r.AsksExact),
        results.Count(r => r.OverPermission),
        results.Count(r => r.WrongPerson),
        [.. CheckNames.Select(name => new CheckCount(name,
            results.Count(r => r.Checks.TryGetValue(name, out var right) && right),
            results.Count(r => r.Checks.ContainsKey(name))))]);

    /// <summary><c>by check: entitlement E/N, scope S/M, ...</c>: a check counts only the cases it applies to.</summary>
    public string ByCheckLine() => string.Create(CultureInfo.InvariantCulture,
        $"by check: {string.Join(", ", ByCheck.Select(c => $"{c.Name} {c.Right}/{c.Checked}"))}");

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"eval: {Passed}/{Cases} passed, asks exact {AsksExact}/{Cases}, over-permission {OverPermission}, wrong person {WrongPerson}");
}

/// <summary>One line of a cases file.</summary>
public sealed record EvalCase
{
    public required string Id { get; init; }
    public required string Requester { get; init; }
    public required string Say { get; init; }
    public IReadOnlyDictionary<string, string> Answers { get; init; } = new Dictionary<string, string>();
    public required EvalExpectation Expect { get; init; }

    /// <summary>Reads a JSONL file; <see cref="InvalidInputException"/> names the file or the line that cannot be read.</summary>
    public static IReadOnlyList<EvalCase> ReadAll(string path)
    {
        string[] lines;
        try { lines = File.ReadAllLines(path); }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException($"cannot read the cases file '{path}': {ex.Message}");
        }
        var cases = new List<EvalCase>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            try { cases.Add(Parse(lines[i])); }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new InvalidInputException($"{path} line {i + 1}: {ex.Message}");
            }
        }
        if (cases.Count == 0) throw new InvalidInputException($"{path} has no cases.");
        var duplicate = cases.GroupBy(c => c.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidInputException($"{path}: case id '{duplicate.Key}' appears more than once.");
        return cases;
    }

    internal static EvalCase Parse(string line)
    {
        var node = JsonNode.Parse(line) as JsonObject ?? throw new FormatException("a case must be a JSON object.");
        var expect = node["expect"] as JsonObject ?? throw new FormatException("'expect' is missing.");
        var answers = node["answers"] as JsonObject;
        string? duration = null;
        var durationGiven = expect.TryGetPropertyValue("duration", out var durationNode);
        if (durationNode is not null)
        {
            duration = durationNode.GetValue<string>();
            if (!Durations.TryParseIso(duration, out _)) throw new FormatException($"expect.duration '{duration}' is not an ISO 8601 duration.");
        }
        var status = Required(expect, "status", "expect.");
        if (status is not ("auto_approved" or "pending_approval" or "denied" or "already_has_access"))
            throw new FormatException($"expect.status '{status}' is not auto_approved, pending_approval, denied or already_has_access.");
        return new EvalCase
        {
            Id = Required(node, "id"),
            Requester = Required(node, "requester"),
            Say = Required(node, "say"),
            Answers = answers?.ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value?.GetValue<string>() ?? "") ?? [],
            Expect = new EvalExpectation
            {
                Entitlement = Required(expect, "entitlement", "expect."),
                Scope = expect["scope"]?.GetValue<string>(),
                Status = status,
                Approver = expect["approver"]?.GetValue<string>(),
                DurationGiven = durationGiven,
                Duration = duration,
                Asks = expect["asks"] is JsonArray asks ? [.. asks.Select(a => a!.GetValue<string>().ToLowerInvariant())] : null,
                Beneficiary = expect["beneficiary"]?.GetValue<string>() is { Length: > 0 } beneficiary ? beneficiary : null,
            },
        };
    }

    private static string Required(JsonObject node, string name, string prefix = "") =>
        node[name]?.GetValue<string>() is { Length: > 0 } value ? value : throw new FormatException($"'{prefix}{name}' is missing.");
}

public sealed record EvalExpectation
{
    public required string Entitlement { get; init; }
    public string? Scope { get; init; }
    public required string Status { get; init; }
    public string? Approver { get; init; }
    /// <summary>True when the case states a duration (null then means permanent).</summary>
    public bool DurationGiven { get; init; }
    public string? Duration { get; init; }
    public IReadOnlyList<string>? Asks { get; init; }
    /// <summary>Whom the access is for (email); null = the requester.</summary>
    public string? Beneficiary { get; init; }
}

public sealed record EvalTurn(string Said, TurnReply Reply);

/// <summary>How one case ended, compared with its expectation.</summary>
public sealed record EvalResult
{
    public required EvalCase Case { get; init; }
    public required bool Passed { get; init; }
    public required bool AsksExact { get; init; }
    public required bool OverPermission { get; init; }
    /// <summary>A request was filed for someone other than the expected beneficiary, or filed at all where a denial was expected.</summary>
    public required bool WrongPerson { get; init; }
    /// <summary>Each check that applied to this case (entitlement, scope, status, duration, beneficiary, asks) and whether it came out right.</summary>
    public required IReadOnlyDictionary<string, bool> Checks { get; init; }
    public required IReadOnlyList<string> Mismatches { get; init; }
    public string? Entitlement { get; init; }
    public string? Scope { get; init; }
    public string? Status { get; init; }
    public IReadOnlyList<string> Approvers { get; init; } = [];
    public string? Duration { get; init; }
    /// <summary>Whom the outcome was for (email); null when the case ended without an outcome.</summary>
    public string? Beneficiary { get; init; }
    public required IReadOnlyList<string> Asked { get; init; }
    public required IReadOnlyList<EvalTurn> Transcript { get; init; }

    public static string StatusOf(OutcomeKind kind) => kind switch
    {
        OutcomeKind.AutoApproved => "auto_approved",
        OutcomeKind.Submitted => "pending_approval",
        OutcomeKind.Denied => "denied",
        OutcomeKind.AlreadyHasAccess => "already_has_access",
        _ => kind.ToString().ToLowerInvariant(),
    };

    internal static EvalResult Compare(EvalCase @case, Outcome? outcome, IReadOnlyList<Slot> askedSlots, IReadOnlyList<EvalTurn> transcript, AccessCatalog catalog)
    {
        var expect = @case.Expect;
        var asked = askedSlots.Select(EvalRunner.SlotName).ToList();
        var mismatches = new List<string>();
        var status = outcome is null ? "none" : StatusOf(outcome.Kind);
        var duration = outcome?.Duration is { } d ? Durations.ToIso(d) : null;
        var expectedBeneficiary = expect.Beneficiary ?? @case.Requester;
        var beneficiary = outcome is null ? null : outcome.Beneficiary is { Length: > 0 } who ? who : @case.Requester;
        var checks = new Dictionary<string, bool>(StringComparer.Ordinal);

        if (outcome is null)
            mismatches.Add($"no outcome after {transcript.Count} turn(s)");
        else
        {
            if (!Same(outcome.EntitlementId, expect.Entitlement))
                mismatches.Add($"entitlement {outcome.EntitlementId}, expected {expect.Entitlement}");
            if (expect.Scope is not null && !Same(outcome.Scope, expect.Scope))
                mismatches.Add($"scope {outcome.Scope ?? "none"}, expected {expect.Scope}");
            if (status != expect.Status)
                mismatches.Add($"status {status}, expected {expect.Status}");
            if (expect.Status == "pending_approval" && expect.Approver is not null
                && !outcome.NextApprovers.Contains(expect.Approver, PersonKey.Comparer))
                mismatches.Add($"approver {string.Join("|", outcome.NextApprovers)}, expected {expect.Approver}");
            if (expect.Status is "auto_approved" or "pending_approval" && expect.DurationGiven && !SameDuration(outcome.Duration, expect.Duration))
                mismatches.Add($"duration {duration ?? "permanent"}, expected {expect.Duration ?? "permanent"}");
            if (!PersonKey.Same(beneficiary, expectedBeneficiary))
                mismatches.Add($"beneficiary {beneficiary}, expected {expectedBeneficiary}");
        }
        var asksExact = expect.Asks is null || asked.SequenceEqual(expect.Asks);

        checks["entitlement"] = outcome is not null && Same(outcome.EntitlementId, expect.Entitlement);
        if (expect.Scope is not null) checks["scope"] = outcome is not null && Same(outcome.Scope, expect.Scope);
        checks["status"] = status == expect.Status;
        if (expect.Status is "auto_approved" or "pending_approval" && expect.DurationGiven)
            checks["duration"] = outcome is not null && SameDuration(outcome.Duration, expect.Duration);
        checks["beneficiary"] = outcome is not null && PersonKey.Same(beneficiary, expectedBeneficiary);
        if (expect.Asks is not null) checks["asks"] = asksExact;

        var filed = outcome is { Kind: OutcomeKind.AutoApproved or OutcomeKind.Submitted or OutcomeKind.ExtensionSubmitted };
        return new EvalResult
        {
            Case = @case,
            Passed = mismatches.Count == 0,
            AsksExact = asksExact,
            OverPermission = outcome is { Kind: OutcomeKind.AutoApproved or OutcomeKind.Submitted } && Broader(catalog, outcome.EntitlementId, expect.Entitlement),
            WrongPerson = filed && (!PersonKey.Same(beneficiary, expectedBeneficiary) || expect.Status == "denied"),
            Checks = checks,
            Mismatches = mismatches,
            Entitlement = outcome?.EntitlementId,
            Scope = outcome?.Scope,
            Status = status,
            Approvers = outcome?.NextApprovers ?? [],
            Duration = duration,
            Beneficiary = beneficiary,
            Asked = asked,
            Transcript = transcript,
        };
    }

    /// <summary>
    /// An entitlement is broader than the expected one when it is a different one that ranks higher by risk,
    /// then by approval stages, then by needing a justification (the catalog's own measure of how much it opens).
    /// </summary>
    internal static bool Broader(AccessCatalog catalog, string actualId, string expectedId)
    {
        if (Same(actualId, expectedId)) return false;
        if (catalog.FindEntitlement(actualId) is not { } actual) return false;
        if (catalog.FindEntitlement(expectedId) is not { } expected) return true;
        static (int, int, int) Rank(Entitlement e) => ((int)e.Risk, e.Approvals.Count, e.RequiresJustification ? 1 : 0);
        return Rank(actual).CompareTo(Rank(expected)) > 0;
    }

    private static bool SameDuration(TimeSpan? actual, string? expected) =>
        expected is null ? actual is null : actual is { } a && Durations.TryParseIso(expected, out var e) && a == e;

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public string Line()
    {
        var verdict = Passed ? "PASS" : "FAIL";
        var what = Status == "none" ? "no outcome" : $"{Entitlement}{(Scope is null ? "" : $":{Scope}")} {Status}" +
            (Status is "auto_approved" or "pending_approval" ? $" {Duration ?? "permanent"}" : "") +
            (Status == "pending_approval" && Approvers.Count > 0 ? $" {Approvers[0]}" : "");
        var asks = $"asks [{string.Join(",", Asked)}]" + (AsksExact ? "" : $" (expected [{string.Join(",", Case.Expect.Asks ?? [])}])");
        var problems = Mismatches.Count == 0 ? "" : $" -- {string.Join("; ", Mismatches)}";
        var over = OverPermission ? " OVER-PERMISSION" : "";
        var wrongPerson = WrongPerson ? " WRONG-PERSON" : "";
        var forWhom = Beneficiary is not null && !PersonKey.Same(Beneficiary, Case.Requester) ? $" for {Beneficiary}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{verdict} {Case.Id}: {what}{forWhom}, {asks}{over}{wrongPerson}{problems}");
    }

    public JsonObject ToJson() => new()
    {
        ["id"] = Case.Id,
        ["passed"] = Passed,
        ["asksExact"] = AsksExact,
        ["overPermission"] = OverPermission,
        ["wrongPerson"] = WrongPerson,
        ["checks"] = new JsonObject([.. Checks.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]),
        ["mismatches"] = new JsonArray([.. Mismatches.Select(m => (JsonNode)m)]),
        ["expected"] = new JsonObject
        {
            ["entitlement"] = Case.Expect.Entitlement,
            ["scope"] = Case.Expect.Scope,
            ["status"] = Case.Expect.Status,
            ["approver"] = Case.Expect.Approver,
            ["duration"] = Case.Expect.Duration,
            ["asks"] = Case.Expect.Asks is null ? null : new JsonArray([.. Case.Expect.Asks.Select(a => (JsonNode)a)]),
            ["beneficiary"] = Case.Expect.Beneficiary ?? Case.Requester,
        },
        ["actual"] = new JsonObject
        {
            ["entitlement"] = Entitlement,
            ["scope"] = Scope,
            ["status"] = Status,
            ["approvers"] = new JsonArray([.. Approvers.Select(a => (JsonNode)a)]),
            ["duration"] = Duration,
            ["beneficiary"] = Beneficiary,
            ["asks"] = new JsonArray([.. Asked.Select(a => (JsonNode)a)]),
        },
        ["transcript"] = new JsonArray([.. Transcript.Select(t => (JsonNode)new JsonObject
        {
            ["user"] = t.Said,
            ["bot"] = t.Reply.Text,
            ["question"] = t.Reply.Question is { } q ? new JsonObject
            {
                ["slot"] = EvalRunner.SlotName(q.Slot),
                ["prompt"] = q.Prompt,
                ["options"] = new JsonArray([.. q.Options.Select(o => (JsonNode)new JsonObject { ["value"] = o.Value, ["label"] = o.Label })]),
            } : null,
            ["outcome"] = t.Reply.Outcome is { } o ? new JsonObject
            {
                ["kind"] = StatusOf(o.Kind),
                ["entitlement"] = o.EntitlementId,
                ["reason"] = o.Reason,
            } : null,
        })]),
    };
}
