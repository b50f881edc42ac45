using IgaBot.Adapters.Planner;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// A deterministic stand-in for MiniLM: a normalised bag of hashed word stems. Counts what it is asked
/// to embed, so tests can see what the cache saved.
/// </summary>
internal sealed class FakeTextEmbedder(string modelName = "fake-bag-of-words") : ITextEmbedder
{
    private const int Dimensions = 64;
    private readonly List<string> _embedded = [];
    private readonly Lock _gate = new();

    public string ModelName { get; } = modelName;

    public IReadOnlyList<string> Embedded
    {
        get { lock (_gate) return _embedded.ToList(); }
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        lock (_gate) _embedded.AddRange(texts);
        return texts.Select(Vector).ToList();
    }

    private static float[] Vector(string text)
    {
        var v = new float[Dimensions];
        foreach (var stem in Words.ContentStems(text))
            v[(int)((uint)StableHash(stem) % Dimensions)] += 1;
        var norm = MathF.Sqrt(v.Sum(x => x * x));
        if (norm > 0) for (var i = 0; i < v.Length; i++) v[i] /= norm;
        return v;
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in s) h = h * 31 + c;
            return h;
        }
    }
}
