using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace IgaBot.Adapters.Planner;

/// <summary>Turns text into a sentence embedding. Implementations must be thread-safe.</summary>
public interface ITextEmbedder
{
    /// <summary>Identifies the model, so cached vectors of another model are never reused.</summary>
    string ModelName { get; }

    /// <summary>Embeds each text; vectors are L2-normalised, so a dot product is the cosine similarity.</summary>
    IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default);
}

/// <summary>
/// Stores embeddings of catalog texts by (model, text hash), so a catalog reload recomputes only the
/// texts that changed. A database-backed implementation lives with the stores.
/// </summary>
public interface IEmbeddingCache
{
    ValueTask<float[]?> GetAsync(string modelName, string textHash, CancellationToken cancellationToken);

    ValueTask PutAsync(string modelName, string textHash, float[] vector, CancellationToken cancellationToken);

    /// <summary>The vectors found for the hashes (missing ones are absent). Stores override this to read a whole catalog in one query.</summary>
    async ValueTask<IReadOnlyDictionary<string, float[]>> GetManyAsync(string modelName, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var hash in textHashes.Distinct(StringComparer.Ordinal))
            if (await GetAsync(modelName, hash, cancellationToken) is { } vector) found[hash] = vector;
        return found;
    }

    /// <summary>Stores many vectors; stores override this to write them in one transaction.</summary>
    async ValueTask PutManyAsync(string modelName, IReadOnlyList<(string TextHash, float[] Vector)> vectors, CancellationToken cancellationToken)
    {
        foreach (var (hash, vector) in vectors) await PutAsync(modelName, hash, vector, cancellationToken);
    }
}

public sealed class InMemoryEmbeddingCache : IEmbeddingCache
{
    private readonly ConcurrentDictionary<(string Model, string Hash), float[]> _vectors = new();

    public ValueTask<float[]?> GetAsync(string modelName, string textHash, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_vectors.TryGetValue((modelName, textHash), out var v) ? v : null);

    public ValueTask PutAsync(string modelName, string textHash, float[] vector, CancellationToken cancellationToken)
    {
        _vectors[(modelName, textHash)] = vector;
        return ValueTask.CompletedTask;
    }
}

public static class TextEmbeddings
{
    /// <summary>The cache key of a text: SHA-256 of its UTF-8 bytes, lower-case hex.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static float[] Embed(this ITextEmbedder embedder, string text, CancellationToken cancellationToken = default) =>
        embedder.Embed([text], cancellationToken)[0];

    public static double Cosine(float[] a, float[] b) => Cosine(a.AsSpan(), b.AsSpan());

    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Vectors of different models cannot be compared.");
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }

    /// <summary>Embeds the texts, taking what the cache already has and storing what it computes.</summary>
    public static async Task<float[][]> EmbedCachedAsync(
        this ITextEmbedder embedder, IEmbeddingCache cache, IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var result = new float[texts.Count][];
        var missing = new List<int>();
        var hashes = texts.Select(Hash).ToList();
        var cached = await cache.GetManyAsync(embedder.ModelName, hashes, cancellationToken);
        for (var i = 0; i < texts.Count; i++)
        {
            if (cached.TryGetValue(hashes[i], out var vector)) result[i] = vector;
            else missing.Add(i);
        }
        if (missing.Count == 0) return result;
        var computed = embedder.Embed(missing.Select(i => texts[i]).ToList(), cancellationToken);
        for (var k = 0; k < missing.Count; k++) result[missing[k]] = computed[k];
        await cache.PutManyAsync(embedder.ModelName, [.. missing.Select((i, k) => (hashes[i], computed[k]))], cancellationToken);
        return result;
    }
}
