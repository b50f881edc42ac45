using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using IgaBot.Core;

namespace IgaBot.Bot.Teams;

/// <summary>
/// Builds the Teams app package an administrator uploads: manifest.json (from manifests/teams,
/// embedded at build time) with the bot's Microsoft App ID filled in, plus the two icons.
/// </summary>
public static class TeamsAppPackage
{
    private const string ResourcePrefix = "IgaBot.Teams.";
    private static readonly string[] Files = ["manifest.json", "color.png", "outline.png"];

    /// <summary>Writes the package to <paramref name="outZipPath"/> (replacing it). The bot id must be the bot's app id, a GUID.</summary>
    /// <exception cref="InvalidInputException">The bot id is not a usable GUID, or the output path is empty.</exception>
    public static void Write(string botId, string outZipPath)
    {
        if (!Guid.TryParse(botId?.Trim(), out var id) || id == Guid.Empty)
            throw new InvalidInputException(
                $"'{botId}' is not a bot id: give the bot's Microsoft App ID (MicrosoftAppId), a GUID such as 0b6f7a42-7c2e-4d8f-9a51-3c0de5a1b2c4.");
        if (string.IsNullOrWhiteSpace(outZipPath))
            throw new InvalidInputException("Say where to write the package, e.g. --out igabot-teams.zip.");

        var manifest = JsonNode.Parse(Read("manifest.json"))!.AsObject();
        // The Teams app id and the bot id are the same GUID: one app per bot, and re-uploading updates it.
        manifest["id"] = id.ToString("D");
        foreach (var bot in manifest["bots"]!.AsArray()) bot!["botId"] = id.ToString("D");

        var fullPath = Path.GetFullPath(outZipPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        using var file = new FileStream(fullPath, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        foreach (var name in Files)
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
            var content = name == "manifest.json"
                ? JsonSerializer.SerializeToUtf8Bytes(manifest, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })
                : Read(name);
            entry.Write(content);
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(TeamsAppPackage).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"The Teams app file {name} is missing from this build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
