using System.Text.Encodings.Web;
using System.Text.Json;
using IgaBot.Core.Storage;

namespace IgaBot.Core.Audit;

/// <summary>
/// Writes the audit log as JSON lines, one row per line with every field the hash covers (the timestamp in the
/// canonical format), so that anyone can re-check the chain outside IgaBot.
/// </summary>
public static class AuditExport
{
    private const int Page = 1000;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Exports all rows, or those about <paramref name="subject"/>, page by page; returns how many were written.</summary>
    public static async Task<long> WriteJsonLinesAsync(IIgaStore store, TextWriter writer, string? subject, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(writer);
        long from = 1, written = 0;
        while (true)
        {
            var rows = await store.RunAsync(s => s.Audit.ListAsync(subject, from, Page), ct);
            foreach (var row in rows)
            {
                await writer.WriteLineAsync(ToJson(row).AsMemory(), ct);
                written++;
            }
            if (rows.Count < Page) return written;
            from = rows[^1].Sequence + 1;
        }
    }

    public static string ToJson(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", e.Sequence);
            json.WriteString("at", AuditChain.FormatTimestamp(e.At));
            json.WriteString("actor", e.Actor);
            json.WriteString("action", e.Action);
            json.WriteString("subject", e.Subject);
            if (e.Detail is null) json.WriteNull("detail");
            else json.WriteString("detail", e.Detail);
            json.WriteString("previousHash", e.PreviousHash);
            json.WriteString("hash", e.Hash);
            json.WriteBoolean("keyed", e.Keyed);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
