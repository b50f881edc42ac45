using System.Buffers.Binary;
using Dapper;
using IgaBot.Core;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal sealed class SqlEmbeddingCache(SessionContext s) : IEmbeddingStore
{
    // Keeps the expanded IN list well under SQLite's and PostgreSQL's parameter limits.
    private const int Chunk = 500;

    public async Task<IReadOnlyDictionary<string, float[]>> GetManyAsync(string model, IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new Dictionary<string, float[]>(StringComparer.Ordinal);
        // Dapper expands "IN @keys" into one parameter per key, except on Npgsql, where it sends one array.
        const string sqlite = """
            SELECT text_key AS key, vector FROM embeddings
            WHERE model = @model AND text_key IN @keys
            """;
        const string postgres = """
            SELECT text_key AS key, vector FROM embeddings
            WHERE model = @model AND text_key = ANY(@keys)
            """;
        var sql = s.Database.Provider == DatabaseProvider.Postgres ? postgres : sqlite;
        foreach (var chunk in keys.Distinct(StringComparer.Ordinal).Chunk(Chunk))
        {
            var rows = await s.Connection.QueryAsync<Row>(s.Command(sql, new { model, keys = chunk }));
            foreach (var row in rows) found[row.Key] = FromBytes(row.Vector);
        }
        return found;
    }

    public async Task PutAsync(string model, string key, float[] vector)
    {
        if (string.IsNullOrWhiteSpace(model) || string.IsNullOrWhiteSpace(key))
            throw new InvalidInputException("An embedding needs a model and a key.");
        ArgumentNullException.ThrowIfNull(vector);
        const string sql = """
            INSERT INTO embeddings (model, text_key, dimensions, vector, created_at)
            VALUES (@model, @key, @dimensions, @bytes, @now)
            ON CONFLICT (model, text_key) DO UPDATE SET
                dimensions = excluded.dimensions, vector = excluded.vector, created_at = excluded.created_at
            """;
        await s.Connection.ExecuteAsync(s.Command(sql, new { model, key, dimensions = vector.Length, bytes = ToBytes(vector), now = s.Now }));
    }

    internal static byte[] ToBytes(float[] vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        return bytes;
    }

    internal static float[] FromBytes(byte[] bytes)
    {
        var vector = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
            vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
        return vector;
    }

    private sealed class Row
    {
        public string Key { get; set; } = "";
        public byte[] Vector { get; set; } = [];
    }
}
