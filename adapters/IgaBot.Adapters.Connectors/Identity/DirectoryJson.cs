using System.Text.Json;
using IgaBot.Core.Provisioning;

namespace IgaBot.Adapters.Identity;

/// <summary>Reading identity-source answers: a shape that is not the documented one is a Permanent failure, never half a directory.</summary>
internal static class DirectoryJson
{
    public static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? (string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim())
            : null;

    public static JsonElement? Object(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    /// <summary>The array <paramref name="property"/> of <paramref name="root"/> (the root itself when null), or a Permanent failure naming what came instead.</summary>
    public static JsonElement.ArrayEnumerator Array(JsonElement root, string? property, string label, string what)
    {
        var list = property is null ? root
            : root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) ? value
            : default;
        if (list.ValueKind != JsonValueKind.Array)
        {
            throw new ConnectorException(ConnectorResult.Permanent(
                $"{label} answered {what} without {(property is null ? "a JSON array" : $"a '{property}' list")}; the directory was not read."));
        }

        return list.EnumerateArray();
    }

    public static bool LooksLikeEmail(string? text) =>
        text is not null && text.IndexOf('@') is > 0 and var at && at == text.LastIndexOf('@') && at < text.Length - 1 && !text.Any(char.IsWhiteSpace);
}
