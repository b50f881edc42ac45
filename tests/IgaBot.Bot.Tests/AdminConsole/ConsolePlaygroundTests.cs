using System.Net;
using System.Text.RegularExpressions;
using IgaBot.Bot.Tests.Support;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Grants;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Bot.Tests.AdminConsole;

/// <summary>
/// The console without Entra ID: in Development with the playground on, whoever opens it picks a persona and is
/// signed in as them; with neither, it says what to configure. Plain HTTP against the real host.
/// </summary>
[NonParallelizable]
public sealed partial class ConsolePlaygroundTests
{
    private const string Hana = "hana.sato@contoso.com";
    private const string Grace = "grace.kim@contoso.com";

    [Test]
    public async Task InTheDevelopmentPlayground_APersonaSignsIn_SeesTheirApps_AndExtendsAGrantWithTheFormsToken()
    {
        using var folder = new TempFolder("igabot-console-dev-");
        await using var bot = new RealBot(folder.Path, new Dictionary<string, string>
        {
            ["Playground:GreetEveryone"] = "false",
            ["Console:Admins"] = $"someone@else.test, {Grace}",
        });
        bot.StartServer();
        var store = bot.Services.GetRequiredService<IIgaStore>();
        var (grantId, end) = await SeedAsync(store);
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(bot.BaseUrl) };

        var before = await http.GetAsync("/console/grants");
        Assert.That(before.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(before.Headers.Location!.ToString(), Does.Contain("/console/signin"));
        var personas = await http.GetStringAsync("/console/signin");
        Assert.That(personas, Does.Contain("Hana Sato").And.Contain("app owner"));

        var signIn = await http.GetAsync($"/console/signin?as={Uri.EscapeDataString(Hana)}&returnUrl=%2Fconsole%2Fgrants");
        Assert.That(signIn.Headers.Location!.ToString(), Is.EqualTo("/console/grants"));
        var grants = await http.GetStringAsync("/console/grants");
        Assert.That(grants, Does.Contain("data-testid=\"signed-in\">Hana Sato<"));
        Assert.That(AppsOf(grants), Is.Not.Empty.And.All.AnyOf("datadog", "pagerduty"));
        Assert.That((await http.GetAsync("/console/audit")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the audit trail is for admins");

        // People's words are shown as text, never as markup.
        var requests = await http.GetStringAsync("/console/requests");
        Assert.That(requests, Does.Not.Contain("<script>alert(1)</script>"));
        Assert.That(requests, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"));

        // The extend form, with the token the page carries.
        var token = Token().Match(grants).Groups[1].Value;
        var extend = await http.PostAsync($"/console/grants/{grantId}/extend", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__console_token"] = WebUtility.HtmlDecode(token), ["by"] = "P1D", ["reason"] = "the migration slipped",
        }));
        Assert.That(extend.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await extend.Content.ReadAsStringAsync());
        var extended = (await store.RunAsync(s => s.Grants.GetAsync(grantId), CancellationToken.None))!;
        Assert.That(extended.ExpiresAt, Is.EqualTo(end + TimeSpan.FromDays(1)));
        var audit = await store.RunAsync(s => s.Audit.ListAsync(LifecycleSubjects.Grant(grantId)), CancellationToken.None);
        Assert.That(audit.Single(e => e.Action == "grant.extended").Actor, Is.EqualTo(Hana));
        Assert.That(await http.GetStringAsync("/console/grants"), Does.Contain("data-testid=\"notice\">Kai Tanaka&#39;s Datadog Read Only now ends"));

        // Bad input: a length that is not one, and nothing changes.
        var bad = await http.PostAsync($"/console/grants/{grantId}/extend", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__console_token"] = WebUtility.HtmlDecode(token), ["by"] = "forever", ["reason"] = "x",
        }));
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await bad.Content.ReadAsStringAsync(), Does.Contain("&#39;forever&#39; is not a length of time"));
        Assert.That((await store.RunAsync(s => s.Grants.GetAsync(grantId), CancellationToken.None))!.ExpiresAt, Is.EqualTo(extended.ExpiresAt));

        // The manual connector (no connector is configured here) hands Hana a task; she answers it in the console.
        var asked = await store.RunAsync(async s =>
        {
            var r = new AccessRequest
            {
                Id = Guid.NewGuid(), Requester = "zoe.adams@contoso.com", Beneficiary = "zoe.adams@contoso.com", EntitlementId = "datadog-viewer",
                Duration = TimeSpan.FromDays(1), Justification = "dashboards", Status = RequestStatus.Approved,
                CreatedAt = s.Now, UpdatedAt = s.Now, Trace = "No approval needed.",
            };
            await s.Requests.CreateAsync(r, [], new AuditEntry(r.Requester, "request.submitted", LifecycleSubjects.Request(r.Id)));
            await ProvisioningOutbox.EnqueueGrantAsync(s.Outbox, r.Id);
            return r;
        }, CancellationToken.None);
        bot.Services.GetRequiredService<ProvisioningSignal>().Wake();
        string tasks = "";
        for (var until = DateTime.UtcNow.AddSeconds(30); !(tasks = await http.GetStringAsync("/console/tasks")).Contains("Add Zoe Adams", StringComparison.Ordinal);)
        {
            if (DateTime.UtcNow > until) Assert.Fail("No manual task for Zoe's Datadog access within 30 s.");
            await Task.Delay(100);
        }
        var taskId = TaskRow().Match(tasks).Groups[1].Value;
        var done = await http.PostAsync($"/console/tasks/{taskId}/done", new FormUrlEncodedContent(new Dictionary<string, string> { ["__console_token"] = WebUtility.HtmlDecode(token) }));
        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await done.Content.ReadAsStringAsync());
        Assert.That((await store.RunAsync(s => s.Requests.GetAsync(asked.Id), CancellationToken.None))!.Status, Is.EqualTo(RequestStatus.Fulfilled));
        var zoe = await store.RunAsync(s => s.Grants.ListActiveForPersonAsync("zoe.adams@contoso.com"), CancellationToken.None);
        Assert.That(zoe.Select(g => g.RequestId), Does.Contain((Guid?)asked.Id), "Done creates the grant");
        var after = await http.GetStringAsync("/console/tasks");
        Assert.That(after, Does.Not.Contain($"<tr data-task=\"{taskId}\""), "an answered task leaves the list");
        Assert.That(after, Does.Contain($"data-testid=\"notice\">Add Zoe Adams to Datadog Read Only: done by {Hana}."));

        // An admin (from Console:Admins) sees the audit trail, its chain verified.
        await http.GetAsync($"/console/signin?as={Uri.EscapeDataString(Grace)}");
        var trail = await http.GetStringAsync("/console/audit");
        Assert.That(trail, Does.Contain("Chain verified"));
        Assert.That(await http.GetStringAsync("/console/audit?q=manual-task.done"), Does.Contain($"<td>{Hana}</td><td>manual-task.done</td>"));
        var connectors = await http.GetStringAsync("/console/connectors");
        Assert.That(connectors, Does.Contain("<tr data-connector=\"scim\">").And.Contain("not configured: falls back to manual"));
        var csv = await http.GetAsync("/console/audit/export?format=csv&q=grant.extended");
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0].TrimEnd('\r'), Is.EqualTo("sequence,at,actor,action,subject,detail,hash"));
        Assert.That(lines.Skip(1).Single(), Does.Contain($"{Hana},grant.extended,grant:{grantId}"));
        var jsonl = await http.GetStringAsync("/console/audit/export?format=jsonl&q=grant.extended");
        Assert.That(jsonl.Trim().Split('\n').Single(), Does.Contain("\"action\":\"grant.extended\"").And.Contain("\"hash\":"));
    }

    [Test]
    public async Task WithoutEntraAndWithoutThePlayground_TheConsoleSaysWhatToConfigure()
    {
        using var folder = new TempFolder("igabot-console-off-");
        await using var bot = new RealBot(folder.Path, new Dictionary<string, string> { ["Teams:Enabled"] = "false" });
        bot.StartServer();
        using var http = new HttpClient { BaseAddress = new Uri(bot.BaseUrl) };

        var response = await http.GetAsync("/console/grants");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("AzureAd:ClientId").And.Contain("/console/signin-oidc"));
    }

    /// <summary>Kai holds Datadog read-only for a day (as if provisioned); a request's reason carries markup.</summary>
    private static async Task<(Guid Grant, DateTimeOffset End)> SeedAsync(IIgaStore store) =>
        await store.RunAsync(async s =>
        {
            var request = new AccessRequest
            {
                Id = Guid.NewGuid(), Requester = "kai.tanaka@contoso.com", Beneficiary = "kai.tanaka@contoso.com", EntitlementId = "datadog-viewer",
                Duration = TimeSpan.FromDays(1), Justification = "<script>alert(1)</script>", Status = RequestStatus.Fulfilled,
                CreatedAt = s.Now, UpdatedAt = s.Now, Trace = "No approval needed.",
            };
            await s.Requests.CreateAsync(request, [], new AuditEntry(request.Requester, "request.submitted", LifecycleSubjects.Request(request.Id)));
            var grant = new Grant
            {
                Id = Guid.NewGuid(), Person = request.Beneficiary, EntitlementId = "datadog-viewer", GrantedAt = s.Now,
                ExpiresAt = s.Now + TimeSpan.FromDays(1), Status = GrantStatus.Active, RequestId = request.Id, ConnectorRef = "dd-read-only",
            };
            await s.Grants.CreateAsync(grant, new AuditEntry("system", "grant.created", LifecycleSubjects.Grant(grant.Id)));
            return (grant.Id, grant.ExpiresAt!.Value);
        }, CancellationToken.None);

    private static string[] AppsOf(string html) => [.. GrantApp().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<tr data-grant=\"[^\"]+\" data-status=\"[^\"]+\" data-app=\"([^\"]*)\"")]
    private static partial Regex GrantApp();

    [GeneratedRegex("<tr data-task=\"([^\"]+)\"")]
    private static partial Regex TaskRow();

    [GeneratedRegex("name=\"__console_token\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
