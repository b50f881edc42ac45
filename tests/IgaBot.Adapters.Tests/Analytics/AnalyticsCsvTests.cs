using IgaBot.Adapters.Analytics;
using IgaBot.Core.Analytics;

namespace IgaBot.Adapters.Tests.Analytics;

public sealed class AnalyticsCsvTests
{
    private static readonly DateTimeOffset From = new(2025, 3, 3, 0, 0, 0, TimeSpan.Zero);

    private static ApprovalAnalyticsReport Report() => new(
        new AnalyticsPeriod(From, From.AddDays(14), "aws"),
        From.AddDays(13),
        TimeSpan.FromSeconds(30),
        [
            new ApproverFigures("omar@contoso.com", "Haddad, Omar", 3, 3, 2, 1, TimeSpan.FromSeconds(300), TimeSpan.FromMilliseconds(600_250), 1, 0, 0),
            new ApproverFigures("eve@contoso.com", "=HYPERLINK(\"http://x\")", 1, 0, 0, 0, null, null, 0, 0, 1),
        ],
        [new AppFigures("aws", "AWS", 3, 3, 2, 1, TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(600), 1, 0, 0)],
        [new WeekFigures(new DateOnly(2025, 3, 3), 2), new WeekFigures(new DateOnly(2025, 3, 10), 1)],
        [new RevocationFigures("aws", "AWS", 1, 1, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(120), 0, 0, null)]);

    private static async Task<string> CsvAsync(AnalyticsTable table)
    {
        await using var text = new StringWriter();
        await AnalyticsCsv.WriteAsync(text, Report(), table, CancellationToken.None);
        return text.ToString();
    }

    [Test]
    public async Task Approvers_AreOneRowEachWithSecondsAndFractions_AndAFormulaNameIsEscaped()
    {
        var csv = await CsvAsync(AnalyticsTable.Approvers);

        Assert.That(csv.Split("\r\n"), Is.EqualTo(new[]
        {
            "approver,name,asked,decisions,approved,denied,approve_rate,deny_rate,time_to_decision_p50_seconds,time_to_decision_p90_seconds,rubber_stamped,rubber_stamp_share,escalated,expired",
            "omar@contoso.com,\"Haddad, Omar\",3,3,2,1,0.6667,0.3333,300,600.25,1,0.5,0,0",
            // No decisions: the rates and times are empty, not zero. The name would run as a formula in a spreadsheet.
            "eve@contoso.com,\"'=HYPERLINK(\"\"http://x\"\")\",1,0,0,0,,,,,0,,0,1",
            "",
        }));
    }

    [Test]
    public async Task WeeksAppsAndRevocations_HaveTheirOwnHeaders()
    {
        Assert.That(await CsvAsync(AnalyticsTable.Weeks), Is.EqualTo("week_start,requests\r\n2025-03-03,2\r\n2025-03-10,1\r\n"));
        Assert.That((await CsvAsync(AnalyticsTable.Apps)).Split("\r\n")[1], Is.EqualTo("aws,AWS,3,3,2,1,0.6667,0.3333,300,600,1,0.5,0,0"));
        Assert.That((await CsvAsync(AnalyticsTable.Revocations)).Split("\r\n"), Is.EqualTo(new[]
        {
            "app,name,due,revoked,lateness_p50_seconds,lateness_p90_seconds,lateness_max_seconds,ended_early,still_held,longest_overdue_seconds",
            "aws,AWS,1,1,120,120,120,0,0,",
            "",
        }));
    }

    [Test]
    public void FileName_NamesTheTablePeriodAndApp()
    {
        Assert.That(AnalyticsCsv.FileName(Report(), AnalyticsTable.Revocations), Is.EqualTo("approval-revocations-20250303-20250317-aws.csv"));
    }
}
