using System.Text.RegularExpressions;
using IgaBot.Adapters.Storage;
using IgaBot.Bot.Tests.Playground.Support;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static IgaBot.Bot.Tests.Playground.PlaygroundWebChatTests;

namespace IgaBot.Bot.Tests.AdminConsole;

/// <summary>
/// The analytics page in Chromium on the real bot host (Program, Kestrel on 127.0.0.1, the demo tenant), over a history
/// written into its database at known times: the page shows the figures worked out below, every chart is drawn, the
/// filters work from the keyboard, the page fits a phone, the CSV link downloads the table, and bad input is answered.
/// With IGABOT_SCREENSHOTS=docs/images the page is saved there at 1280 px and at phone width (the README's pictures).
/// </summary>
[NonParallelizable]
public sealed class ConsoleAnalyticsPageTests
{
    private const string Olivia = "olivia.brown@contoso.com"; // the console admin of this test
    private const string Nina = "nina.petrova@contoso.com";
    private const string Daniel = "daniel.kowalski@contoso.com";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static DateTimeOffset At(int day, int hour, int minute = 0, int second = 0) => new(2025, 3, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>
    /// Four requests and one grant, written before the bot starts and all settled by then (so none of the bot's own
    /// timers or workers touch them):
    /// <code>
    /// R1 GitHub Read  Jake   Mon 03 08:00  Nina approves 10 s after her card
    /// R2 GitHub Read  Tom    Mon 03 09:00  Nina approves 30 min after her card
    /// R3 AWS read     Kai    Tue 04 10:00  Daniel denies 2 h after his card
    /// R4 AWS read     Marco  Tue 11 10:00  Daniel never answers; the request expires Tue 18 10:00
    /// G1 GitHub Read  Jake   ends Thu 06 12:00, removed at the target 12:01:30
    /// </code>
    /// </summary>
    private static async Task SeedAsync(string folder)
    {
        var clock = new FakeTimeProvider(At(3, 8));
        await using var database = StorageDatabase.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "igabot.db")}" });
        await new DatabaseMigrator(database, clock, NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var store = new SqlIgaStore(database, clock);
        var steps = new List<(DateTimeOffset At, Func<IStoreSession, Task> Step)>();
        static AuditEntry Audit(string action, string subject, string actor = "test") => new(actor, action, subject);

        void Request(DateTimeOffset at, string person, string entitlement, string approver, Action<Guid> then)
        {
            var id = Guid.NewGuid();
            steps.Add((at, async s =>
            {
                var request = new AccessRequest
                {
                    Id = id, Requester = person, Beneficiary = person, EntitlementId = entitlement, Duration = TimeSpan.FromDays(1),
                    Justification = "seeded", Status = RequestStatus.PendingApproval, CreatedAt = at, UpdatedAt = at,
                };
                await s.Requests.CreateAsync(request, [new ApprovalStage { RequestId = id, Order = 1, Step = "manager", Approvers = [approver], Status = StageStatus.Waiting }],
                    Audit("request.submitted", $"request:{id}", person));
                await s.Requests.ActivateStageAsync(id, 1, Audit("approval.stage-activated", $"request:{id}"));
                await s.Requests.RecordDeliveryAsync(id, 1, approver, escalated: false);
            }));
            then(id);
        }
        void Decide(DateTimeOffset at, Guid id, string approver, StageStatus outcome) => steps.Add((at, async s =>
        {
            await s.Requests.DecideStageAsync(id, 1, new StageDecision(outcome, approver), Audit("approval.decided", $"request:{id}", approver));
            await s.Requests.TransitionAsync(id, RequestStatus.PendingApproval, outcome == StageStatus.Approved ? RequestStatus.Fulfilled : RequestStatus.Denied,
                Audit("request.decided", $"request:{id}", approver));
        }));

        Request(At(3, 8), "jake.miller@contoso.com", "github-read", Nina, id => Decide(At(3, 8, 0, 10), id, Nina, StageStatus.Approved));
        Request(At(3, 9), "tom.baker@contoso.com", "github-read", Nina, id => Decide(At(3, 9, 30), id, Nina, StageStatus.Approved));
        Request(At(4, 10), "kai.tanaka@contoso.com", "aws-prod-readonly", Daniel, id => Decide(At(4, 12), id, Daniel, StageStatus.Denied));
        Request(At(11, 10), "marco.bianchi@contoso.com", "aws-prod-readonly", Daniel, id => steps.Add((At(18, 10), async s =>
        {
            await s.Requests.TransitionAsync(id, RequestStatus.PendingApproval, RequestStatus.Expired, Audit("request.expired", $"request:{id}"));
            await s.Requests.ExpireOpenStagesAsync(id);
        })));
        var grant = new Grant
        {
            Id = Guid.NewGuid(), Person = "jake.miller@contoso.com", EntitlementId = "github-read", GrantedAt = At(3, 8), ExpiresAt = At(6, 12), Status = GrantStatus.Active,
        };
        steps.Add((At(3, 8), s => s.Grants.CreateAsync(grant, Audit("grant.created", $"grant:{grant.Id}"))));
        steps.Add((At(6, 12), s => s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Active, GrantStatus.Revoking, Audit("grant.revoking", $"grant:{grant.Id}"))));
        steps.Add((At(6, 12, 1, 30), s => s.Grants.ChangeStatusAsync(grant.Id, GrantStatus.Revoking, GrantStatus.Revoked, Audit("grant.revoked", $"grant:{grant.Id}"))));

        foreach (var (at, step) in steps.OrderBy(s => s.At))
        {
            clock.SetUtcNow(at);
            await store.RunAsync(step, CancellationToken.None);
        }
    }

    private static ILocator Row(IPage page, string table, string header) =>
        page.GetByTestId(table).Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasText = header }) });

    [Test]
    public async Task AnalyticsPage_ShowsTheSeededFigures_DrawsEveryChart_WorksFromTheKeyboardAndOnAPhone_ExportsCsv_AndAnswersBadInput()
    {
        await using var chromium = await Chromium.LaunchOrIgnoreAsync();
        using var folder = new TempFolder("igabot-analytics-");
        await using var bot = new RealBot(folder.Path, new Dictionary<string, string> { ["Console:Admins"] = Olivia });
        await SeedAsync(folder.Path);
        bot.StartServer();

        var analytics = "/console/analytics?from=2025-03-03&to=2025-03-16";
        var (page, errors) = await chromium.OpenAsync($"{bot.BaseUrl}/console/signin?as={Uri.EscapeDataString(Olivia)}&returnUrl={Uri.EscapeDataString(analytics)}");
        await Chromium.StepsAsync(page, errors, "console-analytics", async () =>
        {
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Approval analytics", Level = 1 })).ToBeVisibleAsync(new() { Timeout = Ms(Patience) });

            // Week of 3 March: R1, R2, R3; week of 10 March: R4.
            await Expect(page.GetByTestId("weeks").Locator("tbody tr")).ToHaveTextAsync(["2025-03-033", "2025-03-101"]);
            // Nina: 2 cards, 2 approvals (10 s and 30 min): p50 = 1st = 10 s, p90 = 2nd = 30 min; 1 of 2 approvals within 30 s.
            await Expect(Row(page, "approvers", "Nina Petrova").Locator("td")).ToHaveTextAsync(
                ["2", "2", "2", "0", "100 %", "0 %", "10 s", "30 min", "1", "50 %", "0", "0"]);
            // Daniel: 2 cards, 1 decision (a denial after 2 h), R4 expired undecided; no approvals, so no rubber-stamp share.
            await Expect(Row(page, "approvers", "Daniel Kowalski").Locator("td")).ToHaveTextAsync(
                ["2", "1", "0", "1", "0 %", "100 %", "2 h", "2 h", "0", "none", "0", "1"]);
            await Expect(Row(page, "apps", "Amazon Web Services").Locator("td")).ToHaveTextAsync(
                ["2", "1", "0", "1", "0 %", "100 %", "2 h", "2 h", "0", "none", "0", "1"]);
            await Expect(Row(page, "apps", "GitHub").Locator("td")).ToHaveTextAsync(
                ["2", "2", "2", "0", "100 %", "0 %", "10 s", "30 min", "1", "50 %", "0", "0"]);
            // G1 was removed 90 s after its end.
            await Expect(Row(page, "revocations", "GitHub").Locator("td")).ToHaveTextAsync(
                ["1", "1", "1 min 30 s", "1 min 30 s", "1 min 30 s", "0", "0", "none"]);

            // Every chart was drawn by Chart.js, and each is an image described by its table.
            var canvases = page.Locator("canvas[role=img]");
            Assert.That(await canvases.CountAsync(), Is.EqualTo(10));
            await Expect(page.Locator("canvas[role=img][data-drawn=true]")).ToHaveCountAsync(10, new() { Timeout = Ms(Patience) });
            Assert.That(await page.GetByTestId("c-approver-time").GetAttributeAsync("aria-describedby"), Is.EqualTo("t-approvers"));

            // On a phone the page does not scroll sideways: the charts stack and each wide table scrolls in its own box.
            await using (var phone = await chromium.Browser.NewContextAsync(new()
            {
                ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true, StorageState = await page.Context.StorageStateAsync(),
            }))
            {
                var small = await phone.NewPageAsync();
                await small.GotoAsync(page.Url);
                await Expect(small.Locator("canvas[role=img][data-drawn=true]")).ToHaveCountAsync(10, new() { Timeout = Ms(Patience) });
                Assert.That(await small.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), Is.True, "the page is wider than a phone");
                await ScreenshotAsync(page, "console-analytics.png");
                await ScreenshotAsync(small, "console-analytics-phone.png");
            }

            // The CSV link downloads the table as shown.
            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the per approver table as CSV" }).ClickAsync());
            Assert.That(download.SuggestedFilename, Is.EqualTo("approval-approvers-20250303-20250317.csv"));
            var csv = await File.ReadAllTextAsync(await download.PathAsync());
            Assert.That(csv, Does.Contain($"{Nina},Nina Petrova,2,2,2,0,1,0,10,1800,1,0.5,0,0\r\n"));

            // Keyboard only: a narrower period (to 9 March) through the labelled field and Enter.
            var to = page.GetByLabel("To (UTC day, included)");
            await to.FocusAsync();
            await page.Keyboard.TypeAsync("03092025"); // the date field takes month, day, year in the en-US locale
            await page.Keyboard.PressAsync("Enter");
            await Chromium.WaitForAddressAsync(page, new Regex("[?&]to=2025-03-09(&|$)"), Patience);
            await Expect(page.GetByTestId("weeks").Locator("tbody tr")).ToHaveTextAsync(["2025-03-033"]);
            await Expect(Row(page, "approvers", "Daniel Kowalski").Locator("td").Nth(1)).ToHaveTextAsync("1");

            // Bad input gets a clear answer.
            var reversed = await page.GotoAsync($"{bot.BaseUrl}/console/analytics?from=2025-03-16&to=2025-03-03");
            Assert.That(reversed!.Status, Is.EqualTo(400));
            await Expect(page.GetByTestId("period-problem")).ToContainTextAsync("must start before it ends");
            var unknown = await page.GotoAsync($"{bot.BaseUrl}/console/analytics/export?table=everything&from=2025-03-03&to=2025-03-16");
            Assert.That(unknown!.Status, Is.EqualTo(400));
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("'everything' is not an analytics table");
            await page.GotoAsync($"{bot.BaseUrl}/console/analytics?from=3%20March&to=2025-03-16&app=nope");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync([
                "'3 March' is not a day for 'from' (write it as YYYY-MM-DD); showing 2025-02-17 instead.",
                "There is no app 'nope' in the catalog; showing every app.",
            ]);
        });

        // Chromium logs the 400 answers to the bad input above.
        Assert.That(errors.Where(e => !e.Contains("status of 400", StringComparison.Ordinal)), Is.Empty, "console errors on the page (but the bad input's)");
    }

    /// <summary>Into the folder IGABOT_SCREENSHOTS names (relative to the repository), when it is set: the README's pictures.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("IGABOT_SCREENSHOTS") is not { Length: > 0 } folder) return;
        var into = Directory.CreateDirectory(Path.IsPathRooted(folder) ? folder : Path.Combine(RepositoryRoot(), folder)).FullName;
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(into, name), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IgaBot.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("The repository root (IgaBot.sln) was not found above the test directory.");
    }
}
