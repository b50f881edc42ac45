using IgaBot.Adapters.Planner;
using IgaBot.Adapters.Storage;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Tests.Storage;

public class EmbeddingCacheTests(DatabaseProvider provider) : StorageTestBase(provider)
{
    [Test]
    public async Task Put_ThenGetMany_ReturnsTheVectorsFoundForThatModel()
    {
        var read = TextEmbeddings.Hash("read-only access to prod logs");
        var write = TextEmbeddings.Hash("push to the payments repo");
        float[] vector = [0.25f, -1.5f, float.Epsilon, 3.4028235e38f];

        await Db.Store.RunAsync(async s =>
        {
            await s.Embeddings.PutAsync("all-MiniLM-L6-v2", read, vector);
            await s.Embeddings.PutAsync("other-model", write, [1f]);
        }, Ct);
        var found = await Db.Store.RunAsync(s => s.Embeddings.GetManyAsync("all-MiniLM-L6-v2", [read, write, read]), Ct);

        Assert.That(found.Keys, Is.EqualTo(new[] { read }));
        Assert.That(found[read], Is.EqualTo(vector));
    }

    [Test]
    public async Task Put_AgainForTheSameKey_ReplacesTheVector()
    {
        var key = TextEmbeddings.Hash("x");
        await Db.Store.RunAsync(s => s.Embeddings.PutAsync("m", key, [1f, 2f]), Ct);
        await Db.Store.RunAsync(s => s.Embeddings.PutAsync("m", key, [3f]), Ct);

        var found = await Db.Store.RunAsync(s => s.Embeddings.GetManyAsync("m", [key]), Ct);

        Assert.That(found[key], Is.EqualTo(new[] { 3f }));
    }

    [Test]
    public async Task GetMany_WithMoreKeysThanOneQueryTakes_FindsThemAll()
    {
        var keys = Enumerable.Range(0, 1200).Select(i => TextEmbeddings.Hash($"text {i}")).ToList();
        await Db.Store.RunAsync(async s =>
        {
            foreach (var key in keys.Where((_, i) => i % 3 == 0)) await s.Embeddings.PutAsync("m", key, [1f]);
        }, Ct);

        var found = await Db.Store.RunAsync(s => s.Embeddings.GetManyAsync("m", keys), Ct);

        Assert.That(found, Has.Count.EqualTo(400));
    }

    [Test]
    public void KeyOf_IsTheHexSha256OfTheText()
    {
        Assert.That(TextEmbeddings.Hash("abc"), Is.EqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    }
}
