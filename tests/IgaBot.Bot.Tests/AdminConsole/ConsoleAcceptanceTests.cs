using System.Net;
using System.Text.RegularExpressions;
using IgaBot.Bot.Tests.Cluster;
using IgaBot.Bot.Tests.Playground.Support;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace IgaBot.Bot.Tests.AdminConsole;

/// <summary>
/// The console as IT and app owners meet it: the real bot host (Program on Kestrel, 127.0.0.1, SQLite, the demo
/// tenant) signing people in through an OpenID Connect stand-in shaped like Entra ID, its <c>scim</c> connector
/// pointed at a SCIM stand-in that holds the Datadog read-only group, and Debian's Chromium (one launch for the
/// fixture). Two people get Datadog read-only through the real provisioning path first.
/// With <c>IGABOT_SCREENSHOTS=&lt;dir&gt;</c> the admin's pages are saved there at 1280 px and phone width.
/// </summary>
[NonParallelizable]
public sealed class ConsoleAcceptanceTests
{
    private const string AdminGroup = "3f2a9c1e-5b7d-4e8f-a1c2-d3e4f5a6b7c8";
    private const string Group = "dd-read-only";
    private static readonly TestUser Admin = new("grace.kim@contoso.com", "Grace Kim", AdminGroup);
    /// <summary>Owns Datadog and PagerDuty in the demo catalog.</summary>
    private static readonly TestUser Owner = new("hana.sato@contoso.com", "Hana Sato");
    private static readonly TestUser Stranger = new("mia.johnson@contoso.com", "Mia Johnson");
    private const string Tom = "tom.baker@contoso.com";
    private const string Kai = "kai.tanaka@contoso.com";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private Chromium _chromium = null!;
    private TempFolder _folder = null!;
    private CountingScimServer _scim = null!;
    private OidcStandIn _oidc = null!;
    private RealBot _bot = null!;
    private Guid _tomGrant;
    private Guid _kaiGrant;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _chromium = await Chromium.LaunchOrIgnoreAsync();
        _folder = new TempFolder("igabot-console-");
        _scim = await CountingScimServer.StartAsync(Group);
        _oidc = await OidcStandIn.StartAsync();
        _bot = new RealBot(_folder.Path, new Dictionary<string, string>
        {
            ["AzureAd:Instance"] = _oidc.BaseUrl + "/",
            ["AzureAd:TenantId"] = OidcStandIn.TenantId,
            ["AzureAd:ClientId"] = OidcStandIn.ClientId,
            ["AzureAd:ClientSecret"] = OidcStandIn.ClientSecret,
            ["Console:Admins"] = AdminGroup,
            ["Connectors:scim:Type"] = "scim",
            ["Connectors:scim:BaseUrl"] = _scim.BaseUrl,
            ["Connectors:scim:Token"] = "scim-token",
            ["Playground:GreetEveryone"] = "false",
        });
        _bot.StartServer();
        (_tomGrant, _kaiGrant) = (await GrantThroughProvisioningAsync(Tom), await GrantThroughProvisioningAsync(Kai));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_bot is not null) await _bot.DisposeAsync();
        if (_oidc is not null) await _oidc.DisposeAsync();
        if (_scim is not null) await _scim.DisposeAsync();
        if (_chromium is not null) await _chromium.DisposeAsync();
        _folder?.Dispose();
    }

    [Test]
    public async Task Admin_SignsInThroughEntra_RevokesAGrant_AndItIsRemovedAtTheTarget()
    {
        var (page, errors) = await SignInAsync(Admin, "/console/grants");
        await Chromium.StepsAsync(page, errors, "console-admin", async () =>
        {
            await Expect(page.GetByTestId("signed-in")).ToHaveTextAsync("Grace Kim");
            // An admin sees every app's grants, the directory's imported access included.
            await Expect(page.Locator("tr[data-grant][data-app='github']").First).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Analytics" })).ToHaveAttributeAsync("href", "/console/analytics");

            var row = page.Locator($"tr[data-grant='{_tomGrant}']");
            await row.GetByLabel("Reason for revoking").FillAsync("left the on-call rotation");
            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Expect(page.GetByTestId("notice")).ToHaveTextAsync("Revoking Tom Baker's Datadog Read Only now.");
        });

        await WaitUntilAsync(() => Task.FromResult(!_scim.IsMember(Tom)), "Tom removed from the SCIM group");
        await WaitUntilAsync(async () => (await GrantAsync(_tomGrant)).Status == GrantStatus.Revoked, "Tom's grant Revoked");
        Assert.That(_scim.Removals[Tom], Has.Count.EqualTo(1), "removed once at the target");
        Assert.That(_scim.IsMember(Kai), Is.True, "nobody else is removed");
        var audit = await Store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Grant(_tomGrant)), CancellationToken.None);
        Assert.That(audit.Select(e => (e.Actor, e.Action, e.Detail)), Does.Contain((Admin.Email, "grant.revoking", "left the on-call rotation")),
            "the revoke is audited with the signed-in admin as actor and the reason");
        var grant = await GrantAsync(_tomGrant);
        Assert.That((grant.EndedBy, grant.EndReason), Is.EqualTo((Admin.Email, "left the on-call rotation")));

        await page.ReloadAsync();
        await Expect(page.Locator($"tr[data-grant='{_tomGrant}']")).ToHaveCountAsync(0);
        await page.GotoAsync($"{_bot.BaseUrl}/console/audit?q={Uri.EscapeDataString(_tomGrant.ToString())}");
        await Expect(page.GetByTestId("chain")).ToHaveTextAsync(new Regex("^Chain verified"));
        await Expect(page.GetByTestId("audit").GetByRole(AriaRole.Cell, new() { Name = "grant.revoking" })).ToBeVisibleAsync();

        await ScreenshotsAsync(page);
        Assert.That(errors, Is.Empty, "console errors on the pages");
    }

    [Test]
    public async Task AppOwner_SeesOnlyTheirOwnApps()
    {
        var (page, errors) = await SignInAsync(Owner, "/console/grants");
        await Chromium.StepsAsync(page, errors, "console-owner", async () =>
        {
            await Expect(page.GetByTestId("signed-in")).ToHaveTextAsync("Hana Sato");
            await Expect(page.Locator($"tr[data-grant='{_kaiGrant}']")).ToBeVisibleAsync();
            var apps = await page.Locator("tr[data-grant]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.app)");
            Assert.That(apps, Is.Not.Empty.And.All.AnyOf("datadog", "pagerduty"), "grants of Hana's apps only");

            await page.GotoAsync($"{_bot.BaseUrl}/console/requests");
            var requested = await page.Locator("tr[data-request]").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.app)");
            Assert.That(requested, Is.Not.Empty.And.All.AnyOf("datadog", "pagerduty"), "requests of Hana's apps only");

            await page.GotoAsync($"{_bot.BaseUrl}/console/catalog");
            var catalog = await page.Locator("table[data-app]").EvaluateAllAsync<string[]>("tables => tables.map(t => t.dataset.app)");
            Assert.That(catalog, Is.EquivalentTo(new[] { "datadog", "pagerduty" }));
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Audit trail" })).ToHaveCountAsync(0);

            // The approver preview, computed by the policy engine: Datadog Administrator asks Tom's manager, then the owner.
            await page.GetByLabel("For").SelectOptionAsync(Tom);
            await page.GetByLabel("Access").SelectOptionAsync("datadog-admin");
            await page.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
            await Expect(page.GetByTestId("preview")).ToHaveAttributeAsync("data-outcome", "NeedsApproval");
            await Expect(page.GetByTestId("preview-stages").Locator("li")).ToHaveTextAsync([new Regex("Nina Petrova"), new Regex("Hana Sato")]);

            var audit = await page.GotoAsync($"{_bot.BaseUrl}/console/audit");
            Assert.That(audit!.Status, Is.EqualTo(403), "the audit trail is for admins");
        });
        Assert.That(errors.Where(e => !e.Contains("status of 403", StringComparison.Ordinal)), Is.Empty, "console errors on the pages (but the audit trail's 403)");
    }

    [Test]
    public async Task SomeoneWhoIsNeitherAdminNorOwner_IsRefused()
    {
        var (page, errors) = await SignInAsync(Stranger, "/console/grants");
        await Expect(page.GetByTestId("refused")).ToContainTextAsync("mia.johnson@contoso.com, who is neither a console admin nor the owner of an app");
        var response = await page.GotoAsync($"{_bot.BaseUrl}/console/requests");
        Assert.That(response!.Status, Is.EqualTo(403));
        await Expect(page.Locator("tr[data-request]")).ToHaveCountAsync(0);
        Assert.That(errors.Where(e => !e.Contains("status of 403", StringComparison.Ordinal)), Is.Empty, "console errors on the pages (but the refusals)");
    }

    [Test]
    public async Task AChangeWithoutTheAntiforgeryToken_IsRefused_AndNothingChanges()
    {
        var (page, _) = await SignInAsync(Admin, "/console/grants");
        var cookies = await page.Context.CookiesAsync();
        var jar = new CookieContainer();
        foreach (var c in cookies) jar.Add(new System.Net.Cookie(c.Name, c.Value, c.Path, c.Domain));
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(_bot.BaseUrl) };

        // Signed in (the session cookie), but the form did not come from a console page.
        var forged = await http.PostAsync($"/console/grants/{_kaiGrant}/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "forged" }));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await forged.Content.ReadAsStringAsync(), Does.Contain("nothing was changed"));

        // A token from another form field name or a made-up value is no better.
        var madeUp = await http.PostAsync($"/console/grants/{_kaiGrant}/extend", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__console_token"] = "CfDJ8-made-up", ["by"] = "P7D", ["reason"] = "forged",
        }));
        Assert.That(madeUp.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        // Without the session at all: sent to sign in, nothing done.
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_bot.BaseUrl) };
        var unsigned = await anonymous.PostAsync($"/console/grants/{_kaiGrant}/revoke", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "forged" }));
        Assert.That(unsigned.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(unsigned.Headers.Location!.ToString(), Does.StartWith(_oidc.BaseUrl));

        var grant = await GrantAsync(_kaiGrant);
        Assert.That(grant.Status, Is.EqualTo(GrantStatus.Active));
        Assert.That(_scim.IsMember(Kai), Is.True);
        var audit = await Store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Grant(_kaiGrant)), CancellationToken.None);
        Assert.That(audit.Select(e => e.Action), Has.None.EqualTo("grant.revoking").And.None.EqualTo("grant.extended"));
    }

    private IIgaStore Store => _bot.Services.GetRequiredService<IIgaStore>();

    private async Task<Grant> GrantAsync(Guid id) => (await Store.RunAsync(s => s.Grants.GetAsync(id), CancellationToken.None))!;

    /// <summary>An approved request for Datadog read-only for a day, provisioned by the bot's own worker through SCIM.</summary>
    private async Task<Guid> GrantThroughProvisioningAsync(string person)
    {
        var request = await Store.RunAsync(async s =>
        {
            var r = new AccessRequest
            {
                Id = Guid.NewGuid(), Requester = person, Beneficiary = person, EntitlementId = "datadog-viewer",
                Duration = TimeSpan.FromDays(1), Justification = "dashboards for the incident review",
                Status = RequestStatus.Approved, CreatedAt = s.Now, UpdatedAt = s.Now, Trace = "No approval needed.",
            };
            await s.Requests.CreateAsync(r, [], new AuditEntry(person, "request.submitted", LifecycleSubjects.Request(r.Id)));
            await ProvisioningOutbox.EnqueueGrantAsync(s.Outbox, r.Id);
            return r;
        }, CancellationToken.None);
        _bot.Services.GetRequiredService<ProvisioningSignal>().Wake();
        Guid? granted = null;
        await WaitUntilAsync(async () =>
        {
            var grants = await Store.RunAsync(s => s.Grants.ListActiveForPersonAsync(person), CancellationToken.None);
            granted = grants.FirstOrDefault(g => g.RequestId == request.Id)?.Id;
            return granted is not null && _scim.IsMember(person);
        }, $"{person} provisioned");
        return granted!.Value;
    }

    /// <summary>A fresh browser session: the stand-in signs in <paramref name="user"/> when the console sends them there.</summary>
    private async Task<(IPage Page, List<string> Errors)> SignInAsync(TestUser user, string path)
    {
        _oidc.SignInAs(user);
        var (page, errors) = await _chromium.OpenAsync($"{_bot.BaseUrl}{path}");
        // The stand-in's page posts the code back on load; the console then sends the browser where it was going.
        // A loaded machine (CI's 2 cores, shared) gets twice the usual patience for the first sign-in's round trips.
        await Chromium.StepsAsync(page, errors, $"console-signin-{user.Email}", async () =>
        {
            // Reaching the address is what signing in must do (what the page shows, the test then awaits), read as the
            // browser reports it (Chromium.WaitForAddressAsync says why not WaitForURL).
            var target = $"{_bot.BaseUrl}{path}";
            try
            {
                await Chromium.WaitForAddressAsync(page, new Regex($"^{Regex.Escape(target)}$"), 2 * Patience);
            }
            catch (TimeoutException)
            {
                var text = await page.Locator("body").InnerTextAsync();
                throw new AssertionException($"Signing in {user.Email} did not come back to {path}: at {page.Url} (tokens issued: {_oidc.TokensIssued}): {text[..Math.Min(600, text.Length)]}");
            }
        });
        return (page, errors);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Not within {Patience.TotalSeconds} s: {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>The console's pages at 1280 px and phone width, into IGABOT_SCREENSHOTS when it is set (the README's pictures).</summary>
    private async Task ScreenshotsAsync(IPage signedIn)
    {
        if (Environment.GetEnvironmentVariable("IGABOT_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var state = await signedIn.Context.StorageStateAsync();
        foreach (var (suffix, width, height) in new[] { ("", 1280, 860), ("-phone", 390, 844) })
        {
            await using var context = await _chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, StorageState = state, IsMobile = width < 600 });
            var page = await context.NewPageAsync();
            foreach (var (name, path) in new[]
            {
                ("grants", "/console/grants"),
                ("catalog", $"/console/catalog?person={Uri.EscapeDataString(Tom)}&entitlement=datadog-admin"),
            })
            {
                await page.GotoAsync(_bot.BaseUrl + path);
                await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"console-{name}{suffix}.png"), FullPage = false });
            }
        }
    }
}
