using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using IgaBot.Core.Audit;
using IgaBot.Core.Storage;

namespace IgaBot.Bot.Cli;

/// <summary><c>audit verify</c>, <c>audit anchor</c> and <c>audit export</c>.</summary>
internal static class AuditVerbs
{
    private static readonly Option<string> AnchorIn = new("--anchor") { Description = "An anchor an earlier 'audit anchor' wrote.", HelpName = "FILE" };
    private static readonly Option<string> AnchorOut = new("--out") { Description = "Write the anchor to this file.", HelpName = "FILE" };
    private static readonly Option<string> Format = new("--format") { Description = "csv or json (JSON lines).", HelpName = "csv|json", Required = true };
    private static readonly Option<string> Subject = new("--subject") { Description = "Only the rows of this subject (kind:id).", HelpName = "S" };
    private static readonly Option<string> ExportOut = new("--out") { Description = "Write to this file instead of the output.", HelpName = "FILE" };

    public static Command Verify() => CommandLine.Verb("verify",
        "Walk the hash chain of the audit log (keyed with Audit:Key when set); name the first edited or deleted row (exit 1). " +
        "With --anchor, also prove the row an earlier 'audit anchor' recorded is still there unchanged (nothing cut from the end).", VerifyAsync, AnchorIn);

    public static Command Anchor() => CommandLine.Verb("anchor",
        "Verify the chain, then print its head (sequence and hash) as one JSON line to keep outside the database.", AnchorAsync, AnchorOut);

    public static Command Export() => CommandLine.Verb("export",
        "Write the audit log as CSV or JSON lines (every field the hash covers).", ExportAsync, Format, Subject, ExportOut);

    private static async Task<int> VerifyAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: false, context.Cancellation);
        var anchor = context.Value(AnchorIn) is { } path ? await ReadAnchorAsync(path, context.Cancellation) : null;
        var store = services.GetRequiredService<IIgaStore>();
        var result = await store.RunAsync(s => s.Audit.VerifyAsync(anchor), context.Cancellation);
        var message = result.IsIntact && anchor is not null
            ? $"{result.Message} The anchor's row {anchor.Sequence} is there unchanged."
            : result.Message;
        await (result.IsIntact ? context.Out : context.Error).WriteLineAsync(message);
        return result.IsIntact ? 0 : 1;
    }

    private static async Task<int> AnchorAsync(CliContext context)
    {
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: false, context.Cancellation);
        var store = services.GetRequiredService<IIgaStore>();
        var (result, head) = await store.RunAsync(async s => (await s.Audit.VerifyAsync(), await s.Audit.HeadAsync()), context.Cancellation);
        if (!result.IsIntact)
        {
            // An anchor of a broken chain would vouch for the break.
            await context.Error.WriteLineAsync($"No anchor written: {result.Message}");
            return 1;
        }
        var line = WriteAnchor(head ?? new AuditHead(0, AuditChain.GenesisHash));
        if (context.Value(AnchorOut) is { } path)
        {
            await File.WriteAllTextAsync(path, line + "\n", context.Cancellation);
            await context.Out.WriteLineAsync($"Audit anchor (row {head?.Sequence ?? 0}) written to {path}.");
        }
        else
        {
            await context.Out.WriteLineAsync(line);
        }
        return 0;
    }

    /// <summary>The anchor as one JSON line: <c>{"sequence":N,"hash":"..."}</c>.</summary>
    public static string WriteAnchor(AuditHead head) =>
        JsonSerializer.Serialize(new AnchorFile(head.Sequence, head.Hash));

    private static async Task<AuditHead> ReadAnchorAsync(string path, CancellationToken ct)
    {
        string text;
        try { text = await File.ReadAllTextAsync(path, ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--anchor '{path}' cannot be read: {e.Message}");
        }
        AnchorFile? anchor;
        try { anchor = JsonSerializer.Deserialize<AnchorFile>(text); }
        catch (JsonException)
        {
            throw new CliUsageException($"--anchor '{path}' is not an audit anchor (expected {{\"sequence\":N,\"hash\":\"...\"}} from 'igabot audit anchor').");
        }
        if (anchor is null || anchor.Sequence < 0 || anchor.Hash is not { Length: 64 } || !anchor.Hash.All(char.IsAsciiHexDigitLower))
            throw new CliUsageException($"--anchor '{path}' is not an audit anchor (expected {{\"sequence\":N,\"hash\":\"...\"}} from 'igabot audit anchor').");
        return new AuditHead(anchor.Sequence, anchor.Hash);
    }

    private sealed record AnchorFile(
        [property: JsonPropertyName("sequence")] long Sequence,
        [property: JsonPropertyName("hash")] string Hash);

    private static async Task<int> ExportAsync(CliContext context)
    {
        var format = context.Required(Format).ToLowerInvariant();
        if (format is not ("csv" or "json"))
            throw new CliUsageException($"--format '{format}' is not supported: use csv or json.");
        await using var services = await CliHost.StartServicesAsync(context.Overrides, syncTenant: false, context.Cancellation);
        var store = services.GetRequiredService<IIgaStore>();
        var subject = context.Value(Subject);

        var path = context.Value(ExportOut);
        await using var file = path is null ? null : new StreamWriter(path);
        var writer = (TextWriter?)file ?? context.Out;
        long rows = format == "json"
            ? await AuditExport.WriteJsonLinesAsync(store, writer, subject, context.Cancellation)
            : await WriteCsvAsync(store, writer, subject, context.Cancellation);
        if (path is not null)
            await context.Out.WriteLineAsync($"{rows} audit rows written to {path}.");
        return 0;
    }

    /// <summary>RFC 4180 quoting, one record a line as the other verbs write lines; no formula escaping: the fields are the hashed ones, as stored.</summary>
    private static readonly CsvWriterOptions CsvOptions = new() { NewLine = Environment.NewLine };

    private static async Task<long> WriteCsvAsync(IIgaStore store, TextWriter writer, string? subject, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(writer, CsvOptions, leaveOpen: true);
        await csv.WriteRecordAsync(["sequence", "at", "actor", "action", "subject", "detail", "previous_hash", "hash", "keyed"], ct);
        long from = 1, written = 0;
        while (true)
        {
            var rows = await store.RunAsync(s => s.Audit.ListAsync(subject, from, 1000), ct);
            foreach (var e in rows)
            {
                await csv.WriteRecordAsync(
                [
                    e.Sequence.ToString(CultureInfo.InvariantCulture), AuditChain.FormatTimestamp(e.At),
                    e.Actor, e.Action, e.Subject, e.Detail ?? "", e.PreviousHash, e.Hash, e.Keyed ? "true" : "false",
                ], ct);
                written++;
            }
            if (rows.Count < 1000)
            {
                await csv.FlushAsync(ct);
                return written;
            }
            from = rows[^1].Sequence + 1;
        }
    }
}
