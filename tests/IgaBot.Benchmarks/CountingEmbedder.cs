using IgaBot.Adapters.Planner;

namespace IgaBot.Benchmarks;

/// <summary>The real embedder, counting how many texts went through it (and keeping the last ones), so a run can say how many encodes a turn costs.</summary>
internal sealed class CountingEmbedder(ITextEmbedder inner) : ITextEmbedder
{
    private readonly Lock _gate = new();
    private readonly List<string> _texts = [];
    private int _calls;

    public string ModelName => inner.ModelName;

    public int Texts { get { lock (_gate) return _texts.Count; } }
    public int Calls { get { lock (_gate) return _calls; } }

    public IReadOnlyList<string> Since(int start) { lock (_gate) return _texts.Skip(start).ToList(); }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _calls++;
            _texts.AddRange(texts);
        }
        return inner.Embed(texts, cancellationToken);
    }
}
