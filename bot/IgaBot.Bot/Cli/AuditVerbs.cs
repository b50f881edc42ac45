using System.Globalization;
using IgaBot.Core.Audit;
using IgaBot.Core.Storage;

namespace IgaBot.Bot.Cli;

/// <summary><c>audit verify</c> and <c>audit export</c>.</summary>
internal static class AuditVerbs
{
    public static IReadOnlyList<CliVerb> All { get; } =
    [
        new("audit verify", "audit verify [--database CONNECTION]",
            "Walk the hash chain of the audit log; name the first edited or deleted row (exit 1).", VerifyAsync),
        new("audit export", "audit export --format csv|json [--subject S] [--out FILE]",
            "Write the audit log as CSV or JSON lines (every field the hash covers).", ExportAsync),
    ];

    private static async Task<int> VerifyAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Args, syncTenant: false, context.Cancellation);
        var store = services.GetRequiredService<IIgaStore>();
        var result = await store.RunAsync(s => s.Audit.VerifyAsync(), context.Cancellation);
        await (result.IsIntact ? context.Out : context.Error).WriteLineAsync(result.Message);
        return result.IsIntact ? 0 : 1;
    }

    private static async Task<int> ExportAsync(CliContext context)
    {
        var format = context.Args.Required("format").ToLowerInvariant();
        if (format is not ("csv" or "json"))
            throw new CliUsageException($"--format '{format}' is not supported: use csv or json.");
        await using var services = await CliHost.StartServicesAsync(context.Args, syncTenant: false, context.Cancellation);
        var store = services.GetRequiredService<IIgaStore>();
        var subject = context.Args.Option("subject");

        var path = context.Args.Option("out");
        await using var file = path is null ? null : new StreamWriter(path);
        var writer = (TextWriter?)file ?? context.Out;
        long rows = format == "json"
            ? await AuditExport.WriteJsonLinesAsync(store, writer, subject, context.Cancellation)
            : await WriteCsvAsync(store, writer, subject, context.Cancellation);
        if (path is not null)
            await context.Out.WriteLineAsync($"{rows} audit rows written to {path}.");
        return 0;
    }

    private static async Task<long> WriteCsvAsync(IIgaStore store, TextWriter writer, string? subject, CancellationToken ct)
    {
        await writer.WriteLineAsync("sequence,at,actor,action,subject,detail,previous_hash,hash");
        long from = 1, written = 0;
        while (true)
        {
            var rows = await store.RunAsync(s => s.Audit.ListAsync(subject, from, 1000), ct);
            foreach (var e in rows)
            {
                string[] fields =
                [
                    e.Sequence.ToString(CultureInfo.InvariantCulture), AuditChain.FormatTimestamp(e.At),
                    e.Actor, e.Action, e.Subject, e.Detail ?? "", e.PreviousHash, e.Hash,
                ];
                await writer.WriteLineAsync(string.Join(',', fields.Select(Csv)));
                written++;
            }
            if (rows.Count < 1000) return written;
            from = rows[^1].Sequence + 1;
        }
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
