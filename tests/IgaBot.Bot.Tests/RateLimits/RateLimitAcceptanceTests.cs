using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using IgaBot.Adapters.RateLimits;
using IgaBot.Adapters.Slack;
using IgaBot.Adapters.Tests.Slack;
using IgaBot.Bot.Tests.Playground.Support;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Bot.Tests.RateLimits;

/// <summary>
/// Per-person budgets in the real host (as Program builds it): a burst of messages from one person is served up to the
/// turn budget and answered "slow down" after, card clicks stop adding audit rows once the click budget is spent, and
/// each refusal is audited once per window. Teams, the playground (which speaks Teams) and Slack meet the same limiter.
/// </summary>
[NonParallelizable]
public sealed class RateLimitAcceptanceTests
{
    private const string Jake = "jake.miller@contoso.com";
    private const string Lucy = "lucy.evans@contoso.com";
    private const string Nina = "nina.petrova@contoso.com";
    private const string SlowDown = "slow down";

    private static readonly Dictionary<string, string> Budgets = new()
    {
        ["RateLimits:Turns:Limit"] = "5",
        ["RateLimits:CardClicks:Limit"] = "3",
        ["Playground:GreetEveryone"] = "false",
    };

    [Test]
    public async Task ThirtyTeamsMessagesAtOnce_FromOnePerson_AreServedUpToTheBudget_TheRestToldToSlowDown_AuditedOnce()
    {
        using var folder = new TempFolder("igabot-ratelimit-teams-");
        await using var bot = new RealBot(folder.Path, Budgets);
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };

        var replies = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => SayAsTeamsAsync(http, bot, Jake, $"hello {i}")));

        var slowedDown = replies.Count(r => r.Contains(SlowDown, StringComparison.OrdinalIgnoreCase));
        Assert.That(slowedDown, Is.EqualTo(25), string.Join("\n---\n", replies));
        Assert.That(replies.Where(r => !r.Contains(SlowDown, StringComparison.OrdinalIgnoreCase)), Has.All.Not.Empty, "the five served were answered");
        Assert.That(await AuditAsync(bot, LifecycleSubjects.Person(Jake), PersonRateLimiter.RefusedAction), Has.Count.EqualTo(1),
            "25 refused messages, one audit row");
        Assert.That(await SayAsTeamsAsync(http, bot, Lucy, "hello"), Does.Not.Contain(SlowDown), "Lucy has her own budget");
        await AssertAuditChainIntactAsync(bot);
    }

    [Test]
    public async Task RefusedCardClicks_StopAddingAuditRows_OnceTheClickBudgetIsSpent()
    {
        using var folder = new TempFolder("igabot-ratelimit-clicks-");
        await using var bot = new RealBot(folder.Path, Budgets);
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        var requestId = await SubmitAsync(bot, requester: Lucy, approver: Nina);

        // Jake, who may not decide Lucy's request, clicks Approve twenty times.
        var answers = new List<string>();
        for (var i = 0; i < 20; i++) answers.Add(await ClickAsTeamsAsync(http, bot, Jake, "approval.approve", requestId));

        Assert.That(answers.Count(a => a.Contains(SlowDown, StringComparison.OrdinalIgnoreCase)), Is.EqualTo(17), string.Join("\n", answers));
        Assert.That(answers.Take(3), Has.All.Contain(ApprovalViews.NotYours), "within the budget, Jake learns only that it is not his to see");
        Assert.That(await AuditAsync(bot, LifecycleSubjects.Request(requestId), "approval.refused"), Has.Count.EqualTo(3),
            "one audit row per click within the budget, none after");
        Assert.That(await AuditAsync(bot, LifecycleSubjects.Person(Jake), PersonRateLimiter.RefusedAction), Has.Count.EqualTo(1));
        var stage = (await bot.Services.GetRequiredService<IIgaStore>().RunAsync(s => s.Requests.GetStagesAsync(requestId), CancellationToken.None)).Single();
        Assert.That(stage.Status, Is.EqualTo(StageStatus.Pending), "nothing was decided");
        await AssertAuditChainIntactAsync(bot);
    }

    [Test]
    public async Task ThePlayground_MeetsTheSameBudget()
    {
        using var folder = new TempFolder("igabot-ratelimit-playground-");
        await using var bot = new RealBot(folder.Path, Budgets);
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        var session = await StartPlaygroundSessionAsync(http, Jake);

        for (var i = 0; i < 7; i++)
            Assert.That((await session.SayAsync($"hello {i}")).IsSuccessStatusCode, Is.True);

        var botSaid = new List<string>();
        for (var wait = 0; wait < 100 && botSaid.Count < 7; wait++)
        {
            botSaid.AddRange((await session.ReadAsync()).Where(a => (string?)a["from"]?["role"] == "bot" || (string?)a["from"]?["id"] != Jake)
                .Select(a => (string?)a["text"] ?? a["attachments"]?.ToJsonString() ?? ""));
            if (botSaid.Count < 7) await Task.Delay(100);
        }
        Assert.That(botSaid.Count(t => t.Contains(SlowDown, StringComparison.OrdinalIgnoreCase)), Is.EqualTo(2), string.Join("\n---\n", botSaid));
    }

    [Test]
    public async Task Slack_MeetsTheSameBudget()
    {
        const string secret = "slack-ratelimit-signing-secret";
        await using var slack = await FakeSlackApi.StartAsync();
        using var folder = new TempFolder("igabot-ratelimit-slack-");
        await using var bot = new RealBot(folder.Path, new Dictionary<string, string>(Budgets)
        {
            ["Teams:Enabled"] = "false",
            ["Slack:SigningSecret"] = secret,
            ["Slack:BotToken"] = "xoxb-ratelimit-token",
            ["Slack:ApiBaseUrl"] = slack.BaseUrl,
            ["Slack:BotUserId"] = "UIGABOT",
        });
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        slack.AddUser("UJAKE", Jake, "Jake Miller");

        for (var i = 0; i < 8; i++)
        {
            using var ack = await PostSignedCommandAsync(http, secret, "UJAKE", $"what do I have? {i}");
            Assert.That(ack.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        var last = await WaitAsync(() => slack.CallsOf("chat.postMessage").Where(c => c.Arg("channel") == "DUJAKE").ToList() is { Count: >= 8 } all ? all : null);
        Assert.That(last.Count(c => c.Arg("text")?.Contains(SlowDown, StringComparison.OrdinalIgnoreCase) == true), Is.EqualTo(3),
            string.Join("\n---\n", last.Select(c => c.Arg("text"))));
        Assert.That(await AuditAsync(bot, LifecycleSubjects.Person(Jake), PersonRateLimiter.RefusedAction), Has.Count.EqualTo(1));
    }

    /// <summary>A Teams message as the playground sends it (unsigned: Development without an app id), replies in the response.</summary>
    private static async Task<string> SayAsTeamsAsync(HttpClient http, RealBot bot, string email, string text)
    {
        var activity = Activity(bot, "message", email);
        activity["text"] = text;
        activity["deliveryMode"] = "expectReplies";
        using var response = await http.PostAsJsonAsync("/api/messages", activity);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return string.Join("\n", body?["activities"]?.AsArray().Select(a => (string?)a?["text"] ?? a?["attachments"]?.ToJsonString() ?? "") ?? []);
    }

    private static async Task<string> ClickAsTeamsAsync(HttpClient http, RealBot bot, string email, string verb, Guid requestId)
    {
        var activity = Activity(bot, "invoke", email);
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject
            {
                ["type"] = "Action.Execute", ["verb"] = verb,
                ["data"] = new JsonObject { ["requestId"] = requestId.ToString(), ["stage"] = 1 },
            },
            ["trigger"] = "manual",
        };
        using var response = await http.PostAsJsonAsync("/api/messages", activity);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsStringAsync();
    }

    private static JsonObject Activity(RealBot bot, string type, string email)
    {
        var person = bot.Services.GetRequiredService<ITenantAccessor>().Current.Directory.Get(email);
        var from = new JsonObject { ["id"] = email, ["name"] = person.Name };
        if (person.TeamsId is { Length: > 0 } teamsId) from["aadObjectId"] = teamsId;
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString("N"),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = "msteams",
            ["serviceUrl"] = bot.BaseUrl + "/playground/connector/",
            ["from"] = from,
            ["recipient"] = new JsonObject { ["id"] = "28:igabot-playground", ["name"] = "IgaBot" },
            ["conversation"] = new JsonObject { ["id"] = "playground-" + email, ["conversationType"] = "personal" },
        };
    }

    private static async Task<DirectLineSession> StartPlaygroundSessionAsync(HttpClient http, string email)
    {
        var session = await (await http.PostAsJsonAsync("/playground/api/session", new { email })).Content.ReadFromJsonAsync<JsonObject>();
        var token = (string)session!["token"]!;
        var start = new HttpRequestMessage(HttpMethod.Post, "/playground/directline/v3/directline/conversations");
        start.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var started = await (await http.SendAsync(start)).Content.ReadFromJsonAsync<JsonObject>();
        return new DirectLineSession(http, token, (string)started!["conversationId"]!);
    }

    /// <summary>A request from <paramref name="requester"/> waiting for <paramref name="approver"/>, stored as submission stores it.</summary>
    private static async Task<Guid> SubmitAsync(RealBot bot, string requester, string approver)
    {
        var store = bot.Services.GetRequiredService<IIgaStore>();
        var id = Guid.NewGuid();
        await store.RunAsync(async s =>
        {
            await s.Requests.CreateAsync(new AccessRequest
            {
                Id = id, Requester = requester, Beneficiary = requester, EntitlementId = "aws-prod-readonly", Duration = TimeSpan.FromHours(1),
                Justification = "investigate failing payment jobs",
                Status = RequestStatus.PendingApproval, CreatedAt = s.Now, UpdatedAt = s.Now, Trace = "manager approves",
            }, [new ApprovalStage { RequestId = id, Order = 1, Step = "manager", Approvers = [approver], Status = StageStatus.Waiting }],
            new AuditEntry(requester, "request.submitted", LifecycleSubjects.Request(id)));
            await s.Requests.ActivateStageAsync(id, 1, new AuditEntry(LifecycleSubjects.System, "approval.stage-activated", LifecycleSubjects.Request(id)));
        }, CancellationToken.None);
        return id;
    }

    private static Task<IReadOnlyList<AuditEvent>> AuditAsync(RealBot bot, string subject, string action) =>
        bot.Services.GetRequiredService<IIgaStore>().RunAsync(async s =>
            (IReadOnlyList<AuditEvent>)(await s.Audit.ListAsync(subject)).Where(e => e.Action == action).ToList(), CancellationToken.None);

    private static async Task AssertAuditChainIntactAsync(RealBot bot)
    {
        var verification = await bot.Services.GetRequiredService<IIgaStore>().RunAsync(s => s.Audit.VerifyAsync(), CancellationToken.None);
        Assert.That(verification.IsIntact, Is.True, verification.Message);
    }

    private static Task<HttpResponseMessage> PostSignedCommandAsync(HttpClient http, string secret, string user, string text)
    {
        var fields = new Dictionary<string, string>
        {
            ["team_id"] = "T1", ["channel_id"] = "C1", ["user_id"] = user, ["command"] = "/access", ["text"] = text,
            ["response_url"] = "https://hooks.slack.invalid/commands/1", ["trigger_id"] = "trigger." + Guid.NewGuid().ToString("N")[..8],
        };
        var body = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", SlackSignatureVerifier.Sign(secret, timestamp, Encoding.UTF8.GetBytes(body)));
        return http.SendAsync(request);
    }

    private static async Task<T> WaitAsync<T>(Func<T?> probe) where T : class
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < until)
        {
            if (probe() is { } value) return value;
            await Task.Delay(100);
        }
        Assert.Fail("Not reached within 30 s.");
        return null!;
    }
}
