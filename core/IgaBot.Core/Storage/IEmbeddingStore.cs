using System.Security.Cryptography;
using System.Text;

namespace IgaBot.Core.Storage;

/// <summary>Embedding vectors computed before, by model and text hash, so a restart does not encode the catalog again.</summary>
public interface IEmbeddingCache
{
    /// <summary>The vectors found for <paramref name="keys"/> (missing keys are absent from the result).</summary>
    Task<IReadOnlyDictionary<string, float[]>> GetManyAsync(string model, IReadOnlyCollection<string> keys);

    /// <summary>Stores or replaces one vector.</summary>
    Task PutAsync(string model, string key, float[] vector);

    /// <summary>The cache key of a text: hex SHA-256 of its UTF-8 bytes.</summary>
    static string KeyOf(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
