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

    public async ValueTask<IReadOnlyDictionary<string, float[]>> GetManyAsync(
        string modelName, IReadOnlyCollection<string> textHashes, CancellationToken cancellationToken) =>
        await store.RunAsync(s => s.Embeddings.GetManyAsync(modelName, textHashes), cancellationToken);

    public ValueTask PutAsync(string modelName, string textHash, float[] vector, CancellationToken cancellationToken) =>
        new(store.RunAsync(s => s.Embeddings.PutAsync(modelName, textHash, vector), cancellationToken));

    /// <summary>A new catalog's vectors in one transaction: one commit (and on SQLite one sync to disk), not one per entitlement.</summary>
    public ValueTask PutManyAsync(string modelName, IReadOnlyList<(string TextHash, float[] Vector)> vectors, CancellationToken cancellationToken) =>
        vectors.Count == 0 ? ValueTask.CompletedTask : new(store.RunAsync(async s =>
        {
            foreach (var (hash, vector) in vectors) await s.Embeddings.PutAsync(modelName, hash, vector);
        }, cancellationToken));
}
