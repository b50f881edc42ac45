using System.IO.Compression;
using System.Text.Json.Nodes;
using IgaBot.Bot.Teams;
using IgaBot.Bot.Tests.Teams.Support;
using IgaBot.Core;

namespace IgaBot.Bot.Tests.Teams;

/// <summary>The zip an administrator uploads to Teams.</summary>
public sealed class TeamsAppPackageTests
{
    private const string BotId = "0b6f7a42-7c2e-4d8f-9a51-3c0de5a1b2c4";
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("igabot-package-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void Package_HoldsTheManifestWithTheBotId_AndBothIcons()
    {
        var zipPath = Path.Combine(_folder, "out", "igabot.zip");

        TeamsAppPackage.Write(BotId.ToUpperInvariant(), zipPath);

        using var zip = ZipFile.OpenRead(zipPath);
        Assert.That(zip.Entries.Select(e => e.FullName), Is.EquivalentTo(new[] { "manifest.json", "color.png", "outline.png" }));
        using var manifestStream = zip.GetEntry("manifest.json")!.Open();
        var manifest = JsonNode.Parse(manifestStream)!;
        Assert.That((string?)manifest["id"], Is.EqualTo(BotId));
        Assert.That((string?)manifest["bots"]![0]!["botId"], Is.EqualTo(BotId));
        Assert.That(manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => (string?)s), Is.EquivalentTo(new[] { "personal", "team" }));
    }

    [TestCase("")]
    [TestCase("not-a-guid")]
    [TestCase("00000000-0000-0000-0000-000000000000")]
    public void Package_WithABadBotId_IsRefusedWithAClearMessage_AndWritesNothing(string botId)
    {
        var zipPath = Path.Combine(_folder, "igabot.zip");

        var failure = Assert.Throws<InvalidInputException>(() => TeamsAppPackage.Write(botId, zipPath));

        Assert.That(failure!.Message, Does.Contain("Microsoft App ID"));
        Assert.That(File.Exists(zipPath), Is.False);
    }

    [Test]
    public void PackagedManifest_PassesMicrosoftsSchemaValidation_WithIconsOfTheRightSize()
    {
        var zipPath = Path.Combine(_folder, "igabot.zip");
        TeamsAppPackage.Write(BotId, zipPath);
        var extracted = Path.Combine(_folder, "extracted");
        ZipFile.ExtractToDirectory(zipPath, extracted);

        var (exitCode, output) = NodeCheck.Run("check-manifest.js", Path.Combine(extracted, "manifest.json"));

        Assert.That(exitCode, Is.EqualTo(0), output);
        Assert.That(JsonNode.Parse(output)!["problems"]!.AsArray(), Is.Empty, output);
    }

    [Test]
    public void OutlineIcon_IsWhiteOnTransparent()
    {
        var zipPath = Path.Combine(_folder, "igabot.zip");
        TeamsAppPackage.Write(BotId, zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        using var png = new MemoryStream();
        zip.GetEntry("outline.png")!.Open().CopyTo(png);

        var pixels = Png.ReadRgba(png.ToArray(), out var width, out var height);

        Assert.That((width, height), Is.EqualTo((32, 32)));
        var visible = pixels.Where(p => p.A > 0).ToList();
        Assert.That(visible, Is.Not.Empty);
        Assert.That(visible.All(p => p is { R: 255, G: 255, B: 255 }), Is.True, "only white is allowed");
        Assert.That(pixels.Count(p => p.A == 0), Is.GreaterThan(pixels.Count / 2), "mostly transparent");
    }
}
