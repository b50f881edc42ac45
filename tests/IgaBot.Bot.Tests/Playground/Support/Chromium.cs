using Microsoft.Playwright;

namespace IgaBot.Bot.Tests.Playground.Support;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser). Tests that need it are ignored, with
/// the reason, when it is not installed (<c>apt-get install chromium</c>; <c>IGABOT_CHROMIUM</c> points elsewhere).
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private static readonly string[] LaunchArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("IGABOT_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static async Task<Chromium> LaunchOrIgnoreAsync()
    {
        if (!File.Exists(ExecutablePath))
            Assert.Ignore($"Browser test skipped: no Chromium at {ExecutablePath}. Install Debian's chromium (apt-get install chromium) or set IGABOT_CHROMIUM to a Chromium executable.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = LaunchArgs,
        });
        return new Chromium(playwright, browser);
    }

    /// <summary>A new page that records every console error and uncaught exception.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync(string url)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 860 } });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add($"{message.Text} ({message.Location})"); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        await page.GotoAsync(url);
        return (page, errors);
    }

    /// <summary>
    /// Waits until the page's address matches, by reading it as the browser reports it. Playwright's WaitForURL, when the
    /// navigation commits just before it is called, finds the address already there and then waits for a load event as
    /// well, which hung on a loaded CI machine although the page was there and complete.
    /// </summary>
    public static async Task WaitForAddressAsync(IPage page, System.Text.RegularExpressions.Regex address, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!address.IsMatch(page.Url))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The page did not reach an address matching {address}: it is at {page.Url}");
            await Task.Delay(50);
        }
    }

    /// <summary>Runs the steps; when one fails, keeps a screenshot and the page's console errors with the failure.</summary>
    public static async Task StepsAsync(IPage page, List<string> errors, string name, Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception e) when (e is PlaywrightException or AssertionException or TimeoutException)
        {
            var shot = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"{name}-failure.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
            TestContext.AddTestAttachment(shot);
            string[] seen;
            lock (errors) seen = [.. errors];
            throw new AssertionException($"{e.Message}\nScreenshot: {shot}\nConsole errors: {string.Join(" | ", seen)}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
