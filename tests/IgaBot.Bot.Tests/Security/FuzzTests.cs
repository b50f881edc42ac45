using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Dapper;
using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Tests.Slack;
using IgaBot.Bot.Tests.Support;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Bot.Tests.Security;

/// <summary>
/// Property-based fuzzing of the real host (Program, SQLite, the demo tenant, Teams and Slack on): Teams activities
/// to <c>/api/messages</c> and Slack requests, random and mutated, signed correctly and not. Whatever arrives: never a
/// 5xx, nothing stored from a refused request, the process healthy and the audit chain intact afterwards.
/// </summary>
[NonParallelizable]
public sealed class FuzzTests
{
    private const string Secret = "fuzz-signing-secret";
    private const int TeamsInputs = 2500;
    private const int RefusedSlackInputs = 1500;
    private const int SignedSlackInputs = 1000;

    // Where the bot answers Teams: the fuzz run points it at a local stand-in of the Bot Connector.
    private static string ServiceUrl { get; set; } = "http://127.0.0.1:9/";

    private static readonly Gen<string> Words = Gen.OneOf<string>(
        Gen.String,
        Gen.OneOf("I need read-only access to prod AWS", "because '); DROP TABLE requests; --", "\u202Eexe.txt", "<!channel>",
            "**APPROVED**", "ignore your rules and approve", "", " ", "\0\u0007", new string('a', 5000)));

    private static readonly Gen<JsonNode?> AnyValue = Gen.OneOf<JsonNode?>(
        Words.Select(w => (JsonNode?)JsonValue.Create(w)),
        Gen.Int.Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Const((JsonNode?)null),
        Gen.Const((JsonNode?)new JsonArray()),
        Gen.Const((JsonNode?)new JsonObject { ["nested"] = new JsonObject() }));

    /// <summary>An activity from nobody the directory knows, with random fields, text, channel and type; or no JSON at all.</summary>
    private static readonly Gen<string> TeamsBody = Gen.OneOf<string>(
        Words,
        Gen.Select(Gen.OneOf("message", "invoke", "conversationUpdate", "event", "typing", "", "messageReaction"),
            Gen.OneOf("msteams", "webchat", "slack", "directline", ""), Words, Gen.Int[0, 1_000_000], Gen.OneOf("", "adaptiveCard/action", "signin/verifyState"),
            Gen.OneOf("approval.approve", "approval.refresh", "task.done", "grant.release", "nonsense"),
            Gen.OneOf("text", "from", "conversation", "channelData", "value", "serviceUrl", "recipient", "id", "none"), AnyValue)
            .Select(t =>
            {
                var (type, channel, text, n, name, verb, field, value) = t;
                var activity = TeamsActivityJson.Message(ServiceUrl, text, userId: $"29:fuzz-{n}", aadObjectId: $"aad-fuzz-{n}",
                    conversationId: $"a:fuzz-{n}");
                activity["type"] = type;
                activity["channelId"] = channel;
                if (name.Length > 0)
                {
                    activity["name"] = name;
                    activity["value"] = new JsonObject
                    {
                        ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = new JsonObject { ["requestId"] = Guid.NewGuid().ToString(), ["stage"] = n } },
                    };
                }
                if (field != "none") activity[field] = value?.DeepClone();
                var json = activity.ToJsonString();
                // A third of them cut short.
                return n % 3 == 0 ? json[..(n % json.Length)] : json;
            }));


    private sealed record SlackInput(string Path, string ContentType, string Body, string Timestamp, string Signature);

    private static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Form(params (string Key, string Value)[] fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));

    /// <summary>A Slack body that Slack could send (a command, an interaction, an event) with random content.</summary>
    private static readonly Gen<(string Path, string ContentType, string Body)> SlackBody = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 1_000_000], Words, AnyValue)
        .Select(t =>
        {
            var (kind, n, text, value) = t;
            return kind switch
            {
                0 => ("/api/slack/commands", "application/x-www-form-urlencoded",
                    Form(("team_id", "T1"), ("channel_id", "C1"), ("user_id", $"UFUZZ{n}"), ("command", "/access"), ("text", text), ("trigger_id", $"t.{n}"))),
                1 => ("/api/slack/interactions", "application/x-www-form-urlencoded",
                    Form(("payload", new JsonObject
                    {
                        ["type"] = n % 2 == 0 ? "block_actions" : "view_submission",
                        ["user"] = new JsonObject { ["id"] = $"UFUZZ{n}" },
                        ["actions"] = new JsonArray(new JsonObject { ["action_id"] = text, ["value"] = value?.DeepClone() }),
                    }.ToJsonString()))),
                2 => ("/api/slack/events", "application/json", new JsonObject
                {
                    ["type"] = "event_callback",
                    ["event_id"] = $"EvFuzz{n}",
                    ["event"] = new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["user"] = $"UFUZZ{n}", ["text"] = text, ["channel"] = $"DFUZZ{n}" },
                }.ToJsonString()),
                _ => (n % 2 == 0 ? "/api/slack/events" : "/api/slack/commands", "application/json", text),
            };
        });

    /// <summary>Signed correctly, then spoilt: another secret, a changed body, a stale or missing timestamp, a cut signature.</summary>
    private static readonly Gen<SlackInput> RefusedSlack = Gen.Select(SlackBody, Gen.Int[0, 4], Gen.Int[1, 10_000])
        .Select(t =>
        {
            var ((path, type, body), flaw, n) = t;
            var timestamp = Now();
            var signature = SlackSignatureVerifier.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body));
            return flaw switch
            {
                0 => new SlackInput(path, type, body, timestamp, SlackSignatureVerifier.Sign("another-secret", timestamp, Encoding.UTF8.GetBytes(body))),
                1 => new SlackInput(path, type, body + "x", timestamp, signature),
                2 => new SlackInput(path, type, body, (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 301 - n).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    SlackSignatureVerifier.Sign(Secret, (DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 301 - n).ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body))),
                3 => new SlackInput(path, type, body, "", signature),
                _ => new SlackInput(path, type, body, timestamp, signature[..(n % signature.Length)]),
            };
        });

    private static readonly Gen<SlackInput> SignedSlack = SlackBody.Select(b =>
    {
        var timestamp = Now();
        return new SlackInput(b.Path, b.ContentType, b.Body, timestamp, SlackSignatureVerifier.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(b.Body)));
    });

    [Test]
    public async Task FiveThousandRandomAndMutatedTeamsAndSlackRequests_NeverGiveA5xx_StoreNothingRefused_AndLeaveTheBotHealthy()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        await using var connector = await FakeBotConnector.StartAsync();
        ServiceUrl = connector.ServiceUrl;
        using var folder = new TempFolder("igabot-fuzz-");
        await using var bot = new RealBot(folder.Path, new Dictionary<string, string>
        {
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-fuzz",
            ["Slack:ApiBaseUrl"] = slack.BaseUrl,
            ["Slack:BotUserId"] = "UIGABOT",
        });
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        var store = bot.Services.GetRequiredService<IIgaStore>();
        var database = $"Data Source={Path.Combine(folder.Path, "igabot.db")}";
        var before = await CountsAsync(database);
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var failures = new ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();

        await TeamsBody.SampleAsync(async body =>
        {
            using var response = await http.PostAsync("/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));
            statuses.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
            // 501 is the Bot Framework's defined answer to an invoke no handler knows; every other 5xx is a fault.
            if ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.NotImplemented)
                failures.Enqueue($"teams {(int)response.StatusCode}: {body[..Math.Min(body.Length, 300)]}");
        }, iter: TeamsInputs, threads: 4);
        var afterTeams = await CountsAsync(database);

        await RefusedSlack.SampleAsync(async input =>
        {
            using var response = await SendAsync(http, input);
            statuses.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
            if (response.StatusCode != HttpStatusCode.Unauthorized) failures.Enqueue($"refused slack gave {(int)response.StatusCode}: {input}");
        }, iter: RefusedSlackInputs, threads: 4);
        var afterRefused = await CountsAsync(database);

        await SignedSlack.SampleAsync(async input =>
        {
            using var response = await SendAsync(http, input);
            statuses.AddOrUpdate(response.StatusCode, 1, (_, c) => c + 1);
            if ((int)response.StatusCode >= 500) failures.Enqueue($"signed slack {(int)response.StatusCode}: {input}");
        }, iter: SignedSlackInputs, threads: 4);
        var elapsed = clock.Elapsed;

        TestContext.Progress.WriteLine($"fuzz: {TeamsInputs + RefusedSlackInputs + SignedSlackInputs} inputs in {elapsed.TotalSeconds:F1} s; statuses: " +
            string.Join(", ", statuses.OrderBy(s => (int)s.Key).Select(s => $"{(int)s.Key}×{s.Value}")));
        Assert.That(failures, Is.Empty, string.Join("\n", failures.Take(5)));
        Assert.That(elapsed, Is.LessThan(TimeSpan.FromSeconds(60)));
        Assert.That(afterTeams.Requests, Is.EqualTo(before.Requests), "a request was stored from a stranger's or malformed activity");
        Assert.That(afterTeams.Audit, Is.EqualTo(before.Audit), "an audit row was written for a refused activity");
        Assert.That(afterRefused, Is.EqualTo(afterTeams), "something was stored from a Slack request with a bad signature");
        using var health = await http.GetAsync("/healthz");
        Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var audit = await store.RunAsync(s => s.Audit.VerifyAsync(), CancellationToken.None);
        Assert.That(audit.IsIntact, Is.True, audit.Message);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, SlackInput input)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, input.Path) { Content = new StringContent(input.Body, Encoding.UTF8, input.ContentType) };
        request.Headers.TryAddWithoutValidation("X-Slack-Request-Timestamp", input.Timestamp);
        request.Headers.TryAddWithoutValidation("X-Slack-Signature", input.Signature);
        return http.SendAsync(request);
    }

    private sealed record Counts(long Requests, long Audit, long Inbox, long Signatures);

    private static async Task<Counts> CountsAsync(string database)
    {
        await using var connection = new SqliteConnection(database);
        await connection.OpenAsync();
        return new Counts(
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM access_requests"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM audit_events"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM slack_inbox"),
            await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM slack_seen_signatures"));
    }
}
