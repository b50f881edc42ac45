using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Tests.Slack;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Core.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace IgaBot.Bot.Tests.Slack;

/// <summary>
/// The whole Slack loop with the real services: the bot host as Program builds it (Kestrel on 127.0.0.1,
/// a fresh SQLite database, the demo tenant, the offline planner, Quartz), Slack as its only channel,
/// and a local fake of the Slack Web API that records every call. Everything Slack would send is signed
/// with the app's signing secret and posted to the bot's endpoints. Jake types <c>/access</c>, answers in
/// his DM, Nina approves in hers, Raj (the AWS owner; the defaults have no SCIM connector, so provisioning
/// is a manual task) gives the access; a minute later Quartz takes it away, Raj confirms the removal,
/// Jake is told and his App Home no longer lists it. The minute passes on the bot's clock, not the test's: the clock
/// jumps ahead and the grant's Quartz trigger is fired.
/// </summary>
[NonParallelizable]
public sealed class SlackAcceptanceTests
{
    private const string Secret = "slack-acceptance-signing-secret";
    private const string Jake = "jake.miller@contoso.com";
    private const string Nina = "nina.petrova@contoso.com";
    private const string BotId = "UIGABOT";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Jake_AsksWithSlashAccess_NinaApprovesInHerDm_TheOwnerSetsItUp_AndAMinuteLaterItIsTakenAway()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        using var folder = new TempFolder("igabot-slack-acceptance-");
        var clock = new JumpingClock();
        // Slack is the only channel: no Teams endpoint, and so no playground either.
        await using var bot = new RealBot(folder.Path, new Dictionary<string, string>
        {
            ["Teams:Enabled"] = "false",
            ["Slack:SigningSecret"] = Secret,
            ["Slack:BotToken"] = "xoxb-acceptance-token",
            ["Slack:ApiBaseUrl"] = slack.BaseUrl,
            ["Slack:BotUserId"] = BotId,
        }, clock);
        Step("The bot starts with Slack as its only channel.");
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        var tenant = bot.Services.GetRequiredService<ITenantAccessor>().Current;
        var owner = tenant.Directory.Get(tenant.Catalog.AppOf(tenant.Catalog.FindEntitlement("aws-prod-readonly")!).Owner);
        // Slack user ids as the directory knows them (the demo directory has some), else made up: Slack then says who they are.
        var jakeId = SlackIdOf(tenant, Jake, "UJAKE");
        var ninaId = SlackIdOf(tenant, Nina, "UNINA");
        var ownerId = SlackIdOf(tenant, owner.Email, "UOWNER");
        slack.AddUser(jakeId, Jake, "Jake Miller");
        slack.AddUser(ninaId, Nina, "Nina Petrova");
        slack.AddUser(ownerId, owner.Email, owner.Name);
        slack.AddUser(BotId, "igabot@contoso.com", "IgaBot", bot: true);
        var store = bot.Services.GetRequiredService<IIgaStore>();

        Step("Jake asks. Slack gets its acknowledgement at once; the conversation goes on in his DM.");
        // His reason reads like SQL: it must be kept whole, as typed (an earlier planner cut it at the first semicolon).
        using var ack = await PostCommandAsync(http, jakeId, $"I need read-only access to prod AWS for 1 minute because {Reason}");
        Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var jakeDm = await AnswerUntilSubmittedAsync(slack, http, jakeId);

        Step("Nina gets the approval in her DM, with the same facts as the Teams card, Jake's words shown and not executed.");
        var approval = await WaitForMessageAsync(slack, "chat.postMessage", ninaId, c => HasAction(c, SlackActions.Approve));
        var approvalText = approval.Strings("blocks");
        Assert.That(approvalText, Does.Contain("Jake Miller").And.Contain("Read").IgnoreCase.And.Contain("1 minute"));
        // Slack shows plain_text as written and never pings from it; only mrkdwn would act on <!channel>.
        var approvalTexts = TextObjects(approval.Json.GetProperty("blocks"));
        Assert.That(approvalTexts.Where(t => t.Type == "plain_text").Select(t => t.Text), Has.Some.Contain("cc <!channel>"),
            "Jake's justification must be shown as he wrote it");
        Assert.That(approvalTexts.Where(t => t.Type == "mrkdwn").Select(t => t.Text), Has.None.Contain("!channel"),
            "a justification's <!channel> must be shown, not executed");
        await ClickAsync(http, ninaId, approval, SlackActions.Approve);

        Step("Her message is updated to show who decided what.");
        var decided = await WaitForMessageAsync(slack, "chat.update", ninaId, c => c.Strings("blocks").Contains("Nina Petrova"));
        Assert.That(FindAction(decided, SlackActions.Approve), Is.Null, "the decided approval still has its buttons");

        Step("The owner gets the manual task, does it and says so.");
        var task = await WaitForMessageAsync(slack, "chat.postMessage", ownerId, c => c.Strings("blocks").Contains("Give the access"));
        Assert.That(task.Strings("blocks"), Does.Contain("Jake Miller").And.Contain(Jake));
        await ClickAsync(http, ownerId, task, SlackActions.TaskDone);

        Step("Jake holds the access now, and his App Home shows it with the time left.");
        var grant = await EventuallyAsync(async () =>
            (await store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Jake), CancellationToken.None))
                .SingleOrDefault(g => g.EntitlementId == "aws-prod-readonly"), Patience);
        Assert.That(grant.Status, Is.EqualTo(GrantStatus.Active));
        Assert.That(grant.ExpiresAt - grant.GrantedAt, Is.EqualTo(TimeSpan.FromMinutes(1)).Within(TimeSpan.FromSeconds(1)));
        var homeWithGrant = await WaitForMessageAsync(slack, "views.publish", jakeId,
            c => c.Strings("view").Contains("AWS") && c.Strings("view").Contains("left"));
        Assert.That(FindAction(homeWithGrant, SlackActions.Release, "view"), Is.Not.Null, "the App Home offers Release");
        var granted = await WaitForMessageAsync(slack, "chat.postMessage", jakeId, c => c.Strings("blocks").Contains("You now have AWS Production Read Only"));
        Assert.That(granted.Arg("channel"), Is.EqualTo(jakeDm), "the notice went somewhere else than Jake's DM");

        Step("The minute runs out: Quartz starts the revocation, the owner is asked to remove the access and confirms.");
        var scheduler = await bot.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        Assert.That(await scheduler.GetJobDetail(RevokeGrantJob.JobKeyFor(grant.Id)), Is.Not.Null, "no revoke trigger was scheduled for the grant");
        clock.Jump(grant.ExpiresAt!.Value - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        // Another path may be replacing the trigger at this very moment (the provisioner schedules it again once the grant has
        // committed; the reconciler may have made it first), and Quartz then refuses to fire a job it is re-storing: fire it
        // once it stands still. Gone altogether means the overdue-grants sweep, on the bot's clock too, started the revocation;
        // either way it starts once, and the owner's task below shows it.
        await EventuallyAsync<object>(async () =>
        {
            try
            {
                await scheduler.TriggerJob(RevokeGrantJob.JobKeyFor(grant.Id));
                return true;
            }
            catch (JobPersistenceException)
            {
                return await scheduler.GetJobDetail(RevokeGrantJob.JobKeyFor(grant.Id)) is null ? false : null;
            }
        }, Patience);
        var removal = await WaitForMessageAsync(slack, "chat.postMessage", ownerId, c => c.Strings("blocks").Contains("Remove the access"));
        var callsBeforeRemoval = slack.Calls.Count;
        await ClickAsync(http, ownerId, removal, SlackActions.TaskDone);
        var ended = await EventuallyAsync(async () =>
            await store.RunAsync(s => s.Grants.GetAsync(grant.Id), CancellationToken.None) is { Status: GrantStatus.Revoked } g ? g : null, Patience);
        Assert.That(ended.EndedAt, Is.Not.Null);

        Step("Jake is told, and his App Home, refreshed, no longer lists the access but keeps what he still holds.");
        var told = await WaitForMessageAsync(slack, "chat.postMessage", jakeId, c => c.Strings("blocks").Contains("has been removed"), after: callsBeforeRemoval);
        Assert.That(told.Strings("blocks"), Does.Contain("AWS Production Read Only"));
        var homeAfter = await WaitForMessageAsync(slack, "views.publish", jakeId, _ => true, after: callsBeforeRemoval);
        Assert.That(homeAfter.Strings("view"), Does.Not.Contain("AWS Production Read Only"), "the App Home still lists the removed access");
        Assert.That(homeAfter.Strings("view"), Does.Contain("Datadog Read Only"), "the App Home lost the access Jake still holds");
        var audit = await store.RunAsync(s => s.Audit.VerifyAsync(), CancellationToken.None);
        Assert.That(audit.IsIntact, Is.True, audit.Message);

        Step("The request kept Jake's reason whole, and every audit row of the lifecycle uses the one subject scheme.");
        var request = await store.RunAsync(s => s.Requests.GetAsync(grant.RequestId!.Value), CancellationToken.None);
        Assert.That(request!.Justification, Is.EqualTo(Reason));
        var rows = await store.RunAsync(s => s.Audit.ListAsync(limit: 10_000), CancellationToken.None);
        Assert.That(rows.Where(r => !LifecycleSubjects.IsWellFormed(r.Subject)).Select(r => $"{r.Action} {r.Subject}"), Is.Empty);
        var requestRows = rows.Where(r => r.Subject == LifecycleSubjects.Request(request.Id)).Select(r => r.Action).ToList();
        Assert.That(requestRows, Does.Contain("request.submitted").And.Contain("approval.approved").And.Contain("request.fulfilled"), string.Join(", ", requestRows));
        var grantRows = rows.Where(r => r.Subject == LifecycleSubjects.Grant(grant.Id)).Select(r => r.Action).ToList();
        Assert.That(grantRows, Does.Contain("grant.created").And.Contain("grant.revoking").And.Contain("grant.revoked"), string.Join(", ", grantRows));
    }

    private const string Reason = "'); DROP TABLE requests; -- cc <!channel>";

    /// <summary>Every Block Kit text object in a payload, with its type (mrkdwn is formatted by Slack, plain_text is not).</summary>
    private static List<(string Type, string Text)> TextObjects(JsonElement e)
    {
        var found = new List<(string, string)>();
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray()) found.AddRange(TextObjects(x));
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("type", out var type) && type.GetString() is "plain_text" or "mrkdwn"
                && e.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                found.Add((type.GetString()!, text.GetString()!));
            else
                foreach (var p in e.EnumerateObject()) found.AddRange(TextObjects(p.Value));
        }
        return found;
    }

    /// <summary>
    /// Answers whatever the bot asks Jake until it says the request is submitted: a question with options by
    /// clicking one (the one that matches what Jake said, else the first), a free-text one by typing in the DM.
    /// Returns Jake's DM channel.
    /// </summary>
    private static async Task<string> AnswerUntilSubmittedAsync(FakeSlackApi slack, HttpClient http, string jakeId)
    {
        var answered = 0;
        for (var turn = 0; turn < 8; turn++)
        {
            var reply = await WaitForMessageAsync(slack, "chat.postMessage", jakeId, _ => true, count: ++answered);
            var channel = reply.Arg("channel")!;
            Step($"Jake's DM #{answered}: {reply.Arg("text")}");
            if (reply.Strings("blocks").Contains("Request submitted", StringComparison.Ordinal)) return channel;
            var options = Actions(reply.Json.GetProperty("blocks"))
                .Where(a => ((string?)a["action_id"])?.StartsWith(SlackActions.QuestionOptionPrefix, StringComparison.Ordinal) == true)
                .ToList();
            if (options.Count > 0)
            {
                var pick = options.FirstOrDefault(o => ((string?)o["text"]?["text"])?.Contains("1 minute", StringComparison.OrdinalIgnoreCase) == true
                    || (string?)o["text"]?["text"] is "Yes" or "Submit") ?? options[0];
                await ClickAsync(http, jakeId, reply, (string)pick["action_id"]!);
            }
            else
            {
                await PostDirectMessageAsync(http, jakeId, channel, "investigate failing payment jobs, cc <!channel>");
            }
        }
        Assert.Fail("The bot did not submit the request within 8 answers.");
        return "";
    }

    private static string SlackIdOf(Core.Tenant tenant, string email, string otherwise) =>
        tenant.Directory.Get(email).SlackId is { Length: > 0 } id ? id : otherwise;

    /// <summary>Says where the test is, live (a CI log then shows where it stopped).</summary>
    private static void Step(string step) => TestContext.Progress.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} slack acceptance: {step}");

    private static Task<HttpResponseMessage> PostCommandAsync(HttpClient http, string user, string text) =>
        PostSignedAsync(http, "/api/slack/commands", Form(new()
        {
            ["team_id"] = "T1",
            ["channel_id"] = "C1",
            ["user_id"] = user,
            ["command"] = "/access",
            ["text"] = text,
            ["response_url"] = "https://hooks.slack.invalid/commands/1",
            ["trigger_id"] = "trigger.1",
        }), "application/x-www-form-urlencoded");

    private static async Task PostDirectMessageAsync(HttpClient http, string user, string channel, string text)
    {
        var body = new JsonObject
        {
            ["type"] = "event_callback",
            ["team_id"] = "T1",
            ["event_id"] = "Ev" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["event"] = new JsonObject
            {
                ["type"] = "message",
                ["channel_type"] = "im",
                ["channel"] = channel,
                ["user"] = user,
                ["text"] = text,
                ["ts"] = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.000200",
            },
        };
        using var response = await PostSignedAsync(http, "/api/slack/events", body.ToJsonString(), "application/json");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    /// <summary>Clicks a button of a message the bot sent, as Slack reports it: a signed block_actions payload.</summary>
    private static async Task ClickAsync(HttpClient http, string user, SlackCall message, string actionId)
    {
        var blocks = JsonNode.Parse(message.Json.GetProperty("blocks").GetRawText())!.AsArray();
        var (action, blockId) = FindAction(message, actionId) ?? throw new AssertionException($"No '{actionId}' button on the message.");
        var channel = message.ResponseJson.GetProperty("channel").GetString();
        var ts = message.ResponseJson.GetProperty("ts").GetString();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user },
            ["team"] = new JsonObject { ["id"] = "T1" },
            ["trigger_id"] = "trigger." + Guid.NewGuid().ToString("N")[..8],
            ["container"] = new JsonObject { ["type"] = "message", ["channel_id"] = channel, ["message_ts"] = ts },
            ["channel"] = new JsonObject { ["id"] = channel },
            ["message"] = new JsonObject { ["ts"] = ts, ["text"] = message.Arg("text"), ["blocks"] = blocks },
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["action_id"] = actionId,
                ["block_id"] = blockId,
                ["value"] = (string?)action["value"],
                ["text"] = action["text"]?.DeepClone(),
                ["action_ts"] = $"{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}.000300",
            }),
        };
        using var response = await PostSignedAsync(http, "/api/slack/interactions",
            Form(new() { ["payload"] = payload.ToJsonString() }), "application/x-www-form-urlencoded");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static bool HasAction(SlackCall call, string actionId) => FindAction(call, actionId) is not null;

    /// <summary>The button with this action id in a message's blocks (or a view's), with the id of its block.</summary>
    private static (JsonObject Action, string? BlockId)? FindAction(SlackCall call, string actionId, string argument = "blocks")
    {
        var root = argument == "view" ? call.Json.GetProperty("view").GetProperty("blocks") : call.Json.GetProperty("blocks");
        foreach (var block in JsonNode.Parse(root.GetRawText())!.AsArray().OfType<JsonObject>())
        {
            var elements = block["elements"] as JsonArray ?? (block["accessory"] is JsonObject accessory ? [accessory.DeepClone()] : []);
            foreach (var element in elements.OfType<JsonObject>())
                if ((string?)element["action_id"] == actionId) return (element, (string?)block["block_id"]);
        }
        return null;
    }

    private static IEnumerable<JsonObject> Actions(JsonElement blocks) =>
        JsonNode.Parse(blocks.GetRawText())!.AsArray().OfType<JsonObject>()
            .SelectMany(b => (b["elements"] as JsonArray)?.OfType<JsonObject>() ?? []);

    /// <summary>
    /// Waits for the <paramref name="count"/>th call of <paramref name="method"/> addressed to a person (their DM, or their
    /// App Home) that matches, among the calls after the first <paramref name="after"/>.
    /// </summary>
    private static async Task<SlackCall> WaitForMessageAsync(FakeSlackApi slack, string method, string user, Func<SlackCall, bool> match,
        TimeSpan? patience = null, int count = 1, int after = 0)
    {
        var until = DateTime.UtcNow + (patience ?? Patience);
        while (DateTime.UtcNow < until)
        {
            var found = slack.Calls.Skip(after).Where(c => c.Method == method && (c.Arg("channel") == "D" + user || c.Arg("user_id") == user) && match(c)).ToList();
            if (found.Count >= count) return found[count - 1];
            await Task.Delay(100);
        }
        var last = slack.Calls.LastOrDefault(c => c.Method == method && (c.Arg("channel") == "D" + user || c.Arg("user_id") == user));
        Assert.Fail($"No {method} (#{count}) for {user} within {(patience ?? Patience).TotalSeconds} s. Calls: "
            + string.Join(", ", slack.Calls.Select(c => $"{c.Method}→{c.Arg("channel") ?? c.Arg("user_id")}"))
            + $"\nThe last {method} for {user}: {last?.Body}");
        return null!;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, TimeSpan patience) where T : class
    {
        var until = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(200);
        }
        Assert.Fail($"Not reached within {patience.TotalSeconds} s.");
        return null!;
    }

    private static Task<HttpResponseMessage> PostSignedAsync(HttpClient http, string path, string body, string contentType)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.Sign(Secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return http.SendAsync(request);
    }

    private static string Form(Dictionary<string, string> fields) =>
        string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
}
