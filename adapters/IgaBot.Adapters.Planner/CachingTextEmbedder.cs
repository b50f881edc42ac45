using System.Globalization;

namespace IgaBot.Adapters.Planner;

/// <summary>
/// Remembers the vectors of the last few texts it embedded, so one turn encodes each distinct text once:
/// the planner's reading of a message and the <c>search_entitlements</c> tool ask for the same sentence,
/// and an answer or a retry often repeats one. Bounded (least recently used goes first) and thread-safe.
/// </summary>
/// <remarks>
/// The key is the text as MiniLM's tokenizer sees it: that tokenizer lower-cases every piece with the
/// current culture, so "Prod AWS" and "prod AWS" are the same tokens and the same vector. Nothing else is
/// folded: it splits on each single space and keeps the empty pieces, so even whitespace changes the tokens.
/// </remarks>
public sealed class CachingTextEmbedder : ITextEmbedder
{
    /// <summary>Enough for the messages of many concurrent conversations; 384 floats each, about 1.5 KB.</summary>
    public const int DefaultCapacity = 512;

    private readonly Dictionary<string, LinkedListNode<(string Key, float[] Vector)>> _byKey = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Key, float[] Vector)> _recent = new();
    private readonly Lock _gate = new();
    private readonly int _capacity;

    public CachingTextEmbedder(ITextEmbedder inner, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Inner = inner is CachingTextEmbedder caching ? caching.Inner : inner;
        _capacity = capacity;
    }

    /// <summary>The embedder that does the encoding.</summary>
    public ITextEmbedder Inner { get; }

    public string ModelName => Inner.ModelName;

    /// <summary>How many texts it holds now.</summary>
    public int Count
    {
        get { lock (_gate) return _byKey.Count; }
    }

    public IReadOnlyList<float[]> Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (texts.Count == 0) return [];
        var result = new float[texts.Count][];
        var keys = new string[texts.Count];
        // Missing texts by key, so a text repeated within one call is encoded once too.
        var missing = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        lock (_gate)
        {
            for (var i = 0; i < texts.Count; i++)
            {
                keys[i] = Key(texts[i]);
                if (_byKey.TryGetValue(keys[i], out var node))
                {
                    _recent.Remove(node);
                    _recent.AddFirst(node);
                    result[i] = node.Value.Vector;
                }
                else if (missing.TryGetValue(keys[i], out var at)) at.Add(i);
                else missing[keys[i]] = [i];
            }
        }
        if (missing.Count == 0) return result;

        var order = missing.Keys.ToList();
        var computed = Inner.Embed(order.Select(k => texts[missing[k][0]]).ToList(), cancellationToken);
        lock (_gate)
        {
            for (var k = 0; k < order.Count; k++)
            {
                foreach (var i in missing[order[k]]) result[i] = computed[k];
                Remember(order[k], computed[k]);
            }
        }
        return result;
    }

    private static string Key(string text) => text.ToLower(CultureInfo.CurrentCulture);

    private void Remember(string key, float[] vector)
    {
        if (_byKey.TryGetValue(key, out var existing))
        {
            // Another turn encoded the same text meanwhile: keep one.
            _recent.Remove(existing);
            _byKey.Remove(key);
        }
        _byKey[key] = _recent.AddFirst((key, vector));
        while (_byKey.Count > _capacity)
        {
            var oldest = _recent.Last!;
            _recent.RemoveLast();
            _byKey.Remove(oldest.Value.Key);
        }
    }
}
