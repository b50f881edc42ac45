using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace IgaBot.Bot.Playground.DirectLine;

/// <summary>
/// What one persona's chat has shown, as Direct Line activities, in memory (the playground is a local tool:
/// a restart starts the transcripts afresh, while the bot's own state lives in its database).
/// Every delivery (a new activity, or a new version of one) gets the next watermark.
/// </summary>
internal sealed class PlaygroundTranscript(string conversationId, string email, TimeProvider time)
{
    /// <summary>Web Chat orders activities by this number (channelData) and replaces one that comes again with the same id.</summary>
    public const string SequenceKey = "webchat:sequence-id";

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _deliveries = [];
    private readonly Dictionary<string, JsonObject> _latest = new(StringComparer.Ordinal);
    private int _sequence;

    public string ConversationId { get; } = conversationId;
    public string Email { get; } = email;

    /// <summary>
    /// Adds an activity: gives it the next id, a timestamp and its place in the chat, lets <paramref name="finish"/>
    /// adjust it once it has its id, and returns what was stored.
    /// </summary>
    public JsonObject Append(JsonObject activity, Action<JsonObject>? finish = null)
    {
        lock (_gate)
        {
            _sequence++;
            var id = $"{ConversationId}|{_sequence.ToString("D7", CultureInfo.InvariantCulture)}";
            activity["id"] = id;
            activity["timestamp"] = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            ChannelData(activity)[SequenceKey] = _sequence;
            finish?.Invoke(activity);
            _latest[id] = activity;
            _deliveries.Add(activity);
            return (JsonObject)activity.DeepClone();
        }
    }

    /// <summary>
    /// Replaces an activity with a new version that keeps its id, timestamp and place; null when there is no
    /// such activity (for instance one shown before a restart).
    /// </summary>
    public JsonObject? Replace(string id, JsonObject replacement, Action<JsonObject>? finish = null)
    {
        lock (_gate)
        {
            if (!_latest.TryGetValue(id, out var earlier)) return null;
            replacement["id"] = id;
            replacement["timestamp"] = earlier["timestamp"]?.DeepClone();
            ChannelData(replacement)[SequenceKey] = ChannelData(earlier)[SequenceKey]?.DeepClone();
            finish?.Invoke(replacement);
            _latest[id] = replacement;
            _deliveries.Add(replacement);
            return (JsonObject)replacement.DeepClone();
        }
    }

    public JsonObject? Find(string id)
    {
        lock (_gate) return _latest.TryGetValue(id, out var activity) ? (JsonObject)activity.DeepClone() : null;
    }

    /// <summary>
    /// What was delivered after <paramref name="watermark"/> (the newest version of each activity), and the new
    /// watermark. A watermark this transcript never gave (a page older than a restart) reads from the start.
    /// </summary>
    public (IReadOnlyList<JsonObject> Activities, int Watermark) Since(string? watermark)
    {
        lock (_gate)
        {
            var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w <= _deliveries.Count ? w : 0;
            var batch = _deliveries.Skip(from).ToList();
            var newest = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < batch.Count; i++) newest[(string)batch[i]["id"]!] = i;
            var activities = batch.Where((a, i) => newest[(string)a["id"]!] == i).Select(a => (JsonObject)a.DeepClone()).ToList();
            return (activities, _deliveries.Count);
        }
    }

    private static JsonObject ChannelData(JsonObject activity)
    {
        if (activity["channelData"] is JsonObject data) return data;
        data = new JsonObject();
        activity["channelData"] = data;
        return data;
    }
}

/// <summary>The transcripts by conversation id: one per persona, created when first needed.</summary>
internal sealed class PlaygroundTranscripts(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, PlaygroundTranscript> _byConversation = new(StringComparer.OrdinalIgnoreCase);

    public PlaygroundTranscript For(string email)
    {
        var id = PlaygroundIds.ConversationOf(email);
        return _byConversation.GetOrAdd(id, key => new PlaygroundTranscript(key, PlaygroundIds.EmailOf(key)!, time));
    }
}
