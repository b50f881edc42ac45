using IgaBot.Bot.Tests.Playground.Support;
using Microsoft.Playwright;
using static IgaBot.Bot.Tests.Playground.Support.PlaygroundTestHost;

namespace IgaBot.Bot.Tests.Playground;

/// <summary>
/// The real page in Chromium, with the official Web Chat talking to the local Direct Line, in front of the
/// fake bot: typing, replies, card buttons (Action.Execute handed to Web Chat as Submit) and persona switching.
/// </summary>
[NonParallelizable]
public sealed class PlaygroundWebChatTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Test]
    public async Task WebChat_SendsAndShowsReplies_RunsCardButtonsInPlace_AndSwitchesPersona_WithoutConsoleErrors()
    {
        await using var chromium = await Chromium.LaunchOrIgnoreAsync();
        await using var host = await PlaygroundTestHost.StartAsync(settings: new Dictionary<string, string?> { ["Playground:GreetEveryone"] = "true" });
        var (page, errors) = await chromium.OpenAsync(new Uri(host.Client.BaseAddress!, $"/?as={Jake}").ToString());

        await Chromium.StepsAsync(page, errors, "webchat", async () =>
        {
        await Expect(page.GetByTestId("current-persona")).ToHaveTextAsync("Jake Miller", new() { Timeout = Ms(Patience) });
        await Expect(Said(page, "hello Jake Miller")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });

        await SayAsync(page, "who am i");
        await Expect(Said(page, $"You are Jake Miller ({Jake})")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });

        await SayAsync(page, "card");
        await Expect(OnCard(page, "Pick one")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
        await CardButton(page, "Yes").ClickAsync();
        await Expect(OnCard(page, "clicked answer with")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
        await Expect(OnCard(page, "Pick one")).ToHaveCountAsync(0, new() { Timeout = Ms(Patience) });
        var invoke = host.Bot.Received.Last(a => a.Type == "invoke");
        Assert.That(invoke.Name, Is.EqualTo("adaptiveCard/action"));

        await page.Locator($"button[data-email='{Nina}']").ClickAsync();
        await Expect(page.GetByTestId("current-persona")).ToHaveTextAsync("Nina Petrova", new() { Timeout = Ms(Patience) });
        await Expect(Said(page, "hello Nina Petrova")).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });
        await Expect(Said(page, "who am i")).ToHaveCountAsync(0);
        });

        Assert.That(errors, Is.Empty, "console errors on the page");
    }

    internal static async Task SayAsync(IPage page, string text)
    {
        var box = page.Locator("[data-id='webchat-sendbox-input']");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>A message bubble with exactly this text (Web Chat also keeps screen-reader copies of it elsewhere).</summary>
    internal static ILocator Said(IPage page, string text) => page.Locator(".webchat__bubble__content").GetByText(text, new() { Exact = true });

    /// <summary>A text block of an Adaptive Card in the transcript.</summary>
    internal static ILocator OnCard(IPage page, string text) => page.Locator(".ac-textBlock", new() { HasText = text });

    /// <summary>A button of an Adaptive Card in the transcript (Web Chat keeps screen-reader copies of cards too).</summary>
    internal static ILocator CardButton(IPage page, string title) => page.Locator("button.ac-pushButton", new() { HasText = title });

    internal static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    internal static float Ms(TimeSpan span) => (float)span.TotalMilliseconds;
}
