using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using IgaBot.Bot.Tests.Playground.Support;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static IgaBot.Bot.Tests.Playground.PlaygroundWebChatTests;

namespace IgaBot.Bot.Tests.Playground;

/// <summary>
/// The whole loop in one browser, on the embedded defaults: the real bot host (Program, Kestrel on 127.0.0.1,
/// a fresh SQLite database, the demo tenant, the offline planner), the real page in Chromium. Jake asks for
/// read-only prod AWS for one minute, Nina approves on her card, the grant shows in /admin and is revoked
/// when its minute is up. The demo catalog's AWS app names a SCIM connector that the defaults do not
/// configure, so provisioning falls back to the manual connector: Raj, the app owner, confirms the change
/// and, after expiry, the removal.
/// </summary>
[NonParallelizable]
public sealed class PlaygroundAcceptanceTests
{
    private const string Jake = "jake.miller@contoso.com";
    private const string Nina = "nina.petrova@contoso.com";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Jake_AsksForProdAwsForAMinute_NinaApproves_TheGrantShowsInAdmin_AndIsRevokedWhenTheMinuteIsUp()
    {
        await using var chromium = await Chromium.LaunchOrIgnoreAsync();
        using var folder = new TempFolder("igabot-acceptance-");
        await using var bot = new RealBot(folder.Path);
        bot.StartServer();
        var baseUrl = bot.BaseUrl;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var tenant = bot.Services.GetRequiredService<ITenantAccessor>().Current;
        var owner = tenant.Directory.Get(tenant.Catalog.AppOf(tenant.Catalog.FindEntitlement("aws-prod-readonly")!).Owner);

        // Every persona has been greeted (as on an install), so Nina's card can reach her before she opens her chat.
        await PlaygroundPageTests.WaitUntilAsync(async () => (bool?)(await http.GetFromJsonAsync<JsonObject>("/playground/api/personas"))!["greeted"] == true, 60);

        var (page, errors) = await chromium.OpenAsync($"{baseUrl}/?as={Jake}");
        await Chromium.StepsAsync(page, errors, "acceptance", async () =>
        {
            await Expect(page.GetByTestId("current-persona")).ToHaveTextAsync("Jake Miller", new() { Timeout = Ms(Patience) });
            await SayAsync(page, "I need read-only access to prod AWS for 1 minute");
            await AnswerUntilSubmittedAsync(page, http);

            // Nina sees a waiting approval on her badge, switches to herself and approves on the card.
            var ninaButton = page.Locator($"button[data-email='{Nina}']");
            await Expect(ninaButton.GetByTestId("waiting")).ToHaveTextAsync("1", new() { Timeout = Ms(Patience) });
            await ninaButton.ClickAsync();
            await Expect(page.GetByTestId("current-persona")).ToHaveTextAsync("Nina Petrova", new() { Timeout = Ms(Patience) });
            await Expect(OnCard(page, "your approval is needed")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
            await CardButton(page, "Approve").ClickAsync();
            await Expect(OnCard(page, "Access request approved")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
            await Expect(OnCard(page, "your approval is needed")).ToHaveCountAsync(0, new() { Timeout = Ms(Patience) });
            await Expect(ninaButton.GetByTestId("waiting")).ToHaveCountAsync(0, new() { Timeout = Ms(Patience) });

            // The app owner, with a task on their badge, confirms the manual change.
            var ownerButton = page.Locator($"button[data-email='{owner.Email}']");
            await Expect(ownerButton.GetByTestId("tasks")).ToHaveTextAsync("1 task", new() { Timeout = Ms(Patience) });
            await ownerButton.ClickAsync();
            await Expect(page.GetByTestId("current-persona")).ToHaveTextAsync(owner.Name, new() { Timeout = Ms(Patience) });
            await Expect(OnCard(page, "Please give Jake Miller access")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
            await CardButton(page, "Done").First.ClickAsync();

            // The admin view shows the grant with its time left, then sees it end.
            var (admin, adminErrors) = await chromium.OpenAsync($"{baseUrl}/admin");
            var grant = admin.Locator("tr[data-grant]", new() { HasText = "Jake Miller" });
            await Expect(grant).ToHaveAttributeAsync("data-status", "Active", new() { Timeout = Ms(Patience) });
            await Expect(admin.Locator("#audit-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^chain verified"));

            // A minute later the revoke fires: the owner is asked to remove the access, and confirms.
            await Expect(OnCard(page, "Please remove Jake Miller")).ToBeVisibleAsync(new() { Timeout = 95_000 });
            await CardButton(page, "Done").Last.ClickAsync();
            await Expect(grant).ToHaveAttributeAsync("data-status", "Revoked", new() { Timeout = Ms(Patience) });
            await Expect(admin.Locator("#audit-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^chain verified"));
            lock (adminErrors) errors.AddRange(adminErrors);
        });

        Assert.That(errors, Is.Empty, "console errors on the pages");
    }

    /// <summary>
    /// Answers whatever the bot asks until it says the request is submitted: a question with options is
    /// answered by clicking one (the one that matches what Jake said, else the first), a free-text one by typing.
    /// </summary>
    private static async Task AnswerUntilSubmittedAsync(IPage page, HttpClient http)
    {
        var transcript = await BotTranscript.OpenAsync(http, Jake);
        for (var turn = 0; turn < 8; turn++)
        {
            var reply = await transcript.NextBotReplyAsync(Patience);
            var card = reply["attachments"]?[0]?["content"]?.ToJsonString() ?? "";
            if (card.Contains("Request submitted", StringComparison.Ordinal)) return;
            var options = reply["attachments"]?[0]?["content"]?["actions"] as JsonArray;
            var titles = options?.Select(o => (string?)o?["title"]).OfType<string>().ToList() ?? [];
            if (titles.Count > 0)
            {
                var pick = titles.FirstOrDefault(t => t.Contains("1 minute", StringComparison.OrdinalIgnoreCase) || t is "Yes" or "Submit") ?? titles[0];
                await CardButton(page, pick).Last.ClickAsync();
            }
            else
            {
                await SayAsync(page, "investigate failing payment jobs");
            }
        }
        Assert.Fail("The bot did not submit the request within 8 answers.");
    }

    /// <summary>Reads a persona's chat through the Direct Line API, to see what the bot asked.</summary>
    private sealed class BotTranscript(HttpClient http, string token, string conversationId)
    {
        private string? _watermark;

        public static async Task<BotTranscript> OpenAsync(HttpClient http, string email)
        {
            var session = (await (await http.PostAsJsonAsync("/playground/api/session", new { email })).Content.ReadFromJsonAsync<JsonObject>())!;
            var transcript = new BotTranscript(http, (string)session["token"]!, (string)session["conversationId"]!);
            return transcript;
        }

        /// <summary>The next message the bot sends after the persona's latest one.</summary>
        public async Task<JsonObject> NextBotReplyAsync(TimeSpan patience)
        {
            var until = DateTime.UtcNow + patience;
            var spokeAt = -1;
            var seen = new List<JsonObject>();
            while (DateTime.UtcNow < until)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"/playground/directline/v3/directline/conversations/{conversationId}/activities?watermark={_watermark}");
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                var body = (await (await http.SendAsync(request)).Content.ReadFromJsonAsync<JsonObject>())!;
                _watermark = (string?)body["watermark"];
                seen.AddRange(((JsonArray)body["activities"]!).Select(a => (JsonObject)a!));
                spokeAt = seen.FindLastIndex(a => (string?)a["from"]?["role"] == "user");
                var reply = seen.Skip(spokeAt + 1).LastOrDefault(a => (string?)a["from"]?["role"] == "bot" && (string?)a["type"] == "message");
                if (spokeAt >= 0 && reply is not null) return reply;
                await Task.Delay(200);
            }
            Assert.Fail($"The bot did not answer within {patience.TotalSeconds} s.");
            return null!;
        }
    }
}
