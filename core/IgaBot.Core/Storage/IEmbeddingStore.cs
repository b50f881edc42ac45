namespace IgaBot.Core.Storage;

/// <summary>
/// The stored embedding vectors, by model and text hash, so a restart does not encode the catalog again. The planner
/// reads them through its own cache (<c>StoreEmbeddingCache</c>), which also computes the hashes.
/// </summary>
public interface IEmbeddingStore
{
    /// <summary>The vectors found for <paramref name="keys"/> (missing keys are absent from the result).</summary>
    Task<IReadOnlyDictionary<string, float[]>> GetManyAsync(string model, IReadOnlyCollection<string> keys);

    /// <summary>Stores or replaces one vector.</summary>
    Task PutAsync(string model, string key, float[] vector);
}
