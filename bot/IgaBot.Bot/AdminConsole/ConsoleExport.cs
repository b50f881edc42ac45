using System.Globalization;
using System.Text;
using CsvHelper;
using IgaBot.Core.Audit;

namespace IgaBot.Bot.AdminConsole;

/// <summary>
/// The audit trail as a file: CSV (for a spreadsheet) or JSON lines (every field the hash covers, as
/// <c>igabot audit export</c> writes it, so the chain can be re-checked outside IgaBot). Admins only; the search of the
/// page applies.
/// </summary>
internal static class ConsoleExport
{
    public static async Task<IResult> AuditAsync(HttpContext context, ConsoleReader reader, string? format, string? q, CancellationToken ct)
    {
        var viewer = context.Viewer();
        if (ConsolePages.AdminsOnly(context, viewer) is { } refused) return refused;
        var kind = (format ?? "csv").Trim().ToLowerInvariant();
        if (kind is not ("csv" or "jsonl"))
            return ConsoleLayout.Page(context, viewer, "Nothing exported", $"<p class=\"error\" role=\"alert\">'{ConsoleLayout.E(format)}' is not an export format; use csv or jsonl.</p>", StatusCodes.Status400BadRequest);

        var stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"igabot-audit-{stamp}.{kind}\"";
        context.Response.ContentType = kind == "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), leaveOpen: true);
        if (kind == "jsonl")
        {
            var lines = new List<string>();
            await reader.EachAuditRowAsync(q, e => lines.Add(AuditExport.ToJson(e)), ct);
            foreach (var line in lines) await writer.WriteLineAsync(line.AsMemory(), ct);
        }
        else
        {
            var rows = new List<AuditEvent>();
            await reader.EachAuditRowAsync(q, rows.Add, ct);
            await using var csv = CsvWriter.Create(writer, null, true);
            await csv.WriteRecordAsync(["sequence", "at", "actor", "action", "subject", "detail", "hash"], ct);
            foreach (var e in rows)
            {
                // A cell that starts like a formula is written as text, so a spreadsheet does not run it.
                await csv.WriteRecordAsync([e.Sequence.ToString(CultureInfo.InvariantCulture), AuditChain.FormatTimestamp(e.At),
                    Cell(e.Actor), Cell(e.Action), Cell(e.Subject), Cell(e.Detail), e.Hash], ct);
            }
            await csv.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
        return Results.Empty;
    }

    internal static string Cell(string? text) => text is { Length: > 0 } t && "=+-@\t\r".Contains(t[0], StringComparison.Ordinal) ? "'" + t : text ?? "";
}
