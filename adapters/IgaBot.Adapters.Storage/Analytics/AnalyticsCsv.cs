using System.Globalization;
using CsvHelper;
using IgaBot.Core.Analytics;

namespace IgaBot.Adapters.Analytics;

/// <summary>The tables of an <see cref="ApprovalAnalyticsReport"/>, each exported on its own.</summary>
public enum AnalyticsTable { Approvers, Apps, Weeks, Revocations }

/// <summary>
/// Writes one table of an analytics report as CSV (RFC 4180, a header row, invariant culture): durations in seconds,
/// rates as fractions from 0 to 1, an empty field where a figure has no value (no decisions, no revocations). Text
/// that a spreadsheet would run as a formula (a name starting with <c>=</c>) is escaped.
/// </summary>
public static class AnalyticsCsv
{
    private static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape };

    /// <summary>The file name an export of <paramref name="table"/> is offered under.</summary>
    public static string FileName(ApprovalAnalyticsReport report, AnalyticsTable table)
    {
        ArgumentNullException.ThrowIfNull(report);
        var app = report.Period.AppId is { } id ? $"-{string.Concat(id.Where(char.IsAsciiLetterOrDigit))}" : "";
        return $"approval-{table.ToString().ToLowerInvariant()}-{report.Period.From:yyyyMMdd}-{report.Period.To:yyyyMMdd}{app}.csv";
    }

    public static async Task WriteAsync(TextWriter destination, ApprovalAnalyticsReport report, AnalyticsTable table, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(report);
        var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        await using (csv)
        {
            foreach (var row in Rows(report, table))
            {
                foreach (var field in row) csv.WriteField(field);
                await csv.EndRecordAsync(ct);
            }
            await csv.FlushAsync(ct);
        }
    }

    /// <summary>The table as text rows, header first: what the CSV holds, field for field.</summary>
    public static IEnumerable<string?[]> Rows(ApprovalAnalyticsReport report, AnalyticsTable table)
    {
        ArgumentNullException.ThrowIfNull(report);
        return table switch
        {
            AnalyticsTable.Approvers => Approvers(report),
            AnalyticsTable.Apps => Apps(report),
            AnalyticsTable.Weeks => Weeks(report),
            AnalyticsTable.Revocations => Revocations(report),
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "Unknown analytics table."),
        };
    }

    private static IEnumerable<string?[]> Approvers(ApprovalAnalyticsReport report)
    {
        yield return ["approver", "name", "asked", .. DecisionHeaders, "escalated", "expired"];
        foreach (var a in report.Approvers)
        {
            yield return [a.Approver, a.Name, Int(a.Asked), .. DecisionFields(a), Int(a.Escalated), Int(a.Expired)];
        }
    }

    private static IEnumerable<string?[]> Apps(ApprovalAnalyticsReport report)
    {
        yield return ["app", "name", "requests", .. DecisionHeaders, "escalations", "expired_requests"];
        foreach (var a in report.Apps)
        {
            yield return [a.AppId, a.AppName, Int(a.Requests), .. DecisionFields(a), Int(a.Escalations), Int(a.ExpiredRequests)];
        }
    }

    private static readonly string[] DecisionHeaders = ["decisions", "approved", "denied", "approve_rate", "deny_rate",
        "time_to_decision_p50_seconds", "time_to_decision_p90_seconds", "rubber_stamped", "rubber_stamp_share"];

    private static string?[] DecisionFields(IDecisionFigures f) =>
        [Int(f.Decisions), Int(f.Approved), Int(f.Denied), Rate(f.ApproveRate), Rate(f.DenyRate),
            Seconds(f.TimeToDecisionP50), Seconds(f.TimeToDecisionP90), Int(f.RubberStamped), Rate(f.RubberStampShare)];

    private static IEnumerable<string?[]> Weeks(ApprovalAnalyticsReport report)
    {
        yield return ["week_start", "requests"];
        foreach (var w in report.Weeks) yield return [w.WeekStart.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Int(w.Requests)];
    }

    private static IEnumerable<string?[]> Revocations(ApprovalAnalyticsReport report)
    {
        yield return ["app", "name", "due", "revoked", "lateness_p50_seconds", "lateness_p90_seconds", "lateness_max_seconds",
            "ended_early", "still_held", "longest_overdue_seconds"];
        foreach (var r in report.Revocations)
        {
            yield return [r.AppId, r.AppName, Int(r.Due), Int(r.Revoked), Seconds(r.LatenessP50), Seconds(r.LatenessP90), Seconds(r.LatenessMax),
                Int(r.EndedEarly), Int(r.StillHeld), Seconds(r.LongestOverdue)];
        }
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Rate(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static string? Seconds(TimeSpan? value) => value?.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
