using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IgaBot.Bot.Tests.Playground.Support;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Bot.Tests.Playground;

/// <summary>
/// The mover's review and the joiner's welcome in the playground, on the real bot host and the demo tenant, driven the
/// way Web Chat drives Direct Line. The directory changes are handed to the host's <see cref="IDirectoryLifecycle"/>s
/// as the directory sync would.
/// </summary>
[NonParallelizable]
public sealed class PlaygroundPeopleLifecycleTests
{
    private const string Tom = "tom.baker@contoso.com";
    private const string Raj = "raj.patel@contoso.com";
    private const string Jake = "jake.miller@contoso.com";
    private const int Patience = 60;

    [Test]
    public async Task TomMovesToSales_RajGetsTheReviewCard_AndRevokeOnItRevokesAndUpdatesTheCardInPlace_ThenJakesWelcomeRequestAsksThroughPolicy()
    {
        using var folder = new TempFolder("igabot-people-");
        await using var bot = new RealBot(folder.Path);
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };
        await PlaygroundPageTests.WaitUntilAsync(async () => (bool?)(await http.GetFromJsonAsync<JsonObject>("/playground/api/personas"))!["greeted"] == true, Patience);
        var tenant = bot.Services.GetRequiredService<ITenantAccessor>().Current;
        var store = bot.Services.GetRequiredService<IIgaStore>();
        var sandbox = (await store.RunAsync(s => s.Grants.ListActiveForPersonAsync(Tom), default))
            .Single(g => g.EntitlementId == "aws-nonprod-developer" && g.Scope == "sandbox");

        var before = tenant.Directory.Get(Tom);
        var move = new PersonMove(before, before with { Department = "Sales", Title = "Account Executive", Manager = Raj });
        foreach (var handler in bot.Services.GetServices<IDirectoryLifecycle>()) await handler.HandleAsync(new DirectoryChanges([], [move], []), default);

        var raj = await StartSessionAsync(http, Raj);
        var card = await WaitForCardAsync(raj, "Review Tom Baker");
        Assert.That(card.ToJsonString(), Does.Contain("AWS Non-Production Developer \\\\(sandbox\\\\)").And.Contain("limited to Engineering or Data"));
        var revoke = FindSubmit(card["attachments"]![0]!["content"]!, "Revoke");
        Assert.That(revoke, Is.Not.Null, "each grant has its Revoke button");

        var clicked = await raj.PostAsync(new JsonObject
        {
            ["type"] = "message",
            ["value"] = revoke!["data"]!.DeepClone(),
            ["channelData"] = new JsonObject { ["postBack"] = true, ["clientActivityID"] = "review-click" },
        });
        Assert.That(clicked.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await PlaygroundPageTests.WaitUntilAsync(async () => (await raj.ReadAsync("0"))
            .Any(a => (string?)a["id"] == (string?)card["id"] && a.ToJsonString().Contains("Revoked by Raj Patel", StringComparison.Ordinal)), Patience);
        Assert.That((await store.RunAsync(s => s.Grants.GetAsync(sandbox.Id), default))!.Status, Is.Not.EqualTo(GrantStatus.Active));

        // Jake is welcomed with what his peers hold; Request says it in words, and the policy answers.
        var jake = await StartSessionAsync(http, Jake);
        await bot.Services.GetRequiredService<JoinerWelcome>().HandleAsync(new DirectoryChanges([tenant.Directory.Get(Jake)], [], []), default);
        var welcome = await WaitForCardAsync(jake, "Welcome, Jake Miller");
        var request = FindSubmit(welcome["attachments"]![0]!["content"]!, "Request");
        Assert.That(request, Is.Not.Null, welcome.ToJsonString());
        var suggested = (string)request!["data"]!["entitlementId"]!;
        var name = tenant.Catalog.FindEntitlement(suggested)!.Name;
        var read = (await jake.ReadAsync()).Count;
        await jake.PostAsync(new JsonObject
        {
            ["type"] = "message",
            ["value"] = request["data"]!.DeepClone(),
            ["channelData"] = new JsonObject { ["postBack"] = true, ["clientActivityID"] = "welcome-click" },
        });
        // The bot answers below the welcome, which stays with its other suggestions; the request went through policy.
        await PlaygroundPageTests.WaitUntilAsync(async () => (await jake.ReadAsync("0")).Skip(read)
            .Any(a => (string?)a["id"] != (string?)welcome["id"] && a.ToJsonString().Contains(name, StringComparison.Ordinal)), Patience);
        var transcript = await jake.ReadAsync("0");
        Assert.That(transcript.Single(a => (string?)a["id"] == (string?)welcome["id"]).ToJsonString(), Does.Contain("Welcome, Jake Miller"));
        var decided = await store.RunAsync(s => s.Requests.ListByPersonAsync(Jake), default);
        var asked = transcript.Skip(read).Where(a => (string?)a["from"]?["role"] == "bot").Select(a => a.ToJsonString()).ToList();
        Assert.That(decided.Any(r => r.EntitlementId == suggested && r.Trace.Length > 0) || asked.Any(a => a.Contains("?", StringComparison.Ordinal)),
            Is.True, "the click either filed a request that carries the policy's trace, or the conversation asks what policy still needs: " + string.Join("\n", asked));
    }

    private static async Task<DirectLineSession> StartSessionAsync(HttpClient http, string email)
    {
        var session = await (await http.PostAsJsonAsync("/playground/api/session", new { email })).Content.ReadFromJsonAsync<JsonObject>();
        var token = (string)session!["token"]!;
        var start = new HttpRequestMessage(HttpMethod.Post, "/playground/directline/v3/directline/conversations");
        start.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        var started = await (await http.SendAsync(start)).Content.ReadFromJsonAsync<JsonObject>();
        return new DirectLineSession(http, token, (string)started!["conversationId"]!);
    }

    private static async Task<JsonObject> WaitForCardAsync(DirectLineSession session, string text)
    {
        JsonObject? found = null;
        await PlaygroundPageTests.WaitUntilAsync(async () =>
        {
            found = (await session.ReadAsync("0")).LastOrDefault(a => a["attachments"] is JsonArray { Count: > 0 } && a.ToJsonString().Contains(text, StringComparison.Ordinal));
            return found is not null;
        }, Patience);
        return found!;
    }

    private static JsonObject? FindSubmit(JsonNode node, string titleStart) => node switch
    {
        JsonObject o when (string?)o["type"] == "Action.Submit" && ((string?)o["title"])?.StartsWith(titleStart, StringComparison.Ordinal) == true => o,
        JsonObject o => o.Select(p => p.Value is null ? null : FindSubmit(p.Value, titleStart)).FirstOrDefault(f => f is not null),
        JsonArray a => a.Select(i => i is null ? null : FindSubmit(i, titleStart)).FirstOrDefault(f => f is not null),
        _ => null,
    };
}
