using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IgaBot.Bot.Tests.Playground.Support;
using static IgaBot.Bot.Tests.Playground.Support.PlaygroundTestHost;

namespace IgaBot.Bot.Tests.Playground;

/// <summary>The page, the admin view and the persona API, and when they are served at all.</summary>
public sealed class PlaygroundPageTests
{
    [Test]
    public async Task InDevelopment_ThePageTheAdminViewAndTheWebChatBundleAreServed()
    {
        await using var host = await PlaygroundTestHost.StartAsync();

        var page = await host.Client.GetAsync("/");
        var admin = await host.Client.GetAsync("/admin");
        var bundle = await host.Client.GetAsync("/playground/playground.js");

        Assert.That(page.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(page.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(await page.Content.ReadAsStringAsync(), Does.Contain("/playground/playground.js"));
        Assert.That(await admin.Content.ReadAsStringAsync(), Does.Contain("/playground/admin.js"));
        Assert.That(bundle.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(bundle.Content.Headers.ContentLength, Is.GreaterThan(1_000_000), "the bundle carries Web Chat");
    }

    [TestCase("/")]
    [TestCase("/admin")]
    [TestCase("/playground/playground.js")]
    [TestCase("/playground/api/personas")]
    public async Task OutsideDevelopment_WithoutPlaygroundEnabled_NothingOfThePlaygroundExists(string path)
    {
        await using var host = await PlaygroundTestHost.StartAsync("Production");

        var response = await host.Client.GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task OutsideDevelopment_WithPlaygroundEnabled_ThePageIsServed()
    {
        await using var host = await PlaygroundTestHost.StartAsync("Production", new Dictionary<string, string?> { ["Playground:Enabled"] = "true" });

        var response = await host.Client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task WithABotFrameworkAppId_ThePlaygroundStaysOff_EvenInDevelopment()
    {
        await using var host = await PlaygroundTestHost.StartAsync(settings: new Dictionary<string, string?> { ["MicrosoftAppId"] = "0b6f7a42-7c2e-4d8f-9a51-3c0de5a1b2c4" });

        var response = await host.Client.GetAsync("/playground/api/personas");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Personas_ListEveryoneWithTitleAndManager()
    {
        await using var host = await PlaygroundTestHost.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonObject>("/playground/api/personas");

        var people = ((JsonArray)body!["people"]!).Select(p => (JsonObject)p!).ToList();
        Assert.That(people.Select(p => (string?)p["email"]), Is.EqualTo(new[] { Nina, Jake, Lucy }));
        var jake = people.Single(p => (string?)p["email"] == Jake);
        Assert.That((string?)jake["name"], Is.EqualTo("Jake Miller"));
        Assert.That((string?)jake["title"], Is.EqualTo("Software Engineer"));
        Assert.That((string?)jake["manager"]!["name"], Is.EqualTo("Nina Petrova"));
        Assert.That(people.Single(p => (string?)p["email"] == Nina)["manager"], Is.Null);
    }

    [Test]
    public async Task AtStart_EveryPersonaIsGreeted_SoTheBotCanReachThemBeforeTheyOpenTheirChat()
    {
        await using var host = await PlaygroundTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Playground:GreetEveryone"] = "true" });

        await WaitUntilAsync(async () => (bool?)(await host.Client.GetFromJsonAsync<JsonObject>("/playground/api/personas"))!["greeted"] == true);
        var nina = await host.StartSessionAsync(Nina);

        var installs = host.Bot.Received.Where(a => a.Type == "conversationUpdate").ToList();
        Assert.That(installs.Select(a => a.From.Id), Is.EquivalentTo(new[] { Nina, Jake, Lucy }));
        Assert.That(installs.All(a => a.MembersAdded.Any(m => m.Id == a.Recipient.Id)), Is.True, "the bot is among the members added, as on an install");
        Assert.That((await nina.ReadAsync()).Select(a => (string?)a["text"]), Is.EqualTo(new[] { "hello Nina Petrova" }));
        Assert.That(host.Bot.References.Keys, Does.Contain(Lucy));
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"not within {seconds} s");
            await Task.Delay(100);
        }
    }
}
