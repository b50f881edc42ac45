using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Planner;

/// <summary>The planner's embedding cache kept in the store, so a restart does not encode the catalog again.</summary>
public sealed class StoreEmbeddingCache(IIgaStore store) : IEmbeddingCache
{
    public async ValueTask<float[]?> GetAsync(string modelName, string textHash, CancellationToken cancellationToken)
    {
        var found = await store.RunAsync(s => s.Embeddings.GetManyAsync(modelName, [textHash]), cancellationToken);
        return found.TryGetValue(textHash, out var vector) ? vector : null;
    }

    public ValueTask PutAsync(string modelName, string textHash, float[] vector, CancellationToken cancellationToken) =>
        new(store.RunAsync(s => s.Embeddings.PutAsync(modelName, textHash, vector), cancellationToken));
}
