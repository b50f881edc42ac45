using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace IgaBot.Adapters.Slack;

/// <summary>Slack's JSON conventions: snake_case names, absent rather than null.</summary>
public static class SlackJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonArray ToNode(IReadOnlyList<Block> blocks) =>
        JsonSerializer.SerializeToNode(blocks, Options)!.AsArray();

    public static JsonObject ToNode(SlackView view) =>
        JsonSerializer.SerializeToNode(view, Options)!.AsObject();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    internal static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    internal static JsonElement Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var p) ? p : default;
}
