using System.Text.Json;
using System.Text.Json.Serialization;
using IgaBot.Core.Policy;
using Microsoft.Extensions.AI;

namespace IgaBot.Core.Agent;

/// <summary>
/// JSON conventions shared by tool results, the turn context and persisted dialog state: camelCase,
/// enums as strings, nulls left out, durations as ISO 8601 or "permanent".
/// </summary>
public static class AgentJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = false,
        };
        options.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new DurationRequestJsonConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Reads a tool result (a <see cref="JsonElement"/> from the function pipeline, or the object itself).</summary>
    public static T? Read<T>(object? result) where T : class => result switch
    {
        null => null,
        T typed => typed,
        JsonElement element when element.ValueKind == JsonValueKind.Object => element.Deserialize<T>(Options),
        JsonElement element when element.ValueKind == JsonValueKind.String => TryDeserialize<T>(element.GetString()),
        string text => TryDeserialize<T>(text),
        _ => null,
    };

    private static T? TryDeserialize<T>(string? text) where T : class
    {
        if (string.IsNullOrWhiteSpace(text) || text.TrimStart()[0] != '{') return null;
        try { return JsonSerializer.Deserialize<T>(text, Options); }
        catch (JsonException) { return null; }
    }

    /// <summary>"permanent", an ISO 8601 duration, or null when unstated.</summary>
    public static string? DurationText(DurationRequest duration) =>
        !duration.IsStated ? null : duration.Length is { } length ? Durations.ToIso(length) : "permanent";

    /// <summary>Reads what <see cref="DurationText"/> writes; anything unreadable is unstated.</summary>
    public static DurationRequest ParseDuration(string? text)
    {
        Durations.TryParseRequest(text, out var duration);
        return duration;
    }
}

/// <summary>Writes a <see cref="DurationRequest"/> as null (unstated), "permanent" or ISO 8601.</summary>
public sealed class DurationRequestJsonConverter : JsonConverter<DurationRequest>
{
    public override bool HandleNull => true;

    public override DurationRequest Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? DurationRequest.Unstated : AgentJson.ParseDuration(reader.GetString());

    public override void Write(Utf8JsonWriter writer, DurationRequest value, JsonSerializerOptions options)
    {
        if (AgentJson.DurationText(value) is { } text) writer.WriteStringValue(text);
        else writer.WriteNullValue();
    }
}
